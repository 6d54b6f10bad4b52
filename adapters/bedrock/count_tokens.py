"""Bedrock's CountTokens operation, for both Bedrock targets: ``count_tokens`` calls.

``POST {root}/model/{modelId}/count-tokens`` with ``{"input": {...}}``, the request to
count wrapped as botocore's ``CountTokensInput`` union names it: ``invokeModel: {body}``
(the InvokeModel body, base64 in JSON as botocore sends a blob) or ``converse: {messages,
system, toolConfig, additionalModelRequestFields}`` (the Converse request's fields that
``ConverseTokensRequest`` has). The answer ``{"inputTokens": N}`` becomes Anthropic's
``{"input_tokens": N}``; failures go through the Bedrock error table.

CountTokens takes a foundation model (botocore's ``FoundationModelVersionIdentifier``: "the
unique identifier or ARN of the foundation model"), and answers a cross-region inference
profile id with 400 "The provided model doesn't support counting tokens" (reported from live
calls, e.g. pydantic/pydantic-ai#4001 for an ARN, maximhq/bifrost#2169 for ``us.`` ids). So
a profile id's geography (``us.``, ``eu.``, ``global.``, ...) is dropped, which leaves the
foundation model it routes to; an application inference profile or provisioned model ARN
names no foundation model and is refused by name.
"""

from __future__ import annotations

import base64

from adapters.anthropic.request import dump_body
from adapters.anthropic.response import parse_json
from adapters.base import (
    DEFAULT_API_VERSION,
    JSON,
    Call,
    TargetSettings,
    Translated,
    TranslationError,
    WireRequest,
    WireResponse,
)
from adapters.bedrock import auth, errors, urls

OPERATION: urls.Operation = "count-tokens"
CONVERSE_FIELDS = ("messages", "system", "toolConfig", "additionalModelRequestFields")
"""The members of botocore's ``ConverseTokensRequest``, in its order."""
# Converse request field -> the Anthropic field it came from, for refusals
_FIELDS = {
    "inferenceConfig": "max_tokens",
    "additionalModelResponseFieldPaths": "stop_sequences",
    "outputConfig": "output_config",
    "serviceTier": "service_tier",
}


def invoke_input(body: bytes) -> JSON:
    """The CountTokens input wrapping an InvokeModel ``body``."""
    return {"invokeModel": {"body": base64.b64encode(body).decode("ascii")}}


def converse_input(request: JSON) -> JSON:
    """The CountTokens input wrapping a Converse ``request``: its fields that CountTokens
    takes. Any other field the call needed has no place there and is a `TranslationError`
    naming it (``inferenceConfig`` left empty by a call without sampling settings is not)."""
    rest = sorted(key for key, value in request.items() if key not in CONVERSE_FIELDS and value)
    if rest:
        path = _FIELDS.get(rest[0], rest[0])
        raise TranslationError(
            f"Bedrock CountTokens takes no {rest[0]!r} in a Converse input", path
        )
    return {"converse": {key: request[key] for key in CONVERSE_FIELDS if key in request}}


def encode_request(
    call: Call, settings: TargetSettings, wrapped: JSON, api_version: str = DEFAULT_API_VERSION
) -> WireRequest:
    """The CountTokens request for ``call``, its input ``wrapped`` (`invoke_input` or
    `converse_input`); the model id is quoted as for that target's messages requests
    (``api_version``: as `AnthropicBedrock` of that version quotes it)."""
    region = auth.require_region(settings)
    model = foundation_model_id(urls.model_id(call.body))
    url = urls.model_url(urls.root_url(region, settings.base_url), model, OPERATION, api_version)
    headers = {
        "content-type": "application/json",
        "accept": "application/json",
        **auth.placeholder_headers(region),
    }
    body = dump_body({"input": wrapped})
    warnings = urls.model_id_warnings(model)
    return WireRequest(method="POST", url=url, headers=headers, body=body, warnings=warnings)


def foundation_model_id(model: str) -> str:
    """The model id CountTokens takes for ``model``: a cross-region inference profile id
    without its geography; a foundation model id or ARN as it is; a `TranslationError` on
    ``model`` for any other ARN (an application inference profile, a provisioned model)."""
    if model.startswith("arn:"):
        if ":foundation-model/" in model:
            return model
        raise TranslationError(
            f"Bedrock CountTokens counts only for a foundation model; {model!r} is an "
            "inference profile or provisioned model ARN, whose foundation model the id does "
            "not name",
            "model",
        )
    return urls.without_geography(model)


def decode_response(response: WireResponse) -> Translated:
    """A CountTokens answer (``{"inputTokens": N}``, or an error) in Anthropic form."""
    payload = parse_json(response.body)
    if not 200 <= response.status < 300:
        return errors.translate_error(response, payload)
    if errors.is_unknown_operation(payload):
        return errors.translate_error(WireResponse(404, response.headers, response.body), payload)
    count = payload.get("inputTokens") if isinstance(payload, dict) else None
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise TranslationError(
            "a CountTokens answer needs inputTokens, a whole number of at least 0",
            path="inputTokens",
        )
    return Translated(200, {"input_tokens": count})

"""InvokeModel response -> Anthropic form.

A 2xx body is the model's own Message and passes through. Two 2xx bodies are not: coral's
``UnknownOperationException`` envelope (a path that named no operation, typically a model id
whose ``/`` was not encoded), translated as that error with status 404; and the legacy Text
Completions shape (``completion``, ``stop_reason``) that old models answer, which is a
translation error rather than a Message. Failures go through the Bedrock error table.
"""

from __future__ import annotations

from dataclasses import replace

from adapters.anthropic.response import decode_json_response, parse_json
from adapters.base import Call, Translated, TranslationError, WireResponse
from adapters.bedrock import count_tokens, errors


def decode_response(call: Call, response: WireResponse) -> Translated:
    """A complete InvokeModel response (a Message or an error) in Anthropic form; for a
    count_tokens call, the CountTokens answer."""
    if call.endpoint == "count_tokens":
        return count_tokens.decode_response(response)
    if 200 <= response.status < 300:
        payload = parse_json(response.body)
        if errors.is_unknown_operation(payload):
            return errors.translate_error(replace(response, status=404), payload)
        if is_legacy_completion(payload):
            raise TranslationError(
                "the model answered in the legacy Text Completions shape (completion, "
                "stop_reason), not as a Message; it cannot be served as the Messages API",
                path="body",
            )
    return decode_json_response(response, errors.translate_error, errors.REQUEST_ID_HEADER)


def is_legacy_completion(payload: object) -> bool:
    """Whether ``payload`` is a Text Completions body or chunk rather than Messages JSON."""
    return isinstance(payload, dict) and "completion" in payload and "type" not in payload

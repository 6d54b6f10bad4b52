"""Anthropic call -> InvokeModel wire request, shaped exactly as ``AnthropicBedrock`` does.

The model moves into the URL and ``stream`` picks the operation (``invoke`` or
``invoke-with-response-stream``); neither stays in the body, which Bedrock would refuse.
``anthropic_version`` is set with setdefault semantics (``bedrock-2023-05-31`` for API
version 2023-06-01, ``2026-10-21`` for 2026-10-21) and the call's betas are copied into
``anthropic_beta`` (setdefault too) while the ``anthropic-beta`` header is still sent.
A count_tokens call goes to Bedrock's CountTokens (`adapters.bedrock.count_tokens`) with
that InvokeModel body as its ``invokeModel`` input; the body gets ``max_tokens`` 1, since
Claude's InvokeModel schema requires the field and a count of input tokens does not read it.
The fields Bedrock cannot honour (`adapters.bedrock.refused`) are a `TranslationError`
naming them, and so is every server tool but regex tool search (`refused.SERVER_TOOLS`), whose
beta flag is added to the betas sent. Anthropic-defined client tools (bash, text editor,
computer, memory, the toolsets) pass as written. ``user_profile_id`` stays a body field:
Bedrock reads the user profile from the body's top level, which is where ``AnthropicBedrock``
moves its ``anthropic-user-profile-id`` header.
A system prompt holding ``x-anthropic-billing-header`` (the attribution block Claude Code puts
first) is refused by name: InvokeModel answers it with 400 "x-anthropic-billing-header is a
reserved keyword and may not be used in the system prompt" (anthropics/claude-code#24168).
"""

from __future__ import annotations

from adapters.anthropic.request import beta_headers, check_call, dump_body, refuse_fields
from adapters.anthropic.server_tools import check_server_tools, server_tool_betas
from adapters.base import JSON, Call, TargetSettings, TranslationError, WireRequest
from adapters.bedrock import auth, count_tokens, urls
from adapters.bedrock.betas import check_betas
from adapters.bedrock.refused import REFUSED, SERVER_TOOLS

# Anthropic API version -> the body's anthropic_version on Bedrock
BODY_VERSIONS: dict[str, str] = {
    "2023-06-01": "bedrock-2023-05-31",
    "2026-10-21": "2026-10-21",
}
COUNT_MAX_TOKENS = 1
"""``max_tokens`` in a counted InvokeModel body (required there; not read by a count)."""
RESERVED_IN_SYSTEM = "x-anthropic-billing-header"
"""Text InvokeModel refuses anywhere in a system prompt."""


def check_system(system: object) -> None:
    """A translation error naming the system text that holds a keyword InvokeModel refuses."""
    if isinstance(system, str):
        texts: list[tuple[str, str]] = [("system", system)]
    elif isinstance(system, list):
        texts = [
            (f"system[{index}].text", block["text"])
            for index, block in enumerate(system)
            if isinstance(block, dict) and isinstance(block.get("text"), str)
        ]
    else:
        return
    for path, text in texts:
        if RESERVED_IN_SYSTEM in text:
            raise TranslationError(
                f"Bedrock InvokeModel refuses {RESERVED_IN_SYSTEM!r} in a system prompt "
                "(400 reserved keyword); Claude Code leaves its attribution block out with "
                "CLAUDE_CODE_ATTRIBUTION_HEADER=0",
                path,
            )


def invoke_body(call: Call) -> JSON:
    """The body Bedrock receives for ``call`` (a new dict; the call is left untouched)."""
    body = dict(call.body)
    check_system(body.get("system"))
    profile = body.pop("user_profile_id", None)
    body.setdefault("anthropic_version", BODY_VERSIONS[call.api_version])
    if call.betas:
        body.setdefault("anthropic_beta", check_betas(call.betas))
    if profile is not None:
        body["user_profile_id"] = profile  # last, where the client's header lands
    body.pop("model", None)
    body.pop("stream", None)
    return body


def encode_request(call: Call, settings: TargetSettings) -> WireRequest:
    """The InvokeModel request for ``call`` under ``settings`` (region required)."""
    check_call(call)
    refuse_fields(call, REFUSED)
    check_server_tools(call, SERVER_TOOLS)
    call = server_tool_betas(call, SERVER_TOOLS)
    if call.endpoint == "count_tokens":
        counted_body = {**invoke_body(call), "max_tokens": COUNT_MAX_TOKENS}
        counted = count_tokens.invoke_input(dump_body(counted_body))
        return count_tokens.encode_request(call, settings, counted, call.api_version)
    region = auth.require_region(settings)
    operation: urls.Operation = "invoke-with-response-stream" if call.stream else "invoke"
    model = urls.model_id(call.body)
    url = urls.model_url(
        urls.root_url(region, settings.base_url), model, operation, call.api_version
    )
    headers = {
        "content-type": "application/json",
        "accept": "application/json",
        **auth.placeholder_headers(region),
        **beta_headers(call),
    }
    body = dump_body(invoke_body(call))
    warnings = urls.model_id_warnings(model)
    return WireRequest(method="POST", url=url, headers=headers, body=body, warnings=warnings)

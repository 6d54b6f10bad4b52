"""Anthropic call -> OpenAI chat-completions wire request (``POST {base}/chat/completions``).

`chat_body` builds the body; docs/MAPPINGS.md ("OpenAI chat completions") has the full table.
In short: ``system`` becomes a leading system message; each ``tool_result`` becomes a
``role: tool`` message placed before the rest of its user turn (an error result is prefixed
``Error: ``; images, which tool messages cannot hold, move into the user message that
follows); assistant ``tool_use`` becomes ``tool_calls``; tools become function tools.

What OpenAI cannot express is a *loss*: ``top_k``, ``thinking`` (unless the target sets
``reasoning_effort``), every ``cache_control``, ``service_tier``, citations and document
titles, thinking blocks in the history, ``anthropic-beta`` flags. The target option
``on_loss`` decides: ``drop`` (the default; documented) or ``error`` (a TranslationError
naming the field). What cannot be sent at all (server tools, file ids, ``container``,
token counting) is always a TranslationError.

Target options (``TargetSettings.options``):

- ``max_tokens_field``: ``max_completion_tokens`` (default) or ``max_tokens``;
- ``reasoning_effort``: unset (thinking is a loss), an OpenAI effort level sent whenever
  thinking is enabled or adaptive, or ``from_budget`` (enabled: by ``budget_tokens``, see
  `BUDGET_EFFORTS`; adaptive: ``medium``). ``output_config.effort`` always wins;
- ``on_loss``: ``drop`` or ``error``;
- ``user_field``: where ``metadata.user_id`` goes: ``safety_identifier`` (default; the SDK
  marks ``user`` as being replaced by it) or ``user`` (older models and compatible servers).

This module assembles the body and the request; the parts are done by `request_options`
(the options and the loss policy), `request_messages` (system and turns), `request_parts`
(text, image and document parts), `request_tools` (tools and tool_choice) and
`request_output` (reasoning effort and response format).
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, Call, TargetSettings, TranslationError, WireRequest
from adapters.openai.request_messages import chat_messages
from adapters.openai.request_options import (
    FROM_BUDGET,
    LOSS_POLICIES,
    MAX_TOKENS_FIELDS,
    REASONING_EFFORTS,
    USER_FIELDS,
    Options,
    parse_options,
)
from adapters.openai.request_output import (
    ADAPTIVE_EFFORT,
    BUDGET_EFFORTS,
    RESPONSE_FORMAT_NAME,
    effort_for_budget,
    reasoning_effort,
    response_format,
)
from adapters.openai.request_tools import function_tools, tool_choice
from adapters.openai_common.end_user import SAFETY_IDENTIFIER_MAX, end_user_id
from adapters.openai_common.fields import screened_model
from adapters.openai_common.wire import DEFAULT_BASE_URL, json_post

__all__ = [
    "ADAPTIVE_EFFORT",
    "BUDGET_EFFORTS",
    "DEFAULT_BASE_URL",
    "FROM_BUDGET",
    "LOSS_POLICIES",
    "MAX_TOKENS_FIELDS",
    "PATH",
    "REASONING_EFFORTS",
    "RESPONSE_FORMAT_NAME",
    "SAFETY_IDENTIFIER_MAX",
    "USER_FIELDS",
    "Options",
    "chat_body",
    "effort_for_budget",
    "encode_request",
    "parse_options",
]

PATH = "/chat/completions"

# Top-level fields that are dropped as losses (or refused under on_loss: error).
_LOSSY_FIELDS = {
    "top_k": "OpenAI has no top-k sampling",
    "cache_control": "OpenAI caches prompts by itself",
    "service_tier": "OpenAI's service tiers mean something else",
}
_HANDLED_FIELDS = {
    "model",
    "max_tokens",
    "messages",
    "system",
    "metadata",
    "stop_sequences",
    "temperature",
    "top_p",
    "stream",
    "tools",
    "tool_choice",
    "thinking",
    "output_config",
    *_LOSSY_FIELDS,
}


def encode_request(call: Call, settings: TargetSettings) -> WireRequest:
    """The chat-completions request for ``call`` (messages only; there is no token counting)."""
    if call.endpoint != "messages":
        raise TranslationError(
            "OpenAI chat completions has no token-counting endpoint", path="endpoint"
        )
    if not isinstance(call.body, dict):
        raise TranslationError("the request body must be a JSON object", path="body")
    options = parse_options(settings)
    if call.betas:
        options.loss("betas", "anthropic-beta flags")
    body = chat_body(call.body, options)
    return json_post(settings, PATH, body)


def chat_body(body: JSON, options: Options | None = None) -> JSON:
    """The chat-completions body for an Anthropic Messages body."""
    options = options or Options()
    model = screened_model(body, _HANDLED_FIELDS, _LOSSY_FIELDS, options, "OpenAI chat-completions")
    out: JSON = {"model": model, "messages": chat_messages(body, options)}
    if "max_tokens" in body:
        out[options.max_tokens_field] = body["max_tokens"]
    stops = _stop_sequences(body.get("stop_sequences"))
    if stops:
        out["stop"] = stops
    for key in ("temperature", "top_p"):
        if key in body:
            out[key] = body[key]
    tools = body.get("tools")
    if tools:
        out["tools"] = function_tools(tools, options)
        out.update(tool_choice(body.get("tool_choice")))
    effort = reasoning_effort(body, options)
    if effort is not None:
        out["reasoning_effort"] = effort
    fmt = response_format(body.get("output_config"), options)
    if fmt is not None:
        out["response_format"] = fmt
    user_id = end_user_id(body.get("metadata"), options)
    if user_id is not None:
        out[options.user_field] = user_id
    if body.get("stream") is True:
        out["stream"] = True
        out["stream_options"] = {"include_usage": True}
    return out


def _stop_sequences(stops: Any) -> list[str]:
    """``stop_sequences`` as OpenAI's ``stop`` list."""
    if stops is None:
        return []
    if not isinstance(stops, list) or not all(isinstance(s, str) for s in stops):
        raise TranslationError(f"must be a list of strings, got {stops!r}", path="stop_sequences")
    return list(stops)

"""Anthropic call -> OpenAI Responses wire request: ``POST {base}/responses`` for a message,
``POST {base}/responses/input_tokens`` for token counting.

`responses_body` builds the body; docs/MAPPINGS.md ("OpenAI Responses") has the full table.
In short: ``system`` becomes ``instructions`` (a string) or a leading system message (text
blocks); turns become ``input`` items (`request_messages`): messages, ``function_call`` and
``function_call_output`` items by ``call_id``, and ``reasoning`` items for thinking (summary
and ``encrypted_content``); tools become function tools; ``max_tokens`` is
``max_output_tokens``; thinking is ``reasoning`` with ``include:
["reasoning.encrypted_content"]``. Every request says ``store: false``: an Anthropic call
keeps nothing on the server, so reasoning comes back encrypted instead of by reference.

What the Responses API cannot express is a *loss* (the ``on_loss`` option: ``drop``, the
default, or ``error``): ``stop_sequences`` (it has no stop parameter), ``top_k``, every
``cache_control``, ``service_tier``, citations and document titles, metadata other than
``user_id``, ``anthropic-beta`` flags. Server tools and other unknown fields are always a
TranslationError.
"""

from __future__ import annotations

from adapters.base import JSON, Call, TargetSettings, TranslationError, WireRequest
from adapters.openai_common.end_user import end_user_id
from adapters.openai_common.fields import screened_model
from adapters.openai_common.wire import json_post
from adapters.openai_responses.request_messages import input_items, instructions
from adapters.openai_responses.request_options import Options, parse_options
from adapters.openai_responses.request_output import ENCRYPTED_REASONING, reasoning, text_format
from adapters.openai_responses.request_tools import function_tools, tool_choice

PATH = "/responses"
COUNT_PATH = "/responses/input_tokens"

_LOSSY_FIELDS = {
    "top_k": "the Responses API has no top-k sampling",
    "cache_control": "the Responses API caches prompts by itself",
    "service_tier": "OpenAI's service tiers mean something else",
    "stop_sequences": "the Responses API has no stop sequences",
}
_HANDLED_FIELDS = {
    "model",
    "max_tokens",
    "messages",
    "system",
    "metadata",
    "temperature",
    "top_p",
    "stream",
    "tools",
    "tool_choice",
    "thinking",
    "output_config",
    *_LOSSY_FIELDS,
}
# What the input-token counting endpoint takes of a Responses body.
_COUNTED_FIELDS = (
    "model",
    "input",
    "instructions",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "reasoning",
    "text",
)


def encode_request(call: Call, settings: TargetSettings) -> WireRequest:
    """The Responses request for ``call``."""
    if not isinstance(call.body, dict):
        raise TranslationError("the request body must be a JSON object", path="body")
    options = parse_options(settings)
    if call.betas:
        options.loss("betas", "anthropic-beta flags")
    body = responses_body(call.body, options)
    path = PATH
    if call.endpoint == "count_tokens":
        body = {key: body[key] for key in _COUNTED_FIELDS if key in body}
        path = COUNT_PATH
    return json_post(settings, path, body)


def responses_body(body: JSON, options: Options | None = None) -> JSON:
    """The Responses body for an Anthropic Messages body."""
    options = options or Options()
    model = screened_model(body, _HANDLED_FIELDS, _LOSSY_FIELDS, options, "OpenAI Responses")
    text, system_items = instructions(body, options)
    out: JSON = {"model": model}
    if text is not None:
        out["instructions"] = text
    out["input"] = system_items + input_items(body, options)
    if "max_tokens" in body:
        out["max_output_tokens"] = body["max_tokens"]
    for key in ("temperature", "top_p"):
        if key in body:
            out[key] = body[key]
    tools = body.get("tools")
    if tools:
        out["tools"] = function_tools(tools, options)
        out.update(tool_choice(body.get("tool_choice")))
    wanted = reasoning(body, options)
    if wanted is not None:
        out["reasoning"] = wanted
    fmt = text_format(body.get("output_config"), options)
    if fmt is not None:
        out["text"] = fmt
    user_id = end_user_id(body.get("metadata"), options)
    if user_id is not None:
        out[options.user_field] = user_id
    out["store"] = False
    if wanted is not None and "summary" in wanted:
        out["include"] = [ENCRYPTED_REASONING]
    if body.get("stream") is True:
        out["stream"] = True
    return out

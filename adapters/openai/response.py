"""OpenAI chat completion -> Anthropic Message; failures -> Anthropic error envelopes.

Only the choice with ``index`` 0 is read (Parity never asks for ``n`` > 1). Its blocks come
in this order: the text of ``content``, the text of ``refusal``, then one ``tool_use`` per
tool call, whose ``arguments`` must be a JSON object (`tool_arguments.tool_input`). Usage
keeps the invariant ``input_tokens + cache_read_input_tokens + cache_creation_input_tokens ==
prompt_tokens``: cached tokens come from ``prompt_tokens_details.cached_tokens``, cache writes
from ``prompt_tokens_details.cache_write_tokens``, and each cache field is present exactly
when OpenAI reports it. Reasoning tokens (``completion_tokens_details.reasoning_tokens``, when
above zero) become ``output_tokens_details.thinking_tokens``; like Anthropic's, they are part
of the output count. A success that carries an OpenAI error envelope, or a body that is not
a JSON object, is an Anthropic error keeping OpenAI's request id (``x-request-id``).
"""

from __future__ import annotations

from typing import Any

from adapters.anthropic import errors as anthropic_errors
from adapters.anthropic.response import parse_json
from adapters.base import JSON, Call, Translated, TranslationError, WireResponse
from adapters.openai import errors, finish_reason
from adapters.openai.tool_arguments import tool_input
from adapters.openai_common.usage import (
    optional_token_count,
    reasoning_tokens,
    token_count,
    uncached_tokens,
)

# Anthropic error type -> the status an Anthropic client sees it with.
_TYPE_STATUS = {kind: status for status, kind in anthropic_errors.STATUS_ERROR_TYPES.items()}


def decode_response(call: Call, response: WireResponse) -> Translated:
    """A complete chat-completions response (a completion or an error) in Anthropic form."""
    payload = parse_json(response.body)
    if not 200 <= response.status < 300:
        return errors.translate_error(response, payload)
    error = errors.error_object(payload)
    if error is not None:  # some compatible servers answer failures with a 200
        kind = errors.anthropic_type(error)
        request_id = response.headers.get(errors.REQUEST_ID_HEADER)
        body = anthropic_errors.error_body(kind, error["message"], request_id)
        return Translated(status=_TYPE_STATUS.get(kind, 500), body=body)
    if not isinstance(payload, dict):
        return anthropic_errors.not_an_object_error(response, payload, errors.REQUEST_ID_HEADER)
    return Translated(status=response.status, body=message_from_completion(payload))


def message_from_completion(completion: JSON) -> JSON:
    """The Anthropic Message for a ``chat.completion`` object."""
    choice = first_choice(completion)
    message = choice.get("message")
    if not isinstance(message, dict):
        raise TranslationError("the choice has no message object", path="choices[0].message")
    content: list[JSON] = []
    text = message_text(message.get("content"), "choices[0].message.content")
    if text:
        content.append({"type": "text", "text": text})
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal:
        content.append({"type": "text", "text": refusal})
    calls = message.get("tool_calls") or []
    if not isinstance(calls, list):
        raise TranslationError("tool_calls must be a list", path="choices[0].message.tool_calls")
    for j, call in enumerate(calls):
        content.append(tool_use(call, f"choices[0].message.tool_calls[{j}]"))
    if message.get("function_call") is not None:
        raise TranslationError(
            "a deprecated function_call cannot become a tool_use block (it has no id)",
            path="choices[0].message.function_call",
        )
    refused = isinstance(refusal, str) and bool(refusal)
    stop = finish_reason.stop_for(choice.get("finish_reason"), choice, refused)
    return {
        "id": str(completion.get("id") or ""),
        "type": "message",
        "role": "assistant",
        "model": str(completion.get("model") or ""),
        "content": content,
        "stop_reason": stop.reason,
        "stop_sequence": stop.sequence,
        "usage": anthropic_usage(completion.get("usage"), "usage"),
    }


def first_choice(completion: JSON) -> JSON:
    """The choice with ``index`` 0 (or the first one when none says so)."""
    choices = completion.get("choices")
    if not isinstance(choices, list) or not choices:
        raise TranslationError("the completion has no choices", path="choices")
    for choice in choices:
        if isinstance(choice, dict) and choice.get("index") == 0:
            return choice
    if not isinstance(choices[0], dict):
        raise TranslationError("a choice must be an object", path="choices[0]")
    return choices[0]


def message_text(content: Any, path: str) -> str:
    """The text of a message's ``content``: a string, null, or (some servers) text parts."""
    if content is None or isinstance(content, str):
        return content or ""
    if isinstance(content, list):
        texts = []
        for k, part in enumerate(content):
            if not isinstance(part, dict) or not isinstance(part.get("text"), str):
                raise TranslationError("expected a text part", path=f"{path}[{k}]")
            texts.append(part["text"])
        return "".join(texts)
    raise TranslationError("content must be a string, a list of parts or null", path=path)


def tool_use(call: Any, path: str) -> JSON:
    """The ``tool_use`` block for one complete tool call."""
    if not isinstance(call, dict):
        raise TranslationError("a tool call must be an object", path=path)
    if call.get("type", "function") != "function":
        raise TranslationError(f"a {call.get('type')!r} tool call cannot be sent on", path)
    function = call.get("function")
    if not isinstance(function, dict):
        raise TranslationError("a tool call needs a function object", path=f"{path}.function")
    call_id, name = call.get("id"), function.get("name")
    if not isinstance(call_id, str) or not call_id:
        raise TranslationError("a tool call needs an id", path=f"{path}.id")
    if not isinstance(name, str) or not name:
        raise TranslationError("a tool call needs a name", path=f"{path}.function.name")
    return {
        "type": "tool_use",
        "id": call_id,
        "name": name,
        "input": tool_input(function.get("arguments"), f"{path}.function.arguments"),
    }


def anthropic_usage(usage: Any, path: str) -> JSON:
    """Anthropic usage for OpenAI usage, keeping input + cache read + cache write == prompt,
    with the reasoning tokens (when above zero) as ``output_tokens_details``. No usage at all
    gives zero counts."""
    if usage is None:
        return {"input_tokens": 0, "output_tokens": 0}
    if not isinstance(usage, dict):
        raise TranslationError("usage must be an object", path=path)
    prompt = token_count(usage.get("prompt_tokens"), f"{path}.prompt_tokens")
    completion = token_count(usage.get("completion_tokens"), f"{path}.completion_tokens")
    details = usage.get("prompt_tokens_details")
    details = details if isinstance(details, dict) else {}
    where = f"{path}.prompt_tokens_details"
    cached = optional_token_count(details.get("cached_tokens"), f"{where}.cached_tokens")
    written = optional_token_count(details.get("cache_write_tokens"), f"{where}.cache_write_tokens")
    uncached = uncached_tokens(prompt, cached or 0, written or 0, "prompt_tokens", where)
    out: JSON = {"input_tokens": uncached}
    if written is not None:
        out["cache_creation_input_tokens"] = written
    if cached is not None:
        out["cache_read_input_tokens"] = cached
    out["output_tokens"] = completion
    where = f"{path}.completion_tokens_details.reasoning_tokens"
    reasoning = reasoning_tokens(usage.get("completion_tokens_details"), where)
    if reasoning:
        out["output_tokens_details"] = {"thinking_tokens": reasoning}
    return out

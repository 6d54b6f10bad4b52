"""The front door, outbound (JSON): an Anthropic outcome -> a ``chat.completion`` or an OpenAI
error envelope.

The Message becomes one choice: its text blocks joined as ``content`` (null when there is no
text), its ``tool_use`` blocks as ``tool_calls`` (``arguments`` is the input as compact JSON
text), ``stop_reason`` as ``finish_reason`` (see `finish_reason.FINISH_REASONS`). Thinking,
citations, server-tool blocks and the matched stop sequence have no chat-completions field
and are not carried. Usage: ``prompt_tokens = input_tokens + cache_read_input_tokens +
cache_creation_input_tokens``, with ``prompt_tokens_details.cached_tokens`` (cache reads) and
``cache_write_tokens`` (cache writes, when reported), and
``completion_tokens_details.reasoning_tokens`` from ``output_tokens_details.thinking_tokens``
(when reported). A refusal's ``stop_details.explanation`` (``stop_reason: refusal``) is the
message's ``refusal``; the text written before the refusal stays ``content``. Errors go
through `errors.openai_error`.
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, Translated, TranslationError
from adapters.openai import errors, finish_reason
from adapters.openai.tool_arguments import arguments_text


def completion_response(translated: Translated, *, created: int) -> tuple[int, JSON]:
    """The (status, body) an OpenAI client gets for a translated Anthropic outcome."""
    body = translated.body
    if 200 <= translated.status < 300 and body.get("type") == "message":
        return 200, completion_from_message(body, created=created)
    return errors.openai_error(translated.status, body)


def completion_from_message(message: JSON, *, created: int) -> JSON:
    """The ``chat.completion`` for an Anthropic Message; ``created`` is its Unix time."""
    content = message.get("content")
    if not isinstance(content, list):
        raise TranslationError("content must be a list of blocks", path="content")
    texts: list[str] = []
    calls: list[JSON] = []
    for i, block in enumerate(content):
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "text":
            texts.append(str(block.get("text", "")))
        elif kind == "tool_use":
            calls.append(tool_call(block, f"content[{i}]"))
    reply: JSON = {
        "role": "assistant",
        "content": "".join(texts) or None,
        "refusal": refusal_explanation(message),
    }
    if calls:
        reply["tool_calls"] = calls
    return {
        "id": str(message.get("id") or ""),
        "object": "chat.completion",
        "created": created,
        "model": str(message.get("model") or ""),
        "choices": [
            {
                "index": 0,
                "message": reply,
                "logprobs": None,
                "finish_reason": finish_reason.finish_reason_for(message.get("stop_reason")),
            }
        ],
        "usage": openai_usage(message.get("usage")),
    }


def refusal_explanation(stopped: JSON) -> str | None:
    """The explanation of a refusal, for the ``refusal`` field: ``stop_details.explanation``
    of a Message or ``message_delta`` delta that stopped with ``refusal`` (None otherwise)."""
    details = stopped.get("stop_details")
    if stopped.get("stop_reason") != "refusal" or not isinstance(details, dict):
        return None
    explanation = details.get("explanation")
    return explanation if isinstance(explanation, str) and explanation else None


def tool_call(block: JSON, path: str) -> JSON:
    """The ``tool_calls`` entry for a ``tool_use`` block."""
    call_id, name = block.get("id"), block.get("name")
    if not isinstance(call_id, str) or not isinstance(name, str):
        raise TranslationError("a tool_use block needs a string id and name", path=path)
    try:
        arguments = arguments_text(block.get("input", {}))
    except (TypeError, ValueError) as exc:
        raise TranslationError(f"input is not JSON: {exc}", path=f"{path}.input") from exc
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def openai_usage(usage: Any) -> JSON:
    """OpenAI usage for Anthropic usage: prompt tokens count the cached and written ones;
    thinking tokens, when reported, are the completion's reasoning tokens."""
    usage = usage if isinstance(usage, dict) else {}
    uncached = _count(usage.get("input_tokens"))
    read = _count(usage.get("cache_read_input_tokens"))
    written = usage.get("cache_creation_input_tokens")
    prompt = uncached + read + _count(written)
    output = _count(usage.get("output_tokens"))
    details: JSON = {"cached_tokens": read}
    if written is not None:
        details["cache_write_tokens"] = _count(written)
    out: JSON = {
        "prompt_tokens": prompt,
        "completion_tokens": output,
        "total_tokens": prompt + output,
        "prompt_tokens_details": details,
    }
    output_details = usage.get("output_tokens_details")
    if isinstance(output_details, dict) and "thinking_tokens" in output_details:
        thinking = _count(output_details["thinking_tokens"])
        out["completion_tokens_details"] = {"reasoning_tokens": thinking}
    return out


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0

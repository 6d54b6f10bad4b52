"""Responses objects and events for the decoding tests, each checked against the ``openai``
SDK's own types (`Response`, the `ResponseStreamEvent` union) before it is used."""

from __future__ import annotations

import json
from typing import Any

from openai.types.responses import Response, ResponseStreamEvent
from pydantic import TypeAdapter

EVENTS: TypeAdapter[Any] = TypeAdapter(ResponseStreamEvent)


def usage(
    input_tokens: int = 20,
    output_tokens: int = 8,
    cached: int = 0,
    written: int = 0,
    reasoning: int = 0,
) -> dict[str, Any]:
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": cached, "cache_write_tokens": written},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": input_tokens + output_tokens,
    }


def message_item(*texts: str, item_id: str = "msg_1", refusal: bool = False) -> dict[str, Any]:
    parts = [
        {"type": "refusal", "refusal": t}
        if refusal
        else {"type": "output_text", "text": t, "annotations": []}
        for t in texts
    ]
    return {
        "type": "message",
        "id": item_id,
        "role": "assistant",
        "status": "completed",
        "content": parts,
    }


def call_item(
    arguments: str = '{"city":"Paris"}', item_id: str = "fc_1", call_id: str = "call_1"
) -> dict[str, Any]:
    return {
        "type": "function_call",
        "id": item_id,
        "call_id": call_id,
        "name": "get_weather",
        "arguments": arguments,
        "status": "completed",
    }


def reasoning_item(
    *summary: str, encrypted: str | None = "ENC", item_id: str = "rs_1"
) -> dict[str, Any]:
    return {
        "type": "reasoning",
        "id": item_id,
        "summary": [{"type": "summary_text", "text": s} for s in summary],
        "encrypted_content": encrypted,
    }


def response(*output: dict[str, Any], status: str = "completed", **extra: Any) -> dict[str, Any]:
    """A ``response`` object, validated by the SDK's `Response`."""
    body: dict[str, Any] = {
        "id": "resp_1",
        "object": "response",
        "created_at": 1750000000,
        "status": status,
        "model": "gpt-5",
        "output": list(output),
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": usage(),
        **extra,
    }
    Response.model_validate(body)
    return body


def sse(*events: dict[str, Any]) -> bytes:
    """The events as Responses sends them (``event:`` and ``data:`` lines), numbered in
    order and each validated by the SDK's event union."""
    out = []
    for number, event in enumerate(events):
        event = {**event, "sequence_number": number}
        EVENTS.validate_python(event)
        out.append(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n")
    return "".join(out).encode()

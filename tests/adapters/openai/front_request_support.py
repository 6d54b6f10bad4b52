"""What the front-door request tests share: OpenAI requests to translate, and the ``anthropic``
SDK's request types as the oracle every translated body must satisfy."""

from __future__ import annotations

from typing import Any

from anthropic.types import message_create_params
from pydantic import TypeAdapter

from adapters.openai.front_request import anthropic_request

# Kept at module level: the lazily validated iterables need their validator alive.
NON_STREAMING: TypeAdapter[Any] = TypeAdapter(message_create_params.MessageCreateParamsNonStreaming)


STREAMING: TypeAdapter[Any] = TypeAdapter(message_create_params.MessageCreateParamsStreaming)


PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"


USER = {"role": "user", "content": "Weather in Paris?"}


TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather for a city.",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
]


CALL = {
    "id": "call_1",
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
}


def drain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: drain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ValidatorIterator":
        return [drain(item) for item in value]
    return value


def translate(body: dict[str, Any], **options: Any) -> dict[str, Any]:
    """The Anthropic body, checked against the anthropic SDK's request types."""
    out = anthropic_request(body, **options)
    drain((STREAMING if out.get("stream") else NON_STREAMING).validate_python(out))
    return out


def openai(*messages: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"model": "claude-sonnet-4-6", "messages": list(messages), **fields}

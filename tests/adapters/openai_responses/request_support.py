"""What the Responses request tests share: calls to translate, and the ``openai`` SDK's
Responses request types as the oracle every translated body must satisfy."""

from __future__ import annotations

from typing import Any

from openai.types.responses import input_token_count_params as count_params
from openai.types.responses import response_create_params as params
from pydantic import TypeAdapter

from adapters.base import Call, TargetSettings
from adapters.openai_responses.request import encode_request

# Kept at module level: the lazily validated iterables need their validator alive.
NON_STREAMING: TypeAdapter[Any] = TypeAdapter(params.ResponseCreateParamsNonStreaming)
STREAMING: TypeAdapter[Any] = TypeAdapter(params.ResponseCreateParamsStreaming)
COUNTING: TypeAdapter[Any] = TypeAdapter(count_params.InputTokenCountParams)
KNOWN_FIELDS = {*params.ResponseCreateParamsBase.__annotations__, "stream"}
COUNT_FIELDS = set(count_params.InputTokenCountParams.__annotations__)

PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5Erk"
    "Jggg=="
)
WEATHER_TOOL: dict[str, Any] = {
    "name": "get_weather",
    "description": "Weather for a city.",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}
USER = {"role": "user", "content": "Weather in Paris?"}
TOOL_USE: dict[str, Any] = {
    "role": "assistant",
    "content": [
        {"type": "text", "text": "Checking."},
        {"type": "tool_use", "id": "toolu_01A", "name": "get_weather", "input": {"city": "Paris"}},
    ],
}


def drain(value: Any) -> Any:
    """Consume the lazily validated iterables a TypedDict validation returns."""
    if isinstance(value, dict):
        return {k: drain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ValidatorIterator":
        return [drain(item) for item in value]
    return value


def sdk_accepts(body: dict[str, Any], counting: bool = False) -> None:
    """The body validates against the SDK's Responses request types, with no field they do
    not know."""
    known = COUNT_FIELDS if counting else KNOWN_FIELDS
    assert set(body) <= known, set(body) - known
    validator = COUNTING if counting else STREAMING if body.get("stream") else NON_STREAMING
    drain(validator.validate_python(body))


def body_for(request: dict[str, Any], **options: Any) -> dict[str, Any]:
    settings = TargetSettings("openai-responses", options=options)
    wire = encode_request(Call("messages", request), settings)
    body: dict[str, Any] = wire.json()
    sdk_accepts(body)
    return body


def request(*messages: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"model": "gpt-5", "max_tokens": 256, "messages": list(messages), **fields}


def tool_result(content: Any, **extra: Any) -> dict[str, Any]:
    block = {"type": "tool_result", "tool_use_id": "toolu_01A", "content": content, **extra}
    return {"role": "user", "content": [block]}

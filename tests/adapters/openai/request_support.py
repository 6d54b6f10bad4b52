"""What the OpenAI request tests share: calls to translate, and the ``openai`` SDK's request
types and OpenAI's conversation rules as the oracle every translated body must satisfy."""

from __future__ import annotations

from typing import Any

from openai.types.chat import completion_create_params as params
from pydantic import TypeAdapter

from adapters.base import Call, TargetSettings
from adapters.openai.request import encode_request
from harness.simulator.openai.validate import request_problem

# Kept at module level: the lazily validated iterables need their validator alive.
NON_STREAMING: TypeAdapter[Any] = TypeAdapter(params.CompletionCreateParamsNonStreaming)


STREAMING: TypeAdapter[Any] = TypeAdapter(params.CompletionCreateParamsStreaming)


KNOWN_FIELDS = {*params.CompletionCreateParamsBase.__annotations__, "stream"}


PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5Erk"
    "Jggg=="
)


WEATHER_TOOL: dict[str, Any] = {
    "name": "get_weather",
    "description": "Weather for a city.",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}


def drain(value: Any) -> Any:
    """Consume the lazily validated iterables a TypedDict validation returns."""
    if isinstance(value, dict):
        return {k: drain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ValidatorIterator":
        return [drain(item) for item in value]
    return value


def sdk_accepts(body: dict[str, Any], rules: bool = True) -> None:
    """The body validates against the SDK's request types, with no field they do not know,
    and (``rules``) OpenAI's own conversation rules, which the simulator enforces, accept it."""
    assert set(body) <= KNOWN_FIELDS, set(body) - KNOWN_FIELDS
    validator = STREAMING if body.get("stream") else NON_STREAMING
    drain(validator.validate_python(body))
    if rules:
        assert request_problem(body) is None, request_problem(body)


def body_for(request: dict[str, Any], rules: bool = True, **options: Any) -> dict[str, Any]:
    wire = encode_request(Call("messages", request), TargetSettings("openai", options=options))
    body: dict[str, Any] = wire.json()
    sdk_accepts(body, rules)
    return body


def request(*messages: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"model": "gpt-5", "max_tokens": 256, "messages": list(messages), **fields}


USER = {"role": "user", "content": "Weather in Paris?"}


TOOL_USE: dict[str, Any] = {
    "role": "assistant",
    "content": [
        {"type": "text", "text": "Checking."},
        {"type": "tool_use", "id": "toolu_01A", "name": "get_weather", "input": {"city": "Paris"}},
    ],
}


def tool_result(content: Any, **extra: Any) -> dict[str, Any]:
    return {"type": "tool_result", "tool_use_id": "toolu_01A", "content": content, **extra}

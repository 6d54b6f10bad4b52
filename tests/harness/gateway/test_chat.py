"""/v1/chat/completions: the OpenAI front through the reference front door, with the official
`openai` SDK as the client and Parity's simulator as every backend."""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest

from tests.harness.gateway.support import HELLO, OVERLOADED, RATE_LIMITED, TARGETS, WEATHER

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
]


def client(url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{url}/v1", api_key="any-key", max_retries=0)


def chat(request: dict[str, Any]) -> dict[str, Any]:
    """The OpenAI form of one of the Anthropic requests the scenarios answer."""
    body: dict[str, Any] = {"messages": request["messages"], "max_tokens": request["max_tokens"]}
    if "tools" in request:
        body["tools"] = TOOLS
    return body


@pytest.mark.parametrize("target", TARGETS)
def test_a_completion_carries_the_scripted_text_and_usage(gateway: str, target: str) -> None:
    completion = client(gateway).chat.completions.create(model=f"{target}/sonnet", **chat(HELLO))
    assert completion.object == "chat.completion"
    assert completion.choices[0].message.content == "Hello! How can I help you today?"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.completion_tokens == 9


@pytest.mark.parametrize("target", TARGETS)
def test_a_streamed_tool_call_arrives_as_chunks(gateway: str, target: str) -> None:
    stream = client(gateway).chat.completions.create(
        model=f"{target}/sonnet",
        stream=True,
        stream_options={"include_usage": True},
        **chat(WEATHER),
    )
    text, arguments, finish, usage = "", "", None, None
    for chunk in stream:
        usage = chunk.usage or usage
        for choice in chunk.choices:
            text += choice.delta.content or ""
            for call in choice.delta.tool_calls or []:
                arguments += (call.function.arguments if call.function else None) or ""
            finish = choice.finish_reason or finish
    assert text == "Let me check the weather in Paris for you."
    assert json.loads(arguments) == {"city": "Paris", "unit": "celsius"}
    assert finish == "tool_calls"
    assert usage is not None
    assert usage.completion_tokens == 57


@pytest.mark.parametrize("target", TARGETS)
def test_a_backend_429_is_openai_s_rate_limit_error(gateway: str, target: str) -> None:
    with pytest.raises(openai.RateLimitError) as caught:
        client(gateway).chat.completions.create(model=f"{target}/sonnet", **chat(RATE_LIMITED))
    assert caught.value.status_code == 429
    assert caught.value.code == "rate_limit_exceeded"


@pytest.mark.parametrize("target", TARGETS)
def test_a_failure_part_way_through_ends_the_chunks_with_an_error(
    gateway: str, target: str
) -> None:
    stream = client(gateway).chat.completions.create(
        model=f"{target}/sonnet", stream=True, **chat(OVERLOADED)
    )
    with pytest.raises(openai.APIError) as caught:
        for _ in stream:
            pass
    assert caught.value.code == "server_is_overloaded"


def test_a_request_the_front_door_cannot_map_names_the_field(gateway: str) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client(gateway).chat.completions.create(model="vertex/sonnet", n=3, **chat(HELLO))
    assert caught.value.status_code == 400
    assert "n:" in caught.value.message


def test_an_unknown_model_is_openai_s_not_found(gateway: str) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        client(gateway).chat.completions.create(model="nowhere", **chat(HELLO))
    assert caught.value.code == "not_found"


def test_a_request_without_a_key_gets_openai_s_authentication_error(gateway: str) -> None:
    body = {"model": "vertex/sonnet", **chat(HELLO)}
    response = httpx.post(f"{gateway}/v1/chat/completions", json=body)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"

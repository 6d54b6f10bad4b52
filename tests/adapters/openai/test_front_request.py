"""The front door turns OpenAI chat-completions requests into Anthropic requests that the
``anthropic`` SDK's request types accept; anything malformed or unservable is a one-line error
naming the field, and what both APIs can say survives the trip there and back."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.openai.front_request import DEFAULT_MAX_TOKENS, anthropic_request
from adapters.openai.request import chat_body
from tests.adapters.openai.front_request_support import (
    CALL,
    TOOLS,
    USER,
    openai,
    translate,
)


def test_a_plain_request_gets_the_default_max_tokens() -> None:
    assert translate(openai(USER)) == {
        "model": "claude-sonnet-4-6",
        "max_tokens": DEFAULT_MAX_TOKENS,
        "messages": [USER],
    }


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"max_tokens": 100}, 100),
        ({"max_completion_tokens": 200}, 200),
        ({"max_tokens": 100, "max_completion_tokens": 200}, 200),
    ],
)
def test_max_completion_tokens_wins_over_max_tokens(fields: dict[str, Any], expected: int) -> None:
    assert translate(openai(USER, **fields))["max_tokens"] == expected


def test_the_default_max_tokens_is_configurable() -> None:
    assert translate(openai(USER), default_max_tokens=64)["max_tokens"] == 64


@pytest.mark.parametrize(("stop", "expected"), [("END", ["END"]), (["a", "b"], ["a", "b"])])
def test_stop_becomes_a_list_of_stop_sequences(stop: Any, expected: list[str]) -> None:
    assert translate(openai(USER, stop=stop))["stop_sequences"] == expected


def test_user_and_safety_identifier_become_metadata_user_id() -> None:
    assert translate(openai(USER, user="u-canary"))["metadata"] == {"user_id": "u-canary"}
    both = openai(USER, user="u-canary", safety_identifier="s-canary")
    assert translate(both)["metadata"] == {"user_id": "s-canary"}


def test_temperature_above_one_is_refused_or_clamped() -> None:
    assert translate(openai(USER, temperature=0.7))["temperature"] == 0.7
    with pytest.raises(TranslationError) as caught:
        anthropic_request(openai(USER, temperature=1.5))
    assert caught.value.path == "temperature" and "above 1" in caught.value.message
    assert translate(openai(USER, temperature=1.5), clamp_temperature=True)["temperature"] == 1


@pytest.mark.parametrize(
    ("effort", "expected"),
    [
        ("none", None),
        ("minimal", {"effort": "low"}),
        ("high", {"effort": "high"}),
        ("max", {"effort": "max"}),
    ],
)
def test_reasoning_effort_becomes_output_config_effort(effort: str, expected: Any) -> None:
    assert translate(openai(USER, reasoning_effort=effort)).get("output_config") == expected


def test_a_json_schema_response_format_becomes_output_config_format() -> None:
    schema = {"type": "object", "properties": {"a": {}}, "additionalProperties": False}
    fmt = {"type": "json_schema", "json_schema": {"name": "out", "schema": schema, "strict": True}}
    assert translate(openai(USER, response_format=fmt))["output_config"] == {
        "format": {"type": "json_schema", "schema": schema}
    }


def test_neutral_values_and_service_knobs_are_accepted() -> None:
    body = openai(
        USER,
        n=1,
        frequency_penalty=0,
        presence_penalty=0,
        logprobs=False,
        store=False,
        seed=7,
        stream=True,
        stream_options={"include_usage": True},
        prompt_cache_key="canary",
    )
    assert translate(body) == {
        "model": "claude-sonnet-4-6",
        "max_tokens": DEFAULT_MAX_TOKENS,
        "messages": [USER],
        "stream": True,
    }


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"n": 2}, "n"),
        ({"frequency_penalty": 0.5}, "frequency_penalty"),
        ({"logprobs": True}, "logprobs"),
        ({"audio": {"voice": "alloy"}}, "audio"),
        ({"response_format": {"type": "json_object"}}, "response_format.type"),
        ({"reasoning_effort": "extreme"}, "reasoning_effort"),
        ({"reasoning_effort": ["high"]}, "reasoning_effort"),
        ({"reasoning_effort": {"level": "high"}}, "reasoning_effort"),
        ({"stop": 5}, "stop"),
        ({"max_tokens": 0}, "max_tokens"),
        ({"tools": [{"type": "custom", "custom": {"name": "x"}}]}, "tools[0].type"),
        ({"tools": TOOLS, "tool_choice": {"type": "allowed_tools"}}, "tool_choice"),
        ({"model": ""}, "model"),
    ],
)
def test_unservable_fields_are_errors_naming_the_field(fields: dict[str, Any], path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        anthropic_request(openai(USER, **fields))
    assert caught.value.path == path


ROUND_TRIPS = [
    openai(USER, max_completion_tokens=300),
    openai(
        {"role": "system", "content": "Be brief."}, USER, max_completion_tokens=300, stop=["END"]
    ),
    openai(
        USER,
        {"role": "assistant", "content": "Checking.", "tool_calls": [CALL]},
        {"role": "tool", "tool_call_id": "call_1", "content": "18°C"},
        {"role": "user", "content": "Thanks."},
        max_completion_tokens=300,
        tools=TOOLS,
        tool_choice="required",
        parallel_tool_calls=False,
        temperature=0.5,
        safety_identifier="u-canary",
    ),
]


@pytest.mark.parametrize("body", ROUND_TRIPS)
def test_what_both_apis_say_survives_the_trip_there_and_back(body: dict[str, Any]) -> None:
    assert chat_body(translate(body)) == body


def test_json_mode_is_refused_saying_why_and_what_to_send_instead() -> None:
    with pytest.raises(TranslationError) as caught:
        translate(openai(USER, response_format={"type": "json_object"}))
    assert caught.value.path == "response_format.type"
    assert "no Anthropic equivalent" in caught.value.message
    assert "send a json_schema response_format" in caught.value.message


def test_a_schema_with_an_open_object_is_refused_naming_that_object() -> None:
    item = {"type": "object", "properties": {"sku": {"type": "string"}}}
    schema = {
        "type": "object",
        "properties": {"lines": {"type": "array", "items": item}},
        "additionalProperties": False,
    }
    fmt = {"type": "json_schema", "json_schema": {"name": "order", "schema": schema}}
    with pytest.raises(TranslationError) as caught:
        translate(openai(USER, response_format=fmt))
    assert caught.value.path == "response_format.json_schema.schema.properties.lines.items"
    assert "additionalProperties: false" in caught.value.message

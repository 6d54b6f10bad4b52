"""The front door turns OpenAI chat-completions requests into Anthropic requests that the
``anthropic`` SDK's request types accept; anything malformed or unservable is a one-line error
naming the field, and what both APIs can say survives the trip there and back."""

from __future__ import annotations

from typing import Any

import pytest
from anthropic.types import message_create_params
from pydantic import TypeAdapter

from adapters.base import TranslationError
from adapters.openai.front_request import DEFAULT_MAX_TOKENS, anthropic_request
from adapters.openai.request import chat_body

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


def test_system_and_developer_messages_become_the_system_prompt() -> None:
    assert translate(openai({"role": "system", "content": "Be brief."}, USER))["system"] == (
        "Be brief."
    )
    body = openai(
        {"role": "system", "content": "Be brief."},
        {"role": "developer", "content": [{"type": "text", "text": "Use metric units."}]},
        USER,
    )
    assert translate(body)["system"] == [
        {"type": "text", "text": "Be brief."},
        {"type": "text", "text": "Use metric units."},
    ]


def test_a_tool_round_trip_becomes_tool_use_and_tool_result_turns() -> None:
    body = openai(
        USER,
        {"role": "assistant", "content": "Checking.", "tool_calls": [CALL]},
        {"role": "tool", "tool_call_id": "call_1", "content": "18°C"},
        {"role": "user", "content": "Thanks. And tomorrow?"},
        tools=TOOLS,
    )
    assert translate(body)["messages"] == [
        USER,
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Checking."},
                {
                    "type": "tool_use",
                    "id": "call_1",
                    "name": "get_weather",
                    "input": {"city": "Paris"},
                },
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "call_1", "content": "18°C"},
                {"type": "text", "text": "Thanks. And tomorrow?"},
            ],
        },
    ]


@pytest.mark.parametrize("content", ["", None, []])
def test_an_assistant_turn_with_only_tool_calls_keeps_them_whatever_its_empty_content(
    content: Any,
) -> None:
    body = openai(USER, {"role": "assistant", "content": content, "tool_calls": [CALL]})
    assert translate(body)["messages"][1] == {
        "role": "assistant",
        "content": [
            {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"city": "Paris"}}
        ],
    }


def test_an_assistant_refusal_with_empty_content_keeps_the_refusal() -> None:
    body = openai(USER, {"role": "assistant", "content": "", "refusal": "I can't help."})
    assert translate(body)["messages"][1] == {
        "role": "assistant",
        "content": [{"type": "text", "text": "I can't help."}],
    }


def test_an_assistant_string_stays_a_string() -> None:
    body = openai(USER, {"role": "assistant", "content": "Sunny."}, USER)
    assert translate(body)["messages"][1] == {"role": "assistant", "content": "Sunny."}


@pytest.mark.parametrize("arguments", ["", "   ", "\n"])
def test_empty_or_blank_arguments_are_an_empty_input(arguments: str) -> None:
    call = {**CALL, "function": {"name": "now", "arguments": arguments}}
    body = openai(USER, {"role": "assistant", "tool_calls": [call]})
    assert translate(body)["messages"][1]["content"][0]["input"] == {}


def test_consecutive_tool_messages_share_one_user_turn() -> None:
    second = {**CALL, "id": "call_2", "function": {"name": "get_weather", "arguments": "{}"}}
    body = openai(
        USER,
        {"role": "assistant", "content": None, "tool_calls": [CALL, second]},
        {"role": "tool", "tool_call_id": "call_1", "content": "18°C"},
        {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "25°C"}]},
        tools=TOOLS,
    )
    turn = translate(body)["messages"][2]
    assert turn == {
        "role": "user",
        "content": [
            {"type": "tool_result", "tool_use_id": "call_1", "content": "18°C"},
            {
                "type": "tool_result",
                "tool_use_id": "call_2",
                "content": [{"type": "text", "text": "25°C"}],
            },
        ],
    }


def test_image_urls_become_base64_or_url_images() -> None:
    content = [
        {
            "type": "image_url",
            "image_url": {"url": f"data:image/png;base64,{PNG}", "detail": "low"},
        },
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
        {"type": "text", "text": "Same animal?"},
    ]
    assert translate(openai({"role": "user", "content": content}))["messages"][0]["content"] == [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
        {"type": "text", "text": "Same animal?"},
    ]


def test_a_pdf_file_part_becomes_a_document() -> None:
    part = {
        "type": "file",
        "file": {"filename": "terms.pdf", "file_data": "data:application/pdf;base64,JVBERi0x"},
    }
    block = translate(openai({"role": "user", "content": [part]}))["messages"][0]["content"][0]
    assert block == {
        "type": "document",
        "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0x"},
        "title": "terms.pdf",
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("data:image/png,iVBOR", "expected an http(s) URL or data:<media type>;base64,<data>"),
        ("ftp://example.com/cat.png", "expected an http(s) URL"),
        ("data:image/png;base64,not base64!", "not valid base64"),
        ("data:image/tiff;base64,AAAA", "image type 'image/tiff' is not one of"),
        ("data:image/png;base64,", "carries no data"),
    ],
)
def test_a_malformed_image_url_is_an_error_naming_the_field(url: str, message: str) -> None:
    part = {"type": "image_url", "image_url": {"url": url}}
    with pytest.raises(TranslationError) as caught:
        anthropic_request(openai(USER, {"role": "user", "content": [part]}))
    assert caught.value.path == "messages[1].content[0].image_url.url"
    assert message in caught.value.message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("choice", "parallel", "expected"),
    [
        ("auto", None, {"type": "auto"}),
        ("required", None, {"type": "any"}),
        ("none", None, {"type": "none"}),
        (
            {"type": "function", "function": {"name": "get_weather"}},
            None,
            {"type": "tool", "name": "get_weather"},
        ),
        ("required", False, {"type": "any", "disable_parallel_tool_use": True}),
        (None, False, {"type": "auto", "disable_parallel_tool_use": True}),
        ("none", False, {"type": "none"}),
        (None, True, None),
    ],
)
def test_tool_choice_and_parallel_tool_calls_map_onto_anthropics(
    choice: Any, parallel: bool | None, expected: dict[str, Any] | None
) -> None:
    fields: dict[str, Any] = {"tools": TOOLS}
    if choice is not None:
        fields["tool_choice"] = choice
    if parallel is not None:
        fields["parallel_tool_calls"] = parallel
    body = translate(openai(USER, **fields))
    assert body.get("tool_choice") == expected
    assert body["tools"] == [
        {
            "name": "get_weather",
            "description": "Weather for a city.",
            "input_schema": TOOLS[0]["function"]["parameters"],
        }
    ]


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
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
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


@pytest.mark.parametrize(
    ("message", "path"),
    [
        (
            {
                "role": "assistant",
                "tool_calls": [{**CALL, "function": {"name": "f", "arguments": '{"a": '}}],
            },
            "messages[1].tool_calls[0].function.arguments",
        ),
        (
            {
                "role": "assistant",
                "tool_calls": [{**CALL, "function": {"name": "f", "arguments": "[1]"}}],
            },
            "messages[1].tool_calls[0].function.arguments",
        ),
        (
            {
                "role": "assistant",
                "tool_calls": [{**CALL, "function": {"name": "f", "arguments": None}}],
            },
            "messages[1].tool_calls[0].function.arguments",
        ),
        ({"role": "assistant", "content": None}, "messages[1]"),
        ({"role": "function", "name": "f", "content": "x"}, "messages[1].role"),
        ({"role": "tool", "content": "x"}, "messages[1].tool_call_id"),
        (
            {"role": "user", "content": [{"type": "input_audio", "input_audio": {}}]},
            "messages[1].content[0].type",
        ),
        (
            {"role": "user", "content": [{"type": "file", "file": {"file_id": "file-1"}}]},
            "messages[1].content[0].file.file_data",
        ),
    ],
)
def test_malformed_messages_are_errors_naming_the_field(message: dict[str, Any], path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        anthropic_request(openai(USER, message))
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

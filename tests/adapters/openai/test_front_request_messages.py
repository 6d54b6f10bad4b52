"""The front door's conversation: system and developer messages become ``system``, tool
messages ``tool_result`` blocks in the turn after the ``tool_use``, and a malformed message is
a one-line error naming the field; every body passes the ``anthropic`` SDK's request types."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.openai.front_request import anthropic_request
from tests.adapters.openai.front_request_support import (
    CALL,
    TOOLS,
    USER,
    openai,
    translate,
)


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

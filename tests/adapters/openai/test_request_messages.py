"""``system`` and the turns become chat messages: system first, tool results as tool messages
before the rest of their turn, tool_use as tool_calls; every body passes the SDK's request
types."""

from __future__ import annotations

import copy

from tests.adapters.openai.request_support import (
    PNG,
    TOOL_USE,
    USER,
    WEATHER_TOOL,
    body_for,
    request,
    tool_result,
)


def test_a_system_string_is_the_first_message() -> None:
    body = body_for(request(USER, system="Be brief."))
    assert body["messages"][0] == {"role": "system", "content": "Be brief."}


def test_system_blocks_keep_their_boundaries_as_text_parts() -> None:
    system = [{"type": "text", "text": "Rule one."}, {"type": "text", "text": "Rule two."}]
    body = body_for(request(USER, system=system))
    assert body["messages"][0] == {
        "role": "system",
        "content": [{"type": "text", "text": "Rule one."}, {"type": "text", "text": "Rule two."}],
    }


def test_assistant_tool_use_becomes_tool_calls_with_json_text_arguments() -> None:
    followup = {"role": "user", "content": [tool_result("18°C and sunny")]}
    body = body_for(request(USER, TOOL_USE, followup, tools=[WEATHER_TOOL]))
    assert body["messages"][1] == {
        "role": "assistant",
        "content": "Checking.",
        "tool_calls": [
            {
                "id": "toolu_01A",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
            }
        ],
    }
    assert body["messages"][2] == {
        "role": "tool",
        "tool_call_id": "toolu_01A",
        "content": "18°C and sunny",
    }


def test_tool_results_come_before_the_rest_of_their_user_turn() -> None:
    second = {
        "type": "tool_use",
        "id": "toolu_01B",
        "name": "get_weather",
        "input": {"city": "Rome"},
    }
    assistant = copy.deepcopy(TOOL_USE)
    assistant["content"].append(second)
    turn = {
        "role": "user",
        "content": [
            tool_result("18°C"),
            {"type": "tool_result", "tool_use_id": "toolu_01B", "content": "25°C"},
            {"type": "text", "text": "Which is warmer?"},
        ],
    }
    body = body_for(request(USER, assistant, turn, tools=[WEATHER_TOOL]))
    assert [(m["role"], m.get("tool_call_id")) for m in body["messages"][2:]] == [
        ("tool", "toolu_01A"),
        ("tool", "toolu_01B"),
        ("user", None),
    ]
    assert body["messages"][4]["content"] == "Which is warmer?"


def test_an_error_result_says_so_in_its_content() -> None:
    turn = {"role": "user", "content": [tool_result("city not found", is_error=True)]}
    body = body_for(request(USER, TOOL_USE, turn, tools=[WEATHER_TOOL]))
    assert body["messages"][2]["content"] == "Error: city not found"


def test_tool_result_images_move_into_the_following_user_message() -> None:
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}}
    turn = {"role": "user", "content": [tool_result([{"type": "text", "text": "chart"}, image])]}
    body = body_for(request(USER, TOOL_USE, turn, tools=[WEATHER_TOOL]))
    tool_message, user_message = body["messages"][2:]
    assert tool_message["content"] == [
        {"type": "text", "text": "chart"},
        {"type": "text", "text": "[1 image in the next user message]"},
    ]
    assert user_message == {
        "role": "user",
        "content": [
            {"type": "text", "text": "[images from tool result toolu_01A]"},
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
        ],
    }

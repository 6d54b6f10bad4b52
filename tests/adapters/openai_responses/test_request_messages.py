"""Turns become Responses input items: tool results as ``function_call_output`` by
``call_id`` before the rest of the turn, tool calls as ``function_call`` items, thinking as
``reasoning`` items whose summary is the thinking and whose encrypted content is the
signature, all in block order."""

from __future__ import annotations

import pytest

from adapters.base import TranslationError
from adapters.openai_responses.request_messages import reasoning_id
from tests.adapters.openai_responses.request_support import (
    PNG,
    TOOL_USE,
    USER,
    body_for,
    request,
    tool_result,
)

IMAGE = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}}


def test_a_tool_round_trip_becomes_a_call_and_its_output() -> None:
    body = body_for(request(USER, TOOL_USE, tool_result("18 C, cloudy")))
    assert body["input"][1:] == [
        {"type": "message", "role": "assistant", "content": "Checking."},
        {
            "type": "function_call",
            "call_id": "toolu_01A",
            "name": "get_weather",
            "arguments": '{"city":"Paris"}',
        },
        {"type": "function_call_output", "call_id": "toolu_01A", "output": "18 C, cloudy"},
    ]


def test_a_tool_result_keeps_its_images_in_its_output() -> None:
    result = tool_result([{"type": "text", "text": "The panel:"}, IMAGE])
    output = body_for(request(USER, TOOL_USE, result))["input"][-1]["output"]
    assert output == [
        {"type": "input_text", "text": "The panel:"},
        {"type": "input_image", "image_url": f"data:image/png;base64,{PNG}", "detail": "auto"},
    ]


def test_an_error_result_says_so_in_its_text() -> None:
    body = body_for(request(USER, TOOL_USE, tool_result("city not found", is_error=True)))
    assert body["input"][-1]["output"] == "Error: city not found"
    empty = body_for(request(USER, TOOL_USE, tool_result(None, is_error=True)))
    assert empty["input"][-1]["output"] == "Error"


def test_the_rest_of_a_user_turn_follows_its_tool_outputs() -> None:
    turn = tool_result("18 C")
    turn["content"].append({"type": "text", "text": "And tomorrow?"})
    items = body_for(request(USER, TOOL_USE, turn))["input"]
    assert [i["type"] for i in items[-2:]] == ["function_call_output", "message"]
    assert items[-1]["content"] == [{"type": "input_text", "text": "And tomorrow?"}]


def test_thinking_in_the_history_is_a_reasoning_item_with_its_signature() -> None:
    thinking = {"type": "thinking", "thinking": "Paris first.", "signature": "sig-abc"}
    turn = {"role": "assistant", "content": [thinking, TOOL_USE["content"][1]]}
    items = body_for(request(USER, turn, tool_result("18 C")))["input"]
    assert items[1] == {
        "type": "reasoning",
        "id": reasoning_id("sig-abc"),
        "summary": [{"type": "summary_text", "text": "Paris first."}],
        "encrypted_content": "sig-abc",
    }
    assert items[2]["type"] == "function_call"


def test_redacted_thinking_is_a_reasoning_item_without_a_summary() -> None:
    turn = {"role": "assistant", "content": [{"type": "redacted_thinking", "data": "ENC"}]}
    item = body_for(request(USER, turn, {"role": "user", "content": "Go on."}))["input"][1]
    assert item["summary"] == [] and item["encrypted_content"] == "ENC"


def test_the_reasoning_id_is_drawn_from_the_encrypted_content() -> None:
    assert reasoning_id("a") == reasoning_id("a") != reasoning_id("b")
    assert reasoning_id("a").startswith("rs_")


def test_a_thinking_block_without_a_signature_is_an_error_naming_it() -> None:
    turn = {"role": "assistant", "content": [{"type": "thinking", "thinking": "x"}]}
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER, turn))
    assert caught.value.path == "messages[1].content[0].signature"


def test_a_block_responses_cannot_hold_is_an_error_naming_it() -> None:
    turn = {"role": "user", "content": [{"type": "search_result", "source": "x"}]}
    with pytest.raises(TranslationError) as caught:
        body_for(request(turn))
    assert caught.value.path == "messages[0].content[0]"

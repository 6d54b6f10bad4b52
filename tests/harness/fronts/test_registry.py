"""Fronts: one entry per client-facing API; the native one passes the outcome through."""

from __future__ import annotations

import pytest

from harness.fronts import NATIVE_FRONT, UnknownFrontError, fronts, get_front


def test_the_fronts_native_first() -> None:
    assert fronts() == ("anthropic", "openai")
    assert fronts()[0] == NATIVE_FRONT


@pytest.mark.parametrize("name", fronts())
def test_each_front_carries_its_name(name: str) -> None:
    assert get_front(name).name == name


def test_an_unknown_front_is_a_one_line_error() -> None:
    with pytest.raises(UnknownFrontError) as caught:
        get_front("gemini")
    assert str(caught.value) == "unknown front 'gemini'; expected one of: anthropic, openai"


def test_the_native_front_streams_in_stream_mode_without_touching_the_scenario() -> None:
    front = get_front("anthropic")
    request = {"model": "sonnet", "max_tokens": 8, "messages": []}
    sent = front.client_request(request, "stream")
    assert sent == {**request, "stream": True}
    assert "stream" not in request
    assert front.client_request(request, "json") == request
    assert front.to_anthropic(sent) == sent and front.to_anthropic(sent) is not sent
    assert front.client_outcome(sent, {"status": 200, "body": {}}) is None


def test_the_openai_front_shows_the_outcome_as_a_chat_completion() -> None:
    front = get_front("openai")
    message = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude",
        "content": [{"type": "text", "text": "Hi"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 3, "output_tokens": 1},
    }
    shown = front.client_outcome({"model": "sonnet"}, {"status": 200, "body": message})
    assert shown is not None and shown["status"] == 200
    assert shown["body"]["object"] == "chat.completion"
    assert shown["body"]["choices"][0]["message"]["content"] == "Hi"
    assert front.check(shown) == []

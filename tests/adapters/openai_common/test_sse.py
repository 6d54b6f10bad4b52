"""Both OpenAI targets' stream translators see the same events however the body is split."""

from __future__ import annotations

import pytest

from adapters.openai import stream as chat_stream
from adapters.openai_common.sse import SseTranslator, event_json, message_start, translate_sse
from adapters.openai_responses import stream as responses_stream

CHAT = (
    b'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o",'
    b'"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}'
    b"\n\n"
    b'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o",'
    b'"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n'
    b"data: [DONE]\n\n"
)


def whole_and_bytewise(body: bytes) -> list[list[bytes]]:
    return [[body], [body[i : i + 1] for i in range(len(body))]]


@pytest.mark.parametrize("chunks", whole_and_bytewise(CHAT))
def test_a_chat_stream_in_any_split_gives_the_same_events(chunks: list[bytes]) -> None:
    result = translate_sse(chunks, chat_stream.StreamTranslator())
    assert result.names[0] == "message_start" and result.names[-1] == "message_stop"
    assert {"type": "text_delta", "text": "Hi"} in [e.get("delta") for e in result.events]
    assert result.names == [e["type"] for e in result.events]
    assert result.problems == []


def test_a_stream_that_stops_early_is_a_problem_for_either_target() -> None:
    translators: list[SseTranslator] = [
        chat_stream.StreamTranslator(),
        responses_stream.StreamTranslator(),
    ]
    for translator in translators:
        result = translate_sse([], translator)
        assert result.problems, type(translator).__module__


def test_a_stream_opens_with_the_id_and_model_and_no_usage_yet() -> None:
    assert message_start({"id": "resp_1", "model": "gpt-5", "status": "in_progress"}) == {
        "type": "message_start",
        "message": {
            "id": "resp_1",
            "type": "message",
            "role": "assistant",
            "model": "gpt-5",
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 0, "output_tokens": 0},
        },
    }
    assert message_start({"id": None})["message"]["id"] == ""


def test_an_event_s_json_is_read_whole() -> None:
    problems: list[str] = []
    assert event_json('{"type": "x", "n": [1, 2]}', "SSE event 0", problems) == (
        True,
        {"type": "x", "n": [1, 2]},
    )
    assert event_json("null", "SSE event 1", problems) == (True, None)
    assert problems == []


def test_data_that_is_not_json_is_skipped_and_noted_with_an_excerpt() -> None:
    problems: list[str] = []
    assert event_json("{not json", "SSE event 3", problems) == (False, None)
    assert problems == ["SSE event 3: data is not JSON; skipped: {not json"]


def test_data_beyond_the_limits_is_skipped_and_noted() -> None:
    problems: list[str] = []
    deep = "[" * 65 + "]" * 65
    assert event_json(deep, "SSE event 4", problems) == (False, None)
    assert problems[0].startswith("SSE event 4: data is beyond the limits (")

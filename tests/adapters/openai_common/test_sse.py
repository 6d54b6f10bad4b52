"""Both OpenAI targets' stream translators see the same events however the body is split."""

from __future__ import annotations

import pytest

from adapters.openai import stream as chat_stream
from adapters.openai_common.sse import SseTranslator, translate_sse
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

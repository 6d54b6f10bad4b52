"""The front door streams Anthropic events as chat-completion chunks ending ``data: [DONE]``:
the ``openai`` SDK parses and accumulates them into the same completion the JSON path gives,
usage arrives in a final chunk only when asked for, and errors end the stream as OpenAI's
servers end it."""

from __future__ import annotations

import json
from typing import Any

import httpx2
import openai
import pytest
from openai.lib.streaming.chat import ChatCompletionStreamState
from openai.types.chat import ChatCompletionChunk

from adapters.base import Call
from adapters.openai.front_response import completion_from_message
from adapters.openai.front_stream import ChunkStream, chunks_from_events, include_usage
from adapters.openai.stream import decode_stream
from adapters.protocol.fold import fold_events
from harness.simulator.script import reply_events, reply_message

CREATED = 1_760_000_000
REPLIES: dict[str, dict[str, Any]] = {
    "text": {
        "content": [{"type": "text", "text": "Grüße aus Köln → 東京, in several pieces."}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 12},
    },
    "tools": {
        "content": [
            {"type": "thinking", "thinking": "Two lookups.", "signature": "EqCanary=="},
            {"type": "text", "text": "Let me look up both."},
            {
                "type": "tool_use",
                "id": "toolu_01A",
                "name": "get_time",
                "input": {"tz": "Asia/Tokyo"},
            },
            {
                "type": "tool_use",
                "id": "toolu_01B",
                "name": "get_weather",
                "input": {"city": "Tokyo"},
            },
        ],
        "stop_reason": "tool_use",
        "usage": {
            "input_tokens": 12,
            "cache_creation_input_tokens": 100,
            "cache_read_input_tokens": 2048,
            "output_tokens": 57,
        },
    },
    "length": {
        "content": [{"type": "text", "text": "Cut short"}],
        "stop_reason": "max_tokens",
        "usage": {"input_tokens": 5, "output_tokens": 2},
    },
    "refusal": {
        "content": [{"type": "text", "text": "I won't"}],
        "stop_reason": "refusal",
        "stop_details": {"type": "refusal", "category": "cyber", "explanation": "Malware."},
        "usage": {"input_tokens": 25, "output_tokens": 3},
    },
}


def events(name: str) -> list[dict[str, Any]]:
    return reply_events(REPLIES[name], model="claude-sonnet-4-6", message_id="msg_01Canary")


def served(stream: ChunkStream) -> openai.OpenAI:
    def reply(request: httpx2.Request) -> httpx2.Response:
        head = {"content-type": "text/event-stream"}
        return httpx2.Response(200, content=stream.encode(), headers=head)

    return openai.OpenAI(
        api_key="sk-canary",
        base_url="http://front-door.test/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(reply)),
    )


def sdk_chunks(stream: ChunkStream) -> list[ChatCompletionChunk]:
    return list(
        served(stream).chat.completions.create(
            model="claude-sonnet-4-6", messages=[{"role": "user", "content": "hi"}], stream=True
        )
    )


@pytest.mark.parametrize("name", REPLIES)
def test_the_sdk_accumulates_the_stream_into_the_json_completion(name: str) -> None:
    stream = chunks_from_events(events(name), created=CREATED, include_usage=True)
    assert stream.done and stream.encode().endswith(b"data: [DONE]\n\n")
    state: ChatCompletionStreamState[Any] = ChatCompletionStreamState()
    for chunk in sdk_chunks(stream):
        state.handle_chunk(chunk)
    folded = state.current_completion_snapshot
    message = reply_message(REPLIES[name], model="claude-sonnet-4-6", message_id="msg_01Canary")
    whole = completion_from_message(message, created=CREATED)
    assert folded.id == whole["id"] and folded.created == CREATED
    choice = folded.choices[0]
    assert choice.finish_reason == whole["choices"][0]["finish_reason"]
    assert choice.message.content == whole["choices"][0]["message"]["content"]
    assert choice.message.refusal == whole["choices"][0]["message"]["refusal"]
    # streamed arguments are the fragments as they came; compare what they encode
    calls = [
        (c.id, c.function.name, json.loads(c.function.arguments))
        for c in choice.message.tool_calls or []
    ]
    expected = [
        (c["id"], c["function"]["name"], json.loads(c["function"]["arguments"]))
        for c in whole["choices"][0]["message"].get("tool_calls", [])
    ]
    assert calls == expected
    assert folded.usage is not None
    assert folded.usage.model_dump(exclude_none=True) == whole["usage"]


def test_chunks_follow_openais_order() -> None:
    stream = chunks_from_events(events("tools"), created=CREATED, include_usage=True)
    for chunk in stream.chunks:
        ChatCompletionChunk.model_validate(chunk)
    *body, finish, usage = stream.chunks
    assert body[0]["choices"][0]["delta"] == {"role": "assistant", "content": "", "refusal": None}
    assert all(c["usage"] is None for c in [*body, finish])
    assert finish["choices"][0]["finish_reason"] == "tool_calls"
    assert finish["choices"][0]["delta"] == {}
    assert usage["choices"] == [] and usage["usage"]["prompt_tokens"] == 2160
    calls = [
        c["choices"][0]["delta"]["tool_calls"][0]
        for c in body
        if "tool_calls" in c["choices"][0]["delta"]
    ]
    assert [c for c in calls if "id" in c] == [
        {
            "index": 0,
            "id": "toolu_01A",
            "type": "function",
            "function": {"name": "get_time", "arguments": ""},
        },
        {
            "index": 1,
            "id": "toolu_01B",
            "type": "function",
            "function": {"name": "get_weather", "arguments": ""},
        },
    ]
    assert all(c["function"]["arguments"] for c in calls if "id" not in c)


def test_pings_block_stops_and_thinking_produce_no_chunks() -> None:
    source = events("tools")
    kinds = [e["type"] for e in source]
    assert "ping" in kinds and "content_block_stop" in kinds
    carrying = [
        e
        for e in source
        if e["type"] in ("message_start", "message_delta")
        or (e["type"] == "content_block_start" and e["content_block"]["type"] == "tool_use")
        or (
            e["type"] == "content_block_delta"
            and e["delta"]["type"] in ("text_delta", "input_json_delta")
            and (e["delta"].get("text") or e["delta"].get("partial_json"))
        )
    ]
    stream = chunks_from_events(source, created=CREATED, include_usage=False)
    assert len(stream.chunks) == len(carrying)


def test_without_include_usage_there_is_no_usage_anywhere() -> None:
    stream = chunks_from_events(events("text"), created=CREATED, include_usage=False)
    assert stream.done
    assert all("usage" not in c and c["choices"] for c in stream.chunks)


def test_include_usage_reads_the_request() -> None:
    assert include_usage({"stream": True, "stream_options": {"include_usage": True}})
    assert not include_usage({"stream": True})
    assert not include_usage({"stream_options": {"include_usage": "yes"}})


def test_an_error_event_ends_the_stream_without_done_and_the_sdk_raises() -> None:
    reply = {
        **REPLIES["text"],
        "stream_error": {"after_events": 4, "type": "overloaded_error", "message": "Overloaded"},
    }
    source = reply_events(reply, model="claude-sonnet-4-6", message_id="msg_01Canary")
    stream = chunks_from_events(source, created=CREATED, include_usage=True)
    assert not stream.done and b"[DONE]" not in stream.encode()
    assert stream.chunks[-1] == {
        "error": {
            "message": "Overloaded",
            "type": "service_unavailable_error",
            "param": None,
            "code": "server_is_overloaded",
        }
    }
    with pytest.raises(openai.APIError, match="Overloaded"):
        sdk_chunks(stream)


@pytest.mark.parametrize("name", REPLIES)
def test_the_target_decoder_reads_the_chunks_back(name: str) -> None:
    stream = chunks_from_events(events(name), created=CREATED, include_usage=True)
    call = Call("messages", {"model": "m", "max_tokens": 8, "messages": [], "stream": True})
    result = decode_stream(call, [stream.encode()])
    assert result.problems == []
    folded = fold_events(result.events).message
    assert folded is not None
    original = reply_message(REPLIES[name], model="claude-sonnet-4-6", message_id="msg_01Canary")
    carried = [b for b in original["content"] if b["type"] != "thinking"]
    explanation = (original.get("stop_details") or {}).get("explanation")
    if explanation:  # the target reads a refusal field as what the model said
        carried = [{"type": "text", "text": carried[0]["text"] + explanation}]
    assert folded["content"] == carried
    assert folded["stop_reason"] == original["stop_reason"]
    # the front door always reports cached_tokens, so the decoder reports a cache read
    read = original["usage"].get("cache_read_input_tokens", 0)
    assert folded["usage"] == {**original["usage"], "cache_read_input_tokens": read}


def test_every_chunk_is_one_data_line() -> None:
    raw = chunks_from_events(events("tools"), created=CREATED, include_usage=True).encode()
    frames = raw.decode().split("\n\n")
    assert frames[-1] == "" and frames[-2] == "data: [DONE]"
    assert all(f.startswith("data: {") and "\n" not in f for f in frames[:-2])
    assert all(
        json.loads(f.removeprefix("data: "))["object"] == "chat.completion.chunk"
        for f in frames[:-2]
    )


def test_thinking_tokens_reach_the_usage_chunk_as_reasoning_tokens() -> None:
    source = events("text")
    delta = next(e for e in source if e["type"] == "message_delta")
    delta["usage"] = {**delta["usage"], "output_tokens_details": {"thinking_tokens": 7}}
    stream = chunks_from_events(source, created=CREATED, include_usage=True)
    usage = sdk_chunks(stream)[-1].usage
    assert usage is not None and usage.completion_tokens_details is not None
    assert usage.completion_tokens_details.reasoning_tokens == 7


@pytest.mark.parametrize(
    "odd",
    [
        {"type": "message_start", "message": ["not", "an", "object"]},
        {"type": "content_block_start", "index": [0], "content_block": "text"},
        {"type": "content_block_delta", "index": {"i": 0}, "delta": ["text_delta"]},
        {"type": "message_delta", "delta": "end_turn", "usage": []},
    ],
)
def test_an_event_field_of_the_wrong_shape_is_read_as_empty(odd: dict[str, Any]) -> None:
    source = [*events("text")[:1], odd, *events("text")[1:]]
    stream = chunks_from_events(source, created=CREATED, include_usage=True)
    assert stream.done

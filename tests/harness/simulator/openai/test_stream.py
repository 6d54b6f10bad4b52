"""The simulated chat-completions stream: the official SDK accumulates it to the same
completion; the raw chunks (role, tool deltas, finish, usage, ``[DONE]``) follow the native
stream's pieces, and a mid-stream error ends it without ``[DONE]``."""

from __future__ import annotations

import json

import openai
import pytest
from openai.types.chat import ChatCompletionChunk

from harness.simulator.script import reply_events
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.openai.support import (
    MESSAGES,
    MODEL,
    PROMPT,
    REPLIES,
    scenario,
    stream_raw,
    tool_calls,
)

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_stream_accumulates_to_the_same_completion(client: openai.OpenAI, name: str) -> None:
    with client.chat.completions.stream(
        model=MODEL,
        messages=PROMPT,
        stream_options={"include_usage": True},
        extra_headers=scenario(name),
    ) as stream:
        for _ in stream:
            pass
        folded = stream.current_completion_snapshot
    whole = client.chat.completions.create(
        model=MODEL, messages=PROMPT, extra_headers=scenario(name)
    )
    assert folded.id == whole.id
    assert folded.usage == whole.usage
    assert folded.choices[0].finish_reason == whole.choices[0].finish_reason
    assert folded.choices[0].message.content == whole.choices[0].message.content
    assert tool_calls(folded.choices[0].message) == tool_calls(whole.choices[0].message)


def test_stream_has_role_chunk_tool_deltas_finish_usage_and_done(sim: SimulatorServer) -> None:
    lines = stream_raw(sim, "parallel")
    assert lines[-1] == "[DONE]"
    chunks = [json.loads(line) for line in lines[:-1]]
    for chunk in chunks:
        ChatCompletionChunk.model_validate(chunk)
        assert chunk["object"] == "chat.completion.chunk" and chunk["obfuscation"]
    assert len({(c["id"], c["created"]) for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": "", "refusal": None}
    *body, finish, usage = chunks
    assert all(c["usage"] is None for c in [*body, finish])
    assert finish["choices"][0] == {
        "index": 0,
        "delta": {},
        "logprobs": None,
        "finish_reason": "tool_calls",
    }
    assert usage["choices"] == [] and usage["usage"]["prompt_tokens"] == 412
    calls = [
        c["choices"][0]["delta"]["tool_calls"][0]
        for c in body
        if "tool_calls" in c["choices"][0]["delta"]
    ]
    starts = [c for c in calls if "id" in c]
    assert starts == [
        {
            "index": 0,
            "id": "call_canary1",
            "type": "function",
            "function": {"name": "get_time", "arguments": ""},
        },
        {
            "index": 1,
            "id": "call_canary2",
            "type": "function",
            "function": {"name": "get_weather", "arguments": ""},
        },
    ]
    fragments = [c for c in calls if "id" not in c]
    assert all(
        set(f) == {"index", "function"} and set(f["function"]) == {"arguments"} for f in fragments
    )
    assert [f["index"] for f in fragments] == sorted(f["index"] for f in fragments), "sequential"
    for index, expected in enumerate(['{"tz": "Asia/Tokyo"}', '{"city": "Tokyo"}']):
        assert (
            "".join(f["function"]["arguments"] for f in fragments if f["index"] == index)
            == expected
        )
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in body)
    assert text == "Let me check both."


def test_chunks_carry_the_native_streams_pieces(sim: SimulatorServer) -> None:
    native = reply_events(
        REPLIES["parallel"], model=MODEL, message_id="msg_1", split_seed="openai-test/parallel"
    )
    native_pieces = [
        e["delta"].get("text") or e["delta"].get("partial_json")
        for e in native
        if e["type"] == "content_block_delta"
    ]
    chunks = [json.loads(line) for line in stream_raw(sim, "parallel")[:-1]]
    pieces = []
    for chunk in chunks[1:-2]:
        delta = chunk["choices"][0]["delta"]
        call = (delta.get("tool_calls") or [{}])[0]
        pieces.append(delta.get("content") or call.get("function", {}).get("arguments"))
    assert pieces == native_pieces  # the native "" first fragment is the start's arguments


def test_interleaved_option_alternates_parallel_fragments(sim: SimulatorServer) -> None:
    chunks = [json.loads(line) for line in stream_raw(sim, "interleaved")[:-1]]
    order = [
        c["choices"][0]["delta"]["tool_calls"][0]["index"]
        for c in chunks
        if c["choices"] and "tool_calls" in c["choices"][0]["delta"]
    ]
    assert order[:4] == [0, 1, 0, 1]
    assert order != sorted(order)


def test_without_include_usage_no_chunk_has_usage(sim: SimulatorServer) -> None:
    lines = stream_raw(sim, "text", include_usage=False)
    chunks = [json.loads(line) for line in lines[:-1]]
    assert lines[-1] == "[DONE]"
    assert all("usage" not in c and c["choices"] for c in chunks)
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


def test_a_refusal_streams_as_refusal_deltas_that_the_sdk_accumulates(
    client: openai.OpenAI, sim: SimulatorServer
) -> None:
    chunks = [json.loads(line) for line in stream_raw(sim, "refusal-field")[:-1]]
    deltas = [c["choices"][0]["delta"] for c in chunks if c["choices"]]
    assert not any(d.get("content") for d in deltas)
    assert "".join(d.get("refusal") or "" for d in deltas) == "I can't help with that."
    with client.chat.completions.stream(
        model=MODEL, messages=PROMPT, extra_headers=scenario("refusal-field")
    ) as stream:
        for _ in stream:
            pass
        folded = stream.current_completion_snapshot
    assert folded.choices[0].message.refusal == "I can't help with that."
    assert folded.choices[0].finish_reason == "stop"


def test_usage_chunk_option_leaves_it_out_even_when_asked(sim: SimulatorServer) -> None:
    chunks = [json.loads(line) for line in stream_raw(sim, "no-usage-chunk")[:-1]]
    assert all(c["choices"] and c["usage"] is None for c in chunks)


@pytest.mark.parametrize(
    ("name", "kind", "code"),
    [
        ("midstream-api", "server_error", None),
        ("midstream-overloaded", "service_unavailable_error", "server_is_overloaded"),
    ],
)
def test_mid_stream_error_is_an_error_line_without_done(
    sim: SimulatorServer, client: openai.OpenAI, name: str, kind: str, code: str | None
) -> None:
    lines = stream_raw(sim, name)
    assert len(lines) == 3 and "[DONE]" not in lines
    assert json.loads(lines[-1]) == {
        "error": {
            "message": json.loads(lines[-1])["error"]["message"],
            "type": kind,
            "param": None,
            "code": code,
        }
    }
    stream = client.chat.completions.create(
        model=MODEL, messages=PROMPT, stream=True, extra_headers=scenario(name)
    )
    received = []
    with pytest.raises(openai.APIError) as caught:
        for chunk in stream:
            received.append(chunk)
    assert len(received) == 2
    assert caught.value.body == json.loads(lines[-1])["error"]


def test_streams_are_deterministic(sim: SimulatorServer) -> None:
    assert stream_raw(sim, "parallel") == stream_raw(sim, "parallel")

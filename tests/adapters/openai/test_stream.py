"""Chat-completion chunk streams become valid Anthropic event streams, whatever the byte split:
text and tool-call deltas land in the right blocks (interleaved parallel fragments too), the
usage chunk lands in message_delta, streams without usage still end validly, and OpenAI error
lines become Anthropic error events."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.base import Call, StreamResult
from adapters.openai import finish_reason, stream
from adapters.openai.stream import StreamTranslator, ToolCall, decode_stream
from adapters.protocol.fold import fold_events
from adapters.protocol.grammar import check_stream
from adapters.protocol.schema import validate_event

CALL = Call("messages", {"model": "gpt-5", "max_tokens": 64, "messages": [], "stream": True})


def chunk(
    delta: dict[str, Any] | None = None, finish: str | None = None, **extra: Any
) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta or {}, "logprobs": None, "finish_reason": finish}
    return {
        "id": "chatcmpl-canary",
        "object": "chat.completion.chunk",
        "created": 1_760_000_000,
        "model": "gpt-5-2025-08-07",
        "choices": [choice],
        "usage": None,
        **extra,
    }


def usage_chunk(prompt: int, completion: int, cached: int | None = None) -> dict[str, Any]:
    usage: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
    if cached is not None:
        usage["prompt_tokens_details"] = {"cached_tokens": cached, "audio_tokens": 0}
    return {**chunk(), "choices": [], "usage": usage}


def start(index: int, call_id: str, name: str) -> dict[str, Any]:
    call = {"index": index, "id": call_id, "type": "function"}
    return chunk({"tool_calls": [{**call, "function": {"name": name, "arguments": ""}}]})


def args(index: int, fragment: str) -> dict[str, Any]:
    return chunk({"tool_calls": [{"index": index, "function": {"arguments": fragment}}]})


def sse(*items: dict[str, Any] | str, done: bool = True) -> bytes:
    lines = [f"data: {i if isinstance(i, str) else json.dumps(i)}\n\n" for i in items]
    return ("".join(lines) + ("data: [DONE]\n\n" if done else "")).encode()


def decode(raw: bytes, size: int | None = None) -> StreamResult:
    if size is None:
        return decode_stream(CALL, [raw])
    return decode_stream(CALL, [raw[i : i + size] for i in range(0, len(raw), size)])


def stream_faults(result: StreamResult) -> list[str]:
    """Everything wrong with a decoded stream: the decoder's problems, then the Anthropic
    schema, the event grammar and the fold (the project's checks, which use the SDK types)."""
    faults = list(result.problems)
    for i, event in enumerate(result.events):
        faults.extend(f"events[{i}]: {v.message}" for v in validate_event(event))
    faults.extend(f"{v.path}: {v.message}" for v in check_stream(result.events, result.names))
    faults.extend(f"{v.path}: {v.message}" for v in fold_events(result.events).problems)
    return faults


def message(result: StreamResult) -> dict[str, Any]:
    folded = fold_events(result.events)
    assert folded.message is not None
    return folded.message


def against(expected: dict[str, Any], result: StreamResult) -> list[str]:
    """How a decoded stream departs from the message it should carry, one line each."""
    found = stream_faults(result)
    got = message(result)
    for key in ("content", "stop_reason", "stop_sequence", "usage"):
        if got.get(key) != expected[key]:
            found.append(f"{key}: expected {expected[key]!r}, got {got.get(key)!r}")
    return found


PARALLEL_INTERLEAVED = sse(
    chunk({"role": "assistant", "content": ""}),
    chunk({"content": "Checking both."}),
    start(0, "call_a", "get_time"),
    start(1, "call_b", "get_weather"),
    args(0, '{"timezone":'),
    args(1, '{"city":'),
    args(0, ' "Asia/Tokyo"}'),
    args(1, ' "Tokyo"}'),
    chunk(finish="tool_calls"),
    usage_chunk(412, 57, cached=400),
)
PARALLEL_MESSAGE: dict[str, Any] = {
    "content": [
        {"type": "text", "text": "Checking both."},
        {
            "type": "tool_use",
            "id": "call_a",
            "name": "get_time",
            "input": {"timezone": "Asia/Tokyo"},
        },
        {"type": "tool_use", "id": "call_b", "name": "get_weather", "input": {"city": "Tokyo"}},
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {"input_tokens": 12, "cache_read_input_tokens": 400, "output_tokens": 57},
}
TEXT_AFTER_TOOL = sse(
    chunk({"role": "assistant", "content": ""}),
    start(0, "call_a", "lookup"),
    args(0, '{"q":"tide'),
    chunk({"content": "Looking that up"}),
    args(0, ' tables"}'),
    chunk({"content": " now."}),
    chunk(finish="tool_calls"),
    usage_chunk(30, 20),
)
TEXT = sse(
    chunk({"role": "assistant", "content": "", "refusal": None}),
    chunk({"content": "Grüße "}),
    chunk({"content": "aus Köln → 東京 🚄"}),
    chunk(finish="stop"),
    usage_chunk(10, 9, cached=0),
)
MID_STREAM_ERROR = sse(
    chunk({"role": "assistant", "content": ""}),
    chunk({"content": "Here is"}),
    {
        "error": {
            "message": "Overloaded",
            "type": "service_unavailable_error",
            "param": None,
            "code": "server_is_overloaded",
        }
    },
    done=False,
)
STREAMS = {
    "text": TEXT,
    "parallel-interleaved": PARALLEL_INTERLEAVED,
    "text-after-tool": TEXT_AFTER_TOOL,
    "mid-stream-error": MID_STREAM_ERROR,
}


def test_a_text_stream_becomes_the_anthropic_event_sequence() -> None:
    result = decode(TEXT)
    assert result.problems == []
    assert result.events == [
        {
            "type": "message_start",
            "message": {
                "id": "chatcmpl-canary",
                "type": "message",
                "role": "assistant",
                "model": "gpt-5-2025-08-07",
                "content": [],
                "stop_reason": None,
                "stop_sequence": None,
                "usage": {"input_tokens": 0, "output_tokens": 0},
            },
        },
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "text_delta", "text": "Grüße "},
        },
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "text_delta", "text": "aus Köln → 東京 🚄"},
        },
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"input_tokens": 10, "cache_read_input_tokens": 0, "output_tokens": 9},
        },
        {"type": "message_stop"},
    ]
    assert result.names == [e["type"] for e in result.events]
    assert stream_faults(result) == []


@pytest.mark.parametrize("size", [1, 7])
@pytest.mark.parametrize("name", STREAMS)
def test_any_byte_split_decodes_identically(name: str, size: int) -> None:
    whole = decode(STREAMS[name])
    assert decode(STREAMS[name], size) == whole


def test_interleaved_parallel_fragments_land_in_their_own_blocks() -> None:
    result = decode(PARALLEL_INTERLEAVED)
    assert against(PARALLEL_MESSAGE, result) == []
    kinds = [(e["type"], e.get("index")) for e in result.events]
    # the first call streams live; the second is held until the choice finishes
    assert kinds.index(("content_block_delta", 1)) < kinds.index(("content_block_start", 2))
    assert kinds.index(("content_block_stop", 1)) < kinds.index(("content_block_start", 2))


def test_sequential_parallel_calls_stream_block_after_block() -> None:
    raw = sse(
        start(0, "call_a", "get_time"),
        args(0, '{"timezone": "Asia/Tokyo"}'),
        start(1, "call_b", "get_weather"),
        args(1, '{"city": "Tokyo"}'),
        chunk(finish="tool_calls"),
        usage_chunk(412, 57, cached=400),
    )
    result = decode(raw)
    assert against({**PARALLEL_MESSAGE, "content": PARALLEL_MESSAGE["content"][1:]}, result) == []


def test_text_after_a_tool_call_is_a_new_block_after_it() -> None:
    result = decode(TEXT_AFTER_TOOL)
    expected = {
        "content": [
            {"type": "tool_use", "id": "call_a", "name": "lookup", "input": {"q": "tide tables"}},
            {"type": "text", "text": "Looking that up now."},
        ],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {"input_tokens": 30, "output_tokens": 20},
    }
    assert against(expected, result) == []


def test_a_stream_without_usage_still_ends_validly() -> None:
    result = decode(
        sse(
            chunk({"role": "assistant", "content": ""}),
            chunk({"content": "Hi"}),
            chunk(finish="stop"),
        )
    )
    assert stream_faults(result) == []
    assert result.events[-2]["usage"] == {"output_tokens": 0}
    assert result.events[-1] == {"type": "message_stop"}


def test_a_stream_cut_after_its_finish_chunk_still_ends_validly() -> None:
    result = decode(sse(chunk({"content": "Hi"}), chunk(finish="length"), done=False))
    assert stream_faults(result) == []
    assert message(result)["stop_reason"] == "max_tokens"


def test_usage_in_the_finish_chunk_itself_is_used() -> None:
    finish = {**chunk(finish="stop"), "usage": usage_chunk(20, 3)["usage"]}
    result = decode(sse(chunk({"content": "Hi"}), finish))
    assert stream_faults(result) == []
    assert message(result)["usage"] == {"input_tokens": 20, "output_tokens": 3}


def test_a_leading_chunk_without_choices_does_not_open_the_message() -> None:
    preamble = {
        "id": "",
        "object": "",
        "created": 0,
        "model": "",
        "choices": [],
        "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}],
    }
    result = decode(sse(preamble, chunk({"content": "Hi"}), chunk(finish="stop")))
    assert stream_faults(result) == []
    assert result.events[0]["message"]["id"] == "chatcmpl-canary"


def test_a_matched_stop_named_by_the_server_is_a_stop_sequence() -> None:
    finish = chunk(finish="stop")
    finish["choices"][0]["stop_reason"] = "</answer>"
    result = decode(sse(chunk({"content": "<answer>17:25"}), finish, usage_chunk(52, 30)))
    assert message(result)["stop_reason"] == "stop_sequence"
    assert message(result)["stop_sequence"] == "</answer>"


def test_refusal_deltas_are_text_and_the_stop_reason_is_refusal() -> None:
    result = decode(
        sse(chunk({"refusal": "I can't"}), chunk({"refusal": " help."}), chunk(finish="stop"))
    )
    assert message(result)["content"] == [{"type": "text", "text": "I can't help."}]
    assert message(result)["stop_reason"] == "refusal"


def test_an_empty_tool_calls_list_beside_content_is_just_text() -> None:
    result = decode(sse(chunk({"content": "Hello", "tool_calls": []}), chunk(finish="stop")))
    assert stream_faults(result) == []
    assert message(result)["content"] == [{"type": "text", "text": "Hello"}]


def test_a_mid_stream_error_becomes_the_last_event() -> None:
    result = decode(MID_STREAM_ERROR)
    assert result.problems == []
    assert result.events[-1] == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
    }
    assert [e["type"] for e in result.events] == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "error",
    ]
    folded = fold_events(result.events)
    assert folded.error == {"type": "overloaded_error", "message": "Overloaded"}


def test_an_error_before_any_chunk_is_the_only_event() -> None:
    error = {"error": {"message": "boom", "type": "server_error", "param": None, "code": None}}
    result = decode(sse(error, done=False))
    assert result.events == [{"type": "error", "error": {"type": "api_error", "message": "boom"}}]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (
            sse(chunk({"content": "Hi"}), done=False),
            "the stream ended before it finished (no finish_reason and no [DONE])",
        ),
        (b"", "the stream ended without any chunk"),
        (sse(done=True), "[DONE] before any chunk"),
    ],
)
def test_a_stream_that_stops_early_ends_with_an_api_error_event(raw: bytes, reason: str) -> None:
    result = decode(raw)
    assert result.events[-1] == {
        "type": "error",
        "error": {"type": "api_error", "message": f"the OpenAI stream failed: {reason}"},
    }
    assert len(result.problems) == 1 and reason in result.problems[0]
    assert check_stream(result.events, result.names) == []
    assert fold_events(result.events).error == result.events[-1]["error"]


def test_a_deprecated_function_call_delta_ends_the_stream_with_an_api_error() -> None:
    legacy = chunk({"function_call": {"name": "get_weather", "arguments": ""}})
    raw = sse(
        chunk({"role": "assistant", "content": None}),
        legacy,
        chunk({"function_call": {"arguments": '{"city": "Paris"}'}}),
        chunk(finish="function_call"),
    )
    result = decode(raw)
    assert [e["type"] for e in result.events] == ["message_start", "error"]
    assert result.events[-1]["error"]["type"] == "api_error"
    assert "function_call" in result.events[-1]["error"]["message"]
    assert result.problems[0].startswith("SSE event 1: a deprecated function_call delta")
    assert check_stream(result.events, result.names) == []


def test_a_function_call_after_the_finish_is_reported_as_output() -> None:
    late = chunk({"function_call": {"name": "get_weather", "arguments": "{}"}})
    result = decode(sse(chunk({"content": "Hi"}), chunk(finish="stop"), late))
    assert any("output after finish_reason" in p for p in result.problems)


@pytest.mark.parametrize("fragment", [" ", "\n "])
def test_blank_tool_arguments_are_an_empty_input(fragment: str) -> None:
    result = decode(sse(start(0, "call_a", "now"), args(0, fragment), chunk(finish="tool_calls")))
    assert stream_faults(result) == []
    assert message(result)["content"] == [
        {"type": "tool_use", "id": "call_a", "name": "now", "input": {}}
    ]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (sse("not json", chunk({"content": "Hi"}), chunk(finish="stop")), "data is not JSON"),
        (
            sse(
                chunk({"content": "Hi"}),
                {**chunk({"content": "x"}), "choices": [{"index": 1, "delta": {"content": "x"}}]},
                chunk(finish="stop"),
            ),
            "choice 1 ignored; only choice 0 is read",
        ),
        (
            sse(start(0, "call_a", "f"), args(0, '{"a": '), chunk(finish="tool_calls")),
            "tool call 0 (call_a): arguments are not valid JSON",
        ),
        (sse(chunk({"content": "Hi"}), done=False), "the stream ended before it finished"),
        (sse(chunk({"content": "Hi"}), chunk(finish="eos")), "unknown finish_reason 'eos'"),
        (
            sse(
                chunk({"content": "Hi"}),
                chunk(finish="stop"),
                usage_chunk(1, 1),
                chunk({"content": "late"}),
            ),
            "data after the stream ended",
        ),
        (sse(chunk({"content": "Hi"})), "[DONE] before any finish_reason"),
        (sse(args(0, "{}"), chunk(finish="tool_calls")), "tool call 0 started without an id"),
        (b"", "the stream ended without any chunk"),
    ],
)
def test_faults_are_reported_as_problems(raw: bytes, problem: str) -> None:
    result = decode(raw)
    assert any(problem in p for p in result.problems), result.problems


def test_injected_bug_routing_a_fragment_to_the_wrong_block_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def latest_call(self: StreamTranslator, index: int, call_id: Any) -> ToolCall | None:
        if call_id:
            return None
        return list(self.tools.values())[-1]  # ignores the index: the most recent call

    monkeypatch.setattr(StreamTranslator, "tool_for", latest_call)
    found = against(PARALLEL_MESSAGE, decode(PARALLEL_INTERLEAVED))
    assert "tool call 1 (call_b): arguments are not valid JSON (" in found[0]
    assert any(line.startswith("content: expected") for line in found)


def test_injected_bug_mapping_length_to_end_turn_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = sse(
        chunk({"content": "The first part of a long"}), chunk(finish="length"), usage_chunk(5, 6)
    )
    expected = {
        "content": [{"type": "text", "text": "The first part of a long"}],
        "stop_reason": "max_tokens",
        "stop_sequence": None,
        "usage": {"input_tokens": 5, "output_tokens": 6},
    }
    assert against(expected, decode(raw)) == []
    monkeypatch.setitem(finish_reason.STOP_REASONS, "length", "end_turn")
    assert against(expected, decode(raw)) == ["stop_reason: expected 'max_tokens', got 'end_turn'"]


def test_injected_bug_dropping_cached_tokens_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    def without_cache(usage: Any, path: str) -> dict[str, Any]:
        return {"input_tokens": usage["prompt_tokens"], "output_tokens": usage["completion_tokens"]}

    monkeypatch.setattr(stream, "anthropic_usage", without_cache)
    assert against(PARALLEL_MESSAGE, decode(PARALLEL_INTERLEAVED)) == [
        "usage: expected {'input_tokens': 12, 'cache_read_input_tokens': 400, "
        "'output_tokens': 57}, got {'input_tokens': 412, 'output_tokens': 57}"
    ]

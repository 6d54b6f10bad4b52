"""A ConverseStream as a valid Anthropic event sequence: blocks started by their first delta,
the signature as its own delta, redacted bytes exact, tool input as JSON fragments (``{}``
for a tool without arguments), usage from the trailing metadata in message_delta, and
exception frames or a premature end as an error event. Each check the harness runs on a
stream (SDK types, grammar, fold) passes, and the injected bugs named in the tests fail it.

Streams are built with the simulator's frame encoder (itself checked against botocore)."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest

from adapters.base import Call, StreamResult
from adapters.bedrock.converse.adapter import ADAPTER
from adapters.protocol.fold import fold_events
from harness.checks import check_stream
from harness.compare import diff
from harness.simulator.bedrock.eventstream import event_frame, exception_frame

MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
CALL = Call("messages", {"model": MODEL, "max_tokens": 64, "messages": [], "stream": True})
SIGNATURE = (
    "EqwCCkgIBhABGAIqQNV8Q8X7sLdL9PJXpi2U2gJ5jMZAU6tGdknRgKWszFtZRqRYvPDUaFns1yze3bBz+V30VYQ=="
)
REDACTED = base64.b64encode(bytes(range(40))).decode()
USAGE = {
    "inputTokens": 493,
    "outputTokens": 142,
    "totalTokens": 4731,
    "cacheReadInputTokens": 4096,
    "cacheWriteInputTokens": 0,
    "serverToolUsage": {},
}


def frame(name: str, payload: dict[str, Any]) -> bytes:
    return event_frame(name, json.dumps({**payload, "p": "abcdefghijklmnop"}).encode())


def delta(index: int, value: dict[str, Any]) -> bytes:
    return frame("contentBlockDelta", {"contentBlockIndex": index, "delta": value})


def stop(index: int) -> bytes:
    return frame("contentBlockStop", {"contentBlockIndex": index})


def tool_start(index: int, tool_id: str, name: str) -> bytes:
    start = {"toolUse": {"toolUseId": tool_id, "name": name, "type": "tool_use"}}
    return frame("contentBlockStart", {"contentBlockIndex": index, "start": start})


HEAD = frame("messageStart", {"role": "assistant"})
THINKING = [
    delta(0, {"reasoningContent": {"text": "Three nights "}}),
    delta(0, {"reasoningContent": {"text": "at ¥48,500."}}),
    delta(0, {"reasoningContent": {"text": ""}}),
    delta(0, {"reasoningContent": {"signature": SIGNATURE}}),
    stop(0),
]
REDACTED_BLOCK = [
    delta(1, {"reasoningContent": {"redactedContent": REDACTED[:16]}}),
    delta(1, {"reasoningContent": {"redactedContent": REDACTED[16:]}}),
    stop(1),
]
TEXT = [delta(2, {"text": "Let me "}), delta(2, {"text": "convert."}), stop(2)]
TOOLS = [
    tool_start(3, "tooluse_A", "convert"),
    delta(3, {"toolUse": {"input": ""}}),
    delta(3, {"toolUse": {"input": '{"amount": 14'}}),
    delta(3, {"toolUse": {"input": '5500, "to": "EUR"}'}}),
    stop(3),
    tool_start(4, "tooluse_B", "now"),
    stop(4),
]
TAIL = [
    frame(
        "messageStop",
        {
            "stopReason": "tool_use",
            "additionalModelResponseFields": {"delta": {"stop_sequence": None}},
        },
    ),
    frame("metadata", {"usage": USAGE, "metrics": {"latencyMs": 1234}}),
]
STREAM = b"".join([HEAD, *THINKING, *REDACTED_BLOCK, *TEXT, *TOOLS, *TAIL])
EXPECTED_CONTENT = [
    {"type": "thinking", "thinking": "Three nights at ¥48,500.", "signature": SIGNATURE},
    {"type": "redacted_thinking", "data": REDACTED},
    {"type": "text", "text": "Let me convert."},
    {
        "type": "tool_use",
        "id": "tooluse_A",
        "name": "convert",
        "input": {"amount": 145500, "to": "EUR"},
    },
    {"type": "tool_use", "id": "tooluse_B", "name": "now", "input": {}},
]
EXPECTED_USAGE = {
    "input_tokens": 493,
    "cache_creation_input_tokens": 0,
    "cache_read_input_tokens": 4096,
    "output_tokens": 142,
}


def decode(data: bytes, size: int | None = None) -> StreamResult:
    if size is None:
        return ADAPTER.decode_stream(CALL, [data])
    return ADAPTER.decode_stream(CALL, [data[i : i + size] for i in range(0, len(data), size)])


def folded(events: list[dict[str, Any]]) -> dict[str, Any]:
    message = fold_events(events).message
    assert message is not None
    return message


def test_a_stream_becomes_a_valid_anthropic_event_sequence() -> None:
    result = decode(STREAM)
    assert result.problems == []
    assert check_stream(result.events, result.names) == []
    message = folded(result.events)
    assert message["content"] == EXPECTED_CONTENT
    assert (message["stop_reason"], message["stop_sequence"]) == ("tool_use", None)
    assert message["usage"] == EXPECTED_USAGE


def test_the_events_are_those_an_anthropic_stream_carries() -> None:
    result = decode(STREAM)
    assert result.names == [e["type"] for e in result.events]
    assert result.events[0]["message"]["usage"] == {"input_tokens": 0, "output_tokens": 0}
    assert result.events[1:6] == [
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "thinking", "thinking": "", "signature": ""},
        },
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "thinking_delta", "thinking": "Three nights "},
        },
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "thinking_delta", "thinking": "at ¥48,500."},
        },
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "signature_delta", "signature": SIGNATURE},
        },
        {"type": "content_block_stop", "index": 0},
    ]
    assert result.events[6] == {
        "type": "content_block_start",
        "index": 1,
        "content_block": {"type": "redacted_thinking", "data": REDACTED},
    }
    assert result.events[-4:-2] == [
        {
            "type": "content_block_delta",
            "index": 4,
            "delta": {"type": "input_json_delta", "partial_json": "{}"},
        },
        {"type": "content_block_stop", "index": 4},
    ]
    assert result.events[-2] == {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use", "stop_sequence": None},
        "usage": EXPECTED_USAGE,
    }
    assert result.events[-1] == {"type": "message_stop"}


@pytest.mark.parametrize("size", [1, 9, 61])
def test_any_split_decodes_identically(size: int) -> None:
    assert decode(STREAM, size) == decode(STREAM)


def test_blocks_get_anthropic_indices_in_order_of_appearance() -> None:
    data = b"".join(
        [HEAD, delta(7, {"text": "a"}), stop(7), tool_start(9, "t1", "f"), stop(9), *TAIL]
    )
    result = decode(data)
    starts = [e["index"] for e in result.events if e["type"] == "content_block_start"]
    assert starts == [0, 1]
    assert check_stream(result.events, result.names) == []


def test_metadata_before_message_stop_also_completes_the_message() -> None:
    result = decode(b"".join([HEAD, delta(0, {"text": "Hi"}), stop(0), TAIL[1], TAIL[0]]))
    assert result.events[-2]["usage"] == EXPECTED_USAGE
    assert result.problems == []


def test_the_matched_stop_sequence_is_recovered() -> None:
    stop_event = frame(
        "messageStop",
        {
            "stopReason": "stop_sequence",
            "additionalModelResponseFields": {"delta": {"stop_sequence": "</answer>"}},
        },
    )
    result = decode(b"".join([HEAD, delta(0, {"text": "17:25"}), stop(0), stop_event, TAIL[1]]))
    assert result.events[-2]["delta"] == {
        "stop_reason": "stop_sequence",
        "stop_sequence": "</answer>",
    }


def test_a_text_block_opened_by_a_citation_starts_with_citations() -> None:
    citation = {
        "title": "Policy",
        "sourceContent": [{"text": "30 days"}],
        "location": {"documentChar": {"documentIndex": 0, "start": 1, "end": 8}},
    }
    result = decode(
        b"".join(
            [HEAD, delta(0, {"citation": citation}), delta(0, {"text": "30 days"}), stop(0), *TAIL]
        )
    )
    assert result.events[1]["content_block"] == {"type": "text", "text": "", "citations": []}
    assert folded(result.events)["content"][0]["citations"][0]["type"] == "char_location"
    assert check_stream(result.events, result.names) == []


@pytest.mark.parametrize(
    ("exception", "error_type"),
    [
        ("throttlingException", "rate_limit_error"),
        ("serviceUnavailableException", "overloaded_error"),
        ("internalServerException", "api_error"),
        ("modelStreamErrorException", "api_error"),
        ("validationException", "invalid_request_error"),
    ],
)
def test_an_exception_frame_ends_the_stream_with_an_error_event(
    exception: str, error_type: str
) -> None:
    data = b"".join(
        [HEAD, delta(0, {"text": "Hi"}), exception_frame(exception, b'{"message":"canary"}')]
    )
    result = decode(data)
    assert result.events[-1] == {
        "type": "error",
        "error": {"type": error_type, "message": "canary"},
    }
    assert result.problems == []
    assert check_stream(result.events, result.names) == []


def test_a_model_stream_error_is_typed_by_the_models_own_status() -> None:
    payload = b'{"message":"canary","originalStatusCode":429,"originalMessage":"Too many"}'
    data = b"".join(
        [HEAD, delta(0, {"text": "Hi"}), exception_frame("modelStreamErrorException", payload)]
    )
    result = decode(data)
    assert result.events[-1] == {
        "type": "error",
        "error": {"type": "rate_limit_error", "message": "canary"},
    }


@pytest.mark.parametrize(
    ("ending", "reason"),
    [
        (
            [frame("messageStop", {"stopReason": "surprise"}), TAIL[1]],
            "messageStop.stopReason: unknown Converse stopReason 'surprise'",
        ),
        (
            [frame("messageStop", {"stopReason": ["end_turn"]}), TAIL[1]],
            "messageStop.stopReason: must be a string, got ['end_turn']",
        ),
        (
            [TAIL[0], frame("metadata", {"usage": {**USAGE, "cacheDetails": [{"ttl": "2h"}]}})],
            "metadata.usage.cacheDetails[0]: unknown cache ttl",
        ),
    ],
)
def test_an_ending_that_cannot_be_translated_ends_the_stream_with_its_reason(
    ending: list[bytes], reason: str
) -> None:
    result = decode(b"".join([HEAD, delta(0, {"text": "Hi"}), stop(0), *ending]))
    error = result.events[-1]
    assert error["type"] == "error"
    assert error["error"]["type"] == "api_error"
    assert reason in error["error"]["message"]
    assert not any("before messageStop" in p or "without messageStop" in p for p in result.problems)
    assert any(reason in p for p in result.problems)
    assert check_stream(result.events, result.names) == []


def test_a_server_tool_use_ends_the_stream_naming_the_field() -> None:
    start = {"toolUse": {"toolUseId": "srv_1", "name": "web_search", "type": "server_tool_use"}}
    data = b"".join(
        [
            HEAD,
            frame("contentBlockStart", {"contentBlockIndex": 0, "start": start}),
            delta(0, {"toolUse": {"input": '{"query": "tides"}'}}),
            stop(0),
            *TAIL,
        ]
    )
    result = decode(data)
    assert [e["type"] for e in result.events] == ["message_start", "error"]
    assert "contentBlockStart.start.toolUse.type" in result.events[-1]["error"]["message"]
    assert check_stream(result.events, result.names) == []


def test_a_malformed_tool_use_ends_the_stream_with_an_api_error() -> None:
    bad = frame("messageStop", {"stopReason": "malformed_tool_use"})
    result = decode(b"".join([HEAD, tool_start(0, "t", "f"), stop(0), bad, TAIL[1]]))
    assert result.events[-1]["type"] == "error"
    assert result.events[-1]["error"]["type"] == "api_error"
    assert "malformed_tool_use" in result.events[-1]["error"]["message"]


def test_a_stream_without_message_stop_is_a_finding_and_an_error() -> None:
    result = decode(b"".join([HEAD, delta(0, {"text": "Hi"}), stop(0)]))
    assert result.events[-1]["type"] == "error"
    assert any("without messageStop" in p for p in result.problems)


def test_a_stream_without_metadata_is_a_finding_but_completes() -> None:
    result = decode(b"".join([HEAD, delta(0, {"text": "Hi"}), stop(0), TAIL[0]]))
    assert [e["type"] for e in result.events][-2:] == ["message_delta", "message_stop"]
    assert any("usage is unknown" in p for p in result.problems)


def test_interleaved_blocks_are_reported() -> None:
    data = b"".join(
        [HEAD, delta(0, {"text": "a"}), delta(1, {"text": "b"}), stop(0), stop(1), *TAIL]
    )
    result = decode(data)
    assert any("interleaves" in p for p in result.problems)


def test_an_event_converse_does_not_define_is_reported_and_skipped() -> None:
    result = decode(
        b"".join([HEAD, frame("surprise", {}), delta(0, {"text": "a"}), stop(0), *TAIL])
    )
    assert any("not a ConverseStream event" in p for p in result.problems)
    assert check_stream(result.events, result.names) == []


def test_a_dropped_signature_would_be_caught() -> None:
    good = decode(STREAM).events
    broken = [e for e in good if e.get("delta", {}).get("type") != "signature_delta"]  # injected
    findings = diff(EXPECTED_CONTENT, folded(broken)["content"], check="reply", against="the reply")
    assert [f.path for f in findings] == ["[0].signature"]


def test_a_swapped_tool_index_would_be_caught() -> None:
    good = decode(STREAM)
    broken = copy.deepcopy(good.events)
    for event in broken:  # an injected bug: the two tool blocks trade indices
        if event.get("index") in (3, 4):
            event["index"] = 7 - event["index"]
    assert diff(EXPECTED_CONTENT, folded(good.events)["content"], check="reply", against="r") == []
    findings = diff(EXPECTED_CONTENT, folded(broken)["content"], check="reply", against="the reply")
    assert {f.path.split(".")[0] for f in findings} == {"[3]", "[4]"}
    assert check_stream(broken, good.names) != []


def test_lost_cache_usage_would_be_caught() -> None:
    broken = copy.deepcopy(decode(STREAM).events)
    del broken[-2]["usage"]["cache_read_input_tokens"]  # an injected bug
    findings = diff(EXPECTED_USAGE, folded(broken)["usage"], check="usage", against="the reply")
    assert [f.path for f in findings] == ["cache_read_input_tokens"]


def test_a_swallowed_exception_frame_would_be_caught() -> None:
    data = b"".join([HEAD, delta(0, {"text": "Hi"}), exception_frame("throttlingException", b"{}")])
    good = decode(data)
    broken = good.events[:-1]  # an injected bug: the error event is dropped
    assert check_stream(good.events, good.names) == []
    assert any("message_stop" in f.message for f in check_stream(broken, good.names[:-1]))


def _tool_stream(start: bytes, *deltas: bytes) -> bytes:
    return b"".join([HEAD, start, *deltas, stop(0), *TAIL])


@pytest.mark.parametrize("tool_id", [None, ["t"], ""])
def test_a_tool_start_without_a_string_id_ends_the_stream_with_an_error(tool_id: Any) -> None:
    start = {"toolUse": {"toolUseId": tool_id, "name": "f"}}
    result = decode(
        _tool_stream(frame("contentBlockStart", {"contentBlockIndex": 0, "start": start}))
    )
    assert any("toolUseId" in p for p in result.problems)
    assert result.events[-1]["type"] == "error"
    assert check_stream(result.events, result.names) == []


@pytest.mark.parametrize(
    "fragment", ['{"a": ', "[1, 2]", '{"n": NaN}'], ids=["cut", "array", "nan"]
)
def test_streamed_tool_input_that_is_not_a_json_object_is_a_problem(fragment: str) -> None:
    result = decode(
        _tool_stream(tool_start(0, "t1", "f"), delta(0, {"toolUse": {"input": fragment}}))
    )
    assert any("streamed tool input is not a JSON object" in p for p in result.problems)


def test_streamed_tool_input_that_is_not_text_is_a_problem_and_skipped() -> None:
    result = decode(
        _tool_stream(tool_start(0, "t1", "f"), delta(0, {"toolUse": {"input": {"a": 1}}}))
    )
    assert any("tool input must be JSON text" in p for p in result.problems)
    assert all(e.get("delta", {}).get("partial_json") != "{'a': 1}" for e in result.events)


def test_text_that_is_not_a_string_is_a_problem_and_skipped() -> None:
    body = b"".join([HEAD, delta(0, {"text": ["x"]}), delta(0, {"text": "ok"}), stop(0), *TAIL])
    result = decode(body)
    assert any("text must be a string" in p for p in result.problems)
    assert check_stream(result.events, result.names) == []


def test_a_role_other_than_assistant_is_reported_and_sent_as_assistant() -> None:
    body = b"".join([frame("messageStart", {"role": 7710}), *TEXT, *TAIL])
    result = decode(body)
    assert any("is not 'assistant'" in p for p in result.problems)
    assert result.events[0]["message"]["role"] == "assistant"

"""An InvokeModelWithResponseStream body decodes to the Anthropic events its chunks carry, for
any split; invocation metrics are understood and removed; exception frames become an error
event that ends the stream; a stream that just stops is a finding, never a success.

Streams are built with the simulator's frame encoder (itself checked against botocore)."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest

from adapters.base import Call, StreamResult
from adapters.bedrock.invoke.adapter import ADAPTER
from adapters.protocol.fold import fold_events
from harness.checks import check_stream
from harness.simulator.bedrock.eventstream import error_frame, event_frame, exception_frame

CALL = Call("messages", {"model": "anthropic.claude-x", "max_tokens": 64, "stream": True})
METRICS = {
    "inputTokenCount": 12,
    "outputTokenCount": 5,
    "invocationLatency": 640,
    "firstByteLatency": 310,
    "cacheReadInputTokenCount": 2048,
    "cacheWriteInputTokenCount": 0,
}
EVENTS: list[dict[str, Any]] = [
    {
        "type": "message_start",
        "message": {
            "id": "msg_bdrk_01Canary",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5-20250929",
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 12, "output_tokens": 1},
        },
    },
    {
        "type": "content_block_start",
        "index": 0,
        "content_block": {"type": "thinking", "thinking": "", "signature": ""},
    },
    {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "thinking_delta", "thinking": "Hm."},
    },
    {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "signature_delta", "signature": "EqCanarySig=="},
    },
    {"type": "content_block_stop", "index": 0},
    {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
    {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Grüß"}},
    {"type": "content_block_stop", "index": 1},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 5},
    },
    {"type": "message_stop", "amazon-bedrock-invocationMetrics": METRICS},
]


def chunk(event: dict[str, Any], padding: str | None = "abcdefghij") -> bytes:
    payload: dict[str, Any] = {"bytes": base64.b64encode(json.dumps(event).encode()).decode()}
    if padding is not None:
        payload["p"] = padding
    return event_frame("chunk", json.dumps(payload).encode())


def stream(events: list[dict[str, Any]]) -> bytes:
    return b"".join(
        chunk(e, "abcdefghijklmnopqrstuvwxyzABCDEFG"[: 3 + i]) for i, e in enumerate(events)
    )


def decode(data: bytes, size: int | None = None) -> StreamResult:
    if size is None:
        return ADAPTER.decode_stream(CALL, [data])
    return ADAPTER.decode_stream(CALL, [data[i : i + size] for i in range(0, len(data), size)])


def test_chunks_decode_to_the_anthropic_events_they_carry() -> None:
    result = decode(stream(EVENTS))
    assert result.names == [e["type"] for e in EVENTS]
    assert result.events[:-2] == EVENTS[:-2]
    assert result.problems == []
    assert check_stream(result.events, result.names) == []


def test_invocation_metrics_are_removed_and_fill_missing_nonzero_cache_usage() -> None:
    result = decode(stream(EVENTS))
    assert result.events[-1] == {"type": "message_stop"}
    assert result.events[-2]["usage"] == {"output_tokens": 5, "cache_read_input_tokens": 2048}
    assert fold_events(result.events).message["usage"]["cache_read_input_tokens"] == 2048  # type: ignore[index]


def test_cache_usage_already_in_message_delta_is_kept() -> None:
    events = copy.deepcopy(EVENTS)
    events[-2]["usage"] = {"output_tokens": 5, "cache_read_input_tokens": 7}
    result = decode(stream(events))
    assert result.events[-2]["usage"]["cache_read_input_tokens"] == 7


def test_losing_the_cache_usage_would_be_caught() -> None:
    good = decode(stream(EVENTS))
    broken = copy.deepcopy(good.events)
    del broken[-2]["usage"]["cache_read_input_tokens"]  # an injected bug
    folded_good = fold_events(good.events).message
    folded_broken = fold_events(broken).message
    assert folded_good is not None and folded_broken is not None
    assert folded_good["usage"].get("cache_read_input_tokens") == 2048
    assert folded_broken["usage"].get("cache_read_input_tokens") is None


@pytest.mark.parametrize("size", [1, 7, 37])
def test_any_split_decodes_identically(size: int) -> None:
    data = stream(EVENTS)
    assert decode(data, size) == decode(data)


def test_padding_may_be_missing_as_in_older_captures() -> None:
    data = b"".join(chunk(e, padding=None) for e in EVENTS)
    assert decode(data).events == decode(stream(EVENTS)).events


@pytest.mark.parametrize(
    ("exception", "error_type"),
    [
        ("throttlingException", "rate_limit_error"),
        ("serviceUnavailableException", "overloaded_error"),
        ("internalServerException", "api_error"),
        ("modelStreamErrorException", "api_error"),
        ("modelTimeoutException", "timeout_error"),
        ("validationException", "invalid_request_error"),
    ],
)
def test_an_exception_frame_becomes_an_error_event_that_ends_the_stream(
    exception: str, error_type: str
) -> None:
    data = stream(EVENTS[:3]) + exception_frame(exception, b'{"message":"canary failure"}')
    result = decode(data)
    assert result.events[:3] == EVENTS[:3]
    assert result.events[3] == {
        "type": "error",
        "error": {"type": error_type, "message": "canary failure"},
    }
    assert result.names[3] == "error"
    assert result.problems == []
    assert check_stream(result.events, result.names) == []


def test_swallowing_the_exception_frame_would_be_caught() -> None:
    data = stream(EVENTS[:3]) + exception_frame("throttlingException", b'{"message":"slow"}')
    good = decode(data)
    broken = good.events[:-1]  # an injected bug: the error event is dropped
    assert check_stream(good.events, good.names) == []
    findings = check_stream(broken, good.names[:-1])
    assert findings, "a stream cut short without an error must be a finding"
    assert any("message_stop" in f.message for f in findings)


def test_frames_after_an_exception_are_reported_and_ignored() -> None:
    data = stream(EVENTS[:2]) + exception_frame("throttlingException", b"{}") + stream(EVENTS[2:3])
    result = decode(data)
    assert result.names == ["message_start", "content_block_start", "error"]
    assert result.events[-1]["error"]["type"] == "rate_limit_error"
    assert result.events[-1]["error"]["message"]
    assert len(result.problems) == 1
    assert "after the stream ended" in result.problems[0]


def test_a_protocol_error_frame_becomes_an_api_error_event() -> None:
    result = decode(stream(EVENTS[:1]) + error_frame("InternalFailure", "canary boom"))
    assert result.events[-1] == {
        "type": "error",
        "error": {"type": "api_error", "message": "canary boom"},
    }


def test_a_stream_that_stops_without_message_stop_is_a_finding_and_an_error() -> None:
    result = decode(stream(EVENTS[:7]))
    assert result.events[:7] == EVENTS[:7]
    assert result.events[7]["type"] == "error"
    assert result.events[7]["error"]["type"] == "api_error"
    assert any("without message_stop" in p for p in result.problems)


def test_a_stream_cut_inside_a_frame_is_a_finding() -> None:
    data = stream(EVENTS)
    result = decode(data[:-5])
    assert any("ended inside a frame" in p for p in result.problems)
    assert result.events[-1]["type"] == "error"


def test_a_corrupt_frame_is_a_finding() -> None:
    data = bytearray(stream(EVENTS))
    data[20] ^= 0xFF
    result = decode(bytes(data))
    assert any("corrupt event-stream frame" in p for p in result.problems)
    assert result.events[-1]["type"] == "error"


def test_a_legacy_completion_chunk_is_not_taken_for_an_event() -> None:
    legacy = {"completion": " Hello", "stop_reason": None, "stop": None}
    result = decode(stream([legacy]))
    assert any("legacy Text Completions" in p for p in result.problems)
    assert [e["type"] for e in result.events] == ["error"]

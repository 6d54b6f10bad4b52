"""Native SSE bytes decode to the Anthropic events they carry, whatever the chunking, and
faults are reported as problems rather than lost or raised."""

from __future__ import annotations

from typing import Any

from adapters.anthropic.adapter import ADAPTER
from adapters.base import Call, StreamResult

CALL = Call(
    "messages", {"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": [], "stream": True}
)

# Shaped like recorded traffic: padded JSON, a spaced ping after the first block start, a
# thinking block whose signature arrives last, a tool block whose first fragment is "",
# usage repeated in message_delta, and non-ASCII text.
STREAM = (
    b"event: message_start\n"
    b'data: {"type":"message_start","message":{"id":"msg_01Canary","type":"message",'
    b'"role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,'
    b'"stop_sequence":null,"usage":{"input_tokens":412,"cache_creation_input_tokens":0,'
    b'"cache_read_input_tokens":0,"output_tokens":1}}       }\n\n'
    b"event: content_block_start\n"
    b'data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking",'
    b'"thinking":"","signature":""}     }\n\n'
    b"event: ping\n"
    b'data: {"type": "ping"}\n\n'
    b"event: content_block_delta\n"
    b'data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta",'
    b'"thinking":"Paris \xe2\x86\x92 weather."}}\n\n'
    b"event: content_block_delta\n"
    b'data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta",'
    b'"signature":"EqQBCkYIBxgCKkCanary=="}}\n\n'
    b"event: content_block_stop\n"
    b'data: {"type":"content_block_stop","index":0 }\n\n'
    b"event: content_block_start\n"
    b'data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use",'
    b'"id":"toolu_01Canary","name":"get_weather","input":{}}}\n\n'
    b"event: content_block_delta\n"
    b'data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta",'
    b'"partial_json":""}}\n\n'
    b"event: content_block_delta\n"
    b'data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta",'
    b'"partial_json":"{\\"city\\": \\"Paris\\"}"}}\n\n'
    b"event: content_block_stop\n"
    b'data: {"type":"content_block_stop","index":1}\n\n'
    b"event: message_delta\n"
    b'data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},'
    b'"usage":{"input_tokens":412,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,'
    b'"output_tokens":57}}\n\n'
    b"event: message_stop\n"
    b'data: {"type":"message_stop"    }\n\n'
)

EXPECTED_EVENTS: list[dict[str, Any]] = [
    {
        "type": "message_start",
        "message": {
            "id": "msg_01Canary",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5-20250929",
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {
                "input_tokens": 412,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
                "output_tokens": 1,
            },
        },
    },
    {
        "type": "content_block_start",
        "index": 0,
        "content_block": {"type": "thinking", "thinking": "", "signature": ""},
    },
    {"type": "ping"},
    {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "thinking_delta", "thinking": "Paris → weather."},
    },
    {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "signature_delta", "signature": "EqQBCkYIBxgCKkCanary=="},
    },
    {"type": "content_block_stop", "index": 0},
    {
        "type": "content_block_start",
        "index": 1,
        "content_block": {
            "type": "tool_use",
            "id": "toolu_01Canary",
            "name": "get_weather",
            "input": {},
        },
    },
    {
        "type": "content_block_delta",
        "index": 1,
        "delta": {"type": "input_json_delta", "partial_json": ""},
    },
    {
        "type": "content_block_delta",
        "index": 1,
        "delta": {"type": "input_json_delta", "partial_json": '{"city": "Paris"}'},
    },
    {"type": "content_block_stop", "index": 1},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use", "stop_sequence": None},
        "usage": {
            "input_tokens": 412,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "output_tokens": 57,
        },
    },
    {"type": "message_stop"},
]


def _split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_a_stream_decodes_to_its_events_named_after_their_types() -> None:
    result = ADAPTER.decode_stream(CALL, [STREAM])
    assert result.events == EXPECTED_EVENTS
    assert result.names == [event["type"] for event in EXPECTED_EVENTS]
    assert result.problems == []


def test_one_byte_and_seven_byte_splits_decode_identically() -> None:
    whole = ADAPTER.decode_stream(CALL, [STREAM])
    assert ADAPTER.decode_stream(CALL, _split(STREAM, 1)) == whole
    assert ADAPTER.decode_stream(CALL, _split(STREAM, 7)) == whole


def test_a_mid_stream_error_event_is_kept() -> None:
    data = (
        b'event: message_start\ndata: {"type":"message_start","message":{}}\n\n'
        b"event: error\n"
        b'data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'
    )
    result = ADAPTER.decode_stream(CALL, _split(data, 5))
    assert result.names == ["message_start", "error"]
    assert result.events[1] == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
    }


def test_data_that_is_not_json_is_reported_and_skipped() -> None:
    data = (
        b'event: ping\ndata: {"type":"ping"}\n\n'
        b"event: content_block_delta\ndata: {not json\n\n"
        b'event: message_stop\ndata: {"type":"message_stop"}\n\n'
    )
    result = ADAPTER.decode_stream(CALL, [data])
    assert result.names == ["ping", "message_stop"]
    assert result.problems == [
        "SSE event 1 ('content_block_delta'): data is not JSON, event skipped: {not json"
    ]


def test_data_that_is_json_but_not_an_object_is_reported_and_skipped() -> None:
    result = ADAPTER.decode_stream(CALL, [b"event: ping\ndata: [1]\n\n"])
    assert result == StreamResult(
        events=[],
        names=[],
        problems=[
            "SSE event 0 ('ping'): data is JSON but not an object, event skipped",
            "the stream ended without any event",
        ],
    )


def test_an_event_without_an_event_line_is_kept_under_the_default_name_and_reported() -> None:
    result = ADAPTER.decode_stream(CALL, [b'data: {"type":"message_stop"}\n\n'])
    assert result.events == [{"type": "message_stop"}]
    assert result.names == ["message"]
    assert len(result.problems) == 1
    assert "no event: line" in result.problems[0]


def test_an_unterminated_last_event_is_dropped_as_the_event_stream_rules_say() -> None:
    data = (
        b'event: ping\ndata: {"type":"ping"}\n\nevent: message_stop\ndata: {"type":"message_stop"}'
    )
    result = ADAPTER.decode_stream(CALL, [data])
    assert result.names == ["ping"]


def test_a_stream_cut_before_message_stop_is_reported_and_kept_as_it_came() -> None:
    cut = STREAM[: STREAM.index(b"event: message_delta")]
    result = ADAPTER.decode_stream(CALL, [cut])
    assert result.events == EXPECTED_EVENTS[: len(result.events)]
    assert result.events[-1] == {"type": "content_block_stop", "index": 1}
    assert result.problems == ["the stream ended without message_stop or an error event"]


def test_an_empty_body_is_reported_and_adds_no_event() -> None:
    assert ADAPTER.decode_stream(CALL, [b""]) == StreamResult(
        events=[], names=[], problems=["the stream ended without any event"]
    )


def test_a_complete_stream_has_no_problem() -> None:
    assert ADAPTER.decode_stream(CALL, [STREAM]).problems == []

"""The order rules of an Anthropic event stream, each shown holding and each shown broken."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from adapters.protocol.grammar import check_stream
from adapters.protocol.violation import Violation

Event = dict[str, Any]

MESSAGE_START: Event = {
    "type": "message_start",
    "message": {
        "id": "msg_01Rq3hQ8Zt5VzW4nKcGgYbAt",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5-20250929",
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 472, "output_tokens": 2},
    },
}
PING: Event = {"type": "ping"}


def start(index: int, block: Event) -> Event:
    return {"type": "content_block_start", "index": index, "content_block": block}


def delta(index: int, body: Event) -> Event:
    return {"type": "content_block_delta", "index": index, "delta": body}


def stop(index: int) -> Event:
    return {"type": "content_block_stop", "index": index}


def message_delta(stop_reason: str = "end_turn") -> Event:
    return {
        "type": "message_delta",
        "delta": {"stop_reason": stop_reason, "stop_sequence": None},
        "usage": {"output_tokens": 89},
    }


MESSAGE_STOP: Event = {"type": "message_stop"}
TEXT = {"type": "text", "text": ""}


def text_stream() -> list[Event]:
    return [
        MESSAGE_START,
        start(0, TEXT),
        PING,
        delta(0, {"type": "text_delta", "text": "Hello"}),
        delta(0, {"type": "text_delta", "text": "! How can I help?"}),
        stop(0),
        message_delta(),
        MESSAGE_STOP,
    ]


def thinking_and_tool_stream() -> list[Event]:
    return [
        MESSAGE_START,
        start(0, {"type": "thinking", "thinking": "", "signature": ""}),
        delta(0, {"type": "thinking_delta", "thinking": "The user wants the weather."}),
        delta(0, {"type": "signature_delta", "signature": "EqQBCkgIARABGAIiQL0"}),
        stop(0),
        start(1, TEXT),
        delta(1, {"type": "text_delta", "text": "Let me check."}),
        stop(1),
        start(2, {"type": "tool_use", "id": "toolu_01T1x", "name": "get_weather", "input": {}}),
        delta(2, {"type": "input_json_delta", "partial_json": ""}),
        delta(2, {"type": "input_json_delta", "partial_json": '{"locat'}),
        delta(2, {"type": "input_json_delta", "partial_json": 'ion": "Paris"}'}),
        stop(2),
        message_delta("tool_use"),
        MESSAGE_STOP,
    ]


def messages(violations: list[Violation]) -> list[tuple[str, str]]:
    return [(v.path, v.message) for v in violations]


# -- valid streams -------------------------------------------------------------------------


def test_a_plain_text_stream_is_valid() -> None:
    assert check_stream(text_stream()) == []


def test_thinking_text_and_tool_use_blocks_in_sequence_are_valid() -> None:
    assert check_stream(thinking_and_tool_stream()) == []


def test_a_redacted_thinking_block_without_deltas_is_valid() -> None:
    events = [
        MESSAGE_START,
        start(0, {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"}),
        stop(0),
        start(1, TEXT),
        delta(1, {"type": "text_delta", "text": "Done."}),
        stop(1),
        message_delta(),
        MESSAGE_STOP,
    ]
    assert check_stream(events) == []


def test_citations_deltas_on_a_text_block_are_valid() -> None:
    citation = {
        "type": "char_location",
        "cited_text": "The grass is green.",
        "document_index": 0,
        "document_title": "Facts",
        "start_char_index": 0,
        "end_char_index": 19,
    }
    events = [
        MESSAGE_START,
        start(0, {"type": "text", "text": "", "citations": []}),
        delta(0, {"type": "citations_delta", "citation": citation}),
        delta(0, {"type": "text_delta", "text": "the grass is green"}),
        stop(0),
        message_delta(),
        MESSAGE_STOP,
    ]
    assert check_stream(events) == []


def test_server_tool_use_takes_input_json_and_its_result_block_arrives_whole() -> None:
    events = [
        MESSAGE_START,
        start(
            0, {"type": "server_tool_use", "id": "srvtoolu_01", "name": "web_search", "input": {}}
        ),
        delta(0, {"type": "input_json_delta", "partial_json": '{"query": "weather"}'}),
        stop(0),
        start(1, {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_01", "content": []}),
        stop(1),
        message_delta(),
        MESSAGE_STOP,
    ]
    assert check_stream(events) == []


def test_pings_may_come_anywhere_before_the_end() -> None:
    events = text_stream()
    for position in (7, 6, 5, 3, 1, 0):
        events.insert(position, PING)
    assert check_stream(events) == []


def test_several_message_deltas_are_allowed() -> None:
    events = text_stream()
    events.insert(6, message_delta())
    assert check_stream(events) == []


def test_matching_sse_event_names_are_valid() -> None:
    events = text_stream()
    assert check_stream(events, [e["type"] for e in events]) == []


def test_a_stream_ended_by_an_error_mid_block_needs_no_message_stop() -> None:
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    events = [*text_stream()[:4], error]
    assert check_stream(events) == []


def test_a_stream_that_is_only_an_error_is_valid() -> None:
    error = {"type": "error", "error": {"type": "api_error", "message": "Internal server error"}}
    assert check_stream([PING, error]) == []


# -- event shape ---------------------------------------------------------------------------


def test_an_empty_stream_is_a_violation() -> None:
    assert messages(check_stream([])) == [("", "empty stream: no events at all")]


def test_events_must_be_objects_with_a_known_string_type() -> None:
    events: list[Any] = [MESSAGE_START, ["not", "an", "event"], {"index": 0}, {"type": "hello"}]
    events += text_stream()[1:]
    assert messages(check_stream(events)) == [
        ("events[1]", "event is a list, not a JSON object"),
        ("events[2]", "event has no string 'type'"),
        ("events[3]", "unknown event type 'hello'"),
    ]


def test_sse_event_names_must_equal_the_event_types() -> None:
    events = text_stream()
    names = [e["type"] for e in events]
    names[2] = "message"
    assert messages(check_stream(events, names)) == [
        ("events[2]", "SSE event name 'message' does not match its type 'ping'")
    ]


def test_the_names_list_must_be_as_long_as_the_events() -> None:
    events = text_stream()
    names = [e["type"] for e in events][:-1]
    assert messages(check_stream(events, names)) == [("", "7 SSE event names given for 8 events")]


# -- message_start -------------------------------------------------------------------------


def test_message_start_must_come_first_apart_from_pings() -> None:
    events = text_stream()
    events[0], events[1] = events[1], events[0]
    assert messages(check_stream(events)) == [
        ("events[0]", "stream starts with content_block_start, not message_start")
    ]


def test_a_stream_has_exactly_one_message_start() -> None:
    events = text_stream()
    events.insert(2, MESSAGE_START)
    assert messages(check_stream(events)) == [
        ("events[2]", "second message_start: a stream carries exactly one message")
    ]


# -- content blocks ------------------------------------------------------------------------


def test_block_indices_start_at_zero() -> None:
    events = [MESSAGE_START, start(1, TEXT), stop(1), message_delta(), MESSAGE_STOP]
    assert messages(check_stream(events)) == [
        (
            "events[1]",
            "content_block_start on index 1, expected index 0 (indices run 0, 1, 2, ... in order)",
        )
    ]


def test_block_indices_are_contiguous() -> None:
    events = thinking_and_tool_stream()
    for event in events[8:13]:
        event["index"] = 3
    assert messages(check_stream(events)) == [
        (
            "events[8]",
            "content_block_start on index 3, expected index 2 (indices run 0, 1, 2, ... in order)",
        )
    ]


def test_a_block_starts_only_after_the_previous_one_stopped() -> None:
    events = [
        MESSAGE_START,
        start(0, TEXT),
        start(1, TEXT),
        stop(0),
        stop(1),
        message_delta(),
        MESSAGE_STOP,
    ]
    assert messages(check_stream(events)) == [
        (
            "events[2]",
            "content_block_start on index 1 while block 0 is still open (blocks never interleave)",
        )
    ]


def test_an_index_cannot_be_started_twice() -> None:
    events = text_stream()
    events.insert(6, start(0, TEXT))
    assert messages(check_stream(events))[0] == (
        "events[6]",
        "second content_block_start on index 0",
    )


def test_a_delta_needs_its_block_started() -> None:
    events = text_stream()
    events.insert(1, delta(0, {"type": "text_delta", "text": "early"}))
    assert messages(check_stream(events)) == [
        ("events[1]", "content_block_delta on index 0 before its content_block_start")
    ]


def test_a_delta_after_its_block_stopped_is_a_violation() -> None:
    events = text_stream()
    events.insert(6, delta(0, {"type": "text_delta", "text": "late"}))
    assert messages(check_stream(events)) == [
        ("events[6]", "content_block_delta on index 0 after its content_block_stop")
    ]


def test_a_stop_needs_its_block_started() -> None:
    events = [MESSAGE_START, stop(0), message_delta(), MESSAGE_STOP]
    assert messages(check_stream(events)) == [
        ("events[1]", "content_block_stop on index 0 before its content_block_start")
    ]


def test_each_block_is_stopped_exactly_once() -> None:
    events = text_stream()
    events.insert(6, stop(0))
    assert messages(check_stream(events)) == [("events[6]", "second content_block_stop on index 0")]


def test_a_block_that_is_never_stopped_is_reported_at_its_start() -> None:
    events = thinking_and_tool_stream()
    del events[12]  # the tool_use block's stop
    assert messages(check_stream(events)) == [
        ("events[12]", "message_delta while block 2 is still open"),
        ("events[8]", "block 2 is never stopped"),
    ]


def test_events_need_an_integer_index() -> None:
    events = text_stream()
    events[3] = {"type": "content_block_delta", "index": "0", "delta": {"type": "text_delta"}}
    assert messages(check_stream(events)) == [
        ("events[3]", "content_block_delta has no integer index")
    ]


# -- deltas fit their block ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "bad_delta", "expected"),
    [
        (TEXT, {"type": "input_json_delta", "partial_json": "{}"}, "text_delta or citations_delta"),
        (
            {"type": "thinking", "thinking": "", "signature": ""},
            {"type": "text_delta", "text": "x"},
            "thinking_delta or signature_delta",
        ),
        (
            {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}},
            {"type": "text_delta", "text": "x"},
            "input_json_delta",
        ),
        (
            {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {}},
            {"type": "thinking_delta", "thinking": "x"},
            "input_json_delta",
        ),
    ],
)
def test_a_delta_must_fit_its_block_type(block: Event, bad_delta: Event, expected: str) -> None:
    events = [
        MESSAGE_START,
        start(0, block),
        delta(0, bad_delta),
        stop(0),
        message_delta(),
        MESSAGE_STOP,
    ]
    assert messages(check_stream(events)) == [
        (
            "events[2]",
            f"{bad_delta['type']} does not fit the {block['type']} block on index 0 "
            f"(expected {expected})",
        )
    ]


@pytest.mark.parametrize(
    "block",
    [
        {"type": "redacted_thinking", "data": "EmwKAhgB"},
        {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": []},
    ],
)
def test_blocks_that_arrive_whole_take_no_deltas(block: Event) -> None:
    events = [
        MESSAGE_START,
        start(0, block),
        delta(0, {"type": "text_delta", "text": "x"}),
        stop(0),
        message_delta(),
        MESSAGE_STOP,
    ]
    assert messages(check_stream(events)) == [
        ("events[2]", f"{block['type']} block on index 0 takes no deltas, got text_delta")
    ]


# -- the end of the message -----------------------------------------------------------------


def test_message_delta_comes_only_after_every_block_stopped() -> None:
    events = text_stream()
    events[5], events[6] = events[6], events[5]
    assert messages(check_stream(events)) == [
        ("events[5]", "message_delta while block 0 is still open"),
        ("events[6]", "content_block_stop after message_delta: content events must come before it"),
        ("events[1]", "block 0 is never stopped"),
    ]


def test_no_block_starts_after_message_delta() -> None:
    events = text_stream()
    events[7:7] = [start(1, TEXT), stop(1)]
    assert messages(check_stream(events)) == [
        (
            "events[7]",
            "content_block_start after message_delta: content events must come before it",
        ),
        ("events[8]", "content_block_stop after message_delta: content events must come before it"),
    ]


def test_message_stop_needs_a_message_delta_before_it() -> None:
    events = text_stream()
    del events[6]
    assert messages(check_stream(events)) == [
        ("events[6]", "message_stop without a message_delta before it")
    ]


def test_message_stop_is_the_last_event_and_not_even_a_ping_may_follow() -> None:
    events = [*text_stream(), PING, message_delta()]
    assert messages(check_stream(events)) == [
        ("events[8]", "ping after message_stop, which ends the stream"),
        ("events[9]", "message_delta after message_stop, which ends the stream"),
    ]


def test_a_stream_without_message_stop_is_a_violation() -> None:
    events = text_stream()[:-1]
    assert messages(check_stream(events)) == [("", "stream ended without message_stop")]


def test_a_truncated_stream_also_leaves_its_open_block_unstopped() -> None:
    events = text_stream()[:4]
    assert messages(check_stream(events)) == [
        ("events[1]", "block 0 is never stopped"),
        ("", "stream ended without message_stop"),
    ]


def test_nothing_may_follow_an_error_event() -> None:
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    events = [*text_stream()[:4], error, stop(0), PING]
    assert messages(check_stream(events)) == [
        ("events[5]", "content_block_stop after error, which ends the stream"),
        ("events[6]", "ping after error, which ends the stream"),
    ]


def test_an_error_after_message_stop_is_a_violation() -> None:
    error = {"type": "error", "error": {"type": "api_error", "message": "late"}}
    assert messages(check_stream([*text_stream(), error])) == [
        ("events[8]", "error after message_stop, which ends the stream")
    ]


def test_checking_does_not_modify_the_events() -> None:
    events = thinking_and_tool_stream()
    events.insert(3, stop(7))
    before = copy.deepcopy(events)
    check_stream(events)
    assert events == before

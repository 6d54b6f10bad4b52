"""Folding a stream into a Message, checked against the official SDK's own accumulator.

Each realistic stream is written as the wire bytes; the SDK reads them through an
``httpx.MockTransport`` and its final message is the expected value for ``fold_events``.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import anthropic
import httpx
import pytest

from adapters.protocol.fold import Folded, fold_events
from adapters.protocol.sse import decode_stream
from adapters.protocol.violation import Violation

Event = dict[str, Any]


def sse(*events: str) -> bytes:
    """Wire bytes for data lines given verbatim (so padding and key order stay as written)."""
    out = []
    for data in events:
        name = json.loads(data)["type"]
        out.append(f"event: {name}\ndata: {data}\n\n")
    return "".join(out).encode()


def message_start(usage: str = '{"input_tokens":25,"output_tokens":1}') -> str:
    return (
        '{"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL",'
        '"type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",'
        '"content":[],"stop_reason":null,"stop_sequence":null,"stop_details":null,'
        f'"usage":{usage}}}}}'
    )


TEXT_STREAM = sse(
    message_start(
        '{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,'
        '"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},'
        '"output_tokens":1,"service_tier":"standard"}'
    ),
    '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
    '{"type": "ping"}',
    '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}',
    '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"! Hi ☀"}}',
    '{"type":"content_block_stop","index":0     }',
    '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
    '"usage":{"output_tokens":12}}',
    '{"type":"message_stop"   }',
)

THINKING_TOOL_STREAM = sse(
    message_start(),
    '{"type":"content_block_start","index":0,"content_block":{"type":"thinking",'
    '"thinking":"","signature":""}}',
    '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta",'
    '"thinking":"The user wants the weather in Paris. "}}',
    '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta",'
    '"thinking":"I should call get_weather."}}',
    '{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta",'
    '"signature":"EqQBCkgIARABGAIiQL0fake"}}',
    '{"type":"content_block_stop","index":0}',
    '{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}',
    '{"type":"content_block_delta","index":1,"delta":{"type":"text_delta",'
    '"text":"Let me check the weather."}}',
    '{"type":"content_block_stop","index":1}',
    '{"type":"content_block_start","index":2,"content_block":{"type":"tool_use",'
    '"id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}',
    '{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta",'
    '"partial_json":""}}',
    '{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta",'
    '"partial_json":"{\\"locat"}}',
    '{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta",'
    '"partial_json":"ion\\": \\"Paris, Fr"}}',
    '{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta",'
    '"partial_json":"ance\\", \\"unit\\": \\"cels"}}',
    '{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta",'
    '"partial_json":"ius\\", \\"days\\": 3}"}}',
    '{"type":"content_block_stop","index":2}',
    '{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},'
    '"usage":{"input_tokens":472,"cache_creation_input_tokens":null,'
    '"cache_read_input_tokens":0,"output_tokens":89}}',
    '{"type":"message_stop"}',
)

REDACTED_STREAM = sse(
    message_start(),
    '{"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking",'
    '"data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"}}',
    '{"type":"content_block_stop","index":0}',
    '{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}',
    '{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Done."}}',
    '{"type":"content_block_stop","index":1}',
    '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
    '"usage":{"output_tokens":30}}',
    '{"type":"message_stop"}',
)

CITATION = (
    '{"type":"char_location","cited_text":"The grass is green. ","document_index":0,'
    '"document_title":"Facts","start_char_index":0,"end_char_index":20}'
)
CITATIONS_STREAM = sse(
    message_start(),
    '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"",'
    '"citations":[]}}',
    f'{{"type":"content_block_delta","index":0,"delta":{{"type":"citations_delta",'
    f'"citation":{CITATION}}}}}',
    '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta",'
    '"text":"the grass is green"}}',
    '{"type":"content_block_stop","index":0}',
    '{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}',
    f'{{"type":"content_block_delta","index":1,"delta":{{"type":"citations_delta",'
    f'"citation":{CITATION}}}}}',
    f'{{"type":"content_block_delta","index":1,"delta":{{"type":"citations_delta",'
    f'"citation":{CITATION}}}}}',
    '{"type":"content_block_stop","index":1}',
    '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
    '"usage":{"output_tokens":40}}',
    '{"type":"message_stop"}',
)

WEB_SEARCH_STREAM = sse(
    message_start(),
    '{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use",'
    '"id":"srvtoolu_01WYG3ziw53XMcoyKL4XcZmE","name":"web_search","input":{}}}',
    '{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta",'
    '"partial_json":"{\\"query\\": \\"weather"}}',
    '{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta",'
    '"partial_json":" nyc\\"}"}}',
    '{"type":"content_block_stop","index":0}',
    '{"type":"content_block_start","index":1,"content_block":{"type":"web_search_tool_result",'
    '"tool_use_id":"srvtoolu_01WYG3ziw53XMcoyKL4XcZmE","content":[{"type":"web_search_result",'
    '"title":"NYC weather","url":"https://example.com/nyc","encrypted_content":"EqgfCioIARgB",'
    '"page_age":"1 day ago"}]}}',
    '{"type":"content_block_stop","index":1}',
    '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
    '"usage":{"input_tokens":10682,"output_tokens":510,'
    '"server_tool_use":{"web_search_requests":1,"web_fetch_requests":0}}}',
    '{"type":"message_stop"}',
)

ERROR_STREAM = sse(
    message_start(),
    '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
    '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Partial"}}',
    '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
)


def events_of(wire: bytes) -> list[Event]:
    return [e.json() for e in decode_stream([wire])]


def sdk_client(wire: bytes) -> anthropic.Anthropic:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=wire, headers={"content-type": "text/event-stream"})

    transport = httpx.MockTransport(answer)
    return anthropic.Anthropic(
        api_key="fake-canary-key", http_client=httpx.Client(transport=transport), max_retries=0
    )


def sdk_final_message(wire: bytes) -> dict[str, Any]:
    """The official SDK's accumulated message for a stream served on the wire."""
    client = sdk_client(wire)
    with client.messages.stream(
        model="claude-sonnet-4-5", max_tokens=1024, messages=[{"role": "user", "content": "hi"}]
    ) as stream:
        return stream.get_final_message().to_dict()


@pytest.mark.parametrize(
    "wire",
    [TEXT_STREAM, THINKING_TOOL_STREAM, REDACTED_STREAM, CITATIONS_STREAM, WEB_SEARCH_STREAM],
    ids=["text", "thinking-and-tool", "redacted-thinking", "citations", "web-search"],
)
def test_fold_matches_the_sdk_accumulator(wire: bytes) -> None:
    folded = fold_events(events_of(wire))
    assert folded.problems == []
    assert folded.error is None
    assert folded.message == sdk_final_message(wire)


def test_a_later_signature_delta_replaces_the_signature_as_the_sdk_does() -> None:
    wire = sse(
        message_start(),
        '{"type":"content_block_start","index":0,"content_block":{"type":"thinking",'
        '"thinking":"","signature":""}}',
        '{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta",'
        '"signature":"EqQBfirst"}}',
        '{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta",'
        '"signature":"EqQBsecond"}}',
        '{"type":"content_block_stop","index":0}',
        '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
        '"usage":{"output_tokens":7}}',
        '{"type":"message_stop"}',
    )
    folded = fold_events(events_of(wire))
    assert folded.message == sdk_final_message(wire)
    assert folded.message is not None
    assert folded.message["content"][0]["signature"] == "EqQBsecond"


def test_tool_input_fragments_split_mid_token_are_joined_then_parsed() -> None:
    message = fold_events(events_of(THINKING_TOOL_STREAM)).message
    assert message is not None
    assert message["content"][2]["input"] == {
        "location": "Paris, France",
        "unit": "celsius",
        "days": 3,
    }
    assert message["content"][0]["signature"] == "EqQBCkgIARABGAIiQL0fake"


def test_message_delta_usage_overwrites_only_the_counts_that_are_not_null() -> None:
    message = fold_events(events_of(THINKING_TOOL_STREAM)).message
    assert message is not None
    # input_tokens 25 -> 472 and cache_read 0 arrive; cache_creation null leaves nothing
    assert message["usage"] == {
        "input_tokens": 472,
        "cache_read_input_tokens": 0,
        "output_tokens": 89,
    }


def test_an_error_event_is_captured_and_the_partial_message_matches_the_sdk_snapshot() -> None:
    folded = fold_events(events_of(ERROR_STREAM))
    assert folded.error == {"type": "overloaded_error", "message": "Overloaded"}
    client = sdk_client(ERROR_STREAM)
    with client.messages.stream(
        model="claude-sonnet-4-5", max_tokens=1024, messages=[{"role": "user", "content": "hi"}]
    ) as stream:
        with pytest.raises(anthropic.APIStatusError):
            stream.until_done()
        snapshot = stream.current_message_snapshot.to_dict()
    assert folded.message == snapshot
    assert folded.problems == []


def test_folding_does_not_modify_the_events() -> None:
    events = events_of(THINKING_TOOL_STREAM)
    before = copy.deepcopy(events)
    folded = fold_events(events)
    assert events == before
    assert folded.message is not None
    folded.message["content"][0]["thinking"] = "changed"
    assert events == before
    assert events[0]["message"]["content"] == []


def stream_with_tool_fragments(*fragments: str) -> list[Event]:
    start = json.loads(message_start())
    return [
        start,
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}},
        },
        *(
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "input_json_delta", "partial_json": f},
            }
            for f in fragments
        ),
        {"type": "content_block_stop", "index": 0},
    ]


def test_a_tool_block_whose_fragments_are_all_empty_gets_an_empty_input() -> None:
    folded = fold_events(stream_with_tool_fragments("", ""))
    assert folded.message is not None
    assert folded.message["content"][0]["input"] == {}
    assert folded.problems == []


def test_invalid_tool_input_json_leaves_input_empty_and_quotes_the_text() -> None:
    folded = fold_events(stream_with_tool_fragments('{"city": ', '"Par'))
    assert folded.message is not None
    assert folded.message["content"][0]["input"] == {}
    assert folded.problems == [
        Violation(
            "content[0].input",
            'tool input is not valid JSON (Unterminated string starting at): \'{"city": "Par\'',
        )
    ]


def test_a_long_invalid_tool_input_is_quoted_truncated() -> None:
    text = '{"text": "' + "x" * 500
    folded = fold_events(stream_with_tool_fragments(text))
    (problem,) = folded.problems
    assert problem.path == "content[0].input"
    assert text[:200] + "..." in problem.message
    assert text not in problem.message


def test_non_json_constants_in_tool_input_are_rejected() -> None:
    folded = fold_events(stream_with_tool_fragments('{"n": NaN}'))
    assert folded.problems == [
        Violation(
            "content[0].input",
            "tool input is not valid JSON (NaN is not a JSON number): '{\"n\": NaN}'",
        )
    ]


def test_absurdly_deep_tool_input_is_reported_rather_than_raised() -> None:
    depth = 100_000
    folded = fold_events(stream_with_tool_fragments("[" * depth, "]" * depth))
    assert folded.message is not None
    assert folded.message["content"][0]["input"] == {}
    assert [p.path for p in folded.problems] == ["content[0].input"]


def test_a_tool_block_the_stream_never_stopped_still_has_its_input_parsed() -> None:
    events = stream_with_tool_fragments('{"a": ', "1}")[:-1]
    folded = fold_events(events)
    assert folded.message is not None
    assert folded.message["content"][0]["input"] == {"a": 1}


def test_blocks_are_placed_by_index_not_arrival_order() -> None:
    start = json.loads(message_start())
    events = [
        start,
        {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": "B"}},
        {"type": "content_block_stop", "index": 1},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": "A"}},
        {"type": "content_block_stop", "index": 0},
    ]
    folded = fold_events(events)
    assert folded.message is not None
    assert [b["text"] for b in folded.message["content"]] == ["A", "B"]


def test_stop_details_and_container_are_taken_when_present() -> None:
    start = json.loads(message_start())
    details = {"type": "refusal", "category": "cyber", "explanation": None}
    container = {"id": "container_011CZ", "expires_at": "2026-11-21T12:00:00Z"}
    events = [
        start,
        {
            "type": "message_delta",
            "delta": {
                "stop_reason": "refusal",
                "stop_sequence": None,
                "stop_details": details,
                "container": container,
            },
            "usage": {"output_tokens": 3},
        },
        {
            "type": "message_delta",
            "delta": {"stop_reason": "refusal", "stop_sequence": None, "container": None},
            "usage": {"output_tokens": 4},
        },
    ]
    message = fold_events(events).message
    assert message is not None
    assert (message["stop_reason"], message["stop_details"]) == ("refusal", details)
    assert message["container"] == container
    assert message["usage"]["output_tokens"] == 4


def test_a_stream_without_message_start_folds_to_no_message_and_says_why() -> None:
    events = events_of(TEXT_STREAM)[1:]
    folded = fold_events(events)
    assert folded.message is None
    assert folded.problems[0] == Violation(
        "events[0]", "content_block_start before message_start; skipped"
    )


def test_deltas_for_unknown_indices_and_mismatched_types_are_skipped_without_raising() -> None:
    events = events_of(TEXT_STREAM)
    events.insert(4, {"type": "content_block_delta", "index": 5, "delta": {"type": "text_delta"}})
    events.insert(
        4,
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "thinking_delta", "thinking": "ignored"},
        },
    )
    folded = fold_events(events)
    assert folded.message == fold_events(events_of(TEXT_STREAM)).message
    assert folded.problems == [
        Violation("events[5]", "content_block_delta for index 5, which never started; skipped")
    ]


@pytest.mark.parametrize(
    "junk",
    [
        [None, 3, "x", []],
        [{"type": "message_start"}, {"type": "message_start", "message": {"content": 7}}],
        [{"type": "message_start", "message": {}}, {"type": "content_block_start", "index": True}],
        [
            {"type": "message_start", "message": {"usage": None}},
            {"type": "message_delta", "delta": "x", "usage": {"output_tokens": 1}},
        ],
        [{"type": "error", "error": "boom"}, {"type": "content_block_stop", "index": 0}],
        [
            {"type": "message_start", "message": {}},
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": 5},
            },
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": 6}},
            {"type": "content_block_delta", "index": 0, "delta": None},
        ],
    ],
)
def test_malformed_input_never_raises(junk: list[Any]) -> None:
    folded = fold_events(junk)
    assert isinstance(folded, Folded)
    assert folded.problems


@pytest.mark.parametrize("block_type", [["text"], {"a": 1}, None, 7])
def test_a_block_whose_type_is_not_a_string_is_reported_not_raised(block_type: Any) -> None:
    events = [
        json.loads(message_start()),
        {"type": "content_block_start", "index": 0, "content_block": {"type": block_type}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "x"}},
    ]
    folded = fold_events(events)
    assert [p.path for p in folded.problems] == ["events[2]"]

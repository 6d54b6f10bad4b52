"""Specification of the scripted-reply renderer: the Message, its event stream, errors, ids.

The official SDK is the outside truth: its stream accumulator folds the events, and its
pydantic types validate every Message, event and error body.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from anthropic.lib.streaming._messages import accumulate_event
from anthropic.types import Message, RawMessageStreamEvent
from anthropic.types.shared import ErrorResponse
from pydantic import TypeAdapter

from harness.simulator.script import (
    ReplyError,
    ScriptedError,
    count_tokens_body,
    error_body,
    make_id,
    reply_events,
    reply_kind,
    reply_message,
    scripted_error,
    split_json,
    split_words,
)

MODEL = "claude-sonnet-4-5"
MSG_ID = "msg_01canaryFixedIdentifier00"

TEXT: dict[str, Any] = {
    "content": [
        {
            "type": "text",
            "text": "Paris is the capital of France, and it sits on the Seine river. "
            "Its population is a little over two million people. Ça va?",
        }
    ],
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 25, "output_tokens": 31},
}
TOOL: dict[str, Any] = {
    "content": [
        {"type": "text", "text": "Let me check the weather."},
        {
            "type": "tool_use",
            "id": "toolu_01canary",
            "name": "get_weather",
            "input": {"city": "São Paulo", "units": "celsius", "days": [1, 2, 3]},
        },
    ],
    "stop_reason": "tool_use",
    "usage": {"input_tokens": 412, "output_tokens": 57},
}
THINKING: dict[str, Any] = {
    "content": [
        {
            "type": "thinking",
            "thinking": "The user asks for 17 * 23. That is 391: 17 * 20 = 340 and 17 * 3 = 51.",
            "signature": "EqQBCkYIBxgCKkCanarySignatureBytes==",
        },
        {"type": "text", "text": "17 × 23 = 391."},
    ],
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 50, "output_tokens": 120},
}
REDACTED: dict[str, Any] = {
    "content": [
        {"type": "redacted_thinking", "data": "EmwKAhgBEgy3canaryRedactedPayload"},
        {"type": "text", "text": "Done."},
    ],
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 9, "output_tokens": 30},
}
CACHED: dict[str, Any] = {
    "content": [{"type": "text", "text": "Summary of the cached document."}],
    "stop_reason": "max_tokens",
    "usage": {
        "output_tokens": 64,
        "cache_creation": {"ephemeral_5m_input_tokens": 1000, "ephemeral_1h_input_tokens": 24},
        "cache_read_input_tokens": 2048,
        "cache_creation_input_tokens": 1024,
        "input_tokens": 12,
    },
}
STOP_SEQUENCE: dict[str, Any] = {
    "content": [{"type": "text", "text": "one, two"}],
    "stop_reason": "stop_sequence",
    "stop_sequence": "three",
    "usage": {"input_tokens": 8, "output_tokens": 4},
}
CITED: dict[str, Any] = {
    "content": [
        {
            "type": "text",
            "text": "the grass is green",
            "citations": [
                {
                    "type": "char_location",
                    "cited_text": "The grass is green.",
                    "document_index": 0,
                    "document_title": "Facts",
                    "start_char_index": 0,
                    "end_char_index": 19,
                }
            ],
        }
    ],
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 30, "output_tokens": 6},
}
EMPTY: dict[str, Any] = {
    "content": [
        {"type": "text", "text": ""},
        {"type": "tool_use", "id": "toolu_01empty", "name": "now", "input": {}},
    ],
    "stop_reason": "tool_use",
    "usage": {"input_tokens": 3, "output_tokens": 2},
}
REFUSED: dict[str, Any] = {
    "content": [{"type": "text", "text": "I can't"}],
    "stop_reason": "refusal",
    "stop_details": {"type": "refusal", "category": "bio"},
    "usage": {"input_tokens": 30, "output_tokens": 3},
}
MESSAGE_REPLIES: dict[str, dict[str, Any]] = {
    "text": TEXT,
    "tool_use": TOOL,
    "thinking": THINKING,
    "redacted_thinking": REDACTED,
    "cache_usage": CACHED,
    "stop_sequence": STOP_SEQUENCE,
    "citations": CITED,
    "empty_blocks": EMPTY,
    "refusal_with_details": REFUSED,
}
EVENT = TypeAdapter(RawMessageStreamEvent)


def sdk_fold(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Fold events with the SDK's own accumulator (its stream layer drops pings first)."""
    snapshot = None
    for event in events:
        if event["type"] != "ping":
            snapshot = accumulate_event(
                event=EVENT.validate_python(event), current_snapshot=snapshot
            )
    assert snapshot is not None
    return snapshot.to_dict()


def deltas(events: list[dict[str, Any]], index: int) -> list[dict[str, Any]]:
    return [
        e["delta"] for e in events if e["type"] == "content_block_delta" and e["index"] == index
    ]


def test_reply_kind_tells_message_count_tokens_and_error_apart() -> None:
    assert reply_kind(TEXT) == "message"
    assert reply_kind({"input_tokens": 12}) == "count_tokens"
    assert reply_kind({"error": {"status": 529, "type": "overloaded_error", "message": "x"}}) == (
        "error"
    )


def test_reply_kind_names_what_a_reply_needs_when_it_is_none_of_them() -> None:
    with pytest.raises(ReplyError, match=r"'content'.*'input_tokens'.*'error'"):
        reply_kind({"stop_reason": "end_turn"})


def test_reply_message_is_a_valid_sdk_message_echoing_model_and_id() -> None:
    message = reply_message(TOOL, model=MODEL, message_id=MSG_ID)
    assert Message.model_validate(message).model_dump(exclude_unset=True) == message
    assert message == {
        "id": MSG_ID,
        "type": "message",
        "role": "assistant",
        "model": MODEL,
        "content": TOOL["content"],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {"input_tokens": 412, "output_tokens": 57},
    }


def test_reply_message_keeps_a_scripted_stop_sequence_and_id() -> None:
    message = reply_message({**STOP_SEQUENCE, "id": "msg_scripted"}, model=MODEL, message_id=MSG_ID)
    assert message["stop_sequence"] == "three"
    assert message["id"] == "msg_scripted"


def test_reply_message_orders_usage_as_the_api_writes_it() -> None:
    usage = reply_message(CACHED, model=MODEL, message_id=MSG_ID)["usage"]
    assert list(usage) == [
        "input_tokens",
        "cache_creation_input_tokens",
        "cache_read_input_tokens",
        "cache_creation",
        "output_tokens",
    ]


def test_reply_message_does_not_share_objects_with_the_reply() -> None:
    message = reply_message(TOOL, model=MODEL, message_id=MSG_ID)
    message["content"][1]["input"]["city"] = "Lima"
    assert TOOL["content"][1]["input"]["city"] == "São Paulo"


def test_reply_message_refuses_other_reply_kinds() -> None:
    with pytest.raises(ReplyError, match="expected a message reply, got a count_tokens reply"):
        reply_message({"input_tokens": 3}, model=MODEL, message_id=MSG_ID)


@pytest.mark.parametrize("name", MESSAGE_REPLIES)
def test_folding_the_stream_with_the_sdk_accumulator_gives_the_message(name: str) -> None:
    reply = MESSAGE_REPLIES[name]
    events = reply_events(reply, model=MODEL, message_id=MSG_ID)
    expected = reply_message(reply, model=MODEL, message_id=MSG_ID)
    # the accumulator also copies message_delta's stop_details (null when it has none)
    assert sdk_fold(events) == {"stop_details": None, **expected}


@pytest.mark.parametrize("name", MESSAGE_REPLIES)
def test_every_event_is_valid_for_the_sdk_types(name: str) -> None:
    for event in reply_events(MESSAGE_REPLIES[name], model=MODEL, message_id=MSG_ID):
        if event["type"] == "ping":
            assert event == {"type": "ping"}
        else:
            EVENT.validate_python(event)


def test_stream_is_start_ping_blocks_delta_stop_in_that_order() -> None:
    types = [e["type"] for e in reply_events(REDACTED, model=MODEL, message_id=MSG_ID)]
    assert types[:3] == ["message_start", "content_block_start", "ping"]
    assert types.count("ping") == 1
    assert types[-2:] == ["message_delta", "message_stop"]


def test_message_start_has_empty_content_and_input_side_usage_with_one_output_token() -> None:
    start = reply_events(CACHED, model=MODEL, message_id=MSG_ID)[0]["message"]
    assert start["content"] == []
    assert start["stop_reason"] is None
    assert start["stop_sequence"] is None
    assert start["model"] == MODEL
    assert start["usage"] == {
        "input_tokens": 12,
        "cache_creation_input_tokens": 1024,
        "cache_read_input_tokens": 2048,
        "cache_creation": {"ephemeral_5m_input_tokens": 1000, "ephemeral_1h_input_tokens": 24},
        "output_tokens": 1,
    }


def test_message_delta_carries_stop_fields_and_repeats_input_and_cache_counts() -> None:
    delta = reply_events(CACHED, model=MODEL, message_id=MSG_ID)[-2]
    assert delta["delta"] == {"stop_reason": "max_tokens", "stop_sequence": None}
    assert delta["usage"] == {
        "input_tokens": 12,
        "cache_creation_input_tokens": 1024,
        "cache_read_input_tokens": 2048,
        "output_tokens": 64,
    }


def test_a_refusals_stop_details_are_in_the_message_and_in_message_delta_only() -> None:
    details = {"type": "refusal", "category": "bio", "explanation": None}
    assert reply_message(REFUSED, model=MODEL, message_id=MSG_ID)["stop_details"] == details
    events = reply_events(REFUSED, model=MODEL, message_id=MSG_ID)
    assert events[0]["message"]["stop_details"] is None
    assert events[-2]["delta"] == {
        "stop_reason": "refusal",
        "stop_sequence": None,
        "stop_details": details,
    }
    assert "stop_details" not in reply_message(TEXT, model=MODEL, message_id=MSG_ID)


def test_text_arrives_in_several_pieces_of_a_few_words() -> None:
    events = reply_events(TEXT, model=MODEL, message_id=MSG_ID)
    start = next(e for e in events if e["type"] == "content_block_start")
    assert start["content_block"] == {"type": "text", "text": ""}
    pieces = [d["text"] for d in deltas(events, 0)]
    assert len(pieces) >= 4
    assert all(d["type"] == "text_delta" for d in deltas(events, 0))
    assert all(1 <= len(p.split()) <= 4 for p in pieces)
    assert "".join(pieces) == TEXT["content"][0]["text"]


def test_tool_input_starts_with_an_empty_fragment_then_json_cut_mid_token() -> None:
    events = reply_events(TOOL, model=MODEL, message_id=MSG_ID)
    start = [e for e in events if e["type"] == "content_block_start"][1]
    assert start["content_block"] == {
        "type": "tool_use",
        "id": "toolu_01canary",
        "name": "get_weather",
        "input": {},
    }
    fragments = [d["partial_json"] for d in deltas(events, 1)]
    assert fragments[0] == ""
    assert len(fragments) > 3
    assert json.loads("".join(fragments)) == TOOL["content"][1]["input"]
    # at least one cut falls inside a string or number, not between JSON tokens
    assert any(f and f[-1] not in '{}[],: "' for f in fragments[1:-1])


def test_thinking_streams_its_text_then_one_signature_delta_last() -> None:
    events = reply_events(THINKING, model=MODEL, message_id=MSG_ID)
    start = next(e for e in events if e["type"] == "content_block_start")
    assert start["content_block"] == {"type": "thinking", "thinking": "", "signature": ""}
    block = deltas(events, 0)
    assert [d["type"] for d in block[:-1]] == ["thinking_delta"] * (len(block) - 1)
    assert len(block) > 2
    assert block[-1] == {
        "type": "signature_delta",
        "signature": THINKING["content"][0]["signature"],
    }


def test_redacted_thinking_arrives_whole_in_its_block_start() -> None:
    events = reply_events(REDACTED, model=MODEL, message_id=MSG_ID)
    assert events[1]["content_block"] == REDACTED["content"][0]
    assert deltas(events, 0) == []


def test_citations_arrive_as_citations_deltas() -> None:
    events = reply_events(CITED, model=MODEL, message_id=MSG_ID)
    kinds = [d["type"] for d in deltas(events, 0)]
    assert kinds[0] == "citations_delta"
    assert set(kinds[1:]) == {"text_delta"}


def test_empty_text_and_empty_tool_input_fold_back_unchanged() -> None:
    events = reply_events(EMPTY, model=MODEL, message_id=MSG_ID)
    assert deltas(events, 0) == []
    assert sdk_fold(events)["content"] == EMPTY["content"]


def test_stream_error_cuts_the_stream_after_n_events_and_ends_with_an_error_event() -> None:
    failing = {
        **TEXT,
        "stream_error": {"after_events": 4, "type": "overloaded_error", "message": "Overloaded"},
    }
    events = reply_events(failing, model=MODEL, message_id=MSG_ID)
    assert events[:4] == reply_events(TEXT, model=MODEL, message_id=MSG_ID)[:4]
    assert events[4:] == [
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    ]
    ErrorResponse.model_validate(events[-1])


def test_stream_error_leaves_the_json_message_alone() -> None:
    failing = {**TEXT, "stream_error": {"after_events": 2, "type": "api_error", "message": "boom"}}
    assert reply_message(failing, model=MODEL, message_id=MSG_ID) == reply_message(
        TEXT, model=MODEL, message_id=MSG_ID
    )


def test_events_are_the_same_for_the_same_seed_and_split_differently_for_another() -> None:
    first = reply_events(TEXT, model=MODEL, message_id=MSG_ID)
    assert reply_events(TEXT, model=MODEL, message_id=MSG_ID) == first
    splits = {
        tuple(d["text"] for d in deltas(reply_events(TEXT, model=MODEL, message_id=f"msg_{i}"), 0))
        for i in range(5)
    }
    assert len(splits) > 1


@pytest.mark.parametrize(
    "text", ["", " ", "one", "  lead and trail  ", "a\n\nb\tc ", "日本語 テキスト"]
)
def test_word_pieces_always_join_back_to_the_text(text: str) -> None:
    pieces = split_words(text, "seed")
    assert "".join(pieces) == text
    assert all(pieces)


def test_json_fragments_are_one_to_twelve_characters_and_join_back() -> None:
    text = json.dumps({"query": "a fairly long search string", "limit": 100})
    fragments = split_json(text, "seed")
    assert "".join(fragments) == text
    assert all(1 <= len(f) <= 12 for f in fragments)


def test_count_tokens_body_is_the_sdk_shape() -> None:
    assert count_tokens_body({"input_tokens": 1234}) == {"input_tokens": 1234}


def test_error_body_is_the_anthropic_envelope_the_sdk_accepts() -> None:
    body = error_body(529, None, "Overloaded", "req_01canary")
    assert body == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
        "request_id": "req_01canary",
    }
    ErrorResponse.model_validate(body)


def test_scripted_error_reads_status_type_message_and_envelope() -> None:
    reply = {
        "error": {
            "status": 429,
            "type": "rate_limit_error",
            "message": "slow down",
            "envelope": "anthropic",
        }
    }
    assert scripted_error(reply) == ScriptedError(429, "rate_limit_error", "slow down", "anthropic")
    with pytest.raises(ReplyError, match="envelope"):
        scripted_error({"error": {"status": 429, "type": "x", "message": "y", "envelope": "aws"}})


def test_ids_look_like_api_ids_and_depend_only_on_the_seed() -> None:
    first = make_id("msg_", "tools/single-call")
    assert re.fullmatch(r"msg_01[1-9A-HJ-NP-Za-km-z]{22}", first)
    assert make_id("msg_", "tools/single-call") == first
    assert make_id("msg_", "tools/other") != first
    assert make_id("msg_vrtx_", "tools/single-call").startswith("msg_vrtx_01")

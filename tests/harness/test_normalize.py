"""Normalization: the golden form replaces what varies between runs, and the parity view sets
aside what each backend may say in its own way, without touching anything that matters."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from adapters.base import WireRequest
from harness.normalize import (
    MESSAGE_ID,
    normalize_outcome,
    normalize_wire_request,
    parity_view,
)

Event = dict[str, Any]


def message(**extra: Any) -> dict[str, Any]:
    return {
        "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-6",
        "content": [
            {"type": "text", "text": "Let me check."},
            {"type": "tool_use", "id": "toolu_01A09q90qw90", "name": "get_weather", "input": {}},
        ],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {"input_tokens": 412, "output_tokens": 57},
        **extra,
    }


def delta(index: int, kind: str, field: str, value: str) -> Event:
    return {"type": "content_block_delta", "index": index, "delta": {"type": kind, field: value}}


def text(index: int, value: str) -> Event:
    return delta(index, "text_delta", "text", value)


def stream(*middle: Event) -> list[Event]:
    start = message(content=[], stop_reason=None)
    return [
        {"type": "message_start", "message": start},
        *middle,
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": 9},
        },
        {"type": "message_stop"},
    ]


# -- golden form of an outcome --------------------------------------------------------------


def test_the_message_id_of_a_json_body_is_replaced_and_tool_ids_are_kept() -> None:
    out = normalize_outcome({"status": 200, "body": message()})
    assert out["body"]["id"] == MESSAGE_ID == "msg_<normalized>"
    assert out["body"]["content"][1]["id"] == "toolu_01A09q90qw90"
    assert out["body"]["model"] == "claude-sonnet-4-6"


def test_the_message_id_in_message_start_is_replaced() -> None:
    out = normalize_outcome({"status": 200, "events": stream()})
    assert out["events"][0]["message"]["id"] == MESSAGE_ID


def test_an_error_body_keeps_its_fields() -> None:
    error = {"type": "error", "error": {"type": "rate_limit_error", "message": "Slow down"}}
    assert normalize_outcome({"status": 429, "body": error}) == {"status": 429, "body": error}


def test_request_ids_are_dropped_from_bodies_and_events() -> None:
    body = {**message(), "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"}
    events = stream()
    events[1:1] = [{"type": "ping", "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"}]
    assert "request_id" not in normalize_outcome({"status": 200, "body": body})["body"]
    out = normalize_outcome({"status": 200, "events": events})
    assert out["events"][1] == {"type": "ping"}


def test_latency_keys_are_replaced_at_any_depth() -> None:
    metrics = {"invocationLatency": 812, "firstByteLatency": 301, "outputTokenCount": 9}
    body = message(metrics={"latencyMs": 930, "nested": [{"invocationLatency": 5}]})
    events = stream()
    events[-1] = {"type": "message_stop", "amazon-bedrock-invocationMetrics": metrics}
    out_body = normalize_outcome({"status": 200, "body": body})["body"]
    assert out_body["metrics"] == {
        "latencyMs": "<latency>",
        "nested": [{"invocationLatency": "<latency>"}],
    }
    stop = normalize_outcome({"status": 200, "events": events})["events"][-1]
    assert stop["amazon-bedrock-invocationMetrics"] == {
        "invocationLatency": "<latency>",
        "firstByteLatency": "<latency>",
        "outputTokenCount": 9,
    }


def test_normalizing_an_outcome_does_not_change_its_input() -> None:
    outcome = {"status": 200, "body": {**message(), "request_id": "req_1"}, "events": stream()}
    before = copy.deepcopy(outcome)
    normalize_outcome(outcome)
    assert outcome == before


# -- golden form of a wire request ----------------------------------------------------------


def sigv4_signature() -> str:
    return hashlib.sha256(b"canary").hexdigest()


def wire(headers: dict[str, str]) -> WireRequest:
    return WireRequest(
        "POST",
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/claude/invoke",
        headers,
        b'{"max_tokens": 8}',
    )


def test_volatile_transport_headers_are_dropped_and_names_lower_cased() -> None:
    data = normalize_wire_request(
        wire(
            {
                "User-Agent": "Anthropic/Python 0.125.0",
                "Content-Length": "17",
                "Accept-Encoding": "gzip",
                "Connection": "keep-alive",
                "Host": "bedrock-runtime.us-east-1.amazonaws.com",
                "X-Stainless-Retry-Count": "0",
                "x-stainless-os": "Linux",
                "Content-Type": "application/json",
                "Anthropic-Version": "2023-06-01",
            }
        )
    )
    assert data["headers"] == {
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
    }
    assert list(data["headers"]) == sorted(data["headers"])


def test_amz_date_and_sigv4_signatures_are_masked() -> None:
    authorization = (
        "AWS4-HMAC-SHA256 Credential=CANARYFAKEKEY/20250101/us-east-1/bedrock/aws4_request, "
        f"SignedHeaders=host;x-amz-date, Signature={sigv4_signature()}"
    )
    data = normalize_wire_request(
        wire({"X-Amz-Date": "20250101T120000Z", "Authorization": authorization})
    )
    assert data["headers"]["x-amz-date"] == "<x-amz-date>"
    assert data["headers"]["authorization"] == (
        "AWS4-HMAC-SHA256 Credential=CANARYFAKEKEY/20250101/us-east-1/bedrock/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=<signature>"
    )


def test_the_rest_of_the_wire_request_is_kept_with_the_body_parsed() -> None:
    data = normalize_wire_request(wire({"Authorization": "Bearer <GOOGLE_ACCESS_TOKEN>"}))
    assert data == {
        "method": "POST",
        "url": "https://bedrock-runtime.us-east-1.amazonaws.com/model/claude/invoke",
        "headers": {"authorization": "Bearer <GOOGLE_ACCESS_TOKEN>"},
        "body": {"max_tokens": 8},
    }


# -- parity view ----------------------------------------------------------------------------


def test_the_parity_view_of_a_message_drops_id_model_and_request_id() -> None:
    view = parity_view({"status": 200, "body": {**message(), "request_id": "req_1"}})
    expected = message()
    del expected["id"], expected["model"]
    assert view == {"status": 200, "body": expected}


def test_the_parity_view_of_an_error_keeps_only_its_type() -> None:
    body = {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
        "request_id": "req_1",
    }
    view = parity_view({"status": 529, "body": body})
    assert view == {"status": 529, "body": {"type": "error", "error": {"type": "overloaded_error"}}}


def test_an_error_event_keeps_only_its_type() -> None:
    error = {"type": "error", "error": {"type": "api_error", "message": "Internal server error"}}
    view = parity_view({"status": 200, "events": [error]})
    assert view["events"] == [{"type": "error", "error": {"type": "api_error"}}]


def test_pings_are_dropped_and_message_start_loses_id_and_model() -> None:
    events = stream({"type": "ping"}, text(0, "Hi"), {"type": "ping"})
    events.insert(1, {"type": "content_block_start", "index": 0, "content_block": {"type": "text"}})
    view = parity_view({"status": 200, "events": events})["events"]
    assert [e["type"] for e in view] == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "message_delta",
        "message_stop",
    ]
    assert "id" not in view[0]["message"] and "model" not in view[0]["message"]
    assert view[0]["message"]["usage"] == {"input_tokens": 412, "output_tokens": 57}


def test_message_stop_keeps_only_its_type() -> None:
    events = [{"type": "message_stop", "amazon-bedrock-invocationMetrics": {"x": 1}}]
    assert parity_view({"status": 200, "events": events})["events"] == [{"type": "message_stop"}]


def test_consecutive_text_deltas_of_one_block_are_joined_even_across_a_ping() -> None:
    events = [text(0, "Hel"), {"type": "ping"}, text(0, "lo"), text(0, "!")]
    assert parity_view({"status": 200, "events": events})["events"] == [text(0, "Hello!")]


def test_tool_input_and_thinking_deltas_are_joined_per_kind() -> None:
    events = [
        delta(0, "thinking_delta", "thinking", "Let me "),
        delta(0, "thinking_delta", "thinking", "think."),
        delta(1, "input_json_delta", "partial_json", '{"city": '),
        delta(1, "input_json_delta", "partial_json", '"Paris"}'),
    ]
    assert parity_view({"status": 200, "events": events})["events"] == [
        delta(0, "thinking_delta", "thinking", "Let me think."),
        delta(1, "input_json_delta", "partial_json", '{"city": "Paris"}'),
    ]


def test_deltas_on_different_blocks_or_of_different_types_stay_apart() -> None:
    events = [
        text(0, "a"),
        text(1, "b"),
        delta(1, "citations_delta", "citation", "c"),
        text(1, "d"),
        delta(2, "thinking_delta", "thinking", "e"),
        delta(2, "text_delta", "text", "f"),
    ]
    assert parity_view({"status": 200, "events": events})["events"] == events


def test_deltas_separated_by_another_event_stay_apart() -> None:
    stop = {"type": "content_block_stop", "index": 0}
    events = [text(0, "a"), stop, text(0, "b")]
    assert parity_view({"status": 200, "events": events})["events"] == events


def test_signature_deltas_are_never_joined() -> None:
    events = [
        delta(0, "signature_delta", "signature", "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"),
        delta(0, "signature_delta", "signature", "ErUBCkYIBxgCIkB3"),
    ]
    assert parity_view({"status": 200, "events": events})["events"] == events


def test_the_parity_view_does_not_change_its_input() -> None:
    events = stream({"type": "ping"}, text(0, "Hel"), text(0, "lo"))
    outcome = {"status": 200, "events": events, "body": message()}
    before = copy.deepcopy(outcome)
    parity_view(outcome)
    assert outcome == before


def test_the_parity_view_has_no_body_or_events_key_when_the_outcome_has_none() -> None:
    assert parity_view({"status": 200, "events": []}) == {"status": 200, "events": []}
    assert parity_view({"status": 500}) == {"status": 500}

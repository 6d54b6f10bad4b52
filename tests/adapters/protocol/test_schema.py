"""Schema checks on Anthropic bodies and events, built on the official SDK's types."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from adapters.protocol.schema import (
    validate_body,
    validate_count_tokens,
    validate_error,
    validate_event,
    validate_message,
)
from adapters.protocol.sse import decode_stream
from adapters.protocol.violation import Violation

# A Message as the API returns it today, with thinking, text and a tool call.
REAL_MESSAGE: dict[str, Any] = {
    "id": "msg_01Aq9w938a90dw8q",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5-20250929",
    "content": [
        {
            "type": "thinking",
            "thinking": "The user wants the weather in Paris.",
            "signature": "EqQBCkgIARABGAIiQL0fake",
        },
        {"type": "text", "text": "Let me check the weather.", "citations": None},
        {
            "type": "tool_use",
            "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
            "name": "get_weather",
            "input": {"location": "Paris, France", "unit": "celsius"},
        },
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "stop_details": None,
    "container": None,
    "usage": {
        "input_tokens": 472,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
        "output_tokens": 89,
        "server_tool_use": None,
        "service_tier": "standard",
    },
}

STREAM = (
    b"event: message_start\n"
    b'data: {"type":"message_start","message":{"id":"msg_bdrk_01Xq","type":"message",'
    b'"role":"assistant","model":"claude-3-sonnet-28k-20240229","content":[],'
    b'"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}\n\n'
    b"event: content_block_start\n"
    b'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n'
    b"event: ping\n"
    b'data: {"type": "ping"}\n\n'
    b"event: content_block_delta\n"
    b'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n'
    b"event: content_block_stop\n"
    b'data: {"type":"content_block_stop","index":0 }\n\n'
    b"event: message_delta\n"
    b'data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
    b'"usage":{"input_tokens":12,"cache_read_input_tokens":0,"output_tokens":5}}\n\n'
    b"event: message_stop\n"
    b'data: {"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":12,'
    b'"outputTokenCount":5,"invocationLatency":512,"firstByteLatency":301}}\n\n'
)


def message(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(REAL_MESSAGE)
    body.update(changes)
    return body


def found(violations: list[Violation]) -> list[tuple[str, str]]:
    return [(v.path, v.message) for v in violations]


STOP_REASONS = (
    "'end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal' or "
    "'model_context_window_exceeded'"
)


# -- messages --------------------------------------------------------------------------------


def test_a_real_message_is_valid() -> None:
    assert validate_message(REAL_MESSAGE) == []
    assert validate_message(REAL_MESSAGE, strict=True) == []


def test_a_bad_stop_reason_is_reported_with_the_allowed_values() -> None:
    assert found(validate_message(message(stop_reason="done"))) == [
        ("stop_reason", f"'done' is not allowed; expected {STOP_REASONS}")
    ]


def test_a_null_stop_reason_is_allowed_but_a_missing_one_is_not() -> None:
    assert validate_message(message(stop_reason=None)) == []
    body = message()
    del body["stop_reason"]
    assert found(validate_message(body)) == [
        (
            "stop_reason",
            "required field 'stop_reason' is missing (it may be null, but must be present)",
        )
    ]


def test_missing_output_tokens_is_reported_at_its_path() -> None:
    body = message()
    del body["usage"]["output_tokens"]
    assert found(validate_message(body)) == [
        ("usage.output_tokens", "required field 'output_tokens' is missing")
    ]


@pytest.mark.parametrize("field", ["id", "type", "role", "content", "model", "usage"])
def test_core_message_fields_are_required(field: str) -> None:
    body = message()
    del body[field]
    assert found(validate_message(body)) == [(field, f"required field '{field}' is missing")]


def test_an_unknown_block_type_is_one_finding_naming_the_type() -> None:
    body = message()
    body["content"][1] = {"type": "hologram", "text": "x"}
    ((path, text),) = found(validate_message(body))
    assert path == "content[1].type"
    assert text.startswith("unknown type 'hologram'; expected one of 'text', 'thinking', ")


def test_a_bad_field_inside_a_block_is_reported_for_that_block_type_only() -> None:
    body = message()
    del body["content"][2]["name"]
    body["content"][0]["signature"] = 7
    assert found(validate_message(body)) == [
        ("content[0].signature", "Input should be a valid string (got 7)"),
        ("content[2].name", "required field 'name' is missing"),
    ]


def test_a_block_without_a_type_or_not_an_object_is_named_as_such() -> None:
    body = message()
    body["content"][0] = {"text": "hi"}
    body["content"][1] = "hi"
    body["content"][2] = {}
    assert found(validate_message(body)) == [
        ("content[0].type", "required field 'type' is missing"),
        ("content[1]", "expected a JSON object, got a string"),
        ("content[2].type", "required field 'type' is missing"),
    ]


def test_counts_must_be_json_integers_not_strings_or_floats() -> None:
    body = message()
    body["usage"]["input_tokens"] = "472"
    body["usage"]["output_tokens"] = 89.0
    assert found(validate_message(body)) == [
        ("usage.input_tokens", "Input should be a valid integer (got '472')"),
        ("usage.output_tokens", "Input should be a valid integer (got 89.0)"),
    ]


def test_a_body_that_is_not_an_object_is_rejected() -> None:
    assert found(validate_message([])) == [("", "expected a JSON object, got an array")]


def test_beta_only_blocks_and_stop_reasons_are_accepted_through_the_beta_types() -> None:
    body = message(stop_reason="compaction")
    body["content"].append({"type": "compaction", "content": "Summary of earlier turns."})
    assert validate_message(body) == []


def test_a_beta_only_block_is_checked_against_its_beta_type() -> None:
    body = message()
    body["content"].append(
        {"type": "mcp_tool_use", "id": "mcptoolu_1", "name": "lookup", "input": {}}
    )
    assert found(validate_message(body)) == [
        ("content[3].server_name", "required field 'server_name' is missing")
    ]


def test_older_traffic_without_web_fetch_requests_is_still_valid() -> None:
    body = message()
    body["usage"]["server_tool_use"] = {"web_search_requests": 1}
    assert validate_message(body) == []
    assert validate_message(body, strict=True) == []


def test_the_late_field_allowance_does_not_excuse_other_missing_fields() -> None:
    body = message()
    body["usage"]["server_tool_use"] = {"web_fetch_requests": 1}
    assert found(validate_message(body)) == [
        (
            "usage.server_tool_use.web_search_requests",
            "required field 'web_search_requests' is missing",
        )
    ]


def test_other_findings_survive_alongside_an_allowed_late_field() -> None:
    body = message(stop_reason="done")
    body["usage"]["server_tool_use"] = {"web_search_requests": 1}
    assert found(validate_message(body)) == [
        ("stop_reason", f"'done' is not allowed; expected {STOP_REASONS}")
    ]


def test_unknown_fields_are_accepted_unless_strict() -> None:
    body = message(surprise=True)
    body["content"][2]["extra_hint"] = "x"
    body["usage"]["mystery_tokens"] = 3
    assert validate_message(body) == []
    assert found(validate_message(body, strict=True)) == [
        ("surprise", "unknown field 'surprise'"),
        ("content[2].extra_hint", "unknown field 'extra_hint'"),
        ("usage.mystery_tokens", "unknown field 'mystery_tokens'"),
    ]


def test_validation_does_not_modify_the_body() -> None:
    body = message()
    body["usage"]["server_tool_use"] = {"web_search_requests": 1}
    before = copy.deepcopy(body)
    validate_message(body, strict=True)
    assert body == before


# -- events ----------------------------------------------------------------------------------


def test_every_event_of_a_recorded_stream_is_valid() -> None:
    events = [e.json() for e in decode_stream([STREAM])]
    assert [validate_event(e) for e in events] == [[]] * 7


def test_strict_mode_allows_bedrock_invocation_metrics_on_message_stop_only() -> None:
    metrics = {"inputTokenCount": 12, "outputTokenCount": 5}
    stop = {"type": "message_stop", "amazon-bedrock-invocationMetrics": metrics}
    assert validate_event(stop, strict=True) == []
    delta = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 5},
        "amazon-bedrock-invocationMetrics": metrics,
    }
    assert validate_event(delta) == []
    assert found(validate_event(delta, strict=True)) == [
        ("amazon-bedrock-invocationMetrics", "unknown field 'amazon-bedrock-invocationMetrics'")
    ]


def test_ping_is_valid_and_extra_fields_on_it_count_only_when_strict() -> None:
    assert validate_event({"type": "ping"}) == []
    assert validate_event({"type": "ping", "seq": 1}) == []
    assert found(validate_event({"type": "ping", "seq": 1}, strict=True)) == [
        ("seq", "unknown field 'seq' on ping")
    ]


def test_an_error_event_is_validated_as_an_error_envelope() -> None:
    event = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    assert validate_event(event) == []
    assert found(validate_event({"type": "error", "error": {"type": "overloaded_error"}})) == [
        ("error.message", "required field 'message' is missing")
    ]


def test_an_unknown_or_missing_event_type_is_reported() -> None:
    ((path, text),) = found(validate_event({"type": "completion", "completion": "hi"}))
    assert path == "type"
    assert text.startswith("unknown event type 'completion'; expected one of content_block_delta")
    assert found(validate_event({"index": 0})) == [("type", "required field 'type' is missing")]
    assert found(validate_event("ping")) == [("", "expected a JSON object, got a string")]


def test_an_unknown_delta_type_is_reported_at_the_delta() -> None:
    event = {"type": "content_block_delta", "index": 0, "delta": {"type": "audio_delta"}}
    ((path, text),) = found(validate_event(event))
    assert path == "delta.type"
    assert text.startswith("unknown type 'audio_delta'; expected one of 'text_delta', ")


def test_a_beta_only_delta_is_accepted() -> None:
    event = {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "compaction_delta", "content": "Summary.", "encrypted_content": None},
    }
    assert validate_event(event) == []


def test_message_delta_needs_output_tokens_and_a_known_stop_reason() -> None:
    event = {"type": "message_delta", "delta": {"stop_reason": "finished"}, "usage": {}}
    assert found(validate_event(event)) == [
        ("delta.stop_reason", f"'finished' is not allowed; expected {STOP_REASONS}"),
        ("usage.output_tokens", "required field 'output_tokens' is missing"),
    ]


def test_message_start_paths_lead_into_the_message() -> None:
    body = message(content=[])
    del body["stop_reason"]
    del body["usage"]["input_tokens"]
    assert found(validate_event({"type": "message_start", "message": body})) == [
        ("message.usage.input_tokens", "required field 'input_tokens' is missing"),
        (
            "message.stop_reason",
            "required field 'stop_reason' is missing (it may be null, but must be present)",
        ),
    ]


def test_old_message_delta_usage_without_web_fetch_requests_is_valid() -> None:
    event = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 510, "server_tool_use": {"web_search_requests": 1}},
    }
    assert validate_event(event) == []


def test_a_block_index_must_be_an_integer() -> None:
    assert found(validate_event({"type": "content_block_stop", "index": "0"})) == [
        ("index", "Input should be a valid integer (got '0')")
    ]


# -- errors and count_tokens -----------------------------------------------------------------


def test_error_bodies_of_every_documented_type_are_valid() -> None:
    for kind in (
        "invalid_request_error",
        "authentication_error",
        "billing_error",
        "permission_error",
        "not_found_error",
        "request_too_large",
        "rate_limit_error",
        "api_error",
        "timeout_error",
        "overloaded_error",
    ):
        body = {"type": "error", "error": {"type": kind, "message": "x"}, "request_id": "req_011"}
        assert validate_error(body) == [], kind


def test_an_unknown_error_type_is_reported_and_the_rest_still_checked() -> None:
    body = {"type": "error", "error": {"type": "teapot_error"}}
    ((path, text), rest) = found(validate_error(body))
    assert path == "error.type"
    assert text.startswith("unknown error type 'teapot_error'; expected one of 'api_error'")
    assert "'request_too_large'" in text
    assert rest == ("error.message", "required field 'message' is missing")


def test_request_too_large_bodies_are_still_checked_field_by_field() -> None:
    body = {"type": "error", "error": {"type": "request_too_large", "message": 413}}
    assert found(validate_error(body)) == [
        ("error.message", "Input should be a valid string (got 413)")
    ]


def test_count_tokens_results_need_an_integer_input_tokens() -> None:
    assert validate_count_tokens({"input_tokens": 2095}) == []
    assert found(validate_count_tokens({})) == [
        ("input_tokens", "required field 'input_tokens' is missing")
    ]
    assert found(validate_count_tokens({"input_tokens": "2095"})) == [
        ("input_tokens", "Input should be a valid integer (got '2095')")
    ]


# -- dispatch by shape -----------------------------------------------------------------------


def test_validate_body_picks_the_schema_from_the_shape() -> None:
    assert validate_body(REAL_MESSAGE) == []
    assert validate_body({"input_tokens": 12}) == []
    assert validate_body({"type": "error", "error": {"type": "api_error", "message": "x"}}) == []
    assert found(validate_body(message(stop_reason="done")))[0][0] == "stop_reason"
    assert found(validate_body({"type": "error", "error": {}})) == [
        ("error.type", "required field 'type' is missing")
    ]
    assert found(validate_body({"input_tokens": 1.5})) == [
        ("input_tokens", "Input should be a valid integer (got 1.5)")
    ]


def test_validate_body_names_what_it_cannot_recognise() -> None:
    assert found(validate_body({"type": "completion"})) == [
        ("type", "unknown body type 'completion'; expected 'message' or 'error'")
    ]
    assert found(validate_body({"completion": "hi"})) == [
        ("", "body is not a Message, an error or a count_tokens result")
    ]
    assert found(validate_body(None)) == [("", "expected a JSON object, got null")]

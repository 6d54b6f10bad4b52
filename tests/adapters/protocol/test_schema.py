"""Schema checks on Anthropic bodies and events, built on the official SDK's types."""

from __future__ import annotations

import pytest

from adapters.protocol.schema import (
    validate_body,
    validate_count_tokens,
    validate_error,
    validate_event,
    validate_message,
    validate_model_info,
)
from adapters.protocol.sse import decode_stream
from tests.adapters.protocol.schema_support import REAL_MESSAGE, STOP_REASONS, found, message

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


# -- messages --------------------------------------------------------------------------------


def test_a_real_message_is_valid() -> None:
    assert validate_message(REAL_MESSAGE) == []
    assert validate_message(REAL_MESSAGE, strict=True) == []


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


@pytest.mark.parametrize("field", ["id", "type", "role", "content", "model", "usage"])
def test_core_message_fields_are_required(field: str) -> None:
    body = message()
    del body[field]
    assert found(validate_message(body)) == [(field, f"required field '{field}' is missing")]


def test_a_body_that_is_not_an_object_is_rejected() -> None:
    assert found(validate_message([])) == [("", "expected a JSON object, got an array")]


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
        "conflict_error",  # the 2.x SDK's ErrorType
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


# -- models --------------------------------------------------------------------------------


def test_a_model_info_has_its_date_as_an_rfc_3339_string() -> None:
    model = {"type": "model", "id": "m", "display_name": "M", "created_at": "2025-02-19T00:00:00Z"}
    assert validate_model_info(model) == []
    assert found(validate_model_info({**model, "created_at": 1739923200})) == [
        ("created_at", "must be an RFC 3339 date-time string, got 1739923200")
    ]
    assert found(validate_model_info({**model, "created_at": "2025-02-19"})) == [
        ("created_at", "must be an RFC 3339 date-time string, got '2025-02-19'")
    ]


def test_an_openai_model_object_is_no_model_info() -> None:
    openai_model = {"id": "m", "object": "model", "created": 0, "owned_by": "openai"}
    assert {path for path, _ in found(validate_model_info(openai_model))} == {
        "created_at",
        "display_name",
        "type",
    }


CONTAINER = {"id": "container_011CVGw2ZfR4uM7nKxT9pLqA", "expires_at": "2026-12-04T17:32:40Z"}


def test_a_code_execution_container_expires_at_an_rfc3339_time() -> None:
    assert validate_message(message(container=CONTAINER)) == []
    delta = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None, "container": CONTAINER},
        "usage": {"output_tokens": 5},
    }
    assert validate_event(delta) == []
    start = {"type": "message_start", "message": message(container=CONTAINER)}
    assert validate_event(start) == []


def test_a_container_expiry_that_is_not_a_time_is_named() -> None:
    bad = {**CONTAINER, "expires_at": "tomorrow"}
    assert found(validate_message(message(container=bad))) == [
        ("container.expires_at", "must be an RFC 3339 date-time string, got 'tomorrow'")
    ]
    delta = {"type": "message_delta", "delta": {"stop_reason": None, "container": bad}}
    assert (
        "delta.container.expires_at",
        "must be an RFC 3339 date-time string, got 'tomorrow'",
    ) in found(validate_event({**delta, "usage": {"output_tokens": 1}}))

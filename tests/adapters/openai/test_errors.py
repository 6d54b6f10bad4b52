"""OpenAI failures become Anthropic errors by a documented table (status first; 503 is
overloaded, insufficient_quota is billing), mid-stream errors by code then type, and the front
door's OpenAI errors map back to the same Anthropic type."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import anthropic
import pytest

from adapters.base import Call, Translated, WireResponse
from adapters.openai import errors
from adapters.openai.response import decode_response
from adapters.protocol.schema import validate_body

CALL = Call("messages", {"model": "gpt-5", "max_tokens": 8, "messages": []})
SdkError = Callable[[Translated], anthropic.APIStatusError]


def failure(status: int, body: Any, **headers: str) -> Translated:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return decode_response(
        CALL, WireResponse(status, {"content-type": "application/json", **headers}, raw)
    )


def envelope(message: str, kind: str | None, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


@pytest.mark.parametrize(
    ("status", "kind", "code", "expected_status", "expected_type", "exception"),
    [
        (
            400,
            "invalid_request_error",
            None,
            400,
            "invalid_request_error",
            anthropic.BadRequestError,
        ),
        (
            401,
            "invalid_request_error",
            "invalid_api_key",
            401,
            "authentication_error",
            anthropic.AuthenticationError,
        ),
        (
            403,
            "invalid_request_error",
            None,
            403,
            "permission_error",
            anthropic.PermissionDeniedError,
        ),
        (
            404,
            "invalid_request_error",
            "model_not_found",
            404,
            "not_found_error",
            anthropic.NotFoundError,
        ),
        (
            413,
            "invalid_request_error",
            None,
            413,
            "request_too_large",
            anthropic.RequestTooLargeError,
        ),
        (429, "tokens", "rate_limit_exceeded", 429, "rate_limit_error", anthropic.RateLimitError),
        (
            429,
            "insufficient_quota",
            "insufficient_quota",
            402,
            "billing_error",
            anthropic.APIStatusError,
        ),
        (500, "server_error", None, 500, "api_error", anthropic.InternalServerError),
        (503, "server_error", None, 529, "overloaded_error", anthropic.OverloadedError),
        (504, "server_error", None, 504, "timeout_error", anthropic.InternalServerError),
        (409, "invalid_request_error", None, 409, "invalid_request_error", anthropic.ConflictError),
    ],
)
def test_openai_envelopes_map_by_status(
    sdk_error: SdkError,
    status: int,
    kind: str,
    code: str | None,
    expected_status: int,
    expected_type: str,
    exception: type[anthropic.APIStatusError],
) -> None:
    translated = failure(
        status, envelope("canary message", kind, code), **{"x-request-id": "req_canary"}
    )
    assert translated.status == expected_status
    assert translated.body == {
        "type": "error",
        "error": {"type": expected_type, "message": "canary message"},
        "request_id": "req_canary",
    }
    assert validate_body(translated.body) == []
    raised = sdk_error(translated)
    assert isinstance(raised, exception) and raised.status_code == expected_status


def test_a_body_that_is_no_envelope_is_typed_by_status_and_quoted() -> None:
    translated = failure(503, b"<html>upstream connect error</html>")
    assert translated.status == 529
    assert translated.body["error"]["type"] == "overloaded_error"
    assert "<html>upstream connect error</html>" in translated.body["error"]["message"]
    assert "request_id" not in translated.body


def test_a_bare_string_error_keeps_its_text() -> None:
    translated = failure(400, {"error": "max_tokens is too large"})
    assert translated.body["error"] == {
        "type": "invalid_request_error",
        "message": "max_tokens is too large",
    }


def test_an_anthropic_envelope_passes_through() -> None:
    body = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    assert failure(529, body) == Translated(529, body)


def test_an_error_answered_with_200_is_still_an_error() -> None:
    translated = failure(200, envelope("quota", "insufficient_quota", "insufficient_quota"))
    assert translated.status == 402 and translated.body["error"]["type"] == "billing_error"


@pytest.mark.parametrize(
    ("kind", "code", "expected"),
    [
        ("server_error", None, "api_error"),
        ("service_unavailable_error", "server_is_overloaded", "overloaded_error"),
        ("server_error", "server_is_overloaded", "overloaded_error"),
        ("tokens", "rate_limit_exceeded", "rate_limit_error"),
        ("requests", None, "rate_limit_error"),
        ("invalid_request_error", None, "invalid_request_error"),
        ("invalid_request_error", "invalid_api_key", "authentication_error"),
        ("insufficient_quota", None, "billing_error"),
        (None, None, "api_error"),
        ("brand_new_type", None, "api_error"),
    ],
)
def test_mid_stream_errors_map_by_code_then_type(
    kind: str | None, code: str | None, expected: str
) -> None:
    event = errors.stream_error_event(envelope("canary", kind, code)["error"])
    assert event == {"type": "error", "error": {"type": expected, "message": "canary"}}


@pytest.mark.parametrize("kind", sorted(errors.OPENAI_ERRORS))
def test_front_door_errors_map_back_to_the_same_anthropic_type(kind: str) -> None:
    status, body = errors.openai_error(
        400, {"type": "error", "error": {"type": kind, "message": "m"}}
    )
    assert set(body["error"]) == {"message", "type", "param", "code"}
    back = failure(status, body)
    assert back.body["error"]["type"] == kind
    assert errors.stream_error_event(body["error"])["error"]["type"] == kind


def test_front_door_keeps_the_status_of_an_unknown_anthropic_type() -> None:
    status, body = errors.openai_error(
        418, {"type": "error", "error": {"type": "teapot_error", "message": "m"}}
    )
    assert status == 418
    assert body == {
        "error": {
            "message": "m",
            "type": "invalid_request_error",
            "param": None,
            "code": "teapot_error",
        }
    }

"""Vertex failures reach clients as Anthropic errors: Google's envelope mapped by its status
name (keeping Google's message), Anthropic's envelope passed through, anything else typed
by HTTP status. The official SDK's exception class is the outside check."""

from __future__ import annotations

import json
from collections.abc import Callable

import anthropic
import pytest

from adapters.base import Call, Translated, WireResponse
from adapters.vertex.adapter import ADAPTER

SdkError = Callable[[Translated], anthropic.APIStatusError]
CALL = Call("messages", {"model": "claude-sonnet-4-5@20250929", "max_tokens": 8, "messages": []})
MODEL_PATH = "projects/canary-project/locations/us-east5/publishers/anthropic/models/claude-x"

# Google status name -> (HTTP code Vertex answers, message, Anthropic status and type,
# the 0.125 SDK's exception class for that status)
GOOGLE_ERRORS: dict[str, tuple[int, str, int, str, type[anthropic.APIStatusError]]] = {
    "INVALID_ARGUMENT": (
        400,
        'Invalid JSON payload received. Unknown name "modle": Cannot find field.',
        400,
        "invalid_request_error",
        anthropic.BadRequestError,
    ),
    "FAILED_PRECONDITION": (
        400,
        "Project `canary-project` is not allowed to use Publisher Model `claude-x`",
        400,
        "invalid_request_error",
        anthropic.BadRequestError,
    ),
    "OUT_OF_RANGE": (
        400,
        "max_tokens is out of range.",
        400,
        "invalid_request_error",
        anthropic.BadRequestError,
    ),
    "UNAUTHENTICATED": (
        401,
        "Request had invalid authentication credentials. Expected OAuth 2 access token, "
        "login cookie or other valid authentication credential.",
        401,
        "authentication_error",
        anthropic.AuthenticationError,
    ),
    "PERMISSION_DENIED": (
        403,
        f"Permission 'aiplatform.endpoints.predict' denied on resource "
        f"'//aiplatform.googleapis.com/{MODEL_PATH}' (or it may not exist).",
        403,
        "permission_error",
        anthropic.PermissionDeniedError,
    ),
    "NOT_FOUND": (
        404,
        f"Publisher Model `{MODEL_PATH}` not found.",
        404,
        "not_found_error",
        anthropic.NotFoundError,
    ),
    "RESOURCE_EXHAUSTED": (
        429,
        "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model "
        "with base model: anthropic-claude-sonnet-4-5. Please submit a quota increase request.",
        429,
        "rate_limit_error",
        anthropic.RateLimitError,
    ),
    "CANCELLED": (
        499,
        "The operation was cancelled.",
        504,
        "timeout_error",
        anthropic.InternalServerError,
    ),
    "DEADLINE_EXCEEDED": (
        504,
        "Deadline expired before operation could complete.",
        504,
        "timeout_error",
        anthropic.InternalServerError,
    ),
    "UNAVAILABLE": (
        503,
        "The service is currently unavailable.",
        529,
        "overloaded_error",
        anthropic.OverloadedError,
    ),
    "INTERNAL": (
        500,
        "Internal error encountered.",
        500,
        "api_error",
        anthropic.InternalServerError,
    ),
    "UNKNOWN": (500, "Unknown error.", 500, "api_error", anthropic.InternalServerError),
    "DATA_LOSS": (500, "Data loss.", 500, "api_error", anthropic.InternalServerError),
}


def _google(code: int, message: str, status: str | None) -> bytes:
    error: dict[str, object] = {"code": code, "message": message}
    if status is not None:
        error["status"] = status
    return json.dumps({"error": error}, indent=2).encode()


def _decode(status: int, body: bytes) -> Translated:
    headers = {"content-type": "application/json; charset=UTF-8"}
    return ADAPTER.decode_response(CALL, WireResponse(status, headers, body))


@pytest.mark.parametrize("google_status", GOOGLE_ERRORS)
def test_a_google_envelope_maps_by_its_status_name(google_status: str, sdk_error: SdkError) -> None:
    code, message, status, error_type, exception = GOOGLE_ERRORS[google_status]

    translated = _decode(code, _google(code, message, google_status))

    assert translated == Translated(
        status, {"type": "error", "error": {"type": error_type, "message": message}}
    )
    raised = sdk_error(translated)
    assert type(raised) is exception
    assert raised.status_code == status


def test_a_google_envelope_wrapped_in_a_list_is_recognised() -> None:
    body = b"[" + _google(429, "Resource exhausted.", "RESOURCE_EXHAUSTED") + b"]"
    translated = _decode(429, body)
    assert translated.body["error"] == {
        "type": "rate_limit_error",
        "message": "Resource exhausted.",
    }


@pytest.mark.parametrize(
    ("code", "google_status", "status", "error_type"),
    [
        (409, "ABORTED", 409, "invalid_request_error"),
        (501, "UNIMPLEMENTED", 501, "api_error"),
        (402, None, 402, "billing_error"),
        (413, None, 413, "request_too_large"),
    ],
)
def test_an_unlisted_or_missing_status_name_maps_by_http_status(
    code: int, google_status: str | None, status: int, error_type: str
) -> None:
    translated = _decode(code, _google(code, "Google says no.", google_status))
    assert translated == Translated(
        status, {"type": "error", "error": {"type": error_type, "message": "Google says no."}}
    )


def test_an_anthropic_envelope_from_the_model_passes_through(sdk_error: SdkError) -> None:
    body = {
        "type": "error",
        "error": {"type": "invalid_request_error", "message": "max_tokens: Field required"},
        "request_id": "req_vrtx_011Canary",
    }
    translated = _decode(400, json.dumps(body).encode())
    assert translated == Translated(400, body)
    assert type(sdk_error(translated)) is anthropic.BadRequestError


def test_an_anthropic_overloaded_error_keeps_529(sdk_error: SdkError) -> None:
    body = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    translated = _decode(529, json.dumps(body).encode())
    assert translated == Translated(529, body)
    assert type(sdk_error(translated)) is anthropic.OverloadedError


def test_a_proxy_page_is_typed_by_http_status() -> None:
    translated = _decode(502, b"<html><title>502 Bad Gateway</title></html>")
    assert translated.status == 502
    assert translated.body["error"] == {
        "type": "api_error",
        "message": "the backend answered HTTP 502: <html><title>502 Bad Gateway</title></html>",
    }


def test_json_that_only_resembles_a_google_envelope_is_typed_by_http_status() -> None:
    translated = _decode(404, b'{"error": "no such route", "path": "/v1/x"}')
    assert translated.status == 404
    assert translated.body["error"]["type"] == "not_found_error"
    assert "no such route" in translated.body["error"]["message"]

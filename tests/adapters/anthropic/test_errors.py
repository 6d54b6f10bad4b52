"""Failed native responses reach clients as Anthropic error envelopes with the right status,
which the official SDK turns into the exception class a client expects."""

from __future__ import annotations

from collections.abc import Callable

import anthropic
import pytest

from adapters.anthropic.adapter import ADAPTER
from adapters.base import Call, Translated, WireResponse

SdkError = Callable[[Translated], anthropic.APIStatusError]
CALL = Call("messages", {"model": "claude-sonnet-4-5", "max_tokens": 8, "messages": []})


def _decode(status: int, body: bytes, headers: dict[str, str] | None = None) -> Translated:
    return ADAPTER.decode_response(CALL, WireResponse(status, headers or {}, body))


def test_an_anthropic_error_envelope_passes_through_with_its_status(sdk_error: SdkError) -> None:
    body = (
        b'{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},'
        b'"request_id":"req_011CanaryOverloaded"}'
    )
    translated = _decode(529, body, {"content-type": "application/json"})
    assert translated == Translated(
        529,
        {
            "type": "error",
            "error": {"type": "overloaded_error", "message": "Overloaded"},
            "request_id": "req_011CanaryOverloaded",
        },
    )
    assert type(sdk_error(translated)) is anthropic.OverloadedError


def test_an_error_type_not_in_the_sdk_schema_still_passes_through() -> None:
    body = (
        b'{"type":"error","error":{"type":"request_too_large",'
        b'"message":"Request exceeds the maximum allowed number of bytes."}}'
    )
    translated = _decode(413, body)
    assert translated.status == 413
    assert translated.body["error"]["type"] == "request_too_large"


# status -> (Anthropic error type, the 0.125 SDK's exception class for that status)
STATUS_TABLE: dict[int, tuple[str, type[anthropic.APIStatusError]]] = {
    400: ("invalid_request_error", anthropic.BadRequestError),
    401: ("authentication_error", anthropic.AuthenticationError),
    402: ("billing_error", anthropic.APIStatusError),
    403: ("permission_error", anthropic.PermissionDeniedError),
    404: ("not_found_error", anthropic.NotFoundError),
    409: ("invalid_request_error", anthropic.ConflictError),
    413: ("request_too_large", anthropic.RequestTooLargeError),
    429: ("rate_limit_error", anthropic.RateLimitError),
    500: ("api_error", anthropic.InternalServerError),
    502: ("api_error", anthropic.InternalServerError),
    504: ("timeout_error", anthropic.InternalServerError),
    529: ("overloaded_error", anthropic.OverloadedError),
}


@pytest.mark.parametrize("status", STATUS_TABLE)
def test_a_body_that_is_not_an_envelope_is_typed_by_status(
    status: int, sdk_error: SdkError
) -> None:
    error_type, exception = STATUS_TABLE[status]
    translated = _decode(status, b"<html><body><h1>upstream said no</h1></body></html>")

    assert translated.status == status
    assert translated.body["type"] == "error"
    assert translated.body["error"]["type"] == error_type
    assert "upstream said no" in translated.body["error"]["message"]
    raised = sdk_error(translated)
    assert type(raised) is exception
    assert raised.status_code == status
    assert raised.body == translated.body


def test_a_cloudflare_413_page_becomes_request_too_large_naming_the_status() -> None:
    page = b"<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n</html>\r\n"
    translated = _decode(413, page)
    assert translated.body == {
        "type": "error",
        "error": {
            "type": "request_too_large",
            "message": "the backend answered HTTP 413: <html> <head><title>413 Request "
            "Entity Too Large</title></head> </html>",
        },
    }


def test_an_empty_error_body_says_so_and_keeps_the_request_id() -> None:
    translated = _decode(503, b"", {"request-id": "req_canary"})
    assert translated == Translated(
        503,
        {
            "type": "error",
            "error": {
                "type": "api_error",
                "message": "the backend answered HTTP 503 with an empty body",
            },
            "request_id": "req_canary",
        },
    )


def test_a_long_error_body_is_shortened_in_the_message() -> None:
    translated = _decode(500, b"x" * 5000)
    assert len(translated.body["error"]["message"]) < 400
    assert translated.body["error"]["message"].endswith("...")

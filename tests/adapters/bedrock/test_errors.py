"""Bedrock failures reach clients as Anthropic errors: the exception name (header or body)
picks status and type, Bedrock's message is kept, ModelErrorException follows the model's
own status, and unknown names follow the HTTP status. The official SDK's exception class is
the outside check."""

from __future__ import annotations

import json
from collections.abc import Callable

import anthropic
import pytest

from adapters.base import Translated, WireResponse
from adapters.bedrock.errors import stream_error_event, translate_error

SdkError = Callable[[Translated], anthropic.APIStatusError]
CORAL = "http://internal.amazon.com/coral/com.amazon.bedrock/"

# name -> (Bedrock's HTTP status, Anthropic status, Anthropic type, 0.125 SDK exception)
HTTP_CASES: dict[str, tuple[int, int, str, type[anthropic.APIStatusError]]] = {
    "ValidationException": (400, 400, "invalid_request_error", anthropic.BadRequestError),
    "SerializationException": (400, 400, "invalid_request_error", anthropic.BadRequestError),
    "UnrecognizedClientException": (
        403,
        401,
        "authentication_error",
        anthropic.AuthenticationError,
    ),
    "InvalidSignatureException": (403, 401, "authentication_error", anthropic.AuthenticationError),
    "IncompleteSignatureException": (
        403,
        401,
        "authentication_error",
        anthropic.AuthenticationError,
    ),
    "MissingAuthenticationTokenException": (
        403,
        401,
        "authentication_error",
        anthropic.AuthenticationError,
    ),
    "ExpiredTokenException": (403, 401, "authentication_error", anthropic.AuthenticationError),
    "AccessDeniedException": (403, 403, "permission_error", anthropic.PermissionDeniedError),
    "ResourceNotFoundException": (404, 404, "not_found_error", anthropic.NotFoundError),
    "UnknownOperationException": (404, 404, "not_found_error", anthropic.NotFoundError),
    "ModelTimeoutException": (408, 504, "timeout_error", anthropic.InternalServerError),
    "ThrottlingException": (429, 429, "rate_limit_error", anthropic.RateLimitError),
    "ServiceQuotaExceededException": (400, 429, "rate_limit_error", anthropic.RateLimitError),
    "ModelNotReadyException": (429, 529, "overloaded_error", anthropic.OverloadedError),
    "ServiceUnavailableException": (503, 529, "overloaded_error", anthropic.OverloadedError),
    "InternalServerException": (500, 500, "api_error", anthropic.InternalServerError),
    "InternalFailure": (500, 500, "api_error", anthropic.InternalServerError),
    "ModelErrorException": (424, 500, "api_error", anthropic.InternalServerError),
}


def response(status: int, body: object, error_type: str | None = None) -> WireResponse:
    headers = {"content-type": "application/json", "x-amzn-requestid": "canary-request-1"}
    if error_type is not None:
        headers["x-amzn-errortype"] = error_type
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return WireResponse(status, headers, raw)


def translate(wire: WireResponse) -> Translated:
    try:
        payload = json.loads(wire.body)
    except ValueError:
        payload = None
    return translate_error(wire, payload)


@pytest.mark.parametrize("name", HTTP_CASES)
def test_an_exception_named_in_the_header_maps_by_name(name: str, sdk_error: SdkError) -> None:
    bedrock_status, status, error_type, exception = HTTP_CASES[name]
    message = f"canary {name} message"

    translated = translate(response(bedrock_status, {"message": message}, f"{name}:{CORAL}"))

    assert translated == Translated(
        status,
        {
            "type": "error",
            "error": {"type": error_type, "message": message},
            "request_id": "canary-request-1",
        },
    )
    raised = sdk_error(translated)
    assert type(raised) is exception
    assert raised.status_code == status


def test_an_iam_style_message_with_a_capital_m_is_kept() -> None:
    translated = translate(
        response(
            403,
            {"Message": "The security token included in the request is invalid."},
            "UnrecognizedClientException",
        )
    )
    assert translated.status == 401
    assert translated.body["error"]["message"] == (
        "The security token included in the request is invalid."
    )


def test_without_the_header_the_body_type_names_the_exception() -> None:
    body = {"__type": "com.amazon.coral.validate#ValidationException", "message": "bad input"}
    translated = translate(response(400, body))
    assert translated.status == 400
    assert translated.body["error"] == {"type": "invalid_request_error", "message": "bad input"}


@pytest.mark.parametrize(
    ("original", "status", "error_type"),
    [(529, 529, "overloaded_error"), (400, 400, "invalid_request_error"), (None, 500, "api_error")],
)
def test_a_model_error_follows_the_models_own_status(
    original: int | None, status: int, error_type: str
) -> None:
    body: dict[str, object] = {"message": "The model returned the following errors: Overloaded"}
    if original is not None:
        body["originalStatusCode"] = original
    translated = translate(response(424, body, "ModelErrorException"))
    assert (translated.status, translated.body["error"]["type"]) == (status, error_type)


def test_an_unknown_exception_name_maps_by_http_status() -> None:
    translated = translate(response(409, {"message": "conflict"}, "ConflictException"))
    assert translated.status == 409
    assert translated.body["error"] == {"type": "invalid_request_error", "message": "conflict"}


def test_a_body_without_a_message_is_described_by_its_snippet() -> None:
    translated = translate(response(502, b"<html>502 Bad Gateway</html>"))
    assert translated.status == 502
    assert translated.body["error"] == {
        "type": "api_error",
        "message": "the backend answered HTTP 502: <html>502 Bad Gateway</html>",
    }


def test_an_unknown_operation_envelope_explains_the_slash_in_the_model_id() -> None:
    body = {
        "Output": {"__type": "com.amazon.coral.service#UnknownOperationException"},
        "Version": "1.0",
    }
    translated = translate(response(404, body))
    assert translated.status == 404
    assert translated.body["error"]["type"] == "not_found_error"
    assert "%2F" in translated.body["error"]["message"]


def test_an_anthropic_envelope_passes_through() -> None:
    body = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    assert translate(response(529, body)) == Translated(529, body)


def test_an_unknown_stream_exception_is_an_api_error_with_a_message() -> None:
    assert stream_error_event("strangeException", "") == {
        "type": "error",
        "error": {
            "type": "api_error",
            "message": "the Bedrock stream failed with strangeException",
        },
    }


def test_a_body_naming_nothing_keeps_bedrocks_request_id() -> None:
    translated = translate(response(502, b"<html>502 Bad Gateway</html>"))
    assert translated.body["request_id"] == "canary-request-1"


@pytest.mark.parametrize(
    ("original", "error_type"),
    [
        (429, "rate_limit_error"),
        (400, "invalid_request_error"),
        (529, "overloaded_error"),
        (None, "api_error"),
        (200, "api_error"),
        (True, "api_error"),
    ],
)
def test_a_model_stream_error_follows_the_models_own_status(
    original: object, error_type: str
) -> None:
    event = stream_error_event("modelStreamErrorException", "canary model failure", original)
    assert event == {
        "type": "error",
        "error": {"type": error_type, "message": "canary model failure"},
    }


def test_only_a_model_stream_error_is_typed_by_the_original_status() -> None:
    event = stream_error_event("internalServerException", "canary", 429)
    assert event["error"]["type"] == "api_error"

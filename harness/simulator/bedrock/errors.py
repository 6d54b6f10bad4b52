"""Bedrock's error shapes: rest-json errors named in ``x-amzn-ErrorType``, coral's envelope
for a path that names no operation, and the exceptions scripted errors become."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.simulator import Rejection, SimResponse
from harness.simulator.script import scripted_error

CORAL_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.bedrock/"
UNKNOWN_OPERATION = "UnknownOperationException"
_AUTH_ERRORS = frozenset(
    {
        "MissingAuthenticationTokenException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "IncompleteSignatureException",
    }
)

# Anthropic status of a scripted error -> (Bedrock's HTTP status, exception name).
# An independent oracle: held against the adapter's reverse table,
# `adapters.bedrock.errors.HTTP_ERRORS`, and never derived from it.
SCRIPTED_ERRORS: dict[int, tuple[int, str]] = {
    400: (400, "ValidationException"),
    401: (403, "UnrecognizedClientException"),
    402: (403, "AccessDeniedException"),
    403: (403, "AccessDeniedException"),
    404: (404, "ResourceNotFoundException"),
    408: (408, "ModelTimeoutException"),
    413: (400, "ValidationException"),
    424: (424, "ModelErrorException"),
    429: (429, "ThrottlingException"),
    500: (500, "InternalServerException"),
    503: (503, "ServiceUnavailableException"),
    504: (408, "ModelTimeoutException"),
    529: (503, "ServiceUnavailableException"),
}
# Anthropic error type of a scripted stream error -> the exception frame that carries it.
# An independent oracle: held against `adapters.bedrock.errors.STREAM_ERRORS`.
STREAM_EXCEPTIONS: dict[str, str] = {
    "rate_limit_error": "throttlingException",
    "overloaded_error": "serviceUnavailableException",
    "api_error": "internalServerException",
    "invalid_request_error": "validationException",
    "timeout_error": "modelTimeoutException",
}


@dataclass(frozen=True)
class BedrockRejection(Rejection):
    """A refusal that names the Bedrock exception it is rendered as."""

    name: str = "ValidationException"


def bedrock_error(status: int, name: str, message: str, request_id: str) -> SimResponse:
    """Bedrock's rest-json error: the message body and the ``x-amzn-ErrorType`` header."""
    key = "Message" if name in _AUTH_ERRORS else "message"
    headers = {"x-amzn-errortype": f"{name}:{CORAL_NAMESPACE}", "x-amzn-requestid": request_id}
    return SimResponse.of_json(status, {key: message}, headers)


def rejection_error(rejection: Rejection, request_id: str) -> SimResponse:
    """A refusal in Bedrock's shape (its exception named by status when not given); an
    unknown operation is coral's envelope."""
    if isinstance(rejection, BedrockRejection):
        if rejection.name == UNKNOWN_OPERATION:
            return unknown_operation(request_id)
        return bedrock_error(rejection.status, rejection.name, rejection.message, request_id)
    status, name = scripted_exception(rejection.status)
    return bedrock_error(status, name, rejection.message, request_id)


def scripted_error_response(reply: Mapping[str, Any], request_id: str) -> SimResponse:
    """The Bedrock exception an error reply is answered with."""
    error = scripted_error(reply)
    status, name = scripted_exception(error.status)
    return bedrock_error(status, name, error.message, request_id)


def unknown_operation(request_id: str) -> SimResponse:
    """Coral's answer to a path that names no operation."""
    body = {"Output": {"__type": f"com.amazon.coral.service#{UNKNOWN_OPERATION}"}}
    return SimResponse.of_json(404, {**body, "Version": "1.0"}, {"x-amzn-requestid": request_id})


def scripted_exception(status: int) -> tuple[int, str]:
    """Bedrock's HTTP status and exception name for a scripted Anthropic error status."""
    if status in SCRIPTED_ERRORS:
        return SCRIPTED_ERRORS[status]
    return (500, "InternalServerException") if status >= 500 else (400, "ValidationException")

"""Bedrock errors -> Anthropic errors: HTTP error responses, and exception frames in streams.

HTTP errors are rest-json: the exception name is the text before the first ``:`` of the
``x-amzn-ErrorType`` header (or the part after ``#`` of a ``__type`` field in the body), and
the message is the body's ``message`` (``Message`` for IAM and front-end errors). They map by
name with `HTTP_ERRORS`, keeping Bedrock's message; ``ModelErrorException`` carries the
model's own status in ``originalStatusCode`` and maps by that. A name not in the table, and
a body naming none, map by HTTP status with Anthropic's status table. A body that is already
an Anthropic error envelope passes through.

A stream's exception frame becomes an Anthropic ``error`` event, typed by `STREAM_ERRORS`;
a ``modelStreamErrorException`` carrying the model's status in ``originalStatusCode`` is
typed by that status, as ``ModelErrorException`` is. The request id Bedrock sends in
``x-amzn-RequestId`` becomes the envelope's ``request_id``.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from adapters.anthropic import errors as anthropic_errors
from adapters.base import JSON, Translated, WireResponse

REQUEST_ID_HEADER = "x-amzn-requestid"
_AUTHENTICATION = (401, "authentication_error")
# Bedrock exception name -> (status an Anthropic client sees, Anthropic error type)
HTTP_ERRORS: dict[str, tuple[int, str]] = {
    "ValidationException": (400, "invalid_request_error"),
    "SerializationException": (400, "invalid_request_error"),
    "UnrecognizedClientException": _AUTHENTICATION,
    "InvalidSignatureException": _AUTHENTICATION,
    "IncompleteSignatureException": _AUTHENTICATION,
    "MissingAuthenticationTokenException": _AUTHENTICATION,
    "ExpiredTokenException": _AUTHENTICATION,
    "AccessDeniedException": (403, "permission_error"),
    "ResourceNotFoundException": (404, "not_found_error"),
    "UnknownOperationException": (404, "not_found_error"),
    "ModelTimeoutException": (504, "timeout_error"),
    "ThrottlingException": (429, "rate_limit_error"),
    "ServiceQuotaExceededException": (429, "rate_limit_error"),
    "ModelNotReadyException": (529, "overloaded_error"),
    "ServiceUnavailableException": (529, "overloaded_error"),
    "InternalServerException": (500, "api_error"),
    "InternalFailure": (500, "api_error"),
    "ModelErrorException": (500, "api_error"),
}
# Stream exception member -> Anthropic error type of the error event that ends the stream
STREAM_ERRORS: dict[str, str] = {
    "throttlingException": "rate_limit_error",
    "serviceUnavailableException": "overloaded_error",
    "internalServerException": "api_error",
    "modelStreamErrorException": "api_error",
    "modelTimeoutException": "timeout_error",
    "validationException": "invalid_request_error",
}
_UNKNOWN_OPERATION_HINT = (
    "the request path named no Bedrock operation; a model id holding '/' must be sent "
    "as %2F in the URL"
)


def error_name(response: WireResponse, payload: Any) -> str | None:
    """The Bedrock exception name of a failed response, from the header or the body."""
    header = response.headers.get("x-amzn-errortype", "")
    if header.strip():
        return header.split(":", 1)[0].strip()
    for candidate in (payload, _output(payload)):
        if isinstance(candidate, dict) and isinstance(candidate.get("__type"), str):
            return str(candidate["__type"]).rsplit("#", 1)[-1].split(":", 1)[0]
    return None


def error_message(payload: Any) -> str | None:
    """The message of a Bedrock error body (``message`` or ``Message``)."""
    if isinstance(payload, dict):
        for key in ("message", "Message"):
            if isinstance(payload.get(key), str):
                return str(payload[key])
    return None


def translate_error(response: WireResponse, payload: Any) -> Translated:
    """A failed Bedrock response (``payload``: its parsed JSON body or None) in Anthropic
    form."""
    if anthropic_errors.is_anthropic_error(payload):
        return Translated(status=response.status, body=payload)
    name = error_name(response, payload)
    message = error_message(payload)
    if name == "UnknownOperationException" and message is None:
        message = _UNKNOWN_OPERATION_HINT
    if message is None:
        fallback = anthropic_errors.status_error(response, REQUEST_ID_HEADER)
        if name is None:
            return fallback
        message = str(fallback.body["error"]["message"])
    status, error_type = _mapped(name, payload, response.status)
    request_id = response.headers.get(REQUEST_ID_HEADER)
    return Translated(status, anthropic_errors.error_body(error_type, message, request_id))


def is_unknown_operation(payload: Any) -> bool:
    """Whether a body is coral's ``UnknownOperationException`` envelope, which Bedrock sends
    (even with a 2xx status) for a path that names no operation."""
    output = _output(payload)
    kind = output.get("__type") if isinstance(output, dict) else None
    return isinstance(kind, str) and kind.endswith("#UnknownOperationException")


def stream_error_event(exception_type: str, message: str, original_status_code: Any = None) -> JSON:
    """The Anthropic ``error`` event for a stream's exception frame (or protocol error).
    ``original_status_code`` is the frame's ``originalStatusCode`` field, if any."""
    error_type = STREAM_ERRORS.get(exception_type, "api_error")
    if exception_type == "modelStreamErrorException" and _is_error_status(original_status_code):
        error_type = anthropic_errors.error_type_for_status(original_status_code)
    text = message or f"the Bedrock stream failed with {exception_type or 'an unnamed error'}"
    return {"type": "error", "error": {"type": error_type, "message": text}}


def _mapped(name: str | None, payload: Any, status: int) -> tuple[int, str]:
    if name == "ModelErrorException" and isinstance(payload, dict):
        original = payload.get("originalStatusCode")
        if _is_error_status(original):
            return original, anthropic_errors.error_type_for_status(original)
    if name in HTTP_ERRORS:
        return HTTP_ERRORS[name]
    return status, anthropic_errors.error_type_for_status(status)


def _is_error_status(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 400 <= value <= 599


def _output(payload: Any) -> Any:
    return payload.get("Output") if isinstance(payload, dict) else None

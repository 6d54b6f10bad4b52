"""Responses failures -> Anthropic errors.

An HTTP failure comes in OpenAI's envelope ``{"error": {"message", "type", "param",
"code"}}``, as for chat completions, and is translated the same way
(`adapters.openai.errors.translate_error`). What is the Responses API's own: a response
that ``failed`` carries ``error: {code, message}`` (a `ResponseError` code), and a stream
ends with a ``response.failed`` event holding such a response, or with an ``error`` event
``{type: "error", code, message, param, sequence_number}``. The code decides the Anthropic
type: chat completions' codes (`adapters.openai.errors.CODE_TYPES`), then the Responses
codes (`RESPONSE_CODES`; every other code names a problem with the input, so it is an
``invalid_request_error``).
"""

from __future__ import annotations

from typing import Any

from adapters.anthropic import errors as anthropic_errors
from adapters.base import JSON, Translated
from adapters.openai.errors import CODE_TYPES, REQUEST_ID_HEADER, translate_error

__all__ = [
    "REQUEST_ID_HEADER",
    "RESPONSE_CODES",
    "failed_response",
    "stream_error_event",
    "translate_error",
    "type_for_code",
]

# ResponseError codes -> Anthropic error type.
RESPONSE_CODES: dict[str, str] = {
    "server_error": "api_error",
    "rate_limit_exceeded": "rate_limit_error",
    "vector_store_timeout": "timeout_error",
}
INPUT_ERROR_TYPE = "invalid_request_error"
UNKNOWN_ERROR_TYPE = "api_error"

# Anthropic error type -> the status an Anthropic client sees it with.
_TYPE_STATUS = {kind: status for status, kind in anthropic_errors.STATUS_ERROR_TYPES.items()}


def type_for_code(code: Any) -> str:
    """The Anthropic error type for a Responses error code (no code: ``api_error``)."""
    if not isinstance(code, str) or not code:
        return UNKNOWN_ERROR_TYPE
    if code in CODE_TYPES:
        return CODE_TYPES[code]
    return RESPONSE_CODES.get(code, INPUT_ERROR_TYPE)


def _message(error: Any) -> str:
    message = error.get("message") if isinstance(error, dict) else None
    return message if isinstance(message, str) else "the response failed"


def failed_response(response: JSON, request_id: str | None) -> Translated:
    """The Anthropic error for a response whose ``status`` is ``failed``."""
    error = response.get("error")
    kind = type_for_code(error.get("code") if isinstance(error, dict) else None)
    body = anthropic_errors.error_body(kind, _message(error), request_id)
    return Translated(status=_TYPE_STATUS.get(kind, 500), body=body)


def stream_error_event(error: Any) -> JSON:
    """The Anthropic ``error`` event for an ``error`` event's fields or a failed response's
    ``error`` object."""
    code = error.get("code") if isinstance(error, dict) else None
    return {"type": "error", "error": {"type": type_for_code(code), "message": _message(error)}}

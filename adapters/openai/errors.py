"""OpenAI error envelopes <-> Anthropic errors, in both directions.

OpenAI answers failures with ``{"error": {"message", "type", "param", "code"}}`` and an HTTP
status; during a stream the same object arrives as one ``data:`` line (no status). Some
compatible servers send ``{"error": "text"}``. An OpenAI failure becomes an Anthropic error by
its HTTP status (Anthropic's status table), with two exceptions: 503 is how OpenAI reports an
overloaded service, so it becomes 529 ``overloaded_error``; an ``insufficient_quota`` code or
type is a billing problem, so it becomes 402 ``billing_error``. Without a status (mid-stream),
the ``code`` decides, then the ``type``. The front door maps the other way with `openai_error`.
"""

from __future__ import annotations

from typing import Any

from adapters.anthropic import errors as anthropic_errors
from adapters.base import JSON, Translated, WireResponse

# OpenAI error code -> Anthropic error type (checked first).
CODE_TYPES: dict[str, str] = {
    "invalid_api_key": "authentication_error",
    "permission_denied": "permission_error",
    "model_not_found": "not_found_error",
    "not_found": "not_found_error",
    "request_too_large": "request_too_large",
    "rate_limit_exceeded": "rate_limit_error",
    "insufficient_quota": "billing_error",
    "server_is_overloaded": "overloaded_error",
    "timeout": "timeout_error",
}
# OpenAI error type -> Anthropic error type (when the code says nothing).
TYPE_TYPES: dict[str, str] = {
    "invalid_request_error": "invalid_request_error",
    "authentication_error": "authentication_error",
    "permission_error": "permission_error",
    "not_found_error": "not_found_error",
    "requests": "rate_limit_error",
    "tokens": "rate_limit_error",
    "rate_limit_error": "rate_limit_error",
    "insufficient_quota": "billing_error",
    "server_error": "api_error",
    "service_unavailable_error": "overloaded_error",
    "timeout": "timeout_error",
}
UNKNOWN_STREAM_ERROR_TYPE = "api_error"
REQUEST_ID_HEADER = "x-request-id"

# Anthropic error type -> (HTTP status, OpenAI type, OpenAI code) for the front door. Each row
# maps back to the same Anthropic type through the tables above.
OPENAI_ERRORS: dict[str, tuple[int, str, str | None]] = {
    "invalid_request_error": (400, "invalid_request_error", None),
    "authentication_error": (401, "invalid_request_error", "invalid_api_key"),
    "billing_error": (429, "insufficient_quota", "insufficient_quota"),
    "permission_error": (403, "invalid_request_error", "permission_denied"),
    "not_found_error": (404, "invalid_request_error", "not_found"),
    "request_too_large": (413, "invalid_request_error", "request_too_large"),
    "rate_limit_error": (429, "rate_limit_error", "rate_limit_exceeded"),
    "api_error": (500, "server_error", None),
    "timeout_error": (504, "server_error", "timeout"),
    "overloaded_error": (503, "service_unavailable_error", "server_is_overloaded"),
}


def error_object(payload: Any) -> JSON | None:
    """The ``error`` object of an OpenAI envelope (a bare string error is wrapped as its
    message), or None when ``payload`` is not one."""
    if not isinstance(payload, dict) or "error" not in payload:
        return None
    error = payload["error"]
    if isinstance(error, str):
        return {"message": error, "type": None, "param": None, "code": None}
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return error
    return None


def _code(error: JSON) -> str:
    code = error.get("code")
    return code if isinstance(code, str) else ""


def _type(error: JSON) -> str:
    kind = error.get("type")
    return kind if isinstance(kind, str) else ""


def anthropic_type(error: JSON) -> str:
    """The Anthropic error type of an OpenAI error object received without a status."""
    code, kind = _code(error), _type(error)
    if code in CODE_TYPES:
        return CODE_TYPES[code]
    return TYPE_TYPES.get(kind, UNKNOWN_STREAM_ERROR_TYPE)


def anthropic_status(status: int, error: JSON | None) -> tuple[int, str]:
    """The (status, error type) an Anthropic client sees for an OpenAI HTTP failure."""
    if error is not None and "insufficient_quota" in (_code(error), _type(error)):
        return 402, "billing_error"
    if status == 503:
        return 529, "overloaded_error"
    return status, anthropic_errors.error_type_for_status(status)


def translate_error(response: WireResponse, payload: Any) -> Translated:
    """A failed OpenAI response in Anthropic form (``payload``: the parsed body or None).
    An Anthropic envelope (a compatible server in front of Claude) passes through."""
    if anthropic_errors.is_anthropic_error(payload):
        return Translated(status=response.status, body=payload)
    error = error_object(payload)
    status, kind = anthropic_status(response.status, error)
    if error is None:  # a proxy's page, an empty body: only the status speaks
        message = anthropic_errors.status_error(response).body["error"]["message"]
    else:
        message = error["message"]
    request_id = response.headers.get(REQUEST_ID_HEADER)
    return Translated(status=status, body=anthropic_errors.error_body(kind, message, request_id))


def stream_error_event(error: JSON) -> JSON:
    """The Anthropic ``error`` event for an OpenAI error object received mid-stream."""
    message = error.get("message")
    return {
        "type": "error",
        "error": {
            "type": anthropic_type(error),
            "message": message if isinstance(message, str) else "",
        },
    }


def openai_error(status: int, body: Any) -> tuple[int, JSON]:
    """The OpenAI (status, envelope) for an Anthropic failure (``status`` and error
    ``body``), as the front door answers it. An unknown Anthropic type keeps the status and
    travels as the code."""
    error = body.get("error") if isinstance(body, dict) else None
    kind = error.get("type") if isinstance(error, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    if not isinstance(message, str):
        message = f"the backend answered HTTP {status}"
    row = OPENAI_ERRORS.get(kind) if isinstance(kind, str) else None
    if row is None:
        openai_type = "server_error" if status >= 500 else "invalid_request_error"
        code = kind if isinstance(kind, str) else None
        new_status = status
    else:
        new_status, openai_type, code = row
    return new_status, envelope(message, openai_type, code)


def envelope(message: str, type: str, code: str | None, param: str | None = None) -> JSON:
    """OpenAI's error envelope."""
    return {"error": {"message": message, "type": type, "param": param, "code": code}}

"""Vertex AI errors -> Anthropic error envelopes.

Vertex answers in two shapes. Errors from the model pass through in Anthropic's envelope and
keep their status. Errors from Google's front end come in Google's envelope
``{"error": {"code", "message", "status"}}`` (sometimes wrapped in a one-element list); they
are mapped by the canonical ``status`` name, keeping Google's message, and by HTTP status
when the name is missing or not one listed here.
"""

from __future__ import annotations

from typing import Any

from adapters.anthropic import errors as anthropic_errors
from adapters.base import JSON, Translated, WireResponse

# google.rpc.Code name -> (HTTP status an Anthropic client sees, Anthropic error type)
GOOGLE_STATUS_ERRORS: dict[str, tuple[int, str]] = {
    "INVALID_ARGUMENT": (400, "invalid_request_error"),
    "FAILED_PRECONDITION": (400, "invalid_request_error"),
    "OUT_OF_RANGE": (400, "invalid_request_error"),
    "UNAUTHENTICATED": (401, "authentication_error"),
    "PERMISSION_DENIED": (403, "permission_error"),
    "NOT_FOUND": (404, "not_found_error"),
    "RESOURCE_EXHAUSTED": (429, "rate_limit_error"),
    "CANCELLED": (504, "timeout_error"),
    "DEADLINE_EXCEEDED": (504, "timeout_error"),
    "UNAVAILABLE": (529, "overloaded_error"),
    "INTERNAL": (500, "api_error"),
    "UNKNOWN": (500, "api_error"),
    "DATA_LOSS": (500, "api_error"),
}


def google_error(payload: Any) -> JSON | None:
    """The ``error`` object of a Google error envelope, or None if ``payload`` is not one."""
    if isinstance(payload, list) and len(payload) == 1:
        payload = payload[0]
    if not isinstance(payload, dict) or set(payload) != {"error"}:
        return None
    error = payload["error"]
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return None
    return error


def translate_error(response: WireResponse, payload: Any) -> Translated:
    """A failed Vertex response in Anthropic form (``payload``: parsed JSON body or None)."""
    if anthropic_errors.is_anthropic_error(payload):
        return Translated(status=response.status, body=payload)
    error = google_error(payload)
    if error is None:
        return anthropic_errors.status_error(response)
    mapped = GOOGLE_STATUS_ERRORS.get(str(error.get("status", "")))
    if mapped is None:
        status, error_type = (
            response.status,
            anthropic_errors.error_type_for_status(response.status),
        )
    else:
        status, error_type = mapped
    return Translated(status=status, body=anthropic_errors.error_body(error_type, error["message"]))

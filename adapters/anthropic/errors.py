"""Anthropic error envelopes: recognising them, and building one from a bare HTTP status.

The status -> type table is the one Anthropic documents for its API (plus ``billing_error``
for 402 and ``timeout_error`` for 504 from the SDK's schema). Unlisted 4xx statuses are
``invalid_request_error``, everything else ``api_error``.
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, Translated, WireResponse

STATUS_ERROR_TYPES: dict[int, str] = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    504: "timeout_error",
    529: "overloaded_error",
}

_SNIPPET = 300


def error_type_for_status(status: int) -> str:
    """The Anthropic error type a client expects with HTTP ``status``."""
    if status in STATUS_ERROR_TYPES:
        return STATUS_ERROR_TYPES[status]
    return "invalid_request_error" if 400 <= status < 500 else "api_error"


def error_body(error_type: str, message: str, request_id: str | None = None) -> JSON:
    """An Anthropic error envelope; ``request_id`` only when the backend gave one."""
    body: JSON = {"type": "error", "error": {"type": error_type, "message": message}}
    if request_id is not None:
        body["request_id"] = request_id
    return body


def is_anthropic_error(payload: Any) -> bool:
    """Whether ``payload`` is already an Anthropic error envelope (any error type)."""
    if not isinstance(payload, dict) or payload.get("type") != "error":
        return False
    error = payload.get("error")
    return isinstance(error, dict) and isinstance(error.get("type"), str)


def body_snippet(raw: bytes) -> str:
    """A short, single-line rendering of a body for an error message."""
    text = " ".join(raw.decode("utf-8", "replace").split())
    return text if len(text) <= _SNIPPET else text[:_SNIPPET] + "..."


def status_error(response: WireResponse) -> Translated:
    """An envelope for a failure whose body says nothing Anthropic-shaped: typed by status."""
    snippet = body_snippet(response.body)
    detail = f": {snippet}" if snippet else " with an empty body"
    message = f"the backend answered HTTP {response.status}{detail}"
    return Translated(
        status=response.status,
        body=error_body(
            error_type_for_status(response.status), message, response.headers.get("request-id")
        ),
    )


def translate_error(response: WireResponse, payload: Any) -> Translated:
    """A failed native response in Anthropic form. ``payload`` is the parsed JSON body, or
    None when the body is not JSON. An Anthropic envelope passes through with its status."""
    if is_anthropic_error(payload):
        return Translated(status=response.status, body=payload)
    return status_error(response)

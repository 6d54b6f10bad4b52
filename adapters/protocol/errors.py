"""Anthropic's documented HTTP status -> error type table, shared by every part of Parity.

The table is Anthropic's (400, 401, 403, 404, 413, 429, 500, 529) plus the two extra types
the official SDK's schema knows (402 ``billing_error``, 504 ``timeout_error``). Statuses it
does not list are ``invalid_request_error`` for 4xx (the errors page: "We may also use this
error type for other 4XX status codes not listed") and ``api_error`` otherwise. The 2.x SDK's
``ErrorType`` also names ``conflict_error``; the errors page gives it no status (a 409 reaches
its clients as ``ConflictError`` whatever the type), so 409 stays ``invalid_request_error``
here and `protocol.schema` accepts ``conflict_error`` in an envelope.
"""

from __future__ import annotations

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


def error_type_for_status(status: int) -> str:
    """The Anthropic error type a client expects with HTTP ``status``."""
    if status in STATUS_ERROR_TYPES:
        return STATUS_ERROR_TYPES[status]
    return "invalid_request_error" if 400 <= status < 500 else "api_error"

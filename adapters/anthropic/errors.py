"""Anthropic error envelopes: recognising them, and building one from a bare HTTP status or
from a success body that is not a JSON object.

The status -> type table lives in `adapters.protocol.errors` (Anthropic's documented table);
it is re-exported here for the other adapters.
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, Translated, WireResponse
from adapters.protocol.errors import STATUS_ERROR_TYPES, error_type_for_status

__all__ = [
    "STATUS_ERROR_TYPES",
    "error_body",
    "error_type_for_status",
    "is_anthropic_error",
    "not_an_object_error",
    "status_error",
    "translate_error",
]

_SNIPPET = 300
REQUEST_ID_HEADER = "request-id"
"""The header the Anthropic API (and Vertex AI relaying it) names its request id in."""


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


def status_error(response: WireResponse, request_id_header: str = REQUEST_ID_HEADER) -> Translated:
    """An envelope for a failure whose body says nothing Anthropic-shaped: typed by status.
    ``request_id_header`` is the header the backend names its request id in."""
    snippet = body_snippet(response.body)
    detail = f": {snippet}" if snippet else " with an empty body"
    message = f"the backend answered HTTP {response.status}{detail}"
    return Translated(
        status=response.status,
        body=error_body(
            error_type_for_status(response.status),
            message,
            response.headers.get(request_id_header),
        ),
    )


def not_an_object_error(
    response: WireResponse, payload: Any, request_id_header: str = REQUEST_ID_HEADER
) -> Translated:
    """The 500 ``api_error`` for a success whose body is not a JSON object (``payload``: the
    parsed body, or None when it is not JSON), quoting the start of the body."""
    kind = "is not JSON" if payload is None else "is JSON but not an object"
    message = (
        f"the backend answered HTTP {response.status} but the body {kind}: "
        f"{body_snippet(response.body) or '(empty)'}"
    )
    return Translated(
        500, error_body("api_error", message, response.headers.get(request_id_header))
    )


def translate_error(response: WireResponse, payload: Any) -> Translated:
    """A failed native response in Anthropic form. ``payload`` is the parsed JSON body, or
    None when the body is not JSON. An Anthropic envelope passes through with its status."""
    if is_anthropic_error(payload):
        return Translated(status=response.status, body=payload)
    return status_error(response)

"""Anthropic's error response: the envelope, the ``request-id`` header, and ``retry-after``
on a 429."""

from __future__ import annotations

from harness.simulator import SimResponse
from harness.simulator.script import error_body


def error_response(status: int, type: str | None, message: str, request_id: str) -> SimResponse:
    """The API's error response (``type`` None: the type Anthropic gives ``status``)."""
    headers = {"request-id": request_id}
    if status == 429:
        headers["retry-after"] = "1"
    return SimResponse.of_json(status, error_body(status, type, message, request_id), headers)

"""The gateway's own failures as Anthropic error envelopes, with the documented status/type
pairs (`adapters.protocol.errors`).

A failure the gateway decides itself (a missing header, an unknown model, a request the
reference translator refuses) is a `GatewayError`; the handlers turn it into the envelope the
client's front expects (Anthropic here, OpenAI through `harness.gateway.chat`).
"""

from __future__ import annotations

from adapters.base import JSON
from adapters.protocol.errors import error_type_for_status


class GatewayError(Exception):
    """A request the gateway answers with an error: ``status`` and a one-line ``message``;
    the Anthropic error type follows from the status (Anthropic's table)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    @property
    def error_type(self) -> str:
        return error_type_for_status(self.status)

    def envelope(self, request_id: str | None = None) -> JSON:
        """The Anthropic error body: ``{"type": "error", "error": {...}, "request_id"}``."""
        return error_envelope(self.error_type, self.message, request_id)


def error_envelope(error_type: str, message: str, request_id: str | None = None) -> JSON:
    """An Anthropic error body, with the ``request_id`` the API adds when one is given."""
    body: JSON = {"type": "error", "error": {"type": error_type, "message": message}}
    if request_id is not None:
        body["request_id"] = request_id
    return body

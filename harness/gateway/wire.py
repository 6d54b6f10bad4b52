"""What the gateway's handlers take and give: the incoming request and the reply."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from harness.gateway.errors import GatewayError


@dataclass(frozen=True)
class Incoming:
    """A client's request: method, path (without the query), query string, headers
    (lower-case names; repeated headers joined with ``, ``) and body bytes."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object; a 400 naming what is wrong otherwise."""
        try:
            value = json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise GatewayError(400, f"the request body is not valid JSON: {exc}") from None
        if not isinstance(value, dict):
            raise GatewayError(400, "the request body must be a JSON object")
        return value


@dataclass
class Reply:
    """What the server writes back: a status, headers, and either the whole body (sent with
    content-length) or an iterator of pieces (sent chunked, each flushed as it comes)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    stream: Iterator[bytes] | None = None


def new_request_id() -> str:
    """A fresh ``req_...`` id, as the API sends in its ``request-id`` header."""
    return f"req_{uuid.uuid4().hex}"


def json_reply(status: int, body: object, request_id: str) -> Reply:
    """A JSON reply carrying the ``request-id`` header."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Reply(status, {"content-type": "application/json", "request-id": request_id}, data)


def stream_reply(pieces: Iterator[bytes], request_id: str) -> Reply:
    """A 200 event stream."""
    headers = {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "request-id": request_id,
    }
    return Reply(200, headers, stream=pieces)


def anthropic_error_reply(error: GatewayError, request_id: str) -> Reply:
    """The Anthropic envelope of ``error`` as a reply."""
    return json_reply(error.status, error.envelope(request_id), request_id)

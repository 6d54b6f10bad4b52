"""``POST /v1/messages`` and ``POST /v1/messages/count_tokens`` (also with ``?beta=true``,
as the SDK's beta namespace and Claude Code send them).

The headers are checked first (`harness.gateway.headers`), then the call goes through the
reference translator (`harness.gateway.forward`). A complete answer is sent as the decoded
Anthropic body with the decoded status; a stream is re-encoded as SSE
(`adapters.protocol.sse`), each event as soon as the relay settles it.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from adapters.base import Endpoint
from adapters.protocol.sse import encode_event
from harness.gateway import headers
from harness.gateway.errors import GatewayError
from harness.gateway.forward import Answer, Forwarder
from harness.gateway.relay import Event, EventRelay
from harness.gateway.wire import (
    Incoming,
    Reply,
    anthropic_error_reply,
    json_reply,
    new_request_id,
    stream_reply,
)

MESSAGES_PATH = "/v1/messages"
COUNT_TOKENS_PATH = "/v1/messages/count_tokens"


def handle(incoming: Incoming, forwarder: Forwarder, endpoint: Endpoint) -> Reply:
    """Serve one messages or count_tokens request."""
    request_id = new_request_id()
    try:
        headers.authenticate(incoming.headers)
        version = headers.api_version(incoming.headers)
        betas = headers.betas(incoming.headers)
        body = headers.body_fields(incoming.headers, incoming.json_object())
        answer = forwarder.forward(
            body, endpoint, api_version=version, betas=betas, headers=incoming.headers
        )
    except GatewayError as exc:
        return anthropic_error_reply(exc, request_id)
    return answer_reply(answer, request_id)


def answer_reply(answer: Answer, request_id: str) -> Reply:
    """The reply for a backend's answer: its JSON body, or its events as SSE."""
    if answer.relay is not None and answer.pieces is not None:
        return stream_reply(sse(answer.relay, answer.pieces), request_id)
    assert answer.outcome is not None
    return json_reply(answer.outcome.status, answer.outcome.body, request_id)


def relayed_events(relay: EventRelay, pieces: Iterator[list[bytes]]) -> Iterator[list[Event]]:
    """The relay's events in batches as they settle, then the rest (closed with an error
    event when the backend broke off)."""
    failure: str | None = None
    try:
        for batch in pieces:
            settled = relay.feed(batch)
            if settled:
                yield settled
    except httpx.HTTPError as exc:
        failure = f"the connection broke off ({type(exc).__name__})"
    rest = relay.finish(failure)
    if rest:
        yield rest


def sse(relay: EventRelay, pieces: Iterator[list[bytes]]) -> Iterator[bytes]:
    """The relayed events as SSE bytes, one piece per batch."""
    for events in relayed_events(relay, pieces):
        yield b"".join(encode_event(data, name) for name, data in events)

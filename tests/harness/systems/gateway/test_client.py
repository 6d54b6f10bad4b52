"""The gateway's client reads what a gateway answered as sent: bodies and event streams in
any chunking, and a malformed answer as a finding, never an exception."""

from __future__ import annotations

import json

from adapters.protocol.sse import encode_events
from harness.systems.gateway.client import ClientExchange, anthropic_view, openai_view

EVENTS = [
    {"type": "message_start", "message": {"id": "m", "content": []}},
    {"type": "message_stop"},
]


def exchange(status: int, content_type: str, body: bytes, size: int = 5) -> ClientExchange:
    chunks = [body[i : i + size] for i in range(0, len(body), size)]
    return ClientExchange(status, {"content-type": content_type}, chunks, 1.0)


def test_an_event_stream_in_small_pieces_is_the_events_sent() -> None:
    view = anthropic_view(exchange(200, "text/event-stream; charset=utf-8", encode_events(EVENTS)))
    assert view.findings == []
    assert view.outcome is not None
    assert view.outcome.events == EVENTS
    assert view.outcome.names == ["message_start", "message_stop"]


def test_a_json_body_is_the_outcome_whatever_its_status() -> None:
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}
    view = anthropic_view(exchange(529, "application/json", json.dumps(error).encode()))
    assert view.outcome is not None and view.outcome.status == 529 and view.outcome.body == error


def test_garbage_is_a_client_finding() -> None:
    view = anthropic_view(exchange(200, "application/json", b"<html>Bad Gateway</html>"))
    assert view.outcome is None
    [finding] = view.findings
    assert finding.check == "client" and finding.message.startswith("not JSON: <html>")
    stream = encode_events(EVENTS[:1]) + b"event: content_block_delta\ndata: {oops\n\n"
    view = anthropic_view(exchange(200, "text/event-stream", stream))
    assert view.outcome is not None and view.outcome.events == EVENTS[:1]
    assert [f.message.split(":")[0] for f in view.findings] == ["event 1 (content_block_delta)"]


def test_an_openai_chunk_stream_is_the_chunks_and_whether_it_was_done() -> None:
    chunk = {"id": "c", "object": "chat.completion.chunk", "choices": []}
    raw = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
    view = openai_view(exchange(200, "text/event-stream", raw, size=3))
    assert view.findings == [] and view.outcome is None
    assert view.front == {"status": 200, "chunks": [chunk], "done": True}
    cut = openai_view(exchange(200, "text/event-stream", raw[: raw.index(b"data: [DONE]")]))
    assert cut.front is not None and cut.front["done"] is False

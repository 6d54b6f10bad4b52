"""The gateway's client: one raw HTTP call to a front, read as the client receives it.

The bytes are read as they arrive and decoded here, not by an SDK, so that what a gateway
sends is judged as sent: a malformed body or event is a finding, never an exception, and
chunk boundaries play no part in what is compared.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from adapters import limits
from adapters.protocol.sse import SseDecoder
from harness.findings import Finding
from harness.outcome import Outcome
from harness.vocabulary import JSON

CLIENT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)


@dataclass(frozen=True)
class ClientExchange:
    """What the client got: status, headers (lower-case names), the body as it arrived."""

    status: int
    headers: dict[str, str]
    chunks: list[bytes]
    elapsed_ms: float

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)

    @property
    def is_event_stream(self) -> bool:
        kind = self.headers.get("content-type", "").split(";")[0].strip().lower()
        return kind == "text/event-stream"


@dataclass
class ClientView:
    """The client's view in Anthropic form (native front) or the front's own form."""

    outcome: Outcome | None = None
    front: JSON | None = None
    findings: list[Finding] = field(default_factory=list)


def call(
    client: httpx.Client, url: str, headers: dict[str, str], body: JSON | None, method: str = "POST"
) -> ClientExchange | Finding:
    """Send ``body`` (None: no body) to ``url``, reading the response body chunk by chunk as
    it arrives."""
    started = time.perf_counter()
    content = None if body is None else json.dumps(body).encode()
    try:
        headers = {"accept-encoding": "identity", **headers}  # the bytes as the gateway sent them
        with client.stream(method, url, headers=headers, content=content) as response:
            chunks = [chunk for chunk in response.iter_raw() if chunk]
            return ClientExchange(
                response.status_code,
                {k.lower(): v for k, v in response.headers.items()},
                chunks,
                (time.perf_counter() - started) * 1000,
            )
    except httpx.HTTPError as exc:
        message = f"the gateway did not answer: {type(exc).__name__}: {limits.excerpt(str(exc))}"
        return Finding("transport", "", None, None, message)


def anthropic_view(exchange: ClientExchange) -> ClientView:
    """The Anthropic outcome a client of ``/v1/messages`` received."""
    if exchange.is_event_stream and 200 <= exchange.status < 300:
        events, names, problems = _events(exchange.chunks)
        findings = [Finding("client", "events", None, None, p) for p in problems]
        return ClientView(Outcome(exchange.status, events=events, names=names), findings=findings)
    body, problem = read_json(exchange.body)
    if problem is not None:
        return ClientView(findings=[Finding("client", "body", "a JSON body", None, problem)])
    return ClientView(Outcome(exchange.status, body=body))


def openai_view(exchange: ClientExchange) -> ClientView:
    """What a client of ``/v1/chat/completions`` received: a body or a chunk stream."""
    if exchange.is_event_stream and 200 <= exchange.status < 300:
        chunks: list[Any] = []
        done = False
        problems: list[str] = []
        for event in _sse(exchange.chunks):
            if event.data.strip() == "[DONE]":
                done = True
                continue
            value, problem = read_json(event.data.encode())
            if problem is not None:
                problems.append(f"chunk {len(chunks)}: {problem}")
                continue
            chunks.append(value)
        front = {"status": exchange.status, "chunks": chunks, "done": done}
        return ClientView(
            front=front, findings=[Finding("client", "chunks", None, None, p) for p in problems]
        )
    body, problem = read_json(exchange.body)
    if problem is not None:
        return ClientView(findings=[Finding("client", "body", "a JSON body", None, problem)])
    return ClientView(front={"status": exchange.status, "body": body})


def _sse(chunks: list[bytes]) -> list[Any]:
    decoder = SseDecoder()
    events = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    events.extend(decoder.close())
    return events


def _events(chunks: list[bytes]) -> tuple[list[JSON], list[str], list[str]]:
    events: list[JSON] = []
    names: list[str] = []
    problems: list[str] = []
    for index, event in enumerate(_sse(chunks)):
        value, problem = read_json(event.data.encode())
        if problem is not None or not isinstance(value, dict):
            problems.append(f"event {index} ({event.event}): {problem or 'not a JSON object'}")
            continue
        events.append(value)
        names.append(event.event)
    return events, names, problems


def read_json(raw: bytes) -> tuple[Any, str | None]:
    """A body as JSON, or why it is not usable JSON."""
    try:
        return limits.loads(raw), None
    except limits.LimitError as exc:
        return None, f"not usable JSON: {exc.message}"
    except (ValueError, UnicodeDecodeError):
        return None, f"not JSON: {limits.excerpt(raw.decode('utf-8', 'replace'))}"

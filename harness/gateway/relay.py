"""A backend stream decoded as it arrives: Anthropic events out as soon as they are settled.

The reference translator decodes a whole stream (`Adapter.decode_stream`, run by the decode
stage `harness.stages.decode`). To send events while the backend is still streaming, the
relay decodes what has arrived so far each time more arrives, with that same stage. An
event is *settled* when two successive decodes agree on it and on everything before it: the
events a decoder adds only because the body ended there (a closing ``api_error``, a held
``message_delta`` flushed early) change or move when more arrives, so they are not sent
until the end. At the end the whole body is decoded once more, exactly as the reference
mode does; that outcome is the one the client gets, its events past those already sent
following them. A stream that does not end with ``message_stop`` or ``error`` (the backend
broke off, or its translator could not finish it) gets a closing ``api_error`` event, so
that a mid-stream failure always reaches the client as an ``error`` event.

Arrivals are read on a helper thread and taken in batches, so a burst of small pieces costs
one decode, not one per piece.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

from adapters.base import JSON, Adapter, Call, WireResponse
from harness.stages.decode import decode

Event = tuple[str, JSON]
"""An event's SSE name and its data."""

_ENDINGS = ("message_stop", "error")


class EventRelay:
    """One stream being relayed: feed it the body's pieces, send what it returns."""

    def __init__(self, adapter: Adapter, call: Call, head: WireResponse) -> None:
        self._adapter = adapter
        self._call = call
        self._head = head
        self._chunks: list[bytes] = []
        self._previous: list[Event] = []
        self.sent: list[Event] = []
        self.problems: list[str] = []

    def feed(self, pieces: list[bytes]) -> list[Event]:
        """Take newly arrived pieces; the events settled by them."""
        self._chunks.extend(pieces)
        current = self._decode()
        if current is None:
            return []
        settled = _common_prefix(self._previous, current) if current != self._previous else 0
        self._previous = current
        new = current[len(self.sent) : settled]
        self.sent.extend(new)
        return new

    def finish(self, failure: str | None = None) -> list[Event]:
        """The body ended (``failure`` says why, when it broke off): the events still to
        send, closed with an ``error`` event when the stream did not end."""
        decoded = decode(self._adapter, self._call, self._head, list(self._chunks))
        self.problems.extend(f.message for f in decoded.findings)
        events: list[Event] = []
        if decoded.outcome is not None and decoded.outcome.events is not None:
            events = list(zip(decoded.outcome.names, decoded.outcome.events, strict=False))
        if events[: len(self.sent)] != self.sent:
            self.problems.append("the final decode disagrees with events already sent")
        rest = events[len(self.sent) :]
        last = (rest or self.sent or [("", {})])[-1][1]
        if last.get("type") not in _ENDINGS:
            reason = failure or (self.problems[0] if self.problems else "it ended early")
            message = f"the {self._adapter.name} backend's stream failed: {reason}"
            error: JSON = {"type": "error", "error": {"type": "api_error", "message": message}}
            rest.append(("error", error))
        self.sent.extend(rest)
        return rest

    def _decode(self) -> list[Event] | None:
        decoded = decode(self._adapter, self._call, self._head, list(self._chunks))
        outcome = decoded.outcome
        if outcome is None or outcome.events is None:
            return None
        return list(zip(outcome.names, outcome.events, strict=False))


def _common_prefix(a: list[Event], b: list[Event]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


_END = object()


def batches(source: Iterator[bytes], stop: Callable[[], None]) -> Iterator[list[bytes]]:
    """The pieces of ``source`` in batches: each batch is everything that arrived while the
    previous one was handled. ``source`` is read on a helper thread; ``stop`` (closing the
    response) ends it early when the consumer goes away. An exception reading ``source``
    is raised here, after the pieces before it."""
    arrivals: queue.SimpleQueue[object] = queue.SimpleQueue()

    def read() -> None:
        try:
            for piece in source:
                arrivals.put(piece)
        except Exception as exc:  # handed to the consumer, which decides
            arrivals.put(exc)
        arrivals.put(_END)

    threading.Thread(target=read, name="gateway-stream-reader", daemon=True).start()
    try:
        while True:
            batch: list[bytes] = []
            item = arrivals.get()
            while True:
                if item is _END or isinstance(item, Exception):
                    if batch:
                        yield batch
                    if isinstance(item, Exception):
                        raise item
                    return
                assert isinstance(item, bytes)
                batch.append(item)
                try:
                    item = arrivals.get_nowait()
                except queue.Empty:
                    break
            yield batch
    finally:
        stop()

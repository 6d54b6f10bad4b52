"""Server-sent events: the encoder Parity writes with and a decoder that survives real wires.

The encoder always writes an ``event:`` line (the official SDKs drop events without one) and
a single-line ``data:`` JSON. The decoder follows the WHATWG event-stream parsing rules: CR,
LF and CRLF line ends, ``:`` comment lines, multi-line ``data``, a UTF-8 BOM, and any split
of the byte stream into chunks (a multi-byte character or a CRLF may straddle two chunks).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class SseEvent:
    """One dispatched event: its name (``message`` when no ``event:`` line) and raw data."""

    event: str
    data: str
    id: str | None = None
    named: bool = True

    def json(self) -> Any:
        return json.loads(self.data)


def encode_event(data: dict[str, Any], event: str | None = None) -> bytes:
    """One SSE event: ``event: <name>`` (default ``data["type"]``) then ``data: <json>``."""
    name = event if event is not None else str(data.get("type", "message"))
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {name}\ndata: {payload}\n\n".encode()


def encode_events(events: Iterable[dict[str, Any]]) -> bytes:
    """A whole stream of Anthropic events, each named after its ``type``."""
    return b"".join(encode_event(e) for e in events)


class SseDecoder:
    """Incremental decoder: feed bytes in any split, collect dispatched events."""

    def __init__(self) -> None:
        self._partial: list[str] = []  # the line begun, in pieces (never holding a line end)
        self._pending = b""
        self._pending_cr = False
        self._started = False
        self._event: str | None = None
        self._data: list[str] = []
        self._id: str | None = None

    def feed(self, chunk: bytes) -> list[SseEvent]:
        """Decode ``chunk`` and return the events it completed."""
        raw = self._pending + chunk
        # keep an incomplete UTF-8 sequence for the next chunk
        cut = _complete_utf8_prefix(raw)
        self._pending = raw[cut:]
        text = raw[:cut].decode("utf-8", "replace")
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        return self._consume(text)

    def close(self) -> list[SseEvent]:
        """End of stream: flush what is left. An event without its blank line is dropped,
        as the event-stream rules say."""
        events = self._consume(self._pending.decode("utf-8", "replace"))
        self._pending = b""
        if self._partial:
            events.extend(self._line("".join(self._partial)))
            self._partial = []
        return events

    def _consume(self, text: str) -> list[SseEvent]:
        if not text:
            return []  # nothing decoded yet: a CR left pending still awaits its LF
        if self._pending_cr and text.startswith("\n"):
            text = text[1:]  # the LF of a CRLF split across chunks
        self._pending_cr = False
        if "\n" not in text and "\r" not in text:
            # no line end: keep the piece (joined only when the line ends, so that a line
            # fed a byte at a time costs its length, not the square of it)
            if text:
                self._partial.append(text)
            return []
        buffer = "".join((*self._partial, text)) if self._partial else text
        self._partial = []
        events: list[SseEvent] = []
        start = 0
        for end in _LINE_END.finditer(buffer):
            events.extend(self._line(buffer[start : end.start()]))
            start = end.end()
            if end.group() == "\r" and start == len(buffer):
                self._pending_cr = True  # may be the first half of a CRLF
        if start < len(buffer):
            self._partial.append(buffer[start:])
        return events

    def _line(self, line: str) -> list[SseEvent]:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return []
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\0" not in value:
            self._id = value
        return []

    def _dispatch(self) -> list[SseEvent]:
        if not self._data:
            self._event = None
            return []
        event = SseEvent(
            event=self._event or "message",
            data="\n".join(self._data),
            id=self._id,
            named=self._event is not None,
        )
        self._event = None
        self._data = []
        return [event]


def decode_stream(chunks: Iterable[bytes]) -> Iterator[SseEvent]:
    """Decode a whole stream given as chunks, yielding events as they complete."""
    decoder = SseDecoder()
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.close()


def _complete_utf8_prefix(raw: bytes) -> int:
    """Length of the longest prefix of ``raw`` that does not end inside a UTF-8 sequence."""
    n = len(raw)
    for back in range(1, min(4, n) + 1):
        byte = raw[n - back]
        if byte & 0b1100_0000 == 0b1000_0000:
            continue  # continuation byte, look further back
        if byte & 0b1000_0000 == 0:
            return n
        need = 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4
        return n if back >= need else n - back
    return n

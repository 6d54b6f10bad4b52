"""Anthropic SSE bytes -> Anthropic stream events, for any split of the byte stream.

The native API (and Vertex AI, which relays it) already streams Anthropic events, so decoding
is the translation: each event's ``data`` is parsed as JSON (padding and key order are
irrelevant) and its ``event:`` name kept. Faults are reported as problems, not raised:
``data`` that is not a JSON object is skipped; an event without an ``event:`` line is kept
under the name ``message``, the default the event-stream rules give it (SDK clients drop it);
a body that ends without ``message_stop`` or an ``error`` event (an empty body included) is
reported too. Nothing is added to the events: the native stream is the canonical outcome, so
it is kept exactly as it came. Decompression is the transport's job; these bytes are plain.
"""

from __future__ import annotations

from collections.abc import Iterable

from adapters import limits
from adapters.anthropic.errors import body_snippet
from adapters.base import StreamResult
from adapters.protocol.sse import SseDecoder, SseEvent

_ENDINGS = ("message_stop", "error")


def decode_stream(chunks: Iterable[bytes]) -> StreamResult:
    """Decode a 2xx ``text/event-stream`` body fed in ``chunks`` of any size."""
    result = StreamResult(events=[], names=[])
    decoder = SseDecoder()
    position = 0
    for chunk in chunks:
        for event in decoder.feed(chunk):
            _collect(event, position, result)
            position += 1
    for event in decoder.close():
        _collect(event, position, result)
        position += 1
    if not result.events:
        result.problems.append("the stream ended without any event")
    elif not any(event.get("type") in _ENDINGS for event in result.events):
        result.problems.append("the stream ended without message_stop or an error event")
    return result


def _collect(event: SseEvent, position: int, result: StreamResult) -> None:
    where = f"SSE event {position} ({event.event!r})"
    try:
        data = limits.loads(event.data)
    except limits.LimitError as exc:
        result.problems.append(f"{where}: data is beyond the limits ({exc}), event skipped")
        return
    except ValueError:
        snippet = body_snippet(event.data.encode("utf-8", "replace"))
        result.problems.append(f"{where}: data is not JSON, event skipped: {snippet}")
        return
    if not isinstance(data, dict):
        result.problems.append(f"{where}: data is JSON but not an object, event skipped")
        return
    if not event.named:
        result.problems.append(
            f"{where}: no event: line, so SDK clients drop it; kept under the name 'message'"
        )
    result.events.append(data)
    result.names.append(event.event)

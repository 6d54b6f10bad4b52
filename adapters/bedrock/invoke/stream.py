"""InvokeModelWithResponseStream -> Anthropic events.

Frames are decoded by botocore (see `adapters.bedrock.eventstream`). Each ``chunk`` carries
one Anthropic event, base64 in ``bytes``; its ``type`` is the event name. Beyond that:

- ``amazon-bedrock-invocationMetrics`` (on ``message_stop``) is not an Anthropic field: it is
  removed, and its non-zero cache counts fill ``cache_read_input_tokens`` /
  ``cache_creation_input_tokens`` in the preceding ``message_delta`` usage when that lacks
  them (some deployments report the cache only there), so clients reading usage from
  ``message_delta`` see it.
- An exception frame (``throttlingException``...) or protocol error frame becomes an
  Anthropic ``error`` event (typed by `adapters.bedrock.errors.STREAM_ERRORS`) that ends the
  stream; anything after it is reported and ignored.
- A stream that stops without ``message_stop`` or an error, or whose framing breaks, is
  reported as a problem and ends with an ``api_error`` event, never as a success.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from adapters.base import JSON, StreamResult
from adapters.bedrock import errors
from adapters.bedrock.eventstream import RESPONSE_STREAM, FrameError, StreamItem, iter_items

METRICS_KEY = "amazon-bedrock-invocationMetrics"
# invocationMetrics count -> the usage field it fills when message_delta lacks it
METRICS_USAGE = {
    "cacheReadInputTokenCount": "cache_read_input_tokens",
    "cacheWriteInputTokenCount": "cache_creation_input_tokens",
}


@dataclass
class _Decoder:
    result: StreamResult = field(default_factory=lambda: StreamResult(events=[], names=[]))
    held_delta: JSON | None = None
    ended: bool = False

    def emit(self, event: JSON) -> None:
        self.result.events.append(event)
        self.result.names.append(str(event.get("type")))

    def flush(self) -> None:
        if self.held_delta is not None:
            self.emit(self.held_delta)
            self.held_delta = None

    def fail(self, message: str) -> None:
        self.flush()
        self.emit({"type": "error", "error": {"type": "api_error", "message": message}})
        self.ended = True


def decode_stream(chunks: Iterable[bytes]) -> StreamResult:
    """Decode a 2xx InvokeModelWithResponseStream body fed in ``chunks`` of any size."""
    decoder = _Decoder()
    try:
        for position, item in enumerate(iter_items(chunks, RESPONSE_STREAM)):
            _take(decoder, position, item)
    except FrameError as exc:
        decoder.result.problems.append(str(exc))
        if not decoder.ended:
            decoder.fail(f"the Bedrock stream broke: {exc}")
    if not decoder.ended:
        decoder.result.problems.append(
            "the stream ended without message_stop or an exception frame; ended it with an "
            "api_error event"
        )
        decoder.fail("the Bedrock stream ended before message_stop")
    return decoder.result


def _take(decoder: _Decoder, position: int, item: StreamItem) -> None:
    where = f"frame {position} ({item.kind} {item.name!r})"
    if decoder.ended:
        decoder.result.problems.append(f"{where} came after the stream ended; ignored")
        return
    if item.kind != "event":
        decoder.flush()
        decoder.emit(errors.stream_error_event(item.name, item.message))
        decoder.ended = True
        return
    event = _chunk_event(decoder, where, item)
    if event is None:
        return
    metrics = event.pop(METRICS_KEY, None)
    kind = event.get("type")
    if kind == "message_delta":
        decoder.flush()
        decoder.held_delta = event
        return
    if kind == "message_stop" and isinstance(metrics, dict) and decoder.held_delta is not None:
        _fill_usage(decoder.held_delta, metrics)
    decoder.flush()
    decoder.emit(event)
    if kind in ("message_stop", "error"):
        decoder.ended = True


def _chunk_event(decoder: _Decoder, where: str, item: StreamItem) -> JSON | None:
    problems = decoder.result.problems
    raw = (item.data or {}).get("bytes") if item.name == "chunk" else None
    if not isinstance(raw, bytes):
        problems.append(f"{where}: not a chunk with bytes; skipped")
        return None
    try:
        event: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        problems.append(f"{where}: chunk bytes are not JSON; skipped")
        return None
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        legacy = isinstance(event, dict) and "completion" in event
        what = "a legacy Text Completions chunk" if legacy else "not an Anthropic event"
        problems.append(f"{where}: chunk is {what}; skipped")
        return None
    return event


def _fill_usage(delta: JSON, metrics: dict[str, Any]) -> None:
    usage = delta.get("usage")
    if not isinstance(usage, dict):
        return
    for count, key in METRICS_USAGE.items():
        value = metrics.get(count)
        if isinstance(value, int) and value > 0 and usage.get(key) is None:
            usage[key] = value

"""InvokeModelWithResponseStream -> Anthropic events.

Frames are decoded by botocore (see `adapters.bedrock.eventstream`) and run through the
shared frame loop (`adapters.bedrock.stream_decoder`). Each ``chunk`` carries one Anthropic
event, base64 in ``bytes``; its ``type`` is the event name. Beyond that:

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

from collections.abc import Iterable
from typing import Any

from adapters import limits
from adapters.base import JSON, StreamResult
from adapters.bedrock.eventstream import RESPONSE_STREAM, StreamItem
from adapters.bedrock.stream_decoder import FrameDecoder, decode_frames

METRICS_KEY = "amazon-bedrock-invocationMetrics"
# invocationMetrics count -> the usage field it fills when message_delta lacks it
METRICS_USAGE = {
    "cacheReadInputTokenCount": "cache_read_input_tokens",
    "cacheWriteInputTokenCount": "cache_creation_input_tokens",
}


def decode_stream(chunks: Iterable[bytes]) -> StreamResult:
    """Decode a 2xx InvokeModelWithResponseStream body fed in ``chunks`` of any size."""
    return decode_frames(_Decoder(), chunks, RESPONSE_STREAM)


class _Decoder(FrameDecoder):
    """Holds each ``message_delta`` back until the next event, so the metrics on
    ``message_stop`` can fill its usage."""

    final_event = "message_stop"

    def __init__(self) -> None:
        super().__init__()
        self.held_delta: JSON | None = None

    def flush(self) -> None:
        if self.held_delta is not None:
            self.emit(self.held_delta)
            self.held_delta = None

    def take(self, where: str, item: StreamItem) -> None:
        event = _chunk_event(self, where, item)
        if event is None:
            return
        metrics = event.pop(METRICS_KEY, None)
        kind = event.get("type")
        if kind == "message_delta":
            self.flush()
            self.held_delta = event
            return
        if kind == "message_stop" and isinstance(metrics, dict) and self.held_delta is not None:
            _fill_usage(self.held_delta, metrics)
        if kind in ("message_stop", "error"):
            self.end_with(event)
        else:
            self.flush()
            self.emit(event)


def _chunk_event(decoder: FrameDecoder, where: str, item: StreamItem) -> JSON | None:
    raw = (item.data or {}).get("bytes") if item.name == "chunk" else None
    if not isinstance(raw, bytes):
        decoder.problem(f"{where}: not a chunk with bytes; skipped")
        return None
    try:
        event: Any = limits.loads(raw)
    except limits.LimitError as exc:
        decoder.problem(f"{where}: chunk bytes are beyond the limits ({exc}); skipped")
        return None
    except ValueError:  # UnicodeDecodeError is one
        decoder.problem(f"{where}: chunk bytes are not JSON; skipped")
        return None
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        legacy = isinstance(event, dict) and "completion" in event
        what = "a legacy Text Completions chunk" if legacy else "not an Anthropic event"
        decoder.problem(f"{where}: chunk is {what}; skipped")
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

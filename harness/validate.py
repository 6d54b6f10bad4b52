"""`parity check`: the problems of an Anthropic Message or SSE stream, one line each."""

from __future__ import annotations

from typing import Any

from adapters.protocol.sse import SseDecoder
from harness.checks import check_body_schema, check_stream
from harness.cli_input import InputError, parse_json


def check_body(body: Any, name: str) -> list[str]:
    """A parsed body (Message, count_tokens result or error) against the official types."""
    return [f"{name}: {f.line()}" for f in check_body_schema(body)]


def check_sse(raw: bytes, name: str) -> list[str]:
    """An SSE stream's problems: event data that is not JSON (or beyond the CLI's input
    limits), then schema and grammar; an empty list when the stream is valid."""
    decoder = SseDecoder()
    events, names, lines = [], [], []
    for i, item in enumerate(decoder.feed(raw) + decoder.close()):
        try:
            data = parse_json(item.data.encode("utf-8", "surrogatepass"), f"event {i}: data")
        except InputError as exc:
            lines.append(f"{name}: {exc}")
            continue
        events.append(data)
        names.append(item.event)
    lines.extend(f"{name}: {f.line()}" for f in check_stream(events, names))
    return lines

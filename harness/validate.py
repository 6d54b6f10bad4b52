"""`parity check`: validate an Anthropic Message or SSE stream given as raw bytes."""

from __future__ import annotations

import json

from adapters.protocol.sse import SseDecoder
from harness.checks import check_body_schema, check_stream


def check(raw: bytes, *, stream: bool, name: str) -> list[str]:
    """One line per problem (schema or grammar); an empty list when the input is valid."""
    if stream:
        decoder = SseDecoder()
        sse = decoder.feed(raw) + decoder.close()
        events, names, lines = [], [], []
        for i, item in enumerate(sse):
            try:
                data = item.json()
            except ValueError:
                lines.append(f"{name}: event {i}: data is not JSON: {item.data[:80]!r}")
                continue
            events.append(data)
            names.append(item.event)
        lines.extend(f"{name}: {f.line()}" for f in check_stream(events, names))
        return lines
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return [f"{name}: not valid JSON: {str(exc).splitlines()[0]}"]
    return [f"{name}: {f.line()}" for f in check_body_schema(body)]

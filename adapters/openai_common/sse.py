"""The loop both OpenAI targets decode a streaming body with: SSE events, in chunks of any
split, fed one at a time to the target's translator, which turns them into Anthropic
events; how an event's JSON is read; and the ``message_start`` event both translators
open a stream with."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from adapters import limits
from adapters.base import JSON, StreamResult
from adapters.protocol.sse import SseDecoder, SseEvent


class SseTranslator(Protocol):
    """A target's stream translator: fed SSE events, then closed once."""

    @property
    def events(self) -> list[JSON]:
        """The Anthropic events so far."""
        ...

    @property
    def problems(self) -> list[str]:
        """What was wrong with the stream so far."""
        ...

    def feed(self, event: SseEvent) -> None:
        """Translate one SSE event."""
        ...

    def close(self) -> None:
        """The stream has ended."""
        ...


def translate_sse(chunks: Iterable[bytes], translator: SseTranslator) -> StreamResult:
    """Feed every SSE event in ``chunks`` to ``translator``, close it, and give its result."""
    decoder = SseDecoder()
    for chunk in chunks:
        for event in decoder.feed(chunk):
            translator.feed(event)
    for event in decoder.close():
        translator.feed(event)
    translator.close()
    return StreamResult(
        events=translator.events,
        names=[str(e["type"]) for e in translator.events],
        problems=translator.problems,
    )


def event_json(data: str, where: str, problems: list[str]) -> tuple[bool, Any]:
    """``(True, value)`` for the JSON in an SSE event's ``data``; ``(False, None)`` when it
    is beyond the limits or not JSON, the event then noted in ``problems`` as skipped."""
    try:
        return True, limits.loads(data)
    except limits.LimitError as exc:
        problems.append(f"{where}: data is beyond the limits ({exc}); skipped")
    except ValueError:
        problems.append(f"{where}: data is not JSON; skipped: {limits.excerpt(data)}")
    return False, None


def message_start(source: JSON) -> JSON:
    """The ``message_start`` event for a stream whose first object (a chunk, a response) is
    ``source``: its id and model, no content yet, and zero usage (the counts come at the
    end)."""
    message: JSON = {
        "id": str(source.get("id") or ""),
        "type": "message",
        "role": "assistant",
        "model": str(source.get("model") or ""),
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 0, "output_tokens": 0},
    }
    return {"type": "message_start", "message": message}

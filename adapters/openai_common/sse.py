"""The loop both OpenAI targets decode a streaming body with: SSE events, in chunks of any
split, fed one at a time to the target's translator, which turns them into Anthropic
events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

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

"""What the client received for a scripted turn, against the turn itself: the message it
folds from the answer (a stream, or a JSON body), block by block, so that a tool call whose
input was lost or moved, or a thinking block whose signature was dropped, is named where it
changed between the backend and the client."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from adapters.protocol.fold import fold_events
from adapters.protocol.sse import SseDecoder
from harness.findings import Finding

# per block type, the fields the client must receive exactly as the model sent them
_COMPARED = {
    "text": ("text",),
    "tool_use": ("id", "name", "input"),
    "thinking": ("thinking", "signature"),
    "redacted_thinking": ("data",),
}


def received_content(data: bytes, streamed: bool) -> list[Any] | None:
    """The content of the message the client received (None: no message came)."""
    if streamed:
        decoder = SseDecoder()
        events = []
        for item in decoder.feed(data) + decoder.close():
            try:
                events.append(json.loads(item.data))
            except json.JSONDecodeError:
                continue
        message = fold_events(events).message
    else:
        try:
            message = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
    content = message.get("content") if isinstance(message, dict) else None
    return content if isinstance(content, list) else None


def content_findings(
    where: str, received: Sequence[Any] | None, scripted: Sequence[Mapping[str, Any]], turn: int
) -> list[Finding]:
    """Where ``received`` differs from the scripted turn's content."""
    if received is None:
        return [Finding("events", where, "a message", None, "the client received no message")]
    kinds = [b.get("type") if isinstance(b, dict) else None for b in received]
    wanted = [b.get("type") for b in scripted]
    if kinds != wanted:
        message = f"the client received other content blocks than the model's turn {turn} sent"
        return [Finding("events", f"{where}.content", wanted, kinds, message)]
    found: list[Finding] = []
    for index, (got, sent) in enumerate(zip(received, scripted, strict=True)):
        for name in _COMPARED.get(str(sent.get("type")), ()):
            if got.get(name) != sent.get(name):
                found.append(
                    Finding(
                        "events",
                        f"{where}.content[{index}].{name}",
                        sent.get(name),
                        got.get(name),
                        f"the {sent['type']} block's {name} changed between the model's turn "
                        f"{turn} and the client",
                    )
                )
    return found

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

_CACHE_COUNTS = ("cache_creation_input_tokens", "cache_read_input_tokens")

# per block type, the fields the client must receive exactly as the model sent them
_COMPARED = {
    "text": ("text",),
    "tool_use": ("id", "name", "input"),
    "thinking": ("thinking", "signature"),
    "redacted_thinking": ("data",),
}


def received_content(data: bytes, streamed: bool) -> list[Any] | None:
    """The content of the message the client received (None: no message came)."""
    message = received_message(data, streamed)
    content = message.get("content") if isinstance(message, dict) else None
    return content if isinstance(content, list) else None


def received_usage(data: bytes, streamed: bool) -> Mapping[str, Any]:
    """The usage of the message the client received (empty: none came)."""
    message = received_message(data, streamed)
    usage = message.get("usage") if isinstance(message, dict) else None
    return usage if isinstance(usage, dict) else {}


def usage_findings(
    where: str, received: Mapping[str, Any], scripted: Mapping[str, Any]
) -> list[Finding]:
    """The prompt-caching counts the model reported (``cache_creation_input_tokens``,
    ``cache_read_input_tokens``), where the client received them otherwise (a zero count
    left out reads as zero, as a client reads it)."""
    return [
        Finding(
            "events",
            f"{where}.usage.{name}",
            scripted[name],
            received.get(name),
            f"the usage's {name} changed between the backend and the client",
        )
        for name in _CACHE_COUNTS
        if name in scripted and (received.get(name) or 0) != (scripted[name] or 0)
    ]


def received_message(data: bytes, streamed: bool) -> Any:
    """The message the client received, folded from a stream or parsed from a body."""
    if streamed:
        decoder = SseDecoder()
        events = []
        for item in decoder.feed(data) + decoder.close():
            try:
                events.append(json.loads(item.data))
            except json.JSONDecodeError:
                continue
        return fold_events(events).message
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


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


def history_findings(
    where: str, messages: Any, scripted: Sequence[Mapping[str, Any]]
) -> list[Finding]:
    """Where the assistant turns a client sent back differ from the scripted turns they
    hold: each scripted thinking block (with its signature) and tool call must come back
    unchanged, in its turn (text may be left out or reworded by the client)."""
    sent = [m for m in messages if isinstance(m, dict) and m.get("role") == "assistant"]
    found: list[Finding] = []
    for turn, (message, reply) in enumerate(zip(sent, scripted, strict=False), start=1):
        content = message.get("content")
        blocks = [b for b in content if isinstance(b, dict)] if isinstance(content, list) else []
        for block in reply["content"]:
            kind = block.get("type")
            if kind == "text":
                continue
            same = [b for b in blocks if b.get("type") == kind]
            fields = _COMPARED.get(str(kind), ())
            if not any(all(b.get(f) == block.get(f) for f in fields) for b in same):
                found.append(
                    Finding(
                        "history",
                        f"{where}.assistant[{turn}]",
                        {f: block.get(f) for f in fields},
                        [{f: b.get(f) for f in fields} for b in same] or None,
                        f"the client sent turn {turn}'s {kind} block back changed or not at all",
                    )
                )
    return found

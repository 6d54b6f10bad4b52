"""The order Anthropic stream events must come in, checked event by event.

The SDK's pydantic types say what each event looks like; they say nothing about sequence. This
module checks the sequence: one ``message_start`` first, content blocks opened one at a time
with contiguous indices, deltas that fit their block, ``message_delta`` after every block is
closed and ``message_stop`` last. ``ping`` may come anywhere before the end; an ``error``
event (which may also stand alone, before any ``message_start``) ends the stream.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from adapters.protocol.violation import Violation

EVENT_TYPES = frozenset(
    {
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
        "ping",
        "error",
    }
)

# Which delta types each block type accepts. Block types missing here take no deltas
# (redacted_thinking, web_search_tool_result and the other result blocks arrive whole).
# compaction and mcp_tool_use exist only in the SDK's beta types, which stream them this way.
DELTAS_BY_BLOCK: dict[str, tuple[str, ...]] = {
    "text": ("text_delta", "citations_delta"),
    "thinking": ("thinking_delta", "signature_delta"),
    "tool_use": ("input_json_delta",),
    "server_tool_use": ("input_json_delta",),
    "mcp_tool_use": ("input_json_delta",),
    "compaction": ("compaction_delta",),
}

_CONTENT_EVENTS = ("content_block_start", "content_block_delta", "content_block_stop")


@dataclass
class _State:
    """What the events so far have established."""

    started_message: bool = False
    seen_other: bool = False
    next_index: int = 0
    block_types: dict[int, str | None] = field(default_factory=dict)
    start_positions: dict[int, int] = field(default_factory=dict)
    stopped: set[int] = field(default_factory=set)
    message_delta_seen: bool = False
    ended_by: str | None = None  # "message_stop" or "error" once the stream has ended

    def open_blocks(self) -> list[int]:
        return sorted(i for i in self.block_types if i not in self.stopped)


def check_stream(
    events: Sequence[dict[str, Any]], names: Sequence[str] | None = None
) -> list[Violation]:
    """Check the order and shape-level coherence of a decoded Anthropic event stream.

    ``events`` are the SSE data objects in arrival order; ``names`` the SSE ``event:`` names
    (same length) when known. Returns one Violation per breach, located at ``events[i]``
    (or ``""`` for the stream as a whole); an empty list means the sequence is valid.
    """
    if not events:
        return [Violation("", "empty stream: no events at all")]
    found: list[Violation] = []
    if names is not None and len(names) != len(events):
        found.append(Violation("", f"{len(names)} SSE event names given for {len(events)} events"))
    state = _State()
    for i, event in enumerate(events):
        name = names[i] if names is not None and i < len(names) else None
        found.extend(Violation(f"events[{i}]", m) for m in _check_event(state, i, event, name))
    found.extend(_check_end(state))
    return found


def _check_event(state: _State, i: int, event: Any, name: str | None) -> list[str]:
    if not isinstance(event, dict):
        return [f"event is a {type(event).__name__}, not a JSON object"]
    kind = event.get("type")
    if not isinstance(kind, str):
        return ["event has no string 'type'"]
    if kind not in EVENT_TYPES:
        return [f"unknown event type '{kind}'"]
    problems: list[str] = []
    if name is not None and name != kind:
        problems.append(f"SSE event name '{name}' does not match its type '{kind}'")
    if state.ended_by is not None:
        problems.append(f"{kind} after {state.ended_by}, which ends the stream")
        return problems
    if kind == "ping":
        return problems
    if kind == "error":
        state.ended_by = "error"
        return problems
    if not state.started_message and kind != "message_start" and not state.seen_other:
        problems.append(f"stream starts with {kind}, not message_start")
    if kind == "message_start":
        if state.started_message:
            problems.append("second message_start: a stream carries exactly one message")
        state.started_message = True
    else:
        state.seen_other = True
    if kind in _CONTENT_EVENTS and state.message_delta_seen:
        problems.append(f"{kind} after message_delta: content events must come before it")
        return problems
    if kind == "content_block_start":
        problems.extend(_block_start(state, i, event))
    elif kind == "content_block_delta":
        problems.extend(_block_delta(state, event))
    elif kind == "content_block_stop":
        problems.extend(_block_stop(state, event))
    elif kind == "message_delta":
        problems.extend(f"message_delta while block {b} is still open" for b in state.open_blocks())
        state.message_delta_seen = True
    elif kind == "message_stop":
        if not state.message_delta_seen:
            problems.append("message_stop without a message_delta before it")
        state.ended_by = "message_stop"
    return problems


def _index(event: dict[str, Any]) -> int | None:
    index = event.get("index")
    return index if isinstance(index, int) and not isinstance(index, bool) else None


def _block_start(state: _State, i: int, event: dict[str, Any]) -> list[str]:
    index = _index(event)
    if index is None:
        return ["content_block_start has no integer index"]
    problems: list[str] = []
    block = event.get("content_block")
    block_type = block.get("type") if isinstance(block, dict) else None
    if not isinstance(block_type, str):
        block_type = None
        problems.append(f"content_block_start on index {index} has no content_block type")
    if index in state.block_types:
        problems.append(f"second content_block_start on index {index}")
        return problems
    if index != state.next_index:
        problems.append(
            f"content_block_start on index {index}, expected index {state.next_index} "
            "(indices run 0, 1, 2, ... in order)"
        )
    problems.extend(
        f"content_block_start on index {index} while block {b} is still open "
        "(blocks never interleave)"
        for b in state.open_blocks()
    )
    state.block_types[index] = block_type
    state.start_positions[index] = i
    state.next_index = max(state.next_index, index + 1)
    return problems


def _block_delta(state: _State, event: dict[str, Any]) -> list[str]:
    index = _index(event)
    if index is None:
        return ["content_block_delta has no integer index"]
    if index not in state.block_types:
        return [f"content_block_delta on index {index} before its content_block_start"]
    if index in state.stopped:
        return [f"content_block_delta on index {index} after its content_block_stop"]
    delta = event.get("delta")
    delta_type = delta.get("type") if isinstance(delta, dict) else None
    if not isinstance(delta_type, str):
        return [f"content_block_delta on index {index} has no delta type"]
    block_type = state.block_types[index]
    if block_type is None:
        return []
    allowed = DELTAS_BY_BLOCK.get(block_type)
    if allowed is None:
        return [f"{block_type} block on index {index} takes no deltas, got {delta_type}"]
    if delta_type not in allowed:
        return [
            f"{delta_type} does not fit the {block_type} block on index {index} "
            f"(expected {' or '.join(allowed)})"
        ]
    return []


def _block_stop(state: _State, event: dict[str, Any]) -> list[str]:
    index = _index(event)
    if index is None:
        return ["content_block_stop has no integer index"]
    if index not in state.block_types:
        return [f"content_block_stop on index {index} before its content_block_start"]
    if index in state.stopped:
        return [f"second content_block_stop on index {index}"]
    state.stopped.add(index)
    return []


def _check_end(state: _State) -> list[Violation]:
    if state.ended_by == "error":
        return []  # an error may cut a block short; nothing more is owed
    found = [
        Violation(f"events[{state.start_positions[b]}]", f"block {b} is never stopped")
        for b in state.open_blocks()
    ]
    if state.ended_by is None:
        found.append(Violation("", "stream ended without message_stop"))
    return found

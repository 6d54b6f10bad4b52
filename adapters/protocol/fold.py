"""Fold an Anthropic event stream into the Message it describes.

The semantics are those of the official SDK's stream accumulator: start from a copy of
``message_start.message``; text, thinking and tool-input deltas build up their block;
``signature_delta`` replaces the signature; ``citations_delta`` appends to the block's
citations; ``message_delta`` sets the stop fields (and the beta ``context_management``, as
the SDK does) and overwrites each usage count it carries that is not null. Two deliberate
differences: blocks are placed by their ``index`` (the SDK appends in arrival order), and
tool input is parsed once, when its block stops, with strict JSON (the SDK re-parses
leniently after every fragment and raises on bad JSON).

Folding never raises on bad input: events it cannot apply are skipped and reported as
problems. Checking the order of events is the grammar's job, not this module's.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from adapters import limits
from adapters.protocol.violation import Violation

# Block types whose input is streamed as input_json_delta fragments.
_TOOL_BLOCKS = frozenset({"tool_use", "server_tool_use", "mcp_tool_use"})
_QUOTE_LIMIT = 200


@dataclass(frozen=True)
class Folded:
    """The outcome of folding a stream.

    ``message``: the Message accumulated so far (None when there was no message_start);
    ``error``: the ``error`` object of an error event (``{"type", "message"}``), if any;
    ``problems``: what could not be folded (e.g. tool input that is not valid JSON).
    """

    message: dict[str, Any] | None
    error: dict[str, Any] | None
    problems: list[Violation]


@dataclass
class _Fold:
    message: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    blocks: dict[int, dict[str, Any]] = field(default_factory=dict)
    json_parts: dict[int, list[str]] = field(default_factory=dict)
    finished: set[int] = field(default_factory=set)
    problems: list[Violation] = field(default_factory=list)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Violation(path, message))


def fold_events(events: Sequence[dict[str, Any]]) -> Folded:
    """Fold decoded stream events (in arrival order) into a Message. Never mutates ``events``."""
    fold = _Fold()
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            fold.problem(f"events[{i}]", "event is not a JSON object; skipped")
            continue
        _apply(fold, i, event)
    for index in sorted(fold.blocks):
        if index not in fold.finished:
            _finish_block(fold, index)
    message = fold.message
    if message is not None:
        message["content"] = [fold.blocks[i] for i in sorted(fold.blocks)]
    return Folded(message=message, error=fold.error, problems=fold.problems)


def _apply(fold: _Fold, i: int, event: dict[str, Any]) -> None:
    kind = event.get("type")
    where = f"events[{i}]"
    if kind == "ping":
        return
    if kind == "error":
        error = event.get("error")
        if not isinstance(error, dict):
            fold.problem(where, "error event without an error object")
        if fold.error is None:
            fold.error = copy.deepcopy(error) if isinstance(error, dict) else {}
        return
    if kind == "message_start":
        _start_message(fold, where, event)
        return
    if fold.message is None:
        fold.problem(where, f"{kind} before message_start; skipped")
        return
    if kind == "content_block_start":
        _start_block(fold, where, event)
    elif kind == "content_block_delta":
        _apply_delta(fold, where, event)
    elif kind == "content_block_stop":
        index = _index(fold, where, event)
        if index is not None and index not in fold.finished:
            _finish_block(fold, index)
    elif kind == "message_delta":
        _apply_message_delta(fold, where, fold.message, event)
    elif kind != "message_stop":
        fold.problem(where, f"unknown event type {kind!r}; skipped")


def _start_message(fold: _Fold, where: str, event: dict[str, Any]) -> None:
    if fold.message is not None:
        fold.problem(where, "second message_start; skipped")
        return
    message = event.get("message")
    if not isinstance(message, dict):
        fold.problem(where, "message_start without a message object; skipped")
        return
    fold.message = copy.deepcopy(message)
    content = fold.message.get("content")
    if not isinstance(content, list):
        fold.problem(where, "message_start content is not a list; starting from no blocks")
        content = []
    for index, block in enumerate(content):
        if isinstance(block, dict):
            fold.blocks[index] = block
            fold.finished.add(index)


def _index(fold: _Fold, where: str, event: dict[str, Any]) -> int | None:
    index = event.get("index")
    if not isinstance(index, int) or isinstance(index, bool):
        fold.problem(where, f"{event.get('type')} without an integer index; skipped")
        return None
    if event.get("type") != "content_block_start" and index not in fold.blocks:
        fold.problem(where, f"{event.get('type')} for index {index}, which never started; skipped")
        return None
    return index


def _start_block(fold: _Fold, where: str, event: dict[str, Any]) -> None:
    index = _index(fold, where, event)
    if index is None:
        return
    block = event.get("content_block")
    if not isinstance(block, dict):
        fold.problem(where, "content_block_start without a content_block object; skipped")
        return
    if index in fold.blocks:
        fold.problem(where, f"index {index} started again; the later block replaces it")
    fold.blocks[index] = copy.deepcopy(block)
    fold.json_parts.pop(index, None)
    fold.finished.discard(index)


def _apply_delta(fold: _Fold, where: str, event: dict[str, Any]) -> None:
    index = _index(fold, where, event)
    if index is None:
        return
    delta = event.get("delta")
    if not isinstance(delta, dict):
        fold.problem(where, "content_block_delta without a delta object; skipped")
        return
    block = fold.blocks[index]
    kind = delta.get("type")
    block_type = block.get("type")
    if not isinstance(block_type, str) or not isinstance(kind, str):
        fold.problem(where, "a delta or its block has no string type; skipped")
        return
    # As in the SDK, a delta that does not fit its block is ignored.
    if kind == "text_delta" and block_type == "text":
        block["text"] = _text(block.get("text")) + _text(delta.get("text"))
    elif kind == "input_json_delta" and block_type in _TOOL_BLOCKS:
        fold.json_parts.setdefault(index, []).append(_text(delta.get("partial_json")))
    elif kind == "thinking_delta" and block_type == "thinking":
        block["thinking"] = _text(block.get("thinking")) + _text(delta.get("thinking"))
    elif kind == "signature_delta" and block_type == "thinking":
        block["signature"] = delta.get("signature")
    elif kind == "citations_delta" and block_type == "text":
        citations = block.get("citations")
        if not isinstance(citations, list):
            citations = block["citations"] = []
        citations.append(copy.deepcopy(delta.get("citation")))
    elif kind == "compaction_delta" and block_type == "compaction":
        block["content"] = delta.get("content")
        block["encrypted_content"] = delta.get("encrypted_content")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _finish_block(fold: _Fold, index: int) -> None:
    """Parse the streamed tool input of a block that has stopped (or that the stream left open)."""
    fold.finished.add(index)
    parts = fold.json_parts.pop(index, None)
    block = fold.blocks[index]
    if parts is None:
        return
    joined = "".join(parts)
    if joined == "":
        block.setdefault("input", {})  # the SDK keeps the start's input when nothing came
        return
    try:
        block["input"] = limits.loads(joined)
    except json.JSONDecodeError as exc:
        _bad_input(fold, index, exc.msg, joined)
    except ValueError as exc:  # beyond the limits, or not UTF-8
        _bad_input(fold, index, str(exc), joined)


def _bad_input(fold: _Fold, index: int, reason: str, joined: str) -> None:
    fold.blocks[index].setdefault("input", {})
    quoted = joined if len(joined) <= _QUOTE_LIMIT else joined[:_QUOTE_LIMIT] + "..."
    fold.problem(f"content[{index}].input", f"tool input is not valid JSON ({reason}): {quoted!r}")


def _apply_message_delta(
    fold: _Fold, where: str, message: dict[str, Any], event: dict[str, Any]
) -> None:
    delta = event.get("delta")
    if isinstance(delta, dict):
        message["stop_reason"] = delta.get("stop_reason")
        message["stop_sequence"] = delta.get("stop_sequence")
        if "stop_details" in delta:
            message["stop_details"] = copy.deepcopy(delta["stop_details"])
        if delta.get("container") is not None:
            message["container"] = copy.deepcopy(delta["container"])
    else:
        fold.problem(where, "message_delta without a delta object; stop fields unchanged")
    if event.get("context_management") is not None:  # beta: the context edits applied
        message["context_management"] = copy.deepcopy(event["context_management"])
    usage = event.get("usage")
    if not isinstance(usage, dict):
        fold.problem(where, "message_delta without a usage object; usage unchanged")
        return
    target = message.get("usage")
    if not isinstance(target, dict):
        target = message["usage"] = {}
    for key, value in usage.items():
        if value is not None:
            target[key] = copy.deepcopy(value)

"""Responses event stream -> Anthropic stream events, for any split of the bytes.

A Responses stream is typed server-sent events, each with a ``type`` and an increasing
``sequence_number``. They become Anthropic events this way:

- ``response.created`` opens the message (``message_start``: the response's id and model,
  zero usage, since usage arrives with the final event);
- an output item's content opens a block when it starts: ``response.content_part.added``
  (``output_text`` or ``refusal``) a text block, ``response.output_item.added`` of a
  ``function_call`` a ``tool_use`` block (its ``call_id`` as the id), the first
  ``response.reasoning_summary_part.added`` of a ``reasoning`` item a thinking block (later
  summary parts go on after a blank line);
- deltas are routed by ``item_id`` (and ``content_index``): ``response.output_text.delta``
  and ``response.refusal.delta`` are text, ``response.function_call_arguments.delta`` is
  ``input_json_delta`` (leading whitespace is left out), and
  ``response.reasoning_summary_text.delta`` is ``thinking_delta``. A delta for an item or
  part that is not the open block is a problem, and is not sent on;
- ``response.output_item.done`` closes the item's block; a reasoning item's
  ``encrypted_content`` becomes the thinking block's ``signature_delta``, or, for an item
  without a summary, a ``redacted_thinking`` block;
- ``response.completed`` / ``response.incomplete`` give ``message_delta`` (the stop reason
  by `stop_reason`, usage by `response.anthropic_usage`) and ``message_stop``;
  ``response.failed`` and ``error`` become an Anthropic ``error`` event and end the stream.

Faults the decoder can carry on past are problems: data that is not JSON, an event without
a type, a sequence number out of order, a delta for the wrong item, tool arguments that are
not a JSON object, data after the end, an event type it does not know. A body that stops
before the response finished ends with an ``api_error`` event as well as a problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from adapters.base import JSON, Call, StreamResult, TranslationError
from adapters.openai.tool_arguments import tool_input
from adapters.openai_common.sse import event_json, message_start, translate_sse
from adapters.openai_responses import errors, stop_reason
from adapters.openai_responses.response import SUMMARY_JOINER, anthropic_usage
from adapters.openai_responses.stream_blocks import Blocks, Item
from adapters.protocol.sse import SseEvent

# Events that say nothing an Anthropic client needs (the item or part they finish has been
# streamed already, or they repeat what the response object will say).
QUIET_EVENTS = frozenset(
    {
        "response.in_progress",
        "response.queued",
        "response.output_text.done",
        "response.refusal.done",
        "response.output_text.annotation.added",
        "response.reasoning_summary_text.done",
        "response.reasoning_summary_part.done",
    }
)
_FINAL = ("response.completed", "response.incomplete")


def decode_stream(call: Call, chunks: Iterable[bytes]) -> StreamResult:
    """Decode a 2xx Responses event stream fed in ``chunks`` of any size."""
    return translate_sse(chunks, StreamTranslator())


class StreamTranslator:
    """Turns Responses SSE events into Anthropic events, one event at a time."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.blocks = Blocks()
        self.items: dict[str, Item] = {}
        self._position = 0
        self._sequence = -1
        self._started = False
        self._ended = False
        self._called = False
        self._refused = False

    @property
    def events(self) -> list[JSON]:
        """The Anthropic events so far."""
        return self.blocks.events

    def feed(self, event: SseEvent) -> None:
        """Take one SSE event (its ``data`` is one Responses event object)."""
        where = f"SSE event {self._position}"
        self._position += 1
        data = event.data.strip()
        if not data:
            return
        read, value = event_json(data, where, self.problems)
        if not read:
            return
        kind = value.get("type") if isinstance(value, dict) else None
        if not isinstance(value, dict) or not isinstance(kind, str):
            self.problems.append(f"{where}: data is not an event object with a type; skipped")
            return
        if self._ended:
            self.problems.append(f"{where}: {kind} after the stream ended; ignored")
            return
        self._check_sequence(value, kind, where)
        self._dispatch(kind, value, f"{where} ({kind})")

    def _check_sequence(self, value: JSON, kind: str, where: str) -> None:
        number = value.get("sequence_number")
        if not isinstance(number, int) or isinstance(number, bool):
            self.problems.append(f"{where}: {kind} has no sequence_number")
            return
        if number <= self._sequence:
            self.problems.append(
                f"{where}: {kind} has sequence_number {number} after {self._sequence}"
            )
        self._sequence = max(self._sequence, number)

    def _dispatch(self, kind: str, value: JSON, where: str) -> None:
        if kind == "error":
            self._end_with(errors.stream_error_event(value))
        elif kind == "response.created":
            self._start(value.get("response"), where)
        elif not self._started:
            self._fail(f"{kind} before response.created", where)
        elif kind in _FINAL:
            self._finish(value.get("response"), where)
        elif kind == "response.failed":
            response = value.get("response")
            error = response.get("error") if isinstance(response, dict) else None
            self._end_with(errors.stream_error_event(error))
        elif kind in _HANDLERS:
            _HANDLERS[kind](self, value, where)
        elif kind not in QUIET_EVENTS:
            self.problems.append(f"{where}: an event this translation does not know; ignored")

    # -- the message ----------------------------------------------------------------------
    def _start(self, response: Any, where: str) -> None:
        if self._started:
            self.problems.append(f"{where}: a second response.created; ignored")
            return
        response = response if isinstance(response, dict) else {}
        self._started = True
        self.blocks.events.append(message_start(response))

    def _finish(self, response: Any, where: str) -> None:
        self.blocks.close_open()
        response = response if isinstance(response, dict) else {}
        status, incomplete = response.get("status"), response.get("incomplete_details")
        stop = stop_reason.stop_for(status, incomplete, self._called, self._refused)
        if not stop.known:
            self.problems.append(
                f"{where}: status {status!r} ({incomplete!r}) has no stop reason; "
                "reported as end_turn"
            )
        try:
            usage = anthropic_usage(response.get("usage"), "usage")
        except TranslationError as exc:
            self.problems.append(f"{where}: usage: {exc}")
            usage = {"input_tokens": 0, "output_tokens": 0}
        delta = {"stop_reason": stop.reason, "stop_sequence": None}
        self.blocks.events.append({"type": "message_delta", "delta": delta, "usage": usage})
        self.blocks.events.append({"type": "message_stop"})
        self._ended = True

    def _end_with(self, error_event: JSON) -> None:
        self.blocks.events.append(error_event)
        self._ended = True

    def close(self) -> None:
        """The body ended: a stream that did not finish ends with an ``api_error`` event."""
        if self._ended:
            return
        if not self._started:
            self._fail("the stream ended without any event")
        else:
            self._fail("the stream ended before the response finished")

    def _fail(self, reason: str, where: str = "") -> None:
        at = f"{where}: " if where else ""
        self.problems.append(f"{at}{reason}; ended it with an api_error event")
        error = {"type": "api_error", "message": f"the Responses stream failed: {reason}"}
        self._end_with({"type": "error", "error": error})

    # -- items ----------------------------------------------------------------------------
    def _item(self, value: JSON, where: str) -> Item | None:
        item_id = value.get("item_id")
        item = self.items.get(item_id) if isinstance(item_id, str) else None
        if item is None:
            self.problems.append(f"{where}: no output item {item_id!r}; ignored")
        return item

    def _item_added(self, value: JSON, where: str) -> None:
        raw = value.get("item")
        raw = raw if isinstance(raw, dict) else {}
        item_id, kind = raw.get("id"), raw.get("type")
        if not isinstance(item_id, str) or kind not in ("message", "function_call", "reasoning"):
            self._fail(f"an output item of type {kind!r} cannot be sent on", where)
            return
        item = self.items[item_id] = Item(item_id, str(kind))
        if kind == "function_call":
            call_id, name = raw.get("call_id"), raw.get("name")
            if not isinstance(call_id, str) or not call_id or not isinstance(name, str):
                self.problems.append(f"{where}: a function call without a call_id or name")
            self._called = True
            start = {"type": "tool_use", "id": str(call_id), "name": str(name), "input": {}}
            item.block = self.blocks.open(start, item_id)

    def _part_added(self, value: JSON, where: str) -> None:
        item = self._item(value, where)
        part = value.get("part")
        kind = part.get("type") if isinstance(part, dict) else None
        if item is None or kind not in ("output_text", "refusal"):
            self.problems.append(f"{where}: a {kind!r} part cannot be sent on; ignored")
            return
        self._refused = self._refused or kind == "refusal"
        key = f"{item.id}/{value.get('content_index')}"
        item.block = self.blocks.open({"type": "text", "text": ""}, key)

    def _text_delta(self, value: JSON, where: str) -> None:
        key = f"{value.get('item_id')}/{value.get('content_index')}"
        delta = value.get("delta")
        if isinstance(delta, str) and delta and self._routed(key, where):
            self.blocks.delta({"type": "text_delta", "text": delta})

    def _arguments_delta(self, value: JSON, where: str) -> None:
        item = self._item(value, where)
        delta = value.get("delta")
        if item is None or not isinstance(delta, str) or not self._routed(item.id, where):
            return
        if not item.fragments and not delta.strip():
            return  # leading whitespace says nothing; arguments of only whitespace are {}
        item.fragments.append(delta)
        self.blocks.delta({"type": "input_json_delta", "partial_json": delta})

    def _routed(self, key: str, where: str) -> bool:
        if self.blocks.open_key == key:
            return True
        self.problems.append(f"{where}: a delta for {key!r}, which is not the open block; ignored")
        return False

    def _summary_part(self, value: JSON, where: str) -> None:
        item = self._item(value, where)
        if item is None:
            return
        if item.block is None:
            start = {"type": "thinking", "thinking": "", "signature": ""}
            item.block = self.blocks.open(start, item.id)
        elif self._routed(item.id, where):
            self.blocks.delta({"type": "thinking_delta", "thinking": SUMMARY_JOINER})

    def _summary_delta(self, value: JSON, where: str) -> None:
        item = self._item(value, where)
        delta = value.get("delta")
        if item is not None and isinstance(delta, str) and delta and self._routed(item.id, where):
            self.blocks.delta({"type": "thinking_delta", "thinking": delta})

    def _item_done(self, value: JSON, where: str) -> None:
        raw = value.get("item")
        raw = raw if isinstance(raw, dict) else {}
        item = self.items.get(str(raw.get("id")))
        if item is None:
            self.problems.append(f"{where}: no output item {raw.get('id')!r}; ignored")
            return
        if item.kind == "reasoning":
            self._reasoning_done(item, raw.get("encrypted_content"))
        elif item.kind == "function_call":
            self._check_arguments(item, raw, where)
        if self.blocks.open_key is not None and self.blocks.open_key.split("/")[0] == item.id:
            self.blocks.close_open()

    def _reasoning_done(self, item: Item, encrypted: Any) -> None:
        encrypted = encrypted if isinstance(encrypted, str) else ""
        if item.block is not None and self.blocks.open_key == item.id:
            if encrypted:
                self.blocks.delta({"type": "signature_delta", "signature": encrypted})
        elif item.block is None and encrypted:
            item.block = self.blocks.open({"type": "redacted_thinking", "data": encrypted}, item.id)

    def _check_arguments(self, item: Item, raw: JSON, where: str) -> None:
        arguments = "".join(item.fragments)
        try:
            tool_input(arguments, "arguments")
        except TranslationError as exc:
            self.problems.append(f"{where}: function call {item.id}: {exc.message}")


_HANDLERS = {
    "response.output_item.added": StreamTranslator._item_added,
    "response.content_part.added": StreamTranslator._part_added,
    "response.output_text.delta": StreamTranslator._text_delta,
    "response.refusal.delta": StreamTranslator._text_delta,
    "response.function_call_arguments.delta": StreamTranslator._arguments_delta,
    "response.function_call_arguments.done": lambda self, value, where: None,
    "response.reasoning_summary_part.added": StreamTranslator._summary_part,
    "response.reasoning_summary_text.delta": StreamTranslator._summary_delta,
    "response.content_part.done": lambda self, value, where: self.blocks.close_key(
        f"{value.get('item_id')}/{value.get('content_index')}"
    ),
    "response.output_item.done": StreamTranslator._item_done,
}

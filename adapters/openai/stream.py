"""OpenAI chat-completion chunk stream -> Anthropic stream events, for any split of the bytes.

OpenAI streams are ``data:``-only server-sent events: ``chat.completion.chunk`` objects, then
``data: [DONE]``. They become Anthropic events this way:

- the first chunk opens the message (``message_start``: the chunk's id and model, zero usage,
  since OpenAI reports usage only at the end);
- ``delta.content`` (and ``delta.refusal``) is text; a text block opens on the first non-empty
  piece and stays open while text keeps coming;
- ``delta.tool_calls`` are routed by their ``index`` (a new ``id`` on a known index is a new
  call): the delta carrying the id and name opens a ``tool_use`` block, argument fragments
  become ``input_json_delta`` on that call's block (leading whitespace is left out, so that
  arguments of only whitespace are an empty input, as in a complete response);
- an Anthropic block cannot reopen once stopped, but OpenAI-compatible servers may interleave
  the argument fragments of parallel calls, or send text after a call. So when a tool block is
  open and something else starts, that block stays open (its own fragments keep streaming)
  and everything after it is held; when the choice finishes, the held pieces are emitted in
  order of first appearance, each call's fragments in its own block;
- ``finish_reason`` closes the blocks; ``message_delta`` (stop reason and usage) and
  ``message_stop`` follow at the usage chunk, at ``[DONE]``, or at the end of the body, so a
  stream without usage still ends validly (its usage is zero);
- ``data: {"error": ...}`` becomes an Anthropic ``error`` event and ends the stream.

Faults the decoder can carry on past are reported as problems: data that is not JSON,
choices other than index 0, tool arguments that are not a JSON object
(`tool_arguments.tool_input`), an unknown finish_reason, data after the end. Two faults end
the stream with an ``api_error`` event as well as a problem, so that a client never takes
the reply for a complete one: a deprecated ``delta.function_call`` (it has no id, so it
cannot become a ``tool_use`` block; the JSON path refuses it too), and a body that stops
before the stream finished (no ``finish_reason`` and no ``[DONE]``, or nothing at all).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from adapters.base import JSON, Call, StreamResult, TranslationError
from adapters.openai import errors, finish_reason
from adapters.openai.response import anthropic_usage
from adapters.openai.tool_arguments import tool_input
from adapters.openai_common.sse import event_json, message_start, translate_sse
from adapters.protocol.sse import SseEvent

DONE = "[DONE]"


def decode_stream(call: Call, chunks: Iterable[bytes]) -> StreamResult:
    """Decode a 2xx chat-completions event stream fed in ``chunks`` of any size."""
    return translate_sse(chunks, StreamTranslator())


@dataclass
class ToolCall:
    """One tool call as it streams: its OpenAI index, id, name, argument fragments, and the
    Anthropic block it was given (None while it is held)."""

    index: int
    id: str
    name: str
    fragments: list[str] = field(default_factory=list)
    block: int | None = None


@dataclass
class _Live:
    """The open Anthropic block: ``tool`` is None for a text block."""

    index: int
    tool: ToolCall | None = None


# A held piece: ("text", str) or ("tool", ToolCall); a held call's fragments stay on it.
_Held = tuple[str, Any]


class StreamTranslator:
    """Turns chat-completion SSE events into Anthropic events, one event at a time."""

    def __init__(self) -> None:
        self.events: list[JSON] = []
        self.problems: list[str] = []
        self.tools: dict[int, ToolCall] = {}
        self._position = 0
        self._started = False
        self._finished = False
        self._ended = False
        self._finish: Any = None
        self._matched: JSON = {}
        self._refused = False
        self._usage: Any = None
        self._next_block = 0
        self._live: _Live | None = None
        self._holding = False
        self._held: list[_Held] = []
        self._other_choices: set[str] = set()

    # -- input ----------------------------------------------------------------------------
    def feed(self, event: SseEvent) -> None:
        """Take one SSE event (its ``data`` is a chunk, an error, or ``[DONE]``)."""
        where = f"SSE event {self._position}"
        self._position += 1
        data = event.data.strip()
        if self._ended:
            if data != DONE:
                self.problems.append(f"{where}: data after the stream ended; ignored")
            return
        if data == DONE:
            self._done(where)
            return
        read, chunk = event_json(data, where, self.problems)
        if not read:
            return
        if not isinstance(chunk, dict):
            self.problems.append(f"{where}: data is JSON but not an object; skipped")
            return
        error = errors.error_object(chunk) if "choices" not in chunk else None
        if error is not None:
            self.events.append(errors.stream_error_event(error))
            self._ended = True
            return
        self._chunk(chunk, where)

    def close(self) -> None:
        """The body ended: finish the message if the backend had finished it, else end the
        stream with an ``api_error`` event."""
        if self._ended:
            return
        if self._finished:
            self._stop()
        elif not self._started:
            self._fail("the stream ended without any chunk")
        else:
            self._fail("the stream ended before it finished (no finish_reason and no [DONE])")

    def _fail(self, reason: str, where: str = "") -> None:
        """Report ``reason`` (at ``where``) and end the stream with an ``api_error`` event
        giving it."""
        at = f"{where}: " if where else ""
        self.problems.append(f"{at}{reason}; ended it with an api_error event")
        error = {"type": "api_error", "message": f"the OpenAI stream failed: {reason}"}
        self.events.append({"type": "error", "error": error})
        self._ended = True

    # -- chunks ---------------------------------------------------------------------------
    def _chunk(self, chunk: JSON, where: str) -> None:
        choices = chunk.get("choices")
        if not self._started:
            if not choices and chunk.get("usage") is None:
                return  # e.g. Azure's leading content-filter chunk: nothing to say yet
            self._start(chunk)
        if isinstance(choices, list):
            for choice in choices:
                self._choice(choice, where)
        elif choices is not None:
            self.problems.append(f"{where}: choices is not a list; ignored")
        usage = chunk.get("usage")
        if usage is not None:
            self._usage = usage
            if self._finished:
                self._stop()

    def _start(self, chunk: JSON) -> None:
        self._started = True
        self.events.append(message_start(chunk))

    def _choice(self, choice: Any, where: str) -> None:
        if not isinstance(choice, dict):
            self.problems.append(f"{where}: a choice is not an object; ignored")
            return
        index = choice.get("index", 0)
        if index != 0:
            if repr(index) not in self._other_choices:
                self._other_choices.add(repr(index))
                self.problems.append(f"{where}: choice {index!r} ignored; only choice 0 is read")
            return
        delta = choice.get("delta") or {}
        if not isinstance(delta, dict):
            self.problems.append(f"{where}: delta is not an object; ignored")
            delta = {}
        if self._finished:
            if _carries_output(delta):
                self.problems.append(f"{where}: output after finish_reason; ignored")
            return
        if delta.get("function_call") is not None:
            self._fail("a deprecated function_call delta cannot become a tool_use block", where)
            return
        content = delta.get("content")
        if isinstance(content, str) and content:
            self._text(content)
        refusal = delta.get("refusal")
        if isinstance(refusal, str) and refusal:
            self._refused = True
            self._text(refusal)
        calls = delta.get("tool_calls")
        if isinstance(calls, list):
            for call in calls:
                self._tool_delta(call, where)
        reason = choice.get("finish_reason")
        if reason is not None:
            self._finish = reason
            self._matched = {
                name: choice[name] for name in finish_reason.MATCHED_STOP_FIELDS if name in choice
            }
            self._close_blocks()
            self._finished = True

    # -- text -----------------------------------------------------------------------------
    def _text(self, text: str) -> None:
        live = self._live
        if self._holding or (live is not None and live.tool is not None):
            self._holding = True
            self._held.append(("text", text))
            return
        if live is None:
            live = self._live = _Live(self._open({"type": "text", "text": ""}))
        self._delta(live.index, {"type": "text_delta", "text": text})

    # -- tool calls -----------------------------------------------------------------------
    def tool_for(self, index: int, call_id: Any) -> ToolCall | None:
        """The known call a tool-call delta continues, or None when it starts a new one."""
        tool = self.tools.get(index)
        if tool is None or (isinstance(call_id, str) and call_id and call_id != tool.id):
            return None
        return tool

    def _tool_delta(self, call: Any, where: str) -> None:
        if not isinstance(call, dict):
            self.problems.append(f"{where}: a tool-call delta is not an object; ignored")
            return
        index = call.get("index")
        if not isinstance(index, int) or isinstance(index, bool):
            self.problems.append(f"{where}: a tool-call delta has no integer index; ignored")
            return
        function = call.get("function")
        function = function if isinstance(function, dict) else {}
        call_id = call.get("id")
        tool = self.tool_for(index, call_id)
        if tool is None:
            tool = self._new_tool(index, call_id, function.get("name"), where)
        arguments = function.get("arguments")
        if isinstance(arguments, str) and arguments:
            self._arguments(tool, arguments)

    def _new_tool(self, index: int, call_id: Any, name: Any, where: str) -> ToolCall:
        if not isinstance(call_id, str) or not call_id:
            call_id = f"call_{index}"
            self.problems.append(
                f"{where}: tool call {index} started without an id; using {call_id}"
            )
        if not isinstance(name, str) or not name:
            name = ""
            self.problems.append(f"{where}: tool call {index} started without a name")
        tool = ToolCall(index, call_id, name)
        self.tools[index] = tool
        live = self._live
        if self._holding or (live is not None and live.tool is not None):
            self._holding = True
            self._held.append(("tool", tool))
            return tool
        self._close_live()
        self._open_tool(tool)
        return tool

    def _arguments(self, tool: ToolCall, fragment: str) -> None:
        if not tool.fragments and not fragment.strip():
            return  # leading whitespace says nothing; arguments of only whitespace are {}
        tool.fragments.append(fragment)
        # A call with a block is the live one (a tool block closes only when the choice
        # finishes); a held call's fragments are emitted when the choice finishes.
        if tool.block is not None:
            self._delta(tool.block, {"type": "input_json_delta", "partial_json": fragment})

    def _open_tool(self, tool: ToolCall) -> None:
        start = {"type": "tool_use", "id": tool.id, "name": tool.name, "input": {}}
        tool.block = self._open(start)
        self._live = _Live(tool.block, tool)

    # -- blocks ---------------------------------------------------------------------------
    def _open(self, block: JSON) -> int:
        index = self._next_block
        self._next_block += 1
        self.events.append({"type": "content_block_start", "index": index, "content_block": block})
        return index

    def _delta(self, index: int, delta: JSON) -> None:
        self.events.append({"type": "content_block_delta", "index": index, "delta": delta})

    def _close_live(self) -> None:
        live, self._live = self._live, None
        if live is None:
            return
        self.events.append({"type": "content_block_stop", "index": live.index})
        if live.tool is not None:
            self._check_arguments(live.tool)

    def _close_blocks(self) -> None:
        """Close the open block, then emit what was held, grouped by first appearance."""
        self._close_live()
        held, self._held, self._holding = self._held, [], False
        text: list[str] = []
        for kind, value in [*held, ("end", None)]:
            if kind == "text":
                text.append(value)
                continue
            if text:
                index = self._open({"type": "text", "text": ""})
                for piece in text:
                    self._delta(index, {"type": "text_delta", "text": piece})
                self.events.append({"type": "content_block_stop", "index": index})
                text = []
            if kind == "tool":
                self._open_tool(value)
                for fragment in value.fragments:
                    self._delta(value.block, {"type": "input_json_delta", "partial_json": fragment})
                self._close_live()

    def _check_arguments(self, tool: ToolCall) -> None:
        try:
            tool_input("".join(tool.fragments), "arguments")
        except TranslationError as exc:
            self.problems.append(f"tool call {tool.index} ({tool.id}): {exc.message}")

    # -- the end --------------------------------------------------------------------------
    def _done(self, where: str) -> None:
        if not self._started:
            self._fail("[DONE] before any chunk", where)
            return
        if not self._finished:
            self.problems.append(f"{where}: [DONE] before any finish_reason; ending as end_turn")
            self._close_blocks()
            self._finished = True
        self._stop()

    def _stop(self) -> None:
        stop = finish_reason.stop_for(self._finish, self._matched, self._refused)
        if not stop.known and self._finish is not None:
            self.problems.append(f"unknown finish_reason {self._finish!r}; reported as end_turn")
        if self._usage is None:
            usage: JSON = {"output_tokens": 0}
        else:
            try:
                usage = anthropic_usage(self._usage, "usage")
            except TranslationError as exc:
                self.problems.append(f"usage: {exc}")
                usage = {"output_tokens": 0}
        self.events.append(
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop.reason, "stop_sequence": stop.sequence},
                "usage": usage,
            }
        )
        self.events.append({"type": "message_stop"})
        self._ended = True


def _carries_output(delta: JSON) -> bool:
    return bool(
        delta.get("content")
        or delta.get("refusal")
        or delta.get("tool_calls")
        or delta.get("function_call")
    )

"""The front door, outbound (stream): Anthropic stream events -> chat-completion chunks.

``message_start`` gives the role chunk (``role: assistant``, ``content: ""``); each
``text_delta`` a content chunk; a ``tool_use`` block start a tool-call delta with the call's
index (counting tool blocks from 0), id, name and ``arguments: ""``, and each
``input_json_delta`` an argument fragment on that index; ``message_delta`` the finish chunk,
after a ``refusal`` chunk carrying a refusal's ``stop_details.explanation`` when it has one.
``ping``, ``content_block_stop``, thinking, signature and citation deltas produce nothing.
At ``message_stop``, when the client asked for ``stream_options.include_usage``, a final chunk
with ``choices: []`` carries the usage (and every chunk before it has ``usage: null``); then
the stream ends with ``data: [DONE]``. An ``error`` event becomes ``data: {"error": ...}`` and
ends the stream without ``[DONE]``, as OpenAI's servers end a failed stream. A field of the
wrong shape in an event (a ``message`` that is not an object, say) is read as empty: the
Anthropic outcome's own checks report it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from adapters.base import JSON
from adapters.openai import errors, finish_reason
from adapters.openai.front_response import openai_usage, refusal_explanation


@dataclass
class ChunkStream:
    """The chunks to send, and whether the stream ends with ``data: [DONE]``."""

    chunks: list[JSON] = field(default_factory=list)
    done: bool = False

    def encode(self) -> bytes:
        """The event-stream bytes: one ``data:`` line per chunk, then ``[DONE]`` if done."""
        lines = [
            f"data: {json.dumps(c, ensure_ascii=False, separators=(',', ':'))}\n\n"
            for c in self.chunks
        ]
        if self.done:
            lines.append("data: [DONE]\n\n")
        return "".join(lines).encode()


def include_usage(request: Any) -> bool:
    """Whether an OpenAI request asked for the usage chunk."""
    options = request.get("stream_options") if isinstance(request, dict) else None
    return isinstance(options, dict) and options.get("include_usage") is True


def chunks_from_events(events: Sequence[JSON], *, created: int, include_usage: bool) -> ChunkStream:
    """The chunk stream for Anthropic events (in arrival order)."""
    encoder = _Encoder(created, include_usage)
    for event in events:
        if encoder.stream.done or encoder.failed:
            break
        encoder.event(event)
    return encoder.stream


class _Encoder:
    def __init__(self, created: int, include_usage: bool) -> None:
        self.created = created
        self.include_usage = include_usage
        self.stream = ChunkStream()
        self.failed = False
        self.id = ""
        self.model = ""
        self.usage: JSON = {}
        self.tool_indices: dict[int | None, int] = {}

    def event(self, event: JSON) -> None:
        kind = event.get("type")
        if kind == "message_start":
            message = _object(event.get("message"))
            self.id = str(message.get("id") or "")
            self.model = str(message.get("model") or "")
            self._merge_usage(message.get("usage"))
            self._chunk({"role": "assistant", "content": "", "refusal": None})
        elif kind == "content_block_start":
            self._block_start(event)
        elif kind == "content_block_delta":
            self._block_delta(event)
        elif kind == "message_delta":
            self._merge_usage(event.get("usage"))
            delta = _object(event.get("delta"))
            explanation = refusal_explanation(delta)
            if explanation is not None:
                self._chunk({"refusal": explanation})
            reason = finish_reason.finish_reason_for(delta.get("stop_reason"))
            self._chunk({}, reason)
        elif kind == "message_stop":
            if self.include_usage:
                self.stream.chunks.append({**self._base(), "choices": [], "usage": self._usage()})
            self.stream.done = True
        elif kind == "error":
            error = event.get("error")
            _, body = errors.openai_error(500, {"error": error})
            self.stream.chunks.append(body)
            self.failed = True

    def _block_start(self, event: JSON) -> None:
        block = _object(event.get("content_block"))
        if block.get("type") == "tool_use":
            index = len(self.tool_indices)
            self.tool_indices[_index(event)] = index
            call = {
                "index": index,
                "id": block.get("id"),
                "type": "function",
                "function": {"name": block.get("name"), "arguments": ""},
            }
            self._chunk({"tool_calls": [call]})
        elif block.get("type") == "text" and block.get("text"):
            self._chunk({"content": block["text"]})

    def _block_delta(self, event: JSON) -> None:
        delta = _object(event.get("delta"))
        kind = delta.get("type")
        if kind == "text_delta" and delta.get("text"):
            self._chunk({"content": delta["text"]})
        elif kind == "input_json_delta" and delta.get("partial_json"):
            index = self.tool_indices.get(_index(event))
            if index is not None:
                fragment = {"index": index, "function": {"arguments": delta["partial_json"]}}
                self._chunk({"tool_calls": [fragment]})

    def _merge_usage(self, usage: Any) -> None:
        if isinstance(usage, dict):
            self.usage.update({k: v for k, v in usage.items() if v is not None})

    def _usage(self) -> JSON:
        return openai_usage(self.usage)

    def _base(self) -> JSON:
        return {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
        }

    def _chunk(self, delta: JSON, finish: str | None = None) -> None:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        chunk: JSON = {**self._base(), "choices": [choice]}
        if self.include_usage:
            chunk["usage"] = None
        self.stream.chunks.append(chunk)


def _index(event: JSON) -> int | None:
    index = event.get("index")
    return index if isinstance(index, int) else None


def _object(value: Any) -> JSON:
    return value if isinstance(value, dict) else {}

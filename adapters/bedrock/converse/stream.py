"""ConverseStream -> a valid Anthropic event sequence.

Frames are decoded by botocore (see `adapters.bedrock.eventstream`) and run through the
shared frame loop (`adapters.bedrock.stream_decoder`); each event member maps as follows.

| Converse event | Anthropic events |
|---|---|
| ``messageStart{role}`` | ``message_start`` (usage zero until ``metadata``) |
| ``contentBlockStart{start.toolUse}`` | ``content_block_start`` ``tool_use`` (input ``{}``) |
| first ``contentBlockDelta`` of a text or reasoning block | ``content_block_start`` first |
| ``delta.text`` | ``text_delta`` |
| ``delta.citation`` | ``citations_delta`` (the block starts with ``citations: []``) |
| ``delta.reasoningContent.text`` / ``.signature`` | ``thinking_delta`` / ``signature_delta`` |
| ``delta.reasoningContent.redactedContent`` | a whole ``redacted_thinking`` block at its stop |
| ``delta.toolUse.input`` | ``input_json_delta`` |
| ``contentBlockStop`` | ``content_block_stop`` (a tool that got no input gets ``"{}"``) |
| ``messageStop``, then ``metadata`` | ``message_delta`` (stop reason, full usage), |
| | then ``message_stop`` |
| an exception frame | an ``error`` event that ends the stream |

Converse numbers blocks itself; Anthropic indices are given in order of appearance. Text
and reasoning blocks start with a delta, so their ``content_block_start`` is emitted then;
empty text and reasoning deltas (Converse sends one before a signature) add nothing.
Redacted content is gathered as bytes and re-encoded once, so split deltas cannot corrupt
it. Usage arrives in ``metadata`` after ``messageStop``: it all goes in ``message_delta``,
where Anthropic clients read the final counts. A ``malformed_*`` stop reason ends the
stream with an ``api_error`` instead (see `stop_reason`). A stream that ends without
``messageStop`` is reported and ends with an ``api_error`` event, never as a success.

An event that cannot be translated is reported and skipped, except where nothing valid could
follow: a block start (a ``server_tool_use``, say), ``messageStop`` (an unknown stop reason)
or ``metadata`` (bad usage) ends the stream with an ``api_error`` event giving the reason.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from adapters import limits
from adapters.base import JSON, Call, StreamResult, TranslationError
from adapters.bedrock import urls
from adapters.bedrock.converse import citations
from adapters.bedrock.converse.response import anthropic_usage, message_id, tool_call
from adapters.bedrock.converse.stop_reason import Stop, anthropic_stop
from adapters.bedrock.eventstream import CONVERSE_STREAM, StreamItem
from adapters.bedrock.stream_decoder import FrameDecoder, decode_frames
from adapters.limits import excerpt


@dataclass
class _Block:
    index: int
    kind: str | None = None  # text, thinking, redacted_thinking, tool_use
    started: bool = False
    stopped: bool = False
    citations: bool = False
    redacted: bytearray = field(default_factory=bytearray)
    tool_input: list[str] = field(default_factory=list)


class _Decoder(FrameDecoder):
    """The state of one ConverseStream: its blocks, and the stop and usage that end it."""

    final_event = "messageStop"

    def __init__(self, call: Call) -> None:
        super().__init__()
        self.call = call
        self.started = False
        self.blocks: dict[int, _Block] = {}
        self.open_block: int | None = None
        self.stop: Stop | None = None
        self.usage: JSON | None = None

    def take(self, where: str, item: StreamItem) -> None:
        data = item.data
        handler = _HANDLERS.get(item.name)
        if handler is None or data is None:
            self.problem(f"{where}: not a ConverseStream event; skipped")
            return
        if item.name != "messageStart" and not self.started:
            self.problem(f"{where}: came before messageStart; started the message here")
            _start_message(self, "assistant")
        try:
            handler(self, where, data)
        except TranslationError as exc:
            if item.name in _ENDS_ON_FAILURE:
                self.problem(f"{where}: {exc}; ended the stream with an api_error event")
                self.fail("api_error", f"the Bedrock {item.name} event cannot be translated: {exc}")
            else:
                self.problem(f"{where}: {exc}; skipped")

    def end_early(self) -> None:
        if self.stop is None:
            super().end_early()
            return
        self.problem("the stream ended without its metadata event, so usage is unknown")
        _finish(self)


def decode_stream(call: Call, chunks: Iterable[bytes]) -> StreamResult:
    """Decode a 2xx ConverseStream body fed in ``chunks`` of any size."""
    return decode_frames(_Decoder(call), chunks, CONVERSE_STREAM)


def _message_start(decoder: _Decoder, where: str, data: JSON) -> None:
    if decoder.started:
        decoder.problem(f"{where}: a second messageStart; skipped")
        return
    role = data.get("role", "assistant")
    if role != "assistant":
        decoder.problem(f"{where}: role {excerpt(role)!r} is not 'assistant'; sent as assistant")
    _start_message(decoder, "assistant")


def _start_message(decoder: _Decoder, role: str) -> None:
    decoder.started = True
    seed = json.dumps(decoder.call.body, sort_keys=True, default=str).encode()
    message: JSON = {
        "id": message_id(seed),
        "type": "message",
        "role": role,
        "model": urls.model_name(str(decoder.call.body.get("model", ""))),
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 0, "output_tokens": 0},
    }
    decoder.emit({"type": "message_start", "message": message})


def _block_start(decoder: _Decoder, where: str, data: JSON) -> None:
    block = _block(decoder, where, data)
    start = data.get("start") or {}
    tool = start.get("toolUse") if isinstance(start, dict) else None
    if isinstance(tool, dict):
        call = tool_call(tool, "contentBlockStart.start.toolUse")
        block.kind = "tool_use"
        _open(decoder, block, {"type": "tool_use", **call, "input": {}})
    elif start:
        decoder.problem(
            f"{where}: a {', '.join(sorted(start))} block start has no Anthropic "
            "counterpart; skipped"
        )


def _block_delta(decoder: _Decoder, where: str, data: JSON) -> None:
    block = _block(decoder, where, data)
    delta = data.get("delta")
    if not isinstance(delta, dict) or len(delta) != 1:
        decoder.problem(f"{where}: a delta must hold exactly one member; skipped")
        return
    ((member, value),) = delta.items()
    if member == "text":
        if not isinstance(value, str):
            raise TranslationError(f"text must be a string, got {excerpt(value)}", "delta.text")
        _as(decoder, where, block, "text")
        if value:
            _delta(decoder, block, {"type": "text_delta", "text": value})
    elif member == "citation":
        if not block.started:
            block.citations = True
        _as(decoder, where, block, "text")
        citation = citations.to_anthropic(value, "delta.citation")
        _delta(decoder, block, {"type": "citations_delta", "citation": citation})
    elif member == "reasoningContent" and isinstance(value, dict):
        _reasoning_delta(decoder, where, block, value)
    elif member == "toolUse" and isinstance(value, dict):
        if block.kind != "tool_use":
            decoder.problem(f"{where}: tool input for a block that is not a tool; skipped")
            return
        fragment = value.get("input", "")
        if not isinstance(fragment, str):
            raise TranslationError(
                f"tool input must be JSON text, got {excerpt(fragment)}", "delta.toolUse.input"
            )
        block.tool_input.append(fragment)
        _delta(decoder, block, {"type": "input_json_delta", "partial_json": fragment})
    else:
        decoder.problem(f"{where}: a {member} delta has no Anthropic counterpart; skipped")


def _reasoning_delta(decoder: _Decoder, where: str, block: _Block, value: JSON) -> None:
    if "redactedContent" in value:
        _as(decoder, where, block, "redacted_thinking")
        raw = value["redactedContent"]
        block.redacted.extend(raw if isinstance(raw, bytes) else str(raw).encode())
        return
    for key in ("text", "signature"):
        if value.get(key) is not None and not isinstance(value[key], str):
            raise TranslationError(
                f"{key} must be a string, got {excerpt(value[key])}",
                f"delta.reasoningContent.{key}",
            )
    _as(decoder, where, block, "thinking")
    if value.get("text"):
        _delta(decoder, block, {"type": "thinking_delta", "thinking": value["text"]})
    if value.get("signature") is not None:
        _delta(decoder, block, {"type": "signature_delta", "signature": value["signature"]})


def _block_stop(decoder: _Decoder, where: str, data: JSON) -> None:
    block = _block(decoder, where, data)
    _close(decoder, block)


def _message_stop(decoder: _Decoder, where: str, data: JSON) -> None:
    for block in list(decoder.blocks.values()):
        if not block.stopped:
            decoder.problem(f"{where}: block {block.index} was still open; closed it")
            _close(decoder, block)
    decoder.stop = anthropic_stop(
        data.get("stopReason"), data.get("additionalModelResponseFields"), "messageStop.stopReason"
    )
    if decoder.usage is not None:
        _finish(decoder)


def _metadata(decoder: _Decoder, where: str, data: JSON) -> None:
    decoder.usage = anthropic_usage(data.get("usage"), "metadata.usage")
    if decoder.stop is not None:
        _finish(decoder)


def _finish(decoder: _Decoder) -> None:
    stop = decoder.stop
    assert stop is not None
    if stop.failure is not None:
        decoder.fail("api_error", stop.failure)
        return
    usage = decoder.usage if decoder.usage is not None else {"output_tokens": 0}
    decoder.emit(
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop.stop_reason, "stop_sequence": stop.stop_sequence},
            "usage": usage,
        }
    )
    decoder.emit({"type": "message_stop"})
    decoder.ended = True


# Events whose failure leaves nothing valid to carry on with: a block that cannot be opened
# (its deltas and stop would land nowhere) and the ending (stop reason, usage).
_ENDS_ON_FAILURE = frozenset({"contentBlockStart", "messageStop", "metadata"})
_HANDLERS = {
    "messageStart": _message_start,
    "contentBlockStart": _block_start,
    "contentBlockDelta": _block_delta,
    "contentBlockStop": _block_stop,
    "messageStop": _message_stop,
    "metadata": _metadata,
}


def _block(decoder: _Decoder, where: str, data: JSON) -> _Block:
    """The block an event addresses, created (with the next Anthropic index) on first sight."""
    index = data.get("contentBlockIndex")
    if not isinstance(index, int):
        raise TranslationError("the event has no contentBlockIndex", path="contentBlockIndex")
    block = decoder.blocks.get(index)
    if block is None:
        block = decoder.blocks[index] = _Block(index=len(decoder.blocks))
    elif block.stopped:
        raise TranslationError(f"block {index} has already stopped", path="contentBlockIndex")
    if decoder.open_block not in (None, index):
        decoder.problem(
            f"{where}: block {index} interleaves with block {decoder.open_block}, which "
            "Anthropic streams cannot express"
        )
    decoder.open_block = index
    return block


def _as(decoder: _Decoder, where: str, block: _Block, kind: str) -> None:
    """Fix the block's kind (starting it, unless it is redacted) or reject a mismatch."""
    if block.kind is None:
        block.kind = kind
    elif block.kind != kind:
        raise TranslationError(f"a {kind} delta in a {block.kind} block", path="delta")
    if block.started or kind == "redacted_thinking":
        return
    if kind == "text":
        start: JSON = {"type": "text", "text": ""}
        if block.citations:
            start["citations"] = []
    else:
        start = {"type": "thinking", "thinking": "", "signature": ""}
    _open(decoder, block, start)


def _check_tool_input(decoder: _Decoder, block: _Block, joined: str) -> None:
    """Report streamed tool input that does not join into a JSON object."""
    try:
        value = limits.loads(joined)
    except ValueError as exc:
        reason = str(exc)
    else:
        if isinstance(value, dict):
            return
        reason = "not an object"
    decoder.problem(
        f"block {block.index}: the streamed tool input is not a JSON object ({reason}): "
        f"{limits.excerpt(joined)!r}"
    )


def _open(decoder: _Decoder, block: _Block, content_block: JSON) -> None:
    block.started = True
    decoder.emit(
        {"type": "content_block_start", "index": block.index, "content_block": content_block}
    )


def _delta(decoder: _Decoder, block: _Block, delta: JSON) -> None:
    decoder.emit({"type": "content_block_delta", "index": block.index, "delta": delta})


def _close(decoder: _Decoder, block: _Block) -> None:
    if block.kind == "redacted_thinking":
        data = base64.b64encode(bytes(block.redacted)).decode("ascii")
        _open(decoder, block, {"type": "redacted_thinking", "data": data})
    elif not block.started:
        _open(decoder, block, {"type": "text", "text": ""})
    joined = "".join(block.tool_input)
    if block.kind == "tool_use" and not joined.strip():
        _delta(decoder, block, {"type": "input_json_delta", "partial_json": "{}"})
    elif block.kind == "tool_use":
        _check_tool_input(decoder, block, joined)
    decoder.emit({"type": "content_block_stop", "index": block.index})
    block.stopped = True
    if decoder.open_block is not None and decoder.blocks.get(decoder.open_block) is block:
        decoder.open_block = None

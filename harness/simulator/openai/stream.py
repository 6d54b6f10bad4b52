"""A message reply as OpenAI streams it: ``data:`` chunks that carry the native event stream
of the same scenario piece for piece, the finish chunk, an optional usage chunk, and
``data: [DONE]``, or the error line a scripted ``stream_error`` ends it with."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from harness.simulator import JSON
from harness.simulator.openai.content import (
    completion_id,
    created,
    finish_reason,
    matched_stop,
    output,
    pads,
    refused,
    usage,
    wire_options,
)
from harness.simulator.openai.errors import stream_failure
from harness.simulator.script import reply_events

Delta = tuple[JSON, JSON]
"""A chunk's ``delta`` and the other fields of its choice."""


def stream_body(reply: Mapping[str, Any], model: str, seed: str, *, include_usage: bool) -> bytes:
    """The event-stream bytes: one ``data:`` line per chunk, then ``data: [DONE]`` unless the
    stream fails."""
    chunks = stream_chunks(reply, model, seed, include_usage=include_usage)
    lines = [
        f"data: {json.dumps(c, ensure_ascii=False, separators=(',', ':'))}\n\n" for c in chunks
    ]
    if "error" not in chunks[-1]:
        lines.append("data: [DONE]\n\n")
    return "".join(lines).encode()


def stream_chunks(
    reply: Mapping[str, Any], model: str, seed: str, *, include_usage: bool
) -> list[JSON]:
    """Every ``data:`` object of the stream for a message reply, in order (without
    ``[DONE]``); with ``stream_error`` the last one is the error.

    The chunks carry the native event stream of the same scenario (`script.reply_events`,
    split by the scenario id as every backend splits it), so text and arguments are cut where
    the native stream cuts them and a ``stream_error`` falls at the same point."""
    wire = wire_options(reply)
    output(reply)  # rejects blocks without an OpenAI form
    chunk_id = completion_id(reply, seed)
    events = reply_events(reply, model=model, message_id=chunk_id, split_seed=seed)
    deltas, finished, failure = _deltas(events, reply, wire)
    if wire.get("interleave_tool_calls"):
        deltas = _interleaved(deltas)
    base: JSON = {
        "id": chunk_id,
        "object": "chat.completion.chunk",
        "created": created(seed),
        "model": model,
        "service_tier": "default",
        "system_fingerprint": None,
    }
    chunks: list[JSON] = []
    for delta, extra in deltas:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": None, **extra}
        chunk: JSON = {**base, "choices": [choice]}
        if include_usage:
            chunk["usage"] = None
        chunks.append(chunk)
    if finished and failure is None and include_usage and wire.get("usage_chunk", True):
        chunks.append({**base, "choices": [], "usage": usage(reply)})
    pad = pads(seed)
    for chunk in chunks:
        chunk["obfuscation"] = next(pad)
    if failure is not None:
        chunks.append({"error": stream_failure(failure)})
    return chunks


def _deltas(
    events: list[JSON], reply: Mapping[str, Any], wire: JSON
) -> tuple[list[Delta], bool, JSON | None]:
    """The chunk deltas for the native events, whether the message finished, and the native
    error that cut it (if any)."""
    deltas: list[Delta] = []
    tool_indices: dict[Any, int] = {}
    finished = False
    failure: JSON | None = None
    for event in events:
        kind = event["type"]
        if kind == "message_start":
            deltas.append(({"role": "assistant", "content": "", "refusal": None}, {}))
            if wire.get("empty_tool_calls"):
                deltas.append(({"content": "", "tool_calls": []}, {}))
        elif kind == "content_block_start" and event["content_block"]["type"] == "tool_use":
            block = event["content_block"]
            index = tool_indices[event["index"]] = len(tool_indices)
            call = {"index": index, "id": block["id"], "type": "function"}
            function = {"name": block["name"], "arguments": ""}
            deltas.append(({"tool_calls": [{**call, "function": function}]}, {}))
        elif kind == "content_block_delta":
            delta = _delta(event, tool_indices, "refusal" if refused(reply) else "content")
            if delta is not None:
                deltas.append((delta, {}))
        elif kind == "message_delta":
            finished = True
            finish = {"finish_reason": finish_reason(reply), **matched_stop(reply, wire)}
            deltas.append(({}, finish))
        elif kind == "error":
            failure = event["error"]
    return deltas, finished, failure


def _delta(event: JSON, tool_indices: Mapping[Any, int], text_field: str) -> JSON | None:
    """The chunk delta for a native content_block_delta (None: OpenAI sends nothing); text
    goes in ``text_field`` (``content``, or ``refusal`` for a refusal)."""
    delta = event["delta"]
    if delta["type"] == "text_delta" and delta["text"]:
        return {text_field: delta["text"]}
    if delta["type"] == "input_json_delta" and delta["partial_json"]:
        index = tool_indices[event["index"]]
        return {"tool_calls": [{"index": index, "function": {"arguments": delta["partial_json"]}}]}
    return None  # thinking, signatures and citations have no chat-completions form


def _interleaved(deltas: list[Delta]) -> list[Delta]:
    """Each run of consecutive tool-call deltas reordered round-robin across its calls."""
    out: list[Delta] = []
    run: dict[int, list[Delta]] = {}
    for item in [*deltas, ({}, {})]:
        calls = item[0].get("tool_calls")
        if calls:
            run.setdefault(calls[0]["index"], []).append(item)
            continue
        queues = list(run.values())
        while any(queues):
            for queue in queues:
                if queue:
                    out.append(queue.pop(0))
        run = {}
        out.append(item)
    return out[:-1]

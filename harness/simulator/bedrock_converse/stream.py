"""ConverseStream: the Anthropic event stream of a reply re-expressed event by event in
Converse's events and order, padded, and cut by a scripted ``stream_error``."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from harness.simulator import JSON
from harness.simulator.bedrock.eventstream import event_frame, exception_frame
from harness.simulator.bedrock.render import latency_ms, padding
from harness.simulator.bedrock_converse.content import (
    blob,
    citation,
    converse_usage,
    sequence_fields,
    stop_reason,
)
from harness.simulator.bedrock_converse.errors import STREAM_EXCEPTIONS
from harness.simulator.script import reply_events


def converse_stream(
    reply: Mapping[str, Any], wants_sequence: bool, seed: str, *, split_seed: str
) -> bytes:
    """The ConverseStream body for a message reply: the Anthropic event stream the reply
    gives (deltas split by ``split_seed``, the scenario id, as every backend splits),
    re-expressed event by event, then cut by ``stream_error`` as it would be; padding and
    metrics drawn from ``seed``."""
    events = reply_events(reply, model="unused", message_id="unused", split_seed=split_seed)
    failure = events.pop() if reply.get("stream_error") is not None else None
    frames: list[bytes] = []
    for name, payload in _converse_events(events, reply, wants_sequence, seed):
        payload = {**payload, "p": padding(f"{seed}/{len(frames)}")}
        frames.append(event_frame(name, json.dumps(payload, separators=(",", ":")).encode()))
    if failure is not None:
        opened = _opened_without_delta(events)
        if opened is not None:
            payload = {**opened, "p": padding(f"{seed}/{len(frames)}")}
            frames.append(event_frame("contentBlockDelta", json.dumps(payload).encode()))
        error = failure["error"]
        exception = STREAM_EXCEPTIONS.get(error["type"], "internalServerException")
        frames.append(
            exception_frame(exception, json.dumps({"message": error["message"]}).encode())
        )
    return b"".join(frames)


def _opened_without_delta(events: list[JSON]) -> JSON | None:
    """When a cut stream's last event opens a text or thinking block, the empty first delta
    that opens it on Converse (which has no start event for those blocks)."""
    last = next((e for e in reversed(events) if e["type"] != "ping"), None)
    if last is None or last["type"] != "content_block_start":
        return None
    kind = last["content_block"]["type"]
    empty = {"text": {"text": ""}, "thinking": {"reasoningContent": {"text": ""}}}.get(kind)
    return None if empty is None else {"contentBlockIndex": last["index"], "delta": empty}


def _converse_events(
    events: list[JSON], reply: Mapping[str, Any], wants_sequence: bool, seed: str
) -> Iterator[tuple[str, JSON]]:
    for event in events:
        kind = event["type"]
        if kind == "message_start":
            yield "messageStart", {"role": "assistant"}
        elif kind == "content_block_start":
            yield from _block_start(event["index"], event["content_block"])
        elif kind == "content_block_delta":
            yield from _block_delta(event["index"], event["delta"])
        elif kind == "content_block_stop":
            yield "contentBlockStop", {"contentBlockIndex": event["index"]}
        elif kind == "message_delta":
            stop: JSON = {"stopReason": stop_reason(reply)}
            if wants_sequence:
                stop["additionalModelResponseFields"] = sequence_fields(reply)
            yield "messageStop", stop
            metrics = {"latencyMs": latency_ms(seed)}
            yield "metadata", {"usage": converse_usage(reply["usage"]), "metrics": metrics}


def _block_start(index: int, block: JSON) -> Iterator[tuple[str, JSON]]:
    if block["type"] == "tool_use":
        start = {"toolUse": {"toolUseId": block["id"], "name": block["name"]}}
        yield "contentBlockStart", {"contentBlockIndex": index, "start": start}
    elif block["type"] == "redacted_thinking":
        delta = {"reasoningContent": {"redactedContent": blob(block["data"])}}
        yield "contentBlockDelta", {"contentBlockIndex": index, "delta": delta}


def _block_delta(index: int, delta: JSON) -> Iterator[tuple[str, JSON]]:
    kind = delta["type"]
    converse: list[JSON] = []
    if kind == "text_delta":
        converse = [{"text": delta["text"]}]
    elif kind == "citations_delta":
        converse = [{"citation": citation(delta["citation"])}]
    elif kind == "thinking_delta":
        converse = [{"reasoningContent": {"text": delta["thinking"]}}]
    elif kind == "signature_delta":
        converse = [
            {"reasoningContent": {"text": ""}},
            {"reasoningContent": {"signature": delta["signature"]}},
        ]
    elif kind == "input_json_delta":
        converse = [{"toolUse": {"input": delta["partial_json"]}}]
    for item in converse:
        yield "contentBlockDelta", {"contentBlockIndex": index, "delta": item}

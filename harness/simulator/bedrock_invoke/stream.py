"""InvokeModelWithResponseStream: one ``chunk`` frame per Anthropic event, metrics on the
last, and the exception frame a scripted stream error is cut with."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from harness.simulator import JSON
from harness.simulator.bedrock.errors import STREAM_EXCEPTIONS
from harness.simulator.bedrock.eventstream import event_frame, exception_frame
from harness.simulator.bedrock.render import latency_ms, padding
from harness.simulator.script import reply_events


def invoke_stream(
    reply: Mapping[str, Any], *, model: str, message_id: str, seed: str, split_seed: str
) -> bytes:
    """The InvokeModelWithResponseStream body for a message reply: padding and metrics drawn
    from ``seed``, deltas split by ``split_seed`` (the scenario id, as every backend splits)."""
    events = reply_events(reply, model=model, message_id=message_id, split_seed=split_seed)
    failure = events.pop() if reply.get("stream_error") is not None else None
    events = [e for e in events if e["type"] != "ping"]
    if events and events[-1]["type"] == "message_stop":
        events[-1] = {**events[-1], "amazon-bedrock-invocationMetrics": _metrics(reply, seed)}
    frames = [_chunk(event, f"{seed}/{index}") for index, event in enumerate(events)]
    if failure is not None:
        error = failure["error"]
        exception = STREAM_EXCEPTIONS.get(error["type"], "internalServerException")
        frames.append(
            exception_frame(exception, json.dumps({"message": error["message"]}).encode())
        )
    return b"".join(frames)


def _chunk(event: JSON, seed: str) -> bytes:
    data = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()
    payload = {"bytes": base64.b64encode(data).decode("ascii"), "p": padding(seed)}
    return event_frame("chunk", json.dumps(payload, separators=(",", ":")).encode())


def _metrics(reply: Mapping[str, Any], seed: str) -> JSON:
    usage = reply["usage"]
    total = latency_ms(seed)
    return {
        "inputTokenCount": usage["input_tokens"],
        "outputTokenCount": usage["output_tokens"],
        "invocationLatency": total,
        "firstByteLatency": total // 3,
        "cacheReadInputTokenCount": usage.get("cache_read_input_tokens", 0),
        "cacheWriteInputTokenCount": usage.get("cache_creation_input_tokens", 0),
    }

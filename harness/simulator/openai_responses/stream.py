"""A message reply as the Responses API streams it: typed events, each with its
``sequence_number``, sent as ``event:`` and ``data:`` lines.

The events carry the native event stream of the same scenario (`script.reply_events`, split
as every backend splits it), piece for piece: ``response.created`` and
``response.in_progress``; per block an output item (``response.output_item.added``, its
deltas, ``response.output_item.done``): a text block is a message item with one
``output_text`` part (``content_part.added``, ``output_text.delta``, ``output_text.done``,
``content_part.done``), a tool call a ``function_call`` item
(``function_call_arguments.delta`` and ``.done``), thinking a ``reasoning`` item (its summary
streamed as ``reasoning_summary_part.added``, ``reasoning_summary_text.delta`` and
``.done``, ``reasoning_summary_part.done`` when a summary was asked for; the encrypted
content only in the finished item); then ``response.completed`` or
``response.incomplete`` with the whole response. A ``stream_error`` cuts it where the native
stream is cut with an ``error`` event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from harness.simulator import JSON
from harness.simulator.openai_responses.content import (
    Asked,
    ending,
    output_item,
    response_object,
)
from harness.simulator.openai_responses.errors import error_event
from harness.simulator.script import reply_events


def stream_body(reply: Mapping[str, Any], asked: Asked, seed: str) -> bytes:
    """The event-stream bytes for a message reply."""
    events = stream_events(reply, asked, seed)
    return "".join(
        f"event: {e['type']}\ndata: {json.dumps(e, ensure_ascii=False, separators=(',', ':'))}\n\n"
        for e in events
    ).encode()


def stream_events(reply: Mapping[str, Any], asked: Asked, seed: str) -> list[JSON]:
    """Every event of the stream, numbered, in order."""
    output = [output_item(b, i, seed, asked) for i, b in enumerate(reply["content"])]
    native = reply_events(reply, model=str(asked.body["model"]), message_id=seed, split_seed=seed)
    events: list[JSON] = []
    for event in native:
        kind = event["type"]
        if kind == "message_start":
            shell = response_object(reply, asked, seed, output=[], final=False)
            events += [
                {"type": "response.created", "response": shell},
                {"type": "response.in_progress", "response": shell},
            ]
        elif kind.startswith("content_block_"):
            events += _block_event(event, output[event["index"]], asked)
        elif kind == "message_delta":
            final = response_object(reply, asked, seed, output=output, final=True)
            status, _ = ending(reply)
            events.append({"type": f"response.{status}", "response": final})
        elif kind == "error":
            events.append(error_event(event["error"]))
            break
    return [{**e, "sequence_number": n} for n, e in enumerate(events)]


def _block_event(event: JSON, item: JSON, asked: Asked) -> list[JSON]:
    """The Responses events for one native content-block event of output item ``item``."""
    index = event["index"]
    kind = event["type"]
    at: JSON = {"item_id": item["id"], "output_index": index}
    if item["type"] == "message":
        return _text_event(kind, event, item, at)
    if item["type"] == "function_call":
        if kind == "content_block_start":
            return [_added(index, {**item, "status": "in_progress", "arguments": ""})]
        if kind == "content_block_delta" and event["delta"]["partial_json"]:
            delta = event["delta"]["partial_json"]
            return [{"type": "response.function_call_arguments.delta", **at, "delta": delta}]
        if kind == "content_block_stop":
            done = {"type": "response.function_call_arguments.done", **at}
            return [
                {**done, "arguments": item["arguments"], "name": item["name"]},
                _done(index, item),
            ]
        return []
    return _reasoning_event(kind, event, item, at)


def _text_event(kind: str, event: JSON, item: JSON, at: JSON) -> list[JSON]:
    index = at["output_index"]
    part = item["content"][0]
    at = {**at, "content_index": 0}
    if kind == "content_block_start":
        pending = {**item, "status": "in_progress", "content": []}
        empty = {**part, "text": ""}
        return [
            _added(index, pending),
            {"type": "response.content_part.added", **at, "part": empty},
        ]
    if kind == "content_block_delta":
        text = event["delta"].get("text")
        if not text:
            return []  # citations have no Responses form
        return [{"type": "response.output_text.delta", **at, "delta": text, "logprobs": []}]
    return [
        {"type": "response.output_text.done", **at, "text": part["text"], "logprobs": []},
        {"type": "response.content_part.done", **at, "part": part},
        _done(index, item),
    ]


def _reasoning_event(kind: str, event: JSON, item: JSON, at: JSON) -> list[JSON]:
    index = at["output_index"]
    summary = item["summary"]
    at = {**at, "summary_index": 0}
    if kind == "content_block_start":
        pending = {"id": item["id"], "type": "reasoning", "summary": []}
        events = [_added(index, pending)]
        if summary:
            part = {"type": "summary_text", "text": ""}
            events.append({"type": "response.reasoning_summary_part.added", **at, "part": part})
        return events
    if kind == "content_block_delta":
        text = event["delta"].get("thinking")
        if not summary or not text:
            return []  # the signature shows only as the finished item's encrypted content
        return [{"type": "response.reasoning_summary_text.delta", **at, "delta": text}]
    events = []
    if summary:
        text = summary[0]["text"]
        events += [
            {"type": "response.reasoning_summary_text.done", **at, "text": text},
            {"type": "response.reasoning_summary_part.done", **at, "part": summary[0]},
        ]
    return [*events, _done(index, item)]


def _added(index: int, item: JSON) -> JSON:
    return {"type": "response.output_item.added", "output_index": index, "item": item}


def _done(index: int, item: JSON) -> JSON:
    return {"type": "response.output_item.done", "output_index": index, "item": item}

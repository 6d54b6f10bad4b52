"""Normalization: remove what legitimately varies between runs, so outcomes compare with ==.

Two levels. `normalize_outcome` / `normalize_wire_request` give the stable form stored in
golden files (message ids, request ids, latency and signatures replaced by markers).
`parity_view` goes further for comparison across targets: it drops what each backend
legitimately says in its own way (model name, error wording, pings, how deltas are split).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from adapters.base import JSON, WireRequest

MESSAGE_ID = "msg_<normalized>"
_VOLATILE_HEADERS = {"user-agent", "content-length", "accept-encoding", "connection", "host"}
_LATENCY_KEYS = {"invocationLatency", "firstByteLatency", "latencyMs"}
_MERGEABLE_DELTAS = {
    "text_delta": "text",
    "input_json_delta": "partial_json",
    "thinking_delta": "thinking",
}
_SIGV4 = re.compile(r"Signature=[0-9a-f]+")


def normalize_outcome(outcome: JSON) -> JSON:
    """The golden form of an outcome: ids, request ids and latencies replaced."""
    out = copy.deepcopy(outcome)
    body = out.get("body")
    if isinstance(body, dict):
        _normalize_body(body)
    events = out.get("events")
    for event in events if isinstance(events, list) else []:
        if isinstance(event, dict):
            if event.get("type") == "message_start" and isinstance(event.get("message"), dict):
                _normalize_body(event["message"])
            event.pop("request_id", None)
            _scrub_latency(event)
    return out


def normalize_wire_request(wire: WireRequest) -> JSON:
    """The golden form of a wire request: volatile transport headers dropped."""
    data = wire.to_dict()
    headers = {}
    for name, value in sorted(data["headers"].items()):
        low = name.lower()
        if low in _VOLATILE_HEADERS or low.startswith("x-stainless"):
            continue
        if low == "x-amz-date":
            value = "<x-amz-date>"
        headers[low] = _SIGV4.sub("Signature=<signature>", value)
    data["headers"] = headers
    return data


def parity_view(outcome: JSON) -> JSON:
    """What must agree between a target and the canonical target, mode for mode."""
    view: JSON = {"status": outcome.get("status")}
    body = outcome.get("body")
    if isinstance(body, dict):
        view["body"] = _parity_body(body)
    events = outcome.get("events")
    if isinstance(events, list):
        view["events"] = _parity_events(events)
    elif events is not None:
        view["events"] = events
    return view


def _normalize_body(body: JSON) -> None:
    if body.get("type") == "message" and "id" in body:
        body["id"] = MESSAGE_ID
    body.pop("request_id", None)
    _scrub_latency(body)


def _scrub_latency(value: Any) -> None:
    if isinstance(value, dict):
        for key in list(value):
            if key in _LATENCY_KEYS:
                value[key] = "<latency>"
            else:
                _scrub_latency(value[key])
    elif isinstance(value, list):
        for item in value:
            _scrub_latency(item)


def _parity_body(body: JSON) -> JSON:
    body = copy.deepcopy(body)
    if body.get("type") == "message":
        body.pop("id", None)
        body.pop("model", None)
    if body.get("type") == "error" and isinstance(body.get("error"), dict):
        body = {"type": "error", "error": {"type": body["error"].get("type")}}
    body.pop("request_id", None)
    return body


def _parity_events(events: list[Any]) -> list[Any]:
    out: list[Any] = []
    for event in events:
        if not isinstance(event, dict):
            out.append(event)
            continue
        kind = event.get("type")
        if kind == "ping":
            continue
        event = copy.deepcopy(event)
        if kind == "message_start" and isinstance(event.get("message"), dict):
            event["message"].pop("id", None)
            event["message"].pop("model", None)
        if kind == "message_stop":
            event = {"type": "message_stop"}
        if kind == "error" and isinstance(event.get("error"), dict):
            event = {"type": "error", "error": {"type": event["error"].get("type")}}
        if kind == "content_block_delta" and out and _merge_delta(out[-1], event):
            continue
        out.append(event)
    return out


def _merge_delta(previous: Any, event: JSON) -> bool:
    """Fold ``event`` into ``previous`` when both are deltas of the same kind on one block."""
    if not isinstance(previous, dict) or previous.get("type") != "content_block_delta":
        return False
    if previous.get("index") != event.get("index"):
        return False
    prev_delta, delta = previous.get("delta") or {}, event.get("delta") or {}
    kind = delta.get("type")
    field = _MERGEABLE_DELTAS.get(str(kind))
    if field is None or prev_delta.get("type") != kind:
        return False
    prev_delta[field] = str(prev_delta.get(field, "")) + str(delta.get(field, ""))
    return True

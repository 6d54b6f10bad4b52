"""Replies and helpers shared by the simulated Responses tests: a reply is named by the
``x-parity-scenario`` header, from the shipped corpus or from `REPLIES`."""

from __future__ import annotations

import json
from typing import Any

import httpx

from harness.simulator import Rejection, Script, SimRequest
from harness.simulator.server import SimulatorServer
from tests.support.corpus import shipped_scenarios

KEY = "sk-canary-0123456789"
SCENARIO_HEADER = "x-parity-scenario"
PROMPT: list[Any] = [{"type": "message", "role": "user", "content": "Hello"}]

REPLIES: dict[str, dict[str, Any]] = {
    "thinking-call": {
        "content": [
            {"type": "thinking", "thinking": "Tokyo first.", "signature": "EqCanary=="},
            {"type": "text", "text": "Checking."},
            {
                "type": "tool_use",
                "id": "call_canary1",
                "name": "get_time",
                "input": {"tz": "Asia/Tokyo"},
            },
        ],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 30, "cache_read_input_tokens": 70, "output_tokens": 12},
    },
    "length": {
        "content": [{"type": "text", "text": "The first part of a long"}],
        "stop_reason": "max_tokens",
        "usage": {"input_tokens": 5, "output_tokens": 16},
    },
    "midstream": {
        "content": [{"type": "text", "text": "Hello there, how are you?"}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 5, "output_tokens": 7},
        "stream_error": {"after_events": 4, "type": "overloaded_error", "message": "Overloaded"},
    },
    "rate-limited": {"error": {"status": 429, "type": "rate_limit_error", "message": "Slow down"}},
    "count": {"input_tokens": 42},
}


def all_replies() -> dict[str, dict[str, Any]]:
    corpus = {s.id: dict(s.reply) for s in shipped_scenarios()}
    return {**corpus, **REPLIES}


_REPLIES = all_replies()


def answer(target: str, request: SimRequest) -> Script | Rejection:
    name = request.headers.get(SCENARIO_HEADER, "")
    if name not in _REPLIES:
        return Rejection(400, f"no reply named {name!r}")
    return Script(name, _REPLIES[name])


def post(
    sim: SimulatorServer, body: dict[str, Any], reply: str, path: str = "/v1/responses"
) -> httpx.Response:
    headers = {"authorization": f"Bearer {KEY}", SCENARIO_HEADER: reply}
    return httpx.post(f"{sim.base_url}{path}", json=body, headers=headers, timeout=5.0)


def sse_events(data: bytes) -> list[dict[str, Any]]:
    """The ``data:`` objects of a Responses stream, checking each ``event:`` line names its
    type."""
    events = []
    for frame in data.decode().split("\n\n"):
        if not frame.strip():
            continue
        name, payload = frame.split("\n", 1)
        event = json.loads(payload.removeprefix("data: "))
        assert name == f"event: {event['type']}"
        events.append(event)
    return events

"""Scenarios, replies and helpers shared by the simulated chat-completions tests."""

from __future__ import annotations

import json
from typing import Any

import httpx

from harness.simulator import Rejection, Script, SimRequest
from harness.simulator.server import SimulatorServer
from tests.support.citations import CITED

MODEL = "gpt-5"


PROMPT: list[Any] = [{"role": "user", "content": "Hello"}]


KEY = "sk-canary-0123456789"


TOOL_CALLS = [
    {"type": "tool_use", "id": "call_canary1", "name": "get_time", "input": {"tz": "Asia/Tokyo"}},
    {"type": "tool_use", "id": "call_canary2", "name": "get_weather", "input": {"city": "Tokyo"}},
]


MESSAGES: dict[str, dict[str, Any]] = {
    "cited": CITED,
    "text": {
        "content": [{"type": "text", "text": "Hello! How can I help you today?"}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 9},
    },
    "parallel": {
        "content": [{"type": "text", "text": "Let me check both."}, *TOOL_CALLS],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 412, "output_tokens": 57},
    },
    "length": {
        "content": [{"type": "text", "text": "The first part of a long"}],
        "stop_reason": "max_tokens",
        "usage": {"input_tokens": 5, "output_tokens": 6},
    },
    "refusal": {
        "content": [{"type": "text", "text": "I can't help with that."}],
        "stop_reason": "refusal",
        "usage": {"input_tokens": 5, "output_tokens": 7},
    },
    "cached": {
        "content": [{"type": "text", "text": "From the cache."}],
        "stop_reason": "end_turn",
        "usage": {
            "input_tokens": 12,
            "cache_creation_input_tokens": 100,
            "cache_read_input_tokens": 2048,
            "output_tokens": 5,
        },
    },
    "thinking": {
        "content": [
            {"type": "thinking", "thinking": "2 + 2 = 4", "signature": "EqCanary=="},
            {"type": "text", "text": "4"},
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 8, "output_tokens": 30},
    },
}


REPLIES: dict[str, dict[str, Any]] = {
    **MESSAGES,
    "interleaved": {**MESSAGES["parallel"], "openai": {"interleave_tool_calls": True}},
    "no-usage-chunk": {**MESSAGES["text"], "openai": {"usage_chunk": False}},
    "empty-tool-calls": {**MESSAGES["text"], "openai": {"empty_tool_calls": True}},
    "stop-sequence": {
        "content": [{"type": "text", "text": "<answer>17:25"}],
        "stop_reason": "stop_sequence",
        "stop_sequence": "</answer>",
        "usage": {"input_tokens": 52, "output_tokens": 30},
    },
    "vllm-stop": {
        "content": [{"type": "text", "text": "<answer>17:25"}],
        "stop_reason": "stop_sequence",
        "stop_sequence": "</answer>",
        "usage": {"input_tokens": 52, "output_tokens": 30},
        "openai": {"matched_stop": "stop_reason"},
    },
    "refusal-field": {**MESSAGES["refusal"], "openai": {"refusal": True}},
    "bad-option": {**MESSAGES["text"], "openai": {"shuffle": True}},
    "midstream-api": {
        **MESSAGES["text"],
        "stream_error": {"after_events": 4, "type": "api_error", "message": "Internal error"},
    },
    "midstream-overloaded": {
        **MESSAGES["text"],
        "stream_error": {"after_events": 4, "type": "overloaded_error", "message": "Overloaded"},
    },
    **{
        f"error-{status}": {"error": {"status": status, "message": f"canary {status}"}}
        for status in (400, 401, 402, 403, 404, 413, 429, 500, 504, 529)
    },
}


def answer(target: str, request: SimRequest) -> Script | Rejection:
    assert target == "openai"
    name = request.headers.get("x-parity-scenario", "")
    if name not in REPLIES:
        return Rejection(404, f"no scenario named {name!r}")
    return Script(f"openai-test/{name}", REPLIES[name])


def scenario(name: str) -> dict[str, str]:
    return {"x-parity-scenario": name}


def post(sim: SimulatorServer, body: Any, name: str = "text", **headers: str) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"authorization": f"Bearer {KEY}", **scenario(name), **headers}
    return httpx.post(
        f"{sim.base_url}/v1/chat/completions", content=content, headers=sent, timeout=5.0
    )


def data_lines(raw: bytes) -> list[str]:
    events = raw.decode().split("\n\n")
    assert events[-1] == "", "the stream must end with a blank line"
    assert all(e.startswith("data: ") and "\n" not in e for e in events[:-1])
    return [e.removeprefix("data: ") for e in events[:-1]]


def tool_calls(message: Any) -> list[tuple[str, str, str]]:
    """(id, name, arguments) of each tool call of a parsed message."""
    return [(c.id, c.function.name, c.function.arguments) for c in message.tool_calls or []]


def stream_raw(sim: SimulatorServer, name: str, include_usage: bool = True) -> list[str]:
    body: dict[str, Any] = {"model": MODEL, "messages": PROMPT, "stream": True}
    if include_usage:
        body["stream_options"] = {"include_usage": True}
    response = post(sim, body, name)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert response.headers["transfer-encoding"] == "chunked"
    return data_lines(response.content)

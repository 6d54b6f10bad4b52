"""Scenarios, replies and helpers shared by the simulated Vertex tests."""

from __future__ import annotations

import json
from typing import Any

import httpx
from anthropic.types import MessageParam

from harness.simulator.server import SimulatorServer
from tests.support.beta_replies import BETA_MESSAGES
from tests.support.citations import CITED
from tests.support.server_tools import SERVER_TOOLS

MODEL = "claude-haiku-4-5@20251001"


PROMPT: list[MessageParam] = [{"role": "user", "content": "Hello"}]


MODELS_PATH = "/v1/projects/canary-project/locations/us-east5/publishers/anthropic/models"


MESSAGES: dict[str, dict[str, Any]] = {
    "cited": CITED,
    "server_tools": SERVER_TOOLS,
    "text": {
        "content": [{"type": "text", "text": "Hello from Vertex, how can I help?"}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 11},
    },
    "tool_use": {
        "content": [
            {
                "type": "tool_use",
                "id": "toolu_vrtx_01canary",
                "name": "lookup",
                "input": {"query": "population of Lyon", "limit": 3},
            }
        ],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 300, "output_tokens": 40},
    },
    "toolset-call": {
        "content": [
            {
                "type": "tool_use",
                "id": "toolu_vrtx_01toolset",
                "name": "left_click",
                "toolset_name": "computer",
                "input": {"coordinate": [912, 344]},
            }
        ],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 3144, "output_tokens": 62},
    },
    "thinking": {
        "content": [
            {"type": "thinking", "thinking": "Short and sweet.", "signature": "Eqcanarysig=="},
            {"type": "redacted_thinking", "data": "EmwKcanaryRedacted"},
            {"type": "text", "text": "Yes."},
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 20, "output_tokens": 50},
    },
    "cache_usage": {
        "content": [{"type": "text", "text": "Cached answer."}],
        "stop_reason": "end_turn",
        "usage": {
            "input_tokens": 5,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 4096,
            "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
            "output_tokens": 4,
        },
    },
}


def error(status: int, kind: str, envelope: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "type": kind, "message": f"canary {kind}"}
    return {"error": body if envelope is None else {**body, "envelope": envelope}}


REPLIES: dict[str, dict[str, Any]] = {
    **MESSAGES,
    **BETA_MESSAGES,
    "count": {"input_tokens": 321},
    "midstream": {
        **MESSAGES["text"],
        "stream_error": {"after_events": 3, "type": "overloaded_error", "message": "Overloaded"},
    },
    "error-400": error(400, "invalid_request_error"),
    "error-401": error(401, "authentication_error"),
    "error-403": error(403, "permission_error"),
    "error-404": error(404, "not_found_error"),
    "error-413": error(413, "request_too_large"),
    "error-429": error(429, "rate_limit_error"),
    "error-500": error(500, "api_error"),
    "error-503": error(503, "api_error"),
    "error-504": error(504, "timeout_error"),
    "error-529": error(529, "overloaded_error"),
    "error-429-anthropic": error(429, "rate_limit_error", "anthropic"),
    "error-400-google": error(400, "invalid_request_error", "google"),
}


def scenario(name: str) -> dict[str, str]:
    return {"x-parity-scenario": name}


def expected_message(name: str, message_id: str) -> dict[str, Any]:
    reply = MESSAGES[name]
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": MODEL,
        "content": reply["content"],
        "stop_reason": reply["stop_reason"],
        "stop_sequence": None,
        "usage": reply["usage"],
    }


def post(
    sim: SimulatorServer, path: str, body: Any, headers: dict[str, str] | None = None
) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"authorization": "Bearer canary-token"} if headers is None else headers
    return httpx.post(f"{sim.base_url}{path}", content=content, headers=sent, timeout=5.0)


def body(**extra: Any) -> dict[str, Any]:
    return {"anthropic_version": "vertex-2023-10-16", "max_tokens": 64, "messages": PROMPT, **extra}

"""Scenarios, replies and helpers shared by the simulated Messages API's tests."""

from __future__ import annotations

from typing import Any

from anthropic.types import MessageParam

from tests.support.citations import CITED
from tests.support.server_tools import SERVER_TOOLS

MODEL = "claude-sonnet-4-5"


PROMPT: list[MessageParam] = [{"role": "user", "content": "Hello"}]


MESSAGES: dict[str, dict[str, Any]] = {
    "cited": CITED,
    "server_tools": SERVER_TOOLS,
    "text": {
        "content": [{"type": "text", "text": "Hello! How can I help you today?"}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 12},
    },
    "tool_use": {
        "content": [
            {"type": "text", "text": "Let me look that up."},
            {
                "type": "tool_use",
                "id": "toolu_01canary",
                "name": "get_weather",
                "input": {"city": "Paris", "units": "celsius"},
            },
        ],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 412, "output_tokens": 57},
    },
    "thinking": {
        "content": [
            {
                "type": "thinking",
                "thinking": "Two plus two is four.",
                "signature": "EqQBCkYIBxgCKkCanarySignature==",
            },
            {"type": "text", "text": "4"},
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 40, "output_tokens": 30},
    },
    "redacted_thinking": {
        "content": [
            {"type": "redacted_thinking", "data": "EmwKAhgBEgy3canaryRedacted"},
            {"type": "text", "text": "Done."},
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 9, "output_tokens": 30},
    },
    "cache_usage": {
        "content": [{"type": "text", "text": "From the cached document: yes."}],
        "stop_reason": "max_tokens",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 12,
            "cache_creation_input_tokens": 1024,
            "cache_read_input_tokens": 2048,
            "cache_creation": {"ephemeral_5m_input_tokens": 1000, "ephemeral_1h_input_tokens": 24},
            "output_tokens": 64,
        },
    },
}


REPLIES: dict[str, dict[str, Any]] = {
    **MESSAGES,
    "count": {"input_tokens": 1234},
    "midstream": {
        **MESSAGES["text"],
        "stream_error": {"after_events": 5, "type": "overloaded_error", "message": "Overloaded"},
    },
    **{
        f"error-{status}": {"error": {"status": status, "type": kind, "message": f"canary {kind}"}}
        for status, kind in [
            (400, "invalid_request_error"),
            (401, "authentication_error"),
            (403, "permission_error"),
            (404, "not_found_error"),
            (413, "request_too_large"),
            (429, "rate_limit_error"),
            (500, "api_error"),
            (529, "overloaded_error"),
        ]
    },
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

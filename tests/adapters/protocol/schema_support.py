"""What the schema tests share: a Message as the API returns it today, and findings as
(path, message) pairs."""

from __future__ import annotations

import copy
from typing import Any

from adapters.protocol.violation import Violation

# A Message as the API returns it today, with thinking, text and a tool call.
REAL_MESSAGE: dict[str, Any] = {
    "id": "msg_01Aq9w938a90dw8q",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5-20250929",
    "content": [
        {
            "type": "thinking",
            "thinking": "The user wants the weather in Paris.",
            "signature": "EqQBCkgIARABGAIiQL0fake",
        },
        {"type": "text", "text": "Let me check the weather.", "citations": None},
        {
            "type": "tool_use",
            "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
            "name": "get_weather",
            "input": {"location": "Paris, France", "unit": "celsius"},
        },
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "stop_details": None,
    "container": None,
    "usage": {
        "input_tokens": 472,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
        "output_tokens": 89,
        "server_tool_use": None,
        "service_tier": "standard",
    },
}


def message(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(REAL_MESSAGE)
    body.update(changes)
    return body


def found(violations: list[Violation]) -> list[tuple[str, str]]:
    return [(v.path, v.message) for v in violations]


STOP_REASONS = (
    "'end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal' or "
    "'model_context_window_exceeded'"
)

"""Scripted replies with the SDK's beta types, for the simulators' client tests: a compaction
block and the context edits applied."""

from __future__ import annotations

from typing import Any

BETA_MESSAGES: dict[str, dict[str, Any]] = {
    "compaction": {
        "content": [
            {
                "type": "compaction",
                "content": "Earlier: the user asked.",
                "encrypted_content": None,
            },
            {"type": "text", "text": "Here is the answer."},
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 51230, "output_tokens": 96},
        "context_management": {
            "applied_edits": [
                {
                    "type": "clear_tool_uses_20250919",
                    "cleared_tool_uses": 2,
                    "cleared_input_tokens": 9,
                }
            ]
        },
    },
}

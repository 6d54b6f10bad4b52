"""Scenarios, credentials and helpers shared by the simulated Converse tests."""

from __future__ import annotations

import base64
from typing import Any

import boto3
import botocore.config
import botocore.exceptions

from harness.simulator.server import SimulatorServer
from tests.support.citations import CITED

MODEL = "global.anthropic.claude-haiku-4-5-20251001-v1:0"


ACCESS_KEY, SECRET = "AKIACANARY", "canary-secret"


API_KEY = "canary-bedrock-api-key"


SIGNATURE = (
    "EqwCCkgIBhABGAIqQNV8Q8X7sLdL9PJXpi2U2gJ5jMZAU6tGdknRgKWszFtZRqRYvPDUaFns1yze3bBz+V30VYQ=="
)


REDACTED = base64.b64encode(bytes(range(30))).decode()


USER = [{"role": "user", "content": [{"text": "Hello"}]}]


TOOLS = {"tools": [{"toolSpec": {"name": "convert", "inputSchema": {"json": {"type": "object"}}}}]}


REPLIES: dict[str, dict[str, Any]] = {
    "cited": CITED,
    "everything": {
        "content": [
            {"type": "thinking", "thinking": "Convert the total first.", "signature": SIGNATURE},
            {"type": "redacted_thinking", "data": REDACTED},
            {"type": "text", "text": "Let me convert that."},
            {
                "type": "tool_use",
                "id": "tooluse_A1",
                "name": "convert",
                "input": {"amount": 145500},
            },
            {"type": "tool_use", "id": "tooluse_B2", "name": "now", "input": {}},
        ],
        "stop_reason": "tool_use",
        "usage": {
            "input_tokens": 19,
            "cache_creation_input_tokens": 1452,
            "cache_read_input_tokens": 0,
            "cache_creation": {"ephemeral_5m_input_tokens": 216, "ephemeral_1h_input_tokens": 1236},
            "output_tokens": 118,
        },
    },
    "stop-sequence": {
        "content": [{"type": "text", "text": "<answer>17:25"}],
        "stop_reason": "stop_sequence",
        "stop_sequence": "</answer>",
        "usage": {"input_tokens": 52, "output_tokens": 30},
    },
    "refusal": {
        "content": [{"type": "text", "text": "I can't help with"}],
        "stop_reason": "refusal",
        "usage": {"input_tokens": 37, "output_tokens": 5},
    },
    "guardrail": {
        "content": [{"type": "text", "text": "Sorry."}],
        "stop_reason": "end_turn",
        "bedrock": {"stop_reason": "guardrail_intervened"},
        "usage": {"input_tokens": 5, "output_tokens": 2},
    },
    "throttled": {
        "content": [{"type": "text", "text": "Here is a long answer in several pieces."}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 5, "output_tokens": 9},
        "stream_error": {"after_events": 4, "type": "rate_limit_error", "message": "Slow down."},
    },
    "timed-out": {
        "content": [{"type": "text", "text": "Partial."}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 5, "output_tokens": 9},
        "stream_error": {"after_events": 2, "type": "timeout_error", "message": "Timed out."},
    },
    "error-429": {"error": {"status": 429, "type": "rate_limit_error", "message": "canary 429"}},
}


EXPECTED_USAGE = {
    "inputTokens": 19,
    "outputTokens": 118,
    "totalTokens": 1589,
    "cacheReadInputTokens": 0,
    "cacheWriteInputTokens": 1452,
    "cacheDetails": [{"ttl": "5m", "inputTokens": 216}, {"ttl": "1h", "inputTokens": 1236}],
}


def client(sim: SimulatorServer, scenario: str, secret: str = SECRET) -> Any:
    made = boto3.client(
        "bedrock-runtime",
        region_name="eu-west-1",
        endpoint_url=sim.base_url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=secret,
        config=botocore.config.Config(retries={"max_attempts": 1}, read_timeout=5),
    )

    def add_header(request: Any, **_: Any) -> None:
        request.headers["x-parity-scenario"] = scenario

    made.meta.events.register_first("before-sign.bedrock-runtime.*", add_header)
    return made

"""Scenarios, credentials and helpers shared by the simulated InvokeModel tests."""

from __future__ import annotations

import json
from typing import Any

import boto3
import botocore.client
import botocore.config
import botocore.exceptions
from anthropic.types import MessageParam

from harness.simulator.server import SimulatorServer
from tests.support.beta_replies import BETA_MESSAGES
from tests.support.citations import CITED
from tests.support.server_tools import SERVER_TOOLS

MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"


ARN = f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/{MODEL}"


ACCESS_KEY, SECRET, TOKEN = "AKIACANARY", "canary-secret", "canary-session-token"


API_KEY = "canary-bedrock-api-key"


PROMPT: list[MessageParam] = [{"role": "user", "content": "Hello"}]


SIGNATURE = (
    "EqwCCkgIBhABGAIqQNV8Q8X7sLdL9PJXpi2U2gJ5jMZAU6tGdknRgKWszFtZRqRYvPDUaFns1yze3bBz+V30VYQ=="
)


MESSAGES: dict[str, dict[str, Any]] = {
    "cited": CITED,
    "server_tools": SERVER_TOOLS,
    "text": {
        "content": [{"type": "text", "text": "Hello from Bedrock, how can I help?"}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 11},
    },
    "thinking-tools": {
        "content": [
            {"type": "thinking", "thinking": "Convert the total.", "signature": SIGNATURE},
            {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4a"},
            {
                "type": "tool_use",
                "id": "toolu_bdrk_01A",
                "name": "convert",
                "input": {"amount": 145500},
            },
            {"type": "tool_use", "id": "toolu_bdrk_01B", "name": "now", "input": {}},
        ],
        "stop_reason": "tool_use",
        "usage": {
            "input_tokens": 493,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 4096,
            "output_tokens": 142,
        },
    },
    "client-tools": {
        "content": [
            {
                "type": "tool_use",
                "id": "toolu_bdrk_01E",
                "name": "str_replace_based_edit_tool",
                "input": {"command": "view", "path": "/repo/billing/rates.py"},
            },
            {
                "type": "tool_use",
                "id": "toolu_bdrk_01M",
                "name": "memory",
                "input": {"command": "view", "path": "/memories"},
            },
        ],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 1876, "output_tokens": 96},
    },
}


REPLIES: dict[str, dict[str, Any]] = {
    **MESSAGES,
    **BETA_MESSAGES,
    "throttled-mid-stream": {
        **MESSAGES["text"],
        "stream_error": {
            "after_events": 4,
            "type": "rate_limit_error",
            "message": "Too many tokens.",
        },
    },
    "count": {"input_tokens": 3},
    **{
        f"error-{status}": {"error": {"status": status, "type": "x", "message": f"canary {status}"}}
        for status in (400, 401, 403, 404, 429, 500, 504, 529)
    },
}


def boto_client(sim: SimulatorServer, secret: str = SECRET) -> Any:
    return boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        endpoint_url=sim.base_url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=secret,
        aws_session_token=TOKEN,
        config=botocore.config.Config(retries={"max_attempts": 1}, read_timeout=5),
    )


def with_scenario(client: Any, name: str) -> Any:
    def add_header(request: Any, **_: Any) -> None:
        request.headers["x-parity-scenario"] = name

    client.meta.events.register_first("before-sign.bedrock-runtime.*", add_header)
    return client


def invoke_body(**extra: Any) -> str:
    return json.dumps(
        {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 64, "messages": PROMPT, **extra}
    )


def expected_message(name: str, message_id: str) -> dict[str, Any]:
    reply = MESSAGES[name]
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5-20250929",
        "content": reply["content"],
        "stop_reason": reply["stop_reason"],
        "stop_sequence": None,
        "usage": reply["usage"],
    }

"""Simulated Converse renders every content block and the usage as boto3 reads them."""

from __future__ import annotations

import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_converse.support import (
    EXPECTED_USAGE,
    MODEL,
    SIGNATURE,
    TOOLS,
    USER,
    client,
)

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

EXPECTED_CONTENT = [
    {
        "reasoningContent": {
            "reasoningText": {"text": "Convert the total first.", "signature": SIGNATURE}
        }
    },
    {"reasoningContent": {"redactedContent": bytes(range(30))}},
    {"text": "Let me convert that."},
    {"toolUse": {"toolUseId": "tooluse_A1", "name": "convert", "input": {"amount": 145500}}},
    {"toolUse": {"toolUseId": "tooluse_B2", "name": "now", "input": {}}},
]


def test_boto3_converse_parses_every_block_and_the_usage(sim: SimulatorServer) -> None:
    response = client(sim, "everything").converse(modelId=MODEL, messages=USER, toolConfig=TOOLS)
    assert response["output"]["message"] == {"role": "assistant", "content": EXPECTED_CONTENT}
    assert response["stopReason"] == "tool_use"
    assert response["usage"] == EXPECTED_USAGE
    assert response["metrics"]["latencyMs"] > 0
    assert "additionalModelResponseFields" not in response

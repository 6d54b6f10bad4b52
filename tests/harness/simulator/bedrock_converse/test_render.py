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


def test_boto3_converse_parses_each_citation_location(sim: SimulatorServer) -> None:
    response = client(sim, "cited").converse(modelId=MODEL, messages=USER)
    content = response["output"]["message"]["content"]
    assert content[0] == {"text": "In short: "}
    cited = content[2]["citationsContent"]
    assert cited["content"] == [{"text": " and the port must be open"}]
    assert cited["citations"][1] == {
        "title": "VPN troubleshooting",
        "source": "https://kb.example.com/vpn",
        "sourceContent": [{"text": "Port 51820 must be open."}],
        "location": {"searchResultLocation": {"searchResultIndex": 0, "start": 0, "end": 1}},
    }
    locations = [
        citation["location"]
        for block in content[1:]
        for citation in block["citationsContent"]["citations"]
    ]
    assert locations[:3] == [
        {"documentChar": {"documentIndex": 0, "start": 12, "end": 32}},
        {"documentPage": {"documentIndex": 1, "start": 2, "end": 3}},
        {"documentChunk": {"documentIndex": 2, "start": 0, "end": 1}},
    ]

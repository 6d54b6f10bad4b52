"""Simulated InvokeModel renders the Message JSON, with usage headers, as boto3 and
`anthropic.AnthropicBedrock` read it; a count-tokens reply is refused clearly."""

from __future__ import annotations

import json

import anthropic
import httpx
import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_invoke.support import (
    API_KEY,
    ARN,
    MESSAGES,
    MODEL,
    PROMPT,
    boto_client,
    expected_message,
    invoke_body,
    with_scenario,
)
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.mark.parametrize("name", MESSAGES)
def test_boto3_invoke_model_reads_the_message_and_usage_headers(
    sim: SimulatorServer, name: str
) -> None:
    client = with_scenario(boto_client(sim), name)
    response = client.invoke_model(modelId=MODEL, body=invoke_body())
    message = json.loads(response["body"].read())
    assert message["id"].startswith("msg_bdrk_01")
    assert message == expected_message(name, message["id"])
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amzn-bedrock-input-token-count"] == str(
        MESSAGES[name]["usage"]["input_tokens"]
    )
    assert headers["x-amzn-bedrock-output-token-count"] == str(
        MESSAGES[name]["usage"]["output_tokens"]
    )


@pytest.mark.parametrize("name", MESSAGES)
def test_anthropic_bedrock_parses_the_message_and_the_stream_alike(
    sdk: anthropic.AnthropicBedrock, recorder: ScriptedResolver, name: str
) -> None:
    headers = {"x-parity-scenario": name}
    created = sdk.messages.create(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=headers
    )
    assert created.to_dict() == expected_message(name, created.id)
    with sdk.messages.stream(
        model=ARN, max_tokens=64, messages=PROMPT, extra_headers=headers
    ) as stream:
        final = stream.get_final_message()
    assert recorder.requests[-1].path == (
        "/model/arn:aws:bedrock:us-east-1:123456789012:inference-profile%2F"
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke-with-response-stream"
    )
    assert final.to_dict() == {**expected_message(name, final.id), "stop_details": None}
    assert final.id == created.id


def test_a_count_tokens_reply_is_refused_clearly(sim: SimulatorServer) -> None:
    response = httpx.post(
        f"{sim.base_url}/model/{MODEL}/invoke",
        content=invoke_body(),
        headers={"authorization": f"Bearer {API_KEY}", "x-parity-scenario": "count"},
        timeout=5.0,
    )
    assert response.status_code == 500
    assert "no token counting" in response.json()["message"]

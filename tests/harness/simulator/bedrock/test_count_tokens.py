"""Bedrock's CountTokens, driven with boto3's ``bedrock-runtime`` client: the InvokeModel or
Converse request it wraps is validated and placed as that operation's own, and the scripted
reply gives ``inputTokens``."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import botocore.exceptions
import httpx
import pytest

from harness.simulator import Backend
from harness.simulator.bedrock import AwsKey
from harness.simulator.bedrock_converse import BedrockConverseBackend
from harness.simulator.bedrock_invoke import BedrockInvokeBackend
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_invoke.support import (
    ACCESS_KEY,
    API_KEY,
    MODEL,
    PROMPT,
    REPLIES,
    SECRET,
    TOKEN,
    boto_client,
    invoke_body,
    with_scenario,
)
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

FOUNDATION = MODEL.removeprefix("us.")
"""CountTokens counts for a foundation model, not an inference profile."""
CONVERSE_INPUT = {"converse": {"messages": [{"role": "user", "content": [{"text": "Hi"}]}]}}


@pytest.fixture(scope="module")
def recorder() -> ScriptedResolver:
    return ScriptedResolver(REPLIES)


@pytest.fixture(scope="module")
def sim(recorder: ScriptedResolver) -> Iterator[SimulatorServer]:
    keys = {ACCESS_KEY: AwsKey(SECRET, TOKEN)}
    backends: list[Backend] = [
        BedrockInvokeBackend(credentials=keys, api_keys={API_KEY}),
        BedrockConverseBackend(credentials=keys, api_keys={API_KEY}),
    ]
    with SimulatorServer(recorder, backends=backends, request_timeout=5.0) as server:
        yield server


def count(sim: SimulatorServer, scenario: str, given: dict[str, Any]) -> Any:
    return with_scenario(boto_client(sim), scenario).count_tokens(modelId=FOUNDATION, input=given)


def test_an_invoke_model_body_is_counted_by_its_scripted_reply(
    sim: SimulatorServer, recorder: ScriptedResolver
) -> None:
    body = invoke_body().encode()
    answer = count(sim, "count", {"invokeModel": {"body": body}})
    assert answer["inputTokens"] == REPLIES["count"]["input_tokens"]
    target, placed = recorder.calls[-1]
    assert target == "bedrock-invoke"
    assert placed.path == "/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke"
    assert placed.body == body  # placed as the InvokeModel request it wraps


def test_a_converse_request_is_counted_by_the_converse_backend(
    sim: SimulatorServer, recorder: ScriptedResolver
) -> None:
    answer = count(sim, "count", CONVERSE_INPUT)
    assert answer["inputTokens"] == REPLIES["count"]["input_tokens"]
    target, placed = recorder.calls[-1]
    assert target == "bedrock-converse" and placed.path.endswith("/converse")
    assert json.loads(placed.body) == CONVERSE_INPUT["converse"]


def test_a_message_reply_counts_its_input_usage(sim: SimulatorServer) -> None:
    answer = count(sim, "text", {"invokeModel": {"body": invoke_body().encode()}})
    usage = REPLIES["text"]["usage"]
    expected = sum(
        usage.get(k, 0)
        for k in ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
    )
    assert answer["inputTokens"] == expected


def test_the_wrapped_request_is_validated_as_its_own_operation(sim: SimulatorServer) -> None:
    no_limit = json.dumps({"anthropic_version": "bedrock-2023-05-31", "messages": PROMPT})
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        count(sim, "count", {"invokeModel": {"body": no_limit.encode()}})
    error = caught.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith("input.invokeModel: Malformed input request: #: required")
    bad_role = {"converse": {"messages": [{"role": "robot", "content": [{"text": "Hi"}]}]}}
    with pytest.raises(botocore.exceptions.ClientError, match="enum value set"):
        count(sim, "count", bad_role)


def test_a_body_outside_the_service_model_is_refused(sim: SimulatorServer) -> None:
    response = httpx.post(
        f"{sim.base_url}/model/{FOUNDATION}/count-tokens",
        content=json.dumps({"input": {"invokeModel": {"body": "x"}, "extra": 1}}),
        headers={"authorization": f"Bearer {API_KEY}", "x-parity-scenario": "count"},
        timeout=5.0,
    )
    assert response.status_code == 400
    assert response.headers["x-amzn-errortype"].startswith("ValidationException:")
    assert 'Unknown parameter in input: "extra"' in response.json()["message"]
    encoded = base64.b64encode(invoke_body().encode()).decode()
    good = httpx.post(
        f"{sim.base_url}/model/{FOUNDATION}/count-tokens",
        content=json.dumps({"input": {"invokeModel": {"body": encoded}}}),
        headers={"authorization": f"Bearer {API_KEY}", "x-parity-scenario": "count"},
        timeout=5.0,
    )
    assert good.json() == {"inputTokens": REPLIES["count"]["input_tokens"]}


@pytest.mark.parametrize(
    "model",
    [
        MODEL,
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
    ],
    ids=["cross-region-profile", "application-profile-arn"],
)
def test_an_inference_profile_is_refused_as_bedrock_refuses_it(
    sim: SimulatorServer, model: str
) -> None:
    client = with_scenario(boto_client(sim), "count")
    with pytest.raises(client.exceptions.ValidationException) as caught:
        client.count_tokens(modelId=model, input=CONVERSE_INPUT)
    assert "The provided model doesn't support counting tokens." in str(caught.value)

"""Requests Converse refuses (credentials first, then the body against botocore's shapes and
the service's rules) are refused as Bedrock refuses them."""

from __future__ import annotations

import json
from typing import Any

import botocore.config
import botocore.exceptions
import httpx
import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_converse.support import API_KEY, MODEL, TOOLS, USER, client
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def test_a_wrong_secret_is_refused_after_botocore_verification(sim: SimulatorServer) -> None:
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client(sim, "refusal", secret="canary-wrong").converse(modelId=MODEL, messages=USER)
    assert caught.value.response["Error"]["Code"] == "InvalidSignatureException"


IMAGE = {"image": {"format": "bmp", "source": {"bytes": "iVBORw=="}}}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"messages": USER, "temperature": 0.5}, 'Unknown parameter in input: "temperature"'),
        ({"messages": [{"role": "user", "content": [{}]}]}, "Must set one of the following keys"),
        ({"messages": USER, "inferenceConfig": {"maxTokens": 0}}, "valid min value: 1"),
        (
            {"messages": [{"role": "user", "content": [IMAGE]}]},
            "satisfy enum value set: [png, jpeg, gif, webp]",
        ),
        ({"messages": USER, "inferenceConfig": {"temperature": 1.5}}, "less than or equal to 1"),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [{"image": {"format": "png", "source": {"bytes": "%%%"}}}],
                    }
                ]
            },
            "must be base64 encoded",
        ),
        (
            {
                "messages": USER,
                "toolConfig": {
                    "tools": [{"toolSpec": {"name": "has space", "inputSchema": {"json": {}}}}]
                },
            },
            "regular expression pattern",
        ),
        (
            {
                "messages": USER,
                "outputConfig": {
                    "textFormat": {
                        "type": "json_schema",
                        "structure": {"jsonSchema": {"schema": '{"type": "object"}'}},
                    }
                },
            },
            "The model returned the following errors: output_config.format.schema: For "
            "'object' type, 'additionalProperties' must be explicitly set to false",
        ),
        (
            {"messages": USER, "outputConfig": {"effort": "extreme"}},
            "output_config.effort: Input should be",
        ),
        (
            {"messages": [{"role": "assistant", "content": [{"text": "Hi"}]}]},
            "must start with a user message",
        ),
        ({"messages": USER + USER}, "must alternate between user and assistant roles"),
        (
            {
                "messages": [
                    *USER,
                    {
                        "role": "assistant",
                        "content": [{"toolUse": {"toolUseId": "t1", "name": "f", "input": {}}}],
                    },
                ]
            },
            "toolConfig field must be defined",
        ),
        (
            {
                "messages": USER,
                "additionalModelRequestFields": {"anthropic_beta": ["files-api-2025-04-14"]},
            },
            "invalid beta flag: files-api-2025-04-14",
        ),
        (
            {
                "messages": USER,
                "additionalModelRequestFields": {
                    "tools": [{"type": "text_editor_20250728", "name": "str_replace_editor"}]
                },
            },
            "tools.0.text_editor_20250728.name: Input should be 'str_replace_based_edit_tool'",
        ),
        (
            {
                "messages": USER,
                "additionalModelRequestFields": {
                    "tools": [{"type": "computer_20250124", "name": "computer"}],
                    "anthropic_beta": ["computer-use-2024-10-22"],
                },
            },
            "additionalModelRequestFields.tools.0: Input tag 'computer_20250124'",
        ),
    ],
)
def test_requests_bedrock_refuses_are_validation_exceptions(
    sim: SimulatorServer, recorder: ScriptedResolver, body: dict[str, Any], message: str
) -> None:
    calls = len(recorder.calls)
    response = httpx.post(
        f"{sim.base_url}/model/{MODEL}/converse",
        content=json.dumps(body),
        headers={"authorization": f"Bearer {API_KEY}", "x-parity-scenario": "refusal"},
        timeout=5.0,
    )
    assert response.status_code == 400
    assert response.headers["x-amzn-errortype"].startswith("ValidationException:")
    assert message in response.json()["message"]
    assert "\n" not in response.json()["message"]
    assert len(recorder.calls) == calls  # refused before any scenario is consulted


def test_credentials_are_checked_before_a_slash_split_path_is_an_unknown_operation(
    sim: SimulatorServer, recorder: ScriptedResolver
) -> None:
    calls = len(recorder.calls)
    arn = f"arn:aws:bedrock:eu-west-1:123456789012:inference-profile/{MODEL}"
    unauthenticated = httpx.post(
        f"{sim.base_url}/model/{arn}/converse",
        content=json.dumps({"messages": USER}),
        headers={"authorization": "Bearer canary-unknown-key"},
        timeout=5.0,
    )
    assert unauthenticated.status_code == 403
    assert unauthenticated.headers["x-amzn-errortype"].startswith("UnrecognizedClientException:")
    authenticated = httpx.post(
        f"{sim.base_url}/model/{arn}/converse",
        content=json.dumps({"messages": USER}),
        headers={"authorization": f"Bearer {API_KEY}"},
        timeout=5.0,
    )
    assert authenticated.status_code == 404
    assert authenticated.json() == {
        "Output": {"__type": "com.amazon.coral.service#UnknownOperationException"},
        "Version": "1.0",
    }
    assert len(recorder.calls) == calls


def test_a_body_that_is_not_json_is_a_serialization_exception(sim: SimulatorServer) -> None:
    response = httpx.post(
        f"{sim.base_url}/model/{MODEL}/converse-stream",
        content=b"{not json",
        headers={"authorization": f"Bearer {API_KEY}"},
        timeout=5.0,
    )
    assert response.status_code == 400
    assert response.headers["x-amzn-errortype"].startswith("SerializationException:")


def test_client_tools_and_their_beta_in_additional_fields_are_taken(sim: SimulatorServer) -> None:
    """Bedrock's documented computer-use form on Converse: the Anthropic-defined tools and the
    beta in additionalModelRequestFields, next to a toolConfig of custom tools."""
    response = client(sim, "everything").converse(
        modelId=MODEL,
        messages=USER,
        toolConfig=TOOLS,
        additionalModelRequestFields={
            "tools": [
                {
                    "type": "computer_20250124",
                    "name": "computer",
                    "display_width_px": 1280,
                    "display_height_px": 800,
                },
                {"type": "bash_20250124", "name": "bash"},
            ],
            "anthropic_beta": ["computer-use-2025-01-24"],
        },
    )
    assert response["stopReason"] == "tool_use"

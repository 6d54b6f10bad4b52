"""Requests InvokeModel refuses (credentials first, then the body) are refused in Bedrock's
shape, with signatures verified by botocore's signer."""

from __future__ import annotations

import json

import anthropic
import botocore.client
import botocore.config
import botocore.exceptions
import httpx
import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_invoke.support import (
    ACCESS_KEY,
    API_KEY,
    ARN,
    MODEL,
    PROMPT,
    TOKEN,
    boto_client,
    invoke_body,
    with_scenario,
)
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def test_boto3_with_a_wrong_secret_is_refused_after_botocore_verification(
    sim: SimulatorServer,
) -> None:
    client = with_scenario(boto_client(sim, secret="canary-wrong-secret"), "text")
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client.invoke_model(modelId=MODEL, body=invoke_body())
    assert caught.value.response["Error"]["Code"] == "InvalidSignatureException"


def test_anthropic_bedrock_with_an_api_key_is_served(sim: SimulatorServer) -> None:
    with anthropic.AnthropicBedrock(
        api_key=API_KEY, aws_region="us-east-1", base_url=sim.base_url, max_retries=0
    ) as client:
        message = client.messages.create(
            model=MODEL,
            max_tokens=8,
            messages=PROMPT,
            extra_headers={"x-parity-scenario": "text"},
        )
    assert message.content[0].type == "text"


def test_anthropic_bedrock_with_a_wrong_secret_is_refused(sim: SimulatorServer) -> None:
    with (
        anthropic.AnthropicBedrock(
            aws_access_key=ACCESS_KEY,
            aws_secret_key="canary-wrong-secret",
            aws_session_token=TOKEN,
            aws_region="us-east-1",
            base_url=sim.base_url,
            max_retries=0,
        ) as client,
        pytest.raises(anthropic.PermissionDeniedError) as caught,
    ):
        client.messages.create(model=MODEL, max_tokens=8, messages=PROMPT)
    assert caught.value.response.headers["x-amzn-errortype"].startswith(
        "InvalidSignatureException:"
    )


@pytest.mark.parametrize(
    ("path", "body", "headers", "status", "code", "message"),
    [
        (
            f"/model/{MODEL}/invoke",
            invoke_body(model=MODEL),
            None,
            400,
            "ValidationException",
            "extraneous key [model]",
        ),
        (
            f"/model/{MODEL}/invoke",
            invoke_body(stream=True),
            None,
            400,
            "ValidationException",
            "extraneous key [stream]",
        ),
        (
            f"/model/{MODEL}/invoke",
            json.dumps({"max_tokens": 8, "messages": PROMPT}),
            None,
            400,
            "ValidationException",
            "required key [anthropic_version] not found",
        ),
        (
            f"/model/{MODEL}/invoke",
            invoke_body(anthropic_version="2023-06-01"),
            None,
            400,
            "ValidationException",
            "'2023-06-01' is invalid",
        ),
        (
            f"/model/{MODEL}/invoke",
            invoke_body(anthropic_beta=["context-1m-2025-08-07", "extended-cache-ttl-2025-04-11"]),
            None,
            400,
            "ValidationException",
            "invalid beta flag: extended-cache-ttl-2025-04-11",
        ),
        (
            f"/model/{MODEL}/invoke",
            invoke_body(
                tools=[{"type": "tool_search_tool_regex_20251119"}, {"type": "web_search_20250305"}]
            ),
            None,
            400,
            "ValidationException",
            "tools.1: Input tag 'web_search_20250305' found using 'type' does not match any of "
            "the expected tags",
        ),
        (
            f"/model/{MODEL}/invoke",
            json.dumps({"anthropic_version": "bedrock-2023-05-31", "messages": PROMPT}),
            None,
            400,
            "ValidationException",
            "required key [max_tokens] not found",
        ),
        (
            f"/model/{MODEL}/invoke",
            invoke_body(stop_sequences="END"),
            None,
            400,
            "ValidationException",
            "#/stop_sequences: input should be a valid list",
        ),
        (
            f"/model/{MODEL}/invoke",
            invoke_body(
                system=[
                    {"type": "text", "text": "x-anthropic-billing-header: cc_version=2.1.112;"},
                    {"type": "text", "text": "You are a helpful agent."},
                ]
            ),
            None,
            400,
            "ValidationException",
            "x-anthropic-billing-header is a reserved keyword and may not be used in the system "
            "prompt.",
        ),
        (
            f"/model/{MODEL}/invoke",
            "not json",
            None,
            400,
            "ValidationException",
            "Malformed input request",
        ),
        (
            f"/model/{MODEL}/invoke",
            invoke_body(),
            {},
            403,
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ),
        (
            f"/model/{MODEL}/invoke",
            invoke_body(),
            {"authorization": "Bearer canary-unknown"},
            403,
            "UnrecognizedClientException",
            "security token",
        ),
    ],
)
def test_requests_bedrock_refuses_are_rejected_in_its_shape(
    sim: SimulatorServer,
    recorder: ScriptedResolver,
    path: str,
    body: str,
    headers: dict[str, str] | None,
    status: int,
    code: str,
    message: str,
) -> None:
    calls = len(recorder.calls)
    sent = {"authorization": f"Bearer {API_KEY}"} if headers is None else headers
    response = httpx.post(
        f"{sim.base_url}{path}",
        content=body,
        headers={**sent, "x-parity-scenario": "text"},
        timeout=5.0,
    )
    assert response.status_code == status
    assert response.headers["x-amzn-errortype"].split(":")[0] == code
    assert message in (response.json().get("message") or response.json().get("Message"))
    assert len(recorder.calls) == calls  # refused before any scenario is consulted


def test_credentials_are_checked_before_a_slash_split_path_is_an_unknown_operation(
    sim: SimulatorServer, recorder: ScriptedResolver
) -> None:
    calls = len(recorder.calls)
    response = httpx.post(
        f"{sim.base_url}/model/{ARN}/invoke",
        content=invoke_body(),
        headers={"x-parity-scenario": "text"},
        timeout=5.0,
    )
    assert response.status_code == 403
    assert response.headers["x-amzn-errortype"].startswith("MissingAuthenticationTokenException:")
    assert response.json() == {"Message": "Missing Authentication Token"}
    assert len(recorder.calls) == calls


EDITOR = {"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"}


def test_anthropic_bedrock_sends_client_tools_and_their_beta_in_the_body(
    sdk: anthropic.AnthropicBedrock, recorder: ScriptedResolver
) -> None:
    message = sdk.messages.create(
        model=MODEL,
        max_tokens=64,
        messages=PROMPT,
        tools=[EDITOR, {"type": "memory_20250818", "name": "memory"}],
        extra_headers={
            "x-parity-scenario": "client-tools",
            "anthropic-beta": "context-management-2025-06-27",
        },
    )
    assert [block.type for block in message.content] == ["tool_use", "tool_use"]
    sent = json.loads(recorder.requests[-1].body)
    assert sent["anthropic_beta"] == ["context-management-2025-06-27"]
    assert [tool["type"] for tool in sent["tools"]] == ["text_editor_20250728", "memory_20250818"]


@pytest.mark.parametrize(
    ("tool", "message"),
    [
        ({**EDITOR, "name": "editor"}, "#/tools/0/text_editor_20250728/name: input should be"),
    ],
)
def test_a_client_tool_bedrock_does_not_take_is_refused(
    sdk: anthropic.AnthropicBedrock, tool: dict[str, str], message: str
) -> None:
    with pytest.raises(anthropic.BadRequestError) as caught:
        sdk.messages.create(
            model=MODEL,
            max_tokens=64,
            messages=PROMPT,
            tools=[tool],  # type: ignore[list-item]
            extra_headers={"x-parity-scenario": "client-tools"},
        )
    assert caught.value.status_code == 400
    assert message in str(caught.value)

"""Specification of the simulated InvokeModel API, proven with real clients over loopback.

boto3's ``bedrock-runtime`` client (``invoke_model``, ``invoke_model_with_response_stream``)
and ``anthropic.AnthropicBedrock`` (0.125 in process, 2.12 in a subprocess) parse what the
simulator sends; their SigV4 signatures are verified with botocore on the simulator's side.
Requests Bedrock refuses are checked with plain httpx.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anthropic
import boto3
import botocore.client
import botocore.config
import botocore.exceptions
import httpx
import pytest
from anthropic.types import MessageParam
from botocore.eventstream import EventStreamBuffer

from adapters.protocol.sse import decode_stream
from harness.simulator import Backend
from harness.simulator.anthropic import AnthropicBackend
from harness.simulator.bedrock import AwsKey
from harness.simulator.bedrock_invoke import BedrockInvokeBackend
from harness.simulator.server import SimulatorServer
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

ROOT = Path(__file__).resolve().parents[3]
SDK2 = ROOT / ".venv" / "sdk2"
MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
ARN = f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/{MODEL}"
ACCESS_KEY, SECRET, TOKEN = "AKIACANARY", "canary-secret", "canary-session-token"
API_KEY = "canary-bedrock-api-key"
PROMPT: list[MessageParam] = [{"role": "user", "content": "Hello"}]
SIGNATURE = (
    "EqwCCkgIBhABGAIqQNV8Q8X7sLdL9PJXpi2U2gJ5jMZAU6tGdknRgKWszFtZRqRYvPDUaFns1yze3bBz+V30VYQ=="
)

MESSAGES: dict[str, dict[str, Any]] = {
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
}
REPLIES: dict[str, dict[str, Any]] = {
    **MESSAGES,
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


@pytest.fixture(scope="module")
def recorder() -> ScriptedResolver:
    return ScriptedResolver(REPLIES)


@pytest.fixture(scope="module")
def sim(recorder: ScriptedResolver) -> Iterator[SimulatorServer]:
    backend = BedrockInvokeBackend(
        credentials={ACCESS_KEY: AwsKey(SECRET, TOKEN)}, api_keys={API_KEY}
    )
    # the native API alongside, to compare streams with
    backends: list[Backend] = [backend, AnthropicBackend()]
    with SimulatorServer(recorder, backends=backends, request_timeout=5.0) as server:
        yield server


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


@pytest.fixture
def sdk(sim: SimulatorServer) -> Iterator[anthropic.AnthropicBedrock]:
    with anthropic.AnthropicBedrock(
        aws_access_key=ACCESS_KEY,
        aws_secret_key=SECRET,
        aws_session_token=TOKEN,
        aws_region="us-east-1",
        base_url=sim.base_url,
        max_retries=0,
        timeout=5.0,
    ) as client:
        yield client


def invoke_body(**extra: Any) -> str:
    return json.dumps(
        {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 64, "messages": PROMPT, **extra}
    )


def native_deltas(sim: SimulatorServer, name: str) -> list[dict[str, Any]]:
    """The content_block_delta events the simulated native API streams for scenario ``name``."""
    response = httpx.post(
        f"{sim.base_url}/v1/messages",
        json={"model": MODEL, "max_tokens": 64, "messages": PROMPT, "stream": True},
        headers={
            "x-api-key": "canary-key",
            "anthropic-version": "2023-06-01",
            "x-parity-scenario": name,
        },
        timeout=5.0,
    )
    assert response.status_code == 200
    events = [event.json() for event in decode_stream([response.content])]
    return [event for event in events if event["type"] == "content_block_delta"]


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
def test_boto3_stream_carries_one_anthropic_event_per_chunk(
    sim: SimulatorServer, name: str
) -> None:
    client = with_scenario(boto_client(sim), name)
    response = client.invoke_model_with_response_stream(modelId=ARN, body=invoke_body())
    events = [json.loads(item["chunk"]["bytes"]) for item in response["body"]]
    assert response["contentType"] == "application/json"
    assert events[0]["type"] == "message_start"
    assert "ping" not in [e["type"] for e in events]
    metrics = events[-1].pop("amazon-bedrock-invocationMetrics")
    assert events[-1] == {"type": "message_stop"}
    usage = MESSAGES[name]["usage"]
    assert metrics["inputTokenCount"] == usage["input_tokens"]
    assert metrics["outputTokenCount"] == usage["output_tokens"]
    assert metrics["cacheReadInputTokenCount"] == usage.get("cache_read_input_tokens", 0)
    assert set(metrics) >= {"invocationLatency", "firstByteLatency"}


@pytest.mark.parametrize("name", MESSAGES)
def test_stream_splits_text_thinking_and_tool_input_as_the_native_stream_does(
    sim: SimulatorServer, name: str
) -> None:
    client = with_scenario(boto_client(sim), name)
    response = client.invoke_model_with_response_stream(modelId=MODEL, body=invoke_body())
    events = [json.loads(item["chunk"]["bytes"]) for item in response["body"]]
    deltas = [event for event in events if event["type"] == "content_block_delta"]
    assert deltas == native_deltas(sim, name)


def test_stream_frames_carry_padding_and_arrive_chunked(sim: SimulatorServer) -> None:
    response = httpx.post(
        f"{sim.base_url}/model/{MODEL}/invoke-with-response-stream",
        content=invoke_body(),
        headers={"authorization": f"Bearer {API_KEY}", "x-parity-scenario": "text"},
        timeout=5.0,
    )
    assert response.headers["transfer-encoding"] == "chunked"
    assert response.headers["content-type"] == "application/vnd.amazon.eventstream"
    assert response.headers["x-amzn-bedrock-content-type"] == "application/json"
    buffer = EventStreamBuffer()
    buffer.add_data(response.content)
    payloads = [json.loads(m.payload) for m in buffer]
    assert all(set(p) == {"bytes", "p"} for p in payloads)
    assert len({p["p"] for p in payloads}) > 1


def test_boto3_sees_a_mid_stream_exception_frame(sim: SimulatorServer) -> None:
    client = with_scenario(boto_client(sim), "throttled-mid-stream")
    response = client.invoke_model_with_response_stream(modelId=MODEL, body=invoke_body())
    types: list[str] = []
    with pytest.raises(botocore.exceptions.EventStreamError) as caught:
        for item in response["body"]:
            types.append(json.loads(item["chunk"]["bytes"])["type"])
    assert types == ["message_start", "content_block_start", "content_block_delta"]
    assert caught.value.response["Error"] == {
        "Code": "throttlingException",
        "Message": "Too many tokens.",
    }


@pytest.mark.parametrize(
    ("name", "status", "code"),
    [
        ("error-400", 400, "ValidationException"),
        ("error-401", 403, "UnrecognizedClientException"),
        ("error-403", 403, "AccessDeniedException"),
        ("error-404", 404, "ResourceNotFoundException"),
        ("error-429", 429, "ThrottlingException"),
        ("error-500", 500, "InternalServerException"),
        ("error-504", 408, "ModelTimeoutException"),
        ("error-529", 503, "ServiceUnavailableException"),
    ],
)
def test_boto3_reads_scripted_errors_as_bedrock_exceptions(
    sim: SimulatorServer, name: str, status: int, code: str
) -> None:
    client = with_scenario(boto_client(sim), name)
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client.invoke_model(modelId=MODEL, body=invoke_body())
    error = caught.value.response
    assert error["Error"]["Code"] == code
    assert error["Error"]["Message"] == f"canary {name[6:]}"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == status


def test_boto3_with_a_wrong_secret_is_refused_after_botocore_verification(
    sim: SimulatorServer,
) -> None:
    client = with_scenario(boto_client(sim, secret="canary-wrong-secret"), "text")
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client.invoke_model(modelId=MODEL, body=invoke_body())
    assert caught.value.response["Error"]["Code"] == "InvalidSignatureException"


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


def test_anthropic_bedrock_0125_stops_on_the_exception_frame(
    sdk: anthropic.AnthropicBedrock,
) -> None:
    stream = sdk.messages.create(
        model=MODEL,
        max_tokens=64,
        messages=PROMPT,
        stream=True,
        extra_headers={"x-parity-scenario": "throttled-mid-stream"},
    )
    with pytest.raises(ValueError, match="throttlingException"):
        for _ in stream:
            pass


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


def test_a_literal_slash_in_the_model_id_is_an_unknown_operation(sim: SimulatorServer) -> None:
    response = httpx.post(
        f"{sim.base_url}/model/{ARN}/invoke",
        content=invoke_body(),
        headers={"authorization": f"Bearer {API_KEY}"},
        timeout=5.0,
    )
    assert response.status_code == 404
    assert (
        response.json()["Output"]["__type"] == "com.amazon.coral.service#UnknownOperationException"
    )


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


def test_a_count_tokens_reply_is_refused_clearly(sim: SimulatorServer) -> None:
    response = httpx.post(
        f"{sim.base_url}/model/{MODEL}/invoke",
        content=invoke_body(),
        headers={"authorization": f"Bearer {API_KEY}", "x-parity-scenario": "count"},
        timeout=5.0,
    )
    assert response.status_code == 500
    assert "no token counting" in response.json()["message"]


def test_sdk_2_12_streams_with_body_version_2026_10_21(
    sim: SimulatorServer, recorder: ScriptedResolver
) -> None:
    assert SDK2.is_dir(), f"{SDK2} is missing: run make install"
    code = (
        "import json, sys, anthropic\n"
        "c = anthropic.AnthropicBedrock(base_url=sys.argv[1], aws_region='us-east-1',\n"
        "    aws_access_key=sys.argv[3], aws_secret_key=sys.argv[4],\n"
        "    aws_session_token=sys.argv[5],\n"
        "    max_retries=0, timeout=5.0, default_headers={'x-parity-scenario': 'thinking-tools'})\n"
        "with c.messages.stream(model=sys.argv[2], max_tokens=64,\n"
        "                       messages=[{'role': 'user', 'content': 'Hello'}]) as s:\n"
        "    m = s.get_final_message()\n"
        "print(json.dumps({'version': anthropic.__version__, 'message': m.to_dict()}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "ANTHROPIC_"))}
    result = subprocess.run(
        [sys.executable, "-c", code, sim.base_url, MODEL, ACCESS_KEY, SECRET, TOKEN],
        env={**env, "PYTHONPATH": str(SDK2)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["version"].startswith("2.")
    message = out["message"]
    message.pop("stop_details", None)
    assert message == expected_message("thinking-tools", message["id"])
    assert json.loads(recorder.requests[-1].body)["anthropic_version"] == "2026-10-21"

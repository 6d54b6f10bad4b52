"""Specification of the simulated Converse API, proven with boto3 over loopback.

boto3's ``converse`` and ``converse_stream`` parse what the simulator sends (boto3 signs;
the simulator verifies with botocore). Requests Bedrock refuses are sent with plain httpx,
since boto3 would refuse most of them before sending.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.config
import botocore.exceptions
import httpx
import pytest
from botocore.eventstream import EventStreamBuffer

from adapters.protocol.sse import decode_stream
from harness.simulator import Backend
from harness.simulator.anthropic import AnthropicBackend
from harness.simulator.bedrock import AwsKey
from harness.simulator.bedrock_converse import BedrockConverseBackend
from harness.simulator.server import SimulatorServer
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

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
EXPECTED_USAGE = {
    "inputTokens": 19,
    "outputTokens": 118,
    "totalTokens": 1589,
    "cacheReadInputTokens": 0,
    "cacheWriteInputTokens": 1452,
    "cacheDetails": [{"ttl": "5m", "inputTokens": 216}, {"ttl": "1h", "inputTokens": 1236}],
}


@pytest.fixture(scope="module")
def recorder() -> ScriptedResolver:
    return ScriptedResolver(REPLIES)


@pytest.fixture(scope="module")
def sim(recorder: ScriptedResolver) -> Iterator[SimulatorServer]:
    backend = BedrockConverseBackend(credentials={ACCESS_KEY: AwsKey(SECRET)}, api_keys={API_KEY})
    # the native API alongside, to compare streams with
    backends: list[Backend] = [backend, AnthropicBackend()]
    with SimulatorServer(recorder, backends=backends, request_timeout=5.0) as server:
        yield server


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


def stream_events(response: dict[str, Any]) -> list[tuple[str, Any]]:
    return [next(iter(event.items())) for event in response["stream"]]


def test_boto3_converse_parses_every_block_and_the_usage(sim: SimulatorServer) -> None:
    response = client(sim, "everything").converse(modelId=MODEL, messages=USER, toolConfig=TOOLS)
    assert response["output"]["message"] == {"role": "assistant", "content": EXPECTED_CONTENT}
    assert response["stopReason"] == "tool_use"
    assert response["usage"] == EXPECTED_USAGE
    assert response["metrics"]["latencyMs"] > 0
    assert "additionalModelResponseFields" not in response


def test_the_stop_sequence_is_returned_when_its_path_is_asked_for(sim: SimulatorServer) -> None:
    response = client(sim, "stop-sequence").converse(
        modelId=MODEL,
        messages=USER,
        inferenceConfig={"stopSequences": ["</answer>"]},
        additionalModelResponseFieldPaths=["/delta/stop_sequence"],
    )
    assert response["stopReason"] == "stop_sequence"
    assert response["additionalModelResponseFields"] == {"delta": {"stop_sequence": "</answer>"}}


@pytest.mark.parametrize(
    ("scenario", "stop"), [("refusal", "content_filtered"), ("guardrail", "guardrail_intervened")]
)
def test_stop_reasons_follow_the_table_or_the_forced_value(
    sim: SimulatorServer, scenario: str, stop: str
) -> None:
    assert client(sim, scenario).converse(modelId=MODEL, messages=USER)["stopReason"] == stop


def test_boto3_converse_stream_sees_bedrocks_real_event_order(sim: SimulatorServer) -> None:
    events = stream_events(
        client(sim, "everything").converse_stream(modelId=MODEL, messages=USER, toolConfig=TOOLS)
    )
    names = [name for name, _ in events]
    assert names[0] == "messageStart"
    assert names[-2:] == ["messageStop", "metadata"]
    starts = [body for name, body in events if name == "contentBlockStart"]
    assert [s["contentBlockIndex"] for s in starts] == [3, 4]  # only tool blocks start explicitly
    assert starts[0]["start"] == {"toolUse": {"toolUseId": "tooluse_A1", "name": "convert"}}
    reasoning = [
        b["delta"]["reasoningContent"]
        for n, b in events
        if n == "contentBlockDelta" and b["contentBlockIndex"] == 0
    ]
    assert reasoning[-2:] == [{"text": ""}, {"signature": SIGNATURE}]
    assert "".join(r.get("text", "") for r in reasoning) == "Convert the total first."
    redacted = [
        b["delta"] for n, b in events if n == "contentBlockDelta" and b["contentBlockIndex"] == 1
    ]
    assert redacted == [{"reasoningContent": {"redactedContent": bytes(range(30))}}]
    tool_input = "".join(
        b["delta"]["toolUse"]["input"]
        for n, b in events
        if n == "contentBlockDelta" and b["contentBlockIndex"] == 3
    )
    assert json.loads(tool_input) == {"amount": 145500}
    assert events[-2][1] == {"stopReason": "tool_use"}
    assert events[-1][1]["usage"] == EXPECTED_USAGE


def native_pieces(sim: SimulatorServer, scenario: str) -> list[tuple[int, str]]:
    """(block index, text) of every text, thinking and tool-input delta the simulated native
    API streams for ``scenario``."""
    response = httpx.post(
        f"{sim.base_url}/v1/messages",
        json={
            "model": MODEL,
            "max_tokens": 64,
            "messages": [{"role": "user", "content": "Hello"}],
            "stream": True,
        },
        headers={
            "x-api-key": "canary-key",
            "anthropic-version": "2023-06-01",
            "x-parity-scenario": scenario,
        },
        timeout=5.0,
    )
    assert response.status_code == 200
    pieces: list[tuple[int, str]] = []
    for event in (e.json() for e in decode_stream([response.content])):
        if event["type"] == "content_block_delta":
            delta = event["delta"]
            text = delta.get("text", delta.get("thinking", delta.get("partial_json")))
            if text:
                pieces.append((event["index"], text))
    return pieces


def test_stream_splits_text_thinking_and_tool_input_as_the_native_stream_does(
    sim: SimulatorServer,
) -> None:
    events = stream_events(
        client(sim, "everything").converse_stream(modelId=MODEL, messages=USER, toolConfig=TOOLS)
    )
    pieces: list[tuple[int, str]] = []
    for name, body in events:
        if name == "contentBlockDelta":
            delta = body["delta"]
            text = (
                delta.get("text")
                or delta.get("reasoningContent", {}).get("text")
                or delta.get("toolUse", {}).get("input")
            )
            if text:
                pieces.append((body["contentBlockIndex"], text))
    assert pieces == native_pieces(sim, "everything")


def test_stream_frames_carry_padding_and_arrive_chunked(sim: SimulatorServer) -> None:
    response = httpx.post(
        f"{sim.base_url}/model/{MODEL}/converse-stream",
        content=json.dumps({"messages": USER}),
        headers={"authorization": f"Bearer {API_KEY}", "x-parity-scenario": "stop-sequence"},
        timeout=5.0,
    )
    assert response.headers["transfer-encoding"] == "chunked"
    assert response.headers["content-type"] == "application/vnd.amazon.eventstream"
    buffer = EventStreamBuffer()
    buffer.add_data(response.content)
    payloads = [json.loads(m.payload) for m in buffer]
    assert all(isinstance(p.get("p"), str) and p["p"] for p in payloads)


@pytest.mark.parametrize(
    ("scenario", "seen", "code", "message"),
    [
        ("throttled", ["messageStart", "contentBlockDelta"], "throttlingException", "Slow down."),
        (
            "timed-out",
            ["messageStart", "contentBlockDelta"],
            "modelStreamErrorException",
            "Timed out.",
        ),
    ],
)
def test_a_stream_error_arrives_as_its_exception_frame(
    sim: SimulatorServer, scenario: str, seen: list[str], code: str, message: str
) -> None:
    response = client(sim, scenario).converse_stream(modelId=MODEL, messages=USER)
    names: list[str] = []
    with pytest.raises(botocore.exceptions.EventStreamError) as caught:
        for event in response["stream"]:
            names.append(next(iter(event)))
    assert names == seen
    assert caught.value.response["Error"] == {"Code": code, "Message": message}


def test_a_block_opened_just_before_the_cut_gets_an_empty_opening_delta(
    sim: SimulatorServer,
) -> None:
    response = client(sim, "timed-out").converse_stream(modelId=MODEL, messages=USER)
    seen: list[dict[str, Any]] = []
    with pytest.raises(botocore.exceptions.EventStreamError):
        for event in response["stream"]:
            seen.append(event)
    assert seen[-1] == {"contentBlockDelta": {"contentBlockIndex": 0, "delta": {"text": ""}}}


def test_a_scripted_error_is_a_bedrock_exception(sim: SimulatorServer) -> None:
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client(sim, "error-429").converse(modelId=MODEL, messages=USER)
    assert caught.value.response["Error"] == {
        "Code": "ThrottlingException",
        "Message": "canary 429",
    }


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

"""Simulated InvokeModelWithResponseStream: one chunk frame per Anthropic event, split as the
native stream splits, padded and chunked; a mid-stream exception frame stops boto3 and the
SDKs (0.125, and 2.12 in a subprocess)."""

from __future__ import annotations

import json
import os
from typing import Any

import anthropic
import botocore.client
import botocore.config
import botocore.exceptions
import httpx
import pytest
from botocore.eventstream import EventStreamBuffer

from adapters.protocol.sse import decode_stream
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_invoke.support import (
    ACCESS_KEY,
    API_KEY,
    ARN,
    MESSAGES,
    MODEL,
    PROMPT,
    SECRET,
    TOKEN,
    boto_client,
    expected_message,
    invoke_body,
    with_scenario,
)
from tests.support.scripted import ScriptedResolver
from tests.support.sdk_oracle import SDK2_PATH as SDK2
from tests.support.sdk_process import run_script

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


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
        "with c.messages.stream(model=sys.argv[2], max_tokens=64,\n"
        "        messages=[{'role': 'user', 'content': 'Hello'}],\n"
        "        extra_headers={'x-parity-scenario': 'server_tools'}) as s:\n"
        "    t = s.get_final_message()\n"
        "print(json.dumps({'version': anthropic.__version__, 'message': m.to_dict(),\n"
        "                  'server_tools': t.to_dict()}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "ANTHROPIC_"))}
    argv = (sim.base_url, MODEL, ACCESS_KEY, SECRET, TOKEN)
    result = run_script(code, path=(SDK2,), argv=argv, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["version"].startswith("2.")
    message = out["message"]
    message.pop("stop_details", None)
    assert message == expected_message("thinking-tools", message["id"])
    served = out["server_tools"]  # every server-tool block, parsed by the 2.12 types
    assert served == {**expected_message("server_tools", served["id"]), "stop_details": None}
    assert json.loads(recorder.requests[-1].body)["anthropic_version"] == "2026-10-21"

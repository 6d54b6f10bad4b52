"""Simulated ConverseStream: Bedrock's real event order as boto3 sees it, deltas split as the
native stream splits, padded and chunked frames, and the empty delta that opens a block cut
right after it starts."""

from __future__ import annotations

import json
from typing import Any

import botocore.config
import botocore.exceptions
import httpx
import pytest
from botocore.eventstream import EventStreamBuffer

from adapters.protocol.sse import decode_stream
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_converse.support import (
    API_KEY,
    EXPECTED_USAGE,
    MODEL,
    SIGNATURE,
    TOOLS,
    USER,
    client,
)

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def stream_events(response: dict[str, Any]) -> list[tuple[str, Any]]:
    return [next(iter(event.items())) for event in response["stream"]]


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


def test_boto3_converse_stream_sends_each_citation_as_a_delta_before_the_text(
    sim: SimulatorServer,
) -> None:
    events = stream_events(client(sim, "cited").converse_stream(modelId=MODEL, messages=USER))
    deltas = [(b["contentBlockIndex"], b["delta"]) for n, b in events if n == "contentBlockDelta"]
    cited = [(index, delta["citation"]) for index, delta in deltas if "citation" in delta]
    assert [(index, next(iter(c["location"]))) for index, c in cited] == [
        (1, "documentChar"),
        (1, "documentPage"),
        (2, "documentChunk"),
        (2, "searchResultLocation"),
    ]
    assert cited[3][1]["source"] == "https://kb.example.com/vpn"
    first_text = next(i for i, (index, d) in enumerate(deltas) if index == 2 and "text" in d)
    first_citation = next(
        i for i, (index, d) in enumerate(deltas) if index == 2 and "citation" in d
    )
    assert first_citation < first_text


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


def test_a_block_opened_just_before_the_cut_gets_an_empty_opening_delta(
    sim: SimulatorServer,
) -> None:
    response = client(sim, "timed-out").converse_stream(modelId=MODEL, messages=USER)
    seen: list[dict[str, Any]] = []
    with pytest.raises(botocore.exceptions.EventStreamError):
        for event in response["stream"]:
            seen.append(event)
    assert seen[-1] == {"contentBlockDelta": {"contentBlockIndex": 0, "delta": {"text": ""}}}

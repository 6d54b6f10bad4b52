"""A reply's parts in OpenAI's shapes: the wire options some compatible servers' habits are
scripted with (empty tool calls, the matched stop field), and a bad option fails loudly."""

from __future__ import annotations

import json

import openai
import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.openai.support import MODEL, PROMPT, post, scenario, stream_raw

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def test_empty_tool_calls_option(sim: SimulatorServer, client: openai.OpenAI) -> None:
    whole = client.chat.completions.create(
        model=MODEL, messages=PROMPT, extra_headers=scenario("empty-tool-calls")
    )
    assert whole.choices[0].message.tool_calls == []
    deltas = [
        json.loads(line)["choices"][0]["delta"] for line in stream_raw(sim, "empty-tool-calls")[:-2]
    ]
    assert {"content": "", "tool_calls": []} in deltas


def test_stop_sequence_is_plain_stop_unless_the_server_names_the_match(
    client: openai.OpenAI,
) -> None:
    plain = client.chat.completions.create(
        model=MODEL, messages=PROMPT, extra_headers=scenario("stop-sequence")
    )
    assert plain.choices[0].finish_reason == "stop"
    assert "stop_reason" not in plain.choices[0].model_dump()
    vllm = client.chat.completions.create(
        model=MODEL, messages=PROMPT, extra_headers=scenario("vllm-stop")
    )
    assert vllm.choices[0].model_dump()["stop_reason"] == "</answer>"


def test_a_reply_with_an_unknown_wire_option_fails_loudly(sim: SimulatorServer) -> None:
    response = post(sim, {"model": MODEL, "messages": PROMPT}, "bad-option")
    assert response.status_code == 500
    assert "reply.openai.shuffle: unknown option" in response.json()["message"]

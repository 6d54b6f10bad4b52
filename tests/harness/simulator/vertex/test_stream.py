"""Simulated Vertex's streams: chunked over ``:streamRawPredict``, whole over ``:rawPredict``,
folding in the official SDKs (0.125, and 2.12 in a subprocess) to the same message."""

from __future__ import annotations

import json

import anthropic
import pytest
from anthropic.types import Message

from adapters.protocol.sse import decode_stream
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.vertex.support import (
    MESSAGES,
    MODEL,
    MODELS_PATH,
    PROMPT,
    body,
    expected_message,
    post,
    scenario,
)
from tests.support.scripted import ScriptedResolver
from tests.support.sdk_oracle import SDK2_PATH as SDK2
from tests.support.sdk_process import run_script

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_stream_over_stream_raw_predict_folds_to_the_same_message(
    client: anthropic.AnthropicVertex, recorder: ScriptedResolver, name: str
) -> None:
    with client.messages.stream(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    ) as stream:
        final = stream.get_final_message()
        assert stream.response.headers["transfer-encoding"] == "chunked"
    assert recorder.calls[-1][1].path == f"{MODELS_PATH}/{MODEL}:streamRawPredict"
    created = client.messages.create(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    )
    assert recorder.calls[-1][1].path == f"{MODELS_PATH}/{MODEL}:rawPredict"
    assert Message.model_validate(final.to_dict()) == created
    assert final.to_dict() == {**expected_message(name, final.id), "stop_details": None}


def test_a_mid_stream_error_raises_while_iterating(client: anthropic.AnthropicVertex) -> None:
    received: list[str] = []
    stream = client.messages.create(
        model=MODEL,
        max_tokens=64,
        messages=PROMPT,
        stream=True,
        extra_headers=scenario("midstream"),
    )
    with pytest.raises(anthropic.APIStatusError) as caught:
        for event in stream:
            received.append(event.type)
    assert received == ["message_start", "content_block_start"]  # then a ping, then the error
    assert caught.value.status_code == 200
    assert caught.value.body == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
    }


def test_raw_predict_with_stream_true_answers_the_stream_in_one_piece(sim: SimulatorServer) -> None:
    response = post(
        sim,
        f"{MODELS_PATH}/{MODEL}:rawPredict",
        body(stream=True),
        {"authorization": "Bearer canary-token", **scenario("text")},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert int(response.headers["content-length"]) == len(response.content)
    events = [e.json() for e in decode_stream([response.content])]
    assert [e["type"] for e in events][-1] == "message_stop"


def test_sdk_2_12_streams_with_body_version_2026_10_21(
    sim: SimulatorServer, recorder: ScriptedResolver
) -> None:
    assert SDK2.is_dir(), f"{SDK2} is missing: run make install"
    code = (
        "import json, sys, anthropic\n"
        "c = anthropic.AnthropicVertex(base_url=sys.argv[1] + '/v1', region='us-east5',\n"
        "    project_id='canary-project', access_token='canary-token', max_retries=0,\n"
        "    timeout=5.0, default_headers={'x-parity-scenario': 'thinking'})\n"
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
    result = run_script(code, path=(SDK2,), argv=(sim.base_url, MODEL), timeout=60)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["version"].startswith("2.")
    message = out["message"]
    assert message == {**expected_message("thinking", message["id"]), "stop_details": None}
    served = out["server_tools"]  # every server-tool block, parsed by the 2.12 types
    assert served == {**expected_message("server_tools", served["id"]), "stop_details": None}
    _, request = recorder.calls[-1]
    assert json.loads(request.body)["anthropic_version"] == "2026-10-21"
    assert request.path == f"{MODELS_PATH}/{MODEL}:streamRawPredict"

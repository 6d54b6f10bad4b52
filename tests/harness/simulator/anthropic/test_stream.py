"""The simulated Messages API's event streams fold, in the official SDKs (0.125, and 2.12 in a
subprocess with API version 2026-10-21), to the same message; a mid-stream error raises."""

from __future__ import annotations

import json

import anthropic
import pytest
from anthropic.types import Message

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.anthropic.support import (
    MESSAGES,
    MODEL,
    PROMPT,
    expected_message,
    scenario,
)
from tests.support.scripted import ScriptedResolver
from tests.support.sdk_oracle import SDK2_PATH as SDK2
from tests.support.sdk_process import run_script

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_stream_folds_to_the_same_message(client: anthropic.Anthropic, name: str) -> None:
    with client.messages.stream(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    ) as stream:
        final = stream.get_final_message()
        assert stream.response.headers["content-type"].startswith("text/event-stream")
    created = client.messages.create(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    )
    assert Message.model_validate(final.to_dict()) == created
    assert final.to_dict() == {**expected_message(name, final.id), "stop_details": None}


def test_a_mid_stream_error_raises_while_iterating(client: anthropic.Anthropic) -> None:
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
    # five events went out (the ping among them is not yielded), then the error event
    assert received == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
    ]
    assert caught.value.status_code == 200
    assert caught.value.body == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
    }


def test_sdk_2_12_streams_with_bearer_auth_and_api_version_2026_10_21(
    sim: SimulatorServer, recorder: ScriptedResolver
) -> None:
    assert SDK2.is_dir(), f"{SDK2} is missing: run make install"
    code = (
        "import json, sys, anthropic\n"
        "c = anthropic.Anthropic(base_url=sys.argv[1], api_key='canary-key', max_retries=0,\n"
        "                        timeout=5.0, default_headers={'x-parity-scenario': 'tool_use'})\n"
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
    assert message == {**expected_message("tool_use", message["id"]), "stop_details": None}
    served = out["server_tools"]  # every server-tool block, parsed by the 2.12 types
    assert served == {**expected_message("server_tools", served["id"]), "stop_details": None}
    _, request = recorder.calls[-1]
    assert request.headers["authorization"] == "Bearer canary-key"
    assert request.headers["anthropic-version"] == "2026-10-21"
    assert "x-api-key" not in request.headers

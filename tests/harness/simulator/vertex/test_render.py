"""Simulated Vertex renders the model's own body, with the URL's model echoed, as
`anthropic.AnthropicVertex` parses it; count-tokens goes to the count-tokens model."""

from __future__ import annotations

import anthropic
import pytest

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

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_parses_every_message_reply_with_the_url_model_echoed(
    client: anthropic.AnthropicVertex, name: str
) -> None:
    message = client.messages.create(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    )
    assert message.id.startswith("msg_vrtx_01")
    assert message.to_dict() == expected_message(name, message.id)


def test_sdk_count_tokens_goes_to_the_count_tokens_model(
    client: anthropic.AnthropicVertex, recorder: ScriptedResolver
) -> None:
    counted = client.messages.count_tokens(
        model=MODEL, messages=PROMPT, extra_headers=scenario("count")
    )
    assert counted.input_tokens == 321
    assert recorder.calls[-1][1].path == f"{MODELS_PATH}/count-tokens:rawPredict"


def test_stream_raw_predict_without_stream_answers_json(sim: SimulatorServer) -> None:
    response = post(
        sim,
        f"{MODELS_PATH}/{MODEL}:streamRawPredict",
        body(),
        {"authorization": "Bearer canary-token", **scenario("text")},
    )
    assert response.status_code == 200
    assert response.json()["type"] == "message"

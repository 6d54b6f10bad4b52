"""`parity serve` matching: an SDK sending a scenario's request gets that scenario's reply;
anything else gets the backend's error shape naming the closest scenario."""

from __future__ import annotations

from collections.abc import Iterator

import anthropic
import pytest

from harness.resolver import ScenarioResolver
from harness.session import Project
from harness.simulator.server import SimulatorServer


@pytest.fixture
def served(project: Project) -> Iterator[str]:
    resolver = ScenarioResolver(project.valid_scenarios(), project.config())
    with SimulatorServer(resolver) as server:
        yield server.base_url


def test_the_native_sdk_gets_the_matching_scenarios_reply(served: str) -> None:
    client = anthropic.Anthropic(base_url=served, api_key="canary-key", max_retries=0)
    message = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=64,
        messages=[{"role": "user", "content": "Say hello"}],
    )
    assert message.content[0].type == "text"
    assert message.content[0].text == "Hello! How can I help you today?"


def test_the_vertex_sdk_streams_the_matching_scenario(served: str) -> None:
    client = anthropic.AnthropicVertex(
        base_url=f"{served}/v1",
        region="us-east5",
        project_id="parity-simulated",
        access_token="canary-token",
        max_retries=0,
    )
    with client.messages.stream(
        model="claude-sonnet-4-6",
        max_tokens=256,
        tools=[
            {
                "name": "get_weather",
                "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
            }
        ],
        messages=[{"role": "user", "content": "Weather in Paris?"}],
    ) as stream:
        final = stream.get_final_message()
    assert final.stop_reason == "tool_use"
    assert final.content[1].type == "tool_use"
    assert final.content[1].input == {"city": "Paris", "unit": "celsius"}


def test_an_unmatched_request_names_the_closest_scenario_and_the_difference(served: str) -> None:
    client = anthropic.Anthropic(base_url=served, api_key="canary-key", max_retries=0)
    with pytest.raises(anthropic.BadRequestError) as info:
        client.messages.create(
            model="claude-sonnet-4-6",
            max_tokens=65,
            messages=[{"role": "user", "content": "Say hello"}],
        )
    message = info.value.body["error"]["message"]  # type: ignore[index]
    assert "closest is 'basic/hello'" in message
    assert "max_tokens" in message

"""A simulator and an `anthropic.AnthropicVertex` client for the Vertex tests, one per test
module."""

from __future__ import annotations

from collections.abc import Iterator

import anthropic
import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.vertex.support import REPLIES
from tests.support.scripted import ScriptedResolver


@pytest.fixture(scope="module")
def recorder() -> ScriptedResolver:
    return ScriptedResolver(REPLIES)


@pytest.fixture(scope="module")
def sim(recorder: ScriptedResolver) -> Iterator[SimulatorServer]:
    with SimulatorServer(recorder, request_timeout=5.0) as server:
        yield server


@pytest.fixture(scope="module")
def client(sim: SimulatorServer) -> Iterator[anthropic.AnthropicVertex]:
    with anthropic.AnthropicVertex(
        base_url=f"{sim.base_url}/v1",
        region="us-east5",
        project_id="canary-project",
        access_token="canary-token",
        max_retries=0,
        timeout=5.0,
    ) as sdk:
        yield sdk

"""A simulator and an official SDK client for the Messages API tests, one per test module."""

from __future__ import annotations

from collections.abc import Iterator

import anthropic
import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.anthropic.support import REPLIES
from tests.support.scripted import ScriptedResolver


@pytest.fixture(scope="module")
def recorder() -> ScriptedResolver:
    return ScriptedResolver(REPLIES)


@pytest.fixture(scope="module")
def sim(recorder: ScriptedResolver) -> Iterator[SimulatorServer]:
    with SimulatorServer(recorder, request_timeout=5.0) as server:
        yield server


@pytest.fixture(scope="module")
def client(sim: SimulatorServer) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(
        base_url=sim.base_url, api_key="canary-key", max_retries=0, timeout=5.0
    ) as sdk:
        yield sdk

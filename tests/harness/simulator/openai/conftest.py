"""A simulator and an official ``openai`` client for the chat-completions tests, one per test
module."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from harness.simulator.openai import OpenAIBackend
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.openai.support import KEY, answer


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(answer, backends=[OpenAIBackend()], request_timeout=5.0) as server:
        yield server


@pytest.fixture(scope="module")
def client(sim: SimulatorServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(
        api_key=KEY, base_url=f"{sim.base_url}/v1", max_retries=0, timeout=5.0
    ) as sdk:
        yield sdk

"""A simulator serving the Responses backend and an official ``openai`` client aimed at it,
one per test module; the scenario answering a request is the one its
``x-parity-scenario`` header names (`SCENARIOS`)."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from harness.simulator.openai_responses import OpenAIResponsesBackend
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.openai_responses.support import KEY, answer


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(
        answer, backends=[OpenAIResponsesBackend()], request_timeout=5.0
    ) as server:
        yield server


@pytest.fixture(scope="module")
def client(sim: SimulatorServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(
        api_key=KEY, base_url=f"{sim.base_url}/v1", max_retries=0, timeout=5.0
    ) as sdk:
        yield sdk

"""A verifying simulator for the InvokeModel tests, one per test module, and an
`anthropic.AnthropicBedrock` client."""

from __future__ import annotations

from collections.abc import Iterator

import anthropic
import pytest

from harness.simulator import Backend
from harness.simulator.anthropic import AnthropicBackend
from harness.simulator.bedrock import AwsKey
from harness.simulator.bedrock_invoke import BedrockInvokeBackend
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_invoke.support import (
    ACCESS_KEY,
    API_KEY,
    REPLIES,
    SECRET,
    TOKEN,
)
from tests.support.scripted import ScriptedResolver


@pytest.fixture(scope="module")
def recorder() -> ScriptedResolver:
    return ScriptedResolver(REPLIES)


@pytest.fixture(scope="module")
def sim(recorder: ScriptedResolver) -> Iterator[SimulatorServer]:
    backend = BedrockInvokeBackend(
        credentials={ACCESS_KEY: AwsKey(SECRET, TOKEN)}, api_keys={API_KEY}
    )
    # the native API alongside, to compare streams with
    backends: list[Backend] = [backend, AnthropicBackend()]
    with SimulatorServer(recorder, backends=backends, request_timeout=5.0) as server:
        yield server


@pytest.fixture
def sdk(sim: SimulatorServer) -> Iterator[anthropic.AnthropicBedrock]:
    with anthropic.AnthropicBedrock(
        aws_access_key=ACCESS_KEY,
        aws_secret_key=SECRET,
        aws_session_token=TOKEN,
        aws_region="us-east-1",
        base_url=sim.base_url,
        max_retries=0,
        timeout=5.0,
    ) as client:
        yield client

"""A verifying simulator for the Converse tests, one per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.simulator import Backend
from harness.simulator.anthropic import AnthropicBackend
from harness.simulator.bedrock import AwsKey
from harness.simulator.bedrock_converse import BedrockConverseBackend
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_converse.support import ACCESS_KEY, API_KEY, REPLIES, SECRET
from tests.support.scripted import ScriptedResolver


@pytest.fixture(scope="module")
def recorder() -> ScriptedResolver:
    return ScriptedResolver(REPLIES)


@pytest.fixture(scope="module")
def sim(recorder: ScriptedResolver) -> Iterator[SimulatorServer]:
    backend = BedrockConverseBackend(credentials={ACCESS_KEY: AwsKey(SECRET)}, api_keys={API_KEY})
    # the native API alongside, to compare streams with
    backends: list[Backend] = [backend, AnthropicBackend()]
    with SimulatorServer(recorder, backends=backends, request_timeout=5.0) as server:
        yield server

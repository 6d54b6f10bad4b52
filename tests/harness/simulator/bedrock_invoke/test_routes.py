"""A literal ``/`` in the model id names no InvokeModel operation."""

from __future__ import annotations

import httpx
import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_invoke.support import API_KEY, ARN, invoke_body

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def test_a_literal_slash_in_the_model_id_is_an_unknown_operation(sim: SimulatorServer) -> None:
    response = httpx.post(
        f"{sim.base_url}/model/{ARN}/invoke",
        content=invoke_body(),
        headers={"authorization": f"Bearer {API_KEY}"},
        timeout=5.0,
    )
    assert response.status_code == 404
    assert (
        response.json()["Output"]["__type"] == "com.amazon.coral.service#UnknownOperationException"
    )

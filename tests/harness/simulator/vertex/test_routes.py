"""Simulated Vertex's routes: a percent-encoded model id is decoded."""

from __future__ import annotations

import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.vertex.support import MODEL, MODELS_PATH, body, post, scenario

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def test_a_percent_encoded_model_id_is_decoded(sim: SimulatorServer) -> None:
    response = post(
        sim,
        f"{MODELS_PATH}/claude-haiku-4-5%4020251001:rawPredict",
        body(),
        {"authorization": "Bearer canary-token", **scenario("text")},
    )
    assert response.status_code == 200
    assert response.json()["model"] == MODEL

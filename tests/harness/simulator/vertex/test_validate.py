"""Requests Vertex's front end refuses are refused in Google's envelope."""

from __future__ import annotations

from typing import Any

import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.vertex.support import MODEL, MODELS_PATH, PROMPT, body, post
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.mark.parametrize(
    ("path", "sent", "headers", "status", "message"),
    [
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            body(),
            {},
            401,
            "Request is missing required authentication credential.",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            body(),
            {"x-api-key": "canary-key"},
            401,
            "Request is missing required authentication credential.",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            body(model=MODEL),
            None,
            400,
            "Request contains an invalid argument: 'model' must not be set in the request body",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            {"max_tokens": 64, "messages": PROMPT},
            None,
            400,
            "anthropic_version is missing; expected 'vertex-2023-10-16' or '2026-10-21'.",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            body(anthropic_version="2023-06-01"),
            None,
            400,
            "anthropic_version '2023-06-01' is not supported",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            b"not json",
            None,
            400,
            "Invalid JSON payload received: the request body is not valid JSON",
        ),
        (
            f"{MODELS_PATH}/count-tokens:rawPredict",
            body(),
            None,
            400,
            "Request contains an invalid argument: a count-tokens body must name 'model'.",
        ),
        (
            f"{MODELS_PATH}/count-tokens:streamRawPredict",
            body(model=MODEL),
            None,
            404,
            "Publisher Model `projects/canary-project/locations/us-east5/publishers/anthropic"
            "/models/count-tokens` not found.",
        ),
        (
            "/v1/projects/canary-project/locations/us-east5/publishers/google/models"
            f"/{MODEL}:rawPredict",
            body(),
            None,
            404,
            "Publisher Model `projects/canary-project/locations/us-east5/publishers/google"
            f"/models/{MODEL}` not found.",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:predict",
            body(),
            None,
            404,
            "Publisher Model",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            {"anthropic_version": "vertex-2023-10-16", "messages": PROMPT},
            None,
            400,
            "Request contains an invalid argument: max_tokens: Field required",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            body(stop_sequences="END"),
            None,
            400,
            "Request contains an invalid argument: stop_sequences: Input should be a valid list",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            body(tools=[{"type": "web_search_20250305"}, {"type": "web_fetch_20250910"}]),
            None,
            400,
            "Request contains an invalid argument: tools.1.type: the server tool "
            "'web_fetch_20250910' is not supported on Vertex AI.",
        ),
    ],
)
def test_requests_vertex_refuses_are_rejected_in_googles_envelope(
    sim: SimulatorServer,
    recorder: ScriptedResolver,
    path: str,
    sent: Any,
    headers: dict[str, str] | None,
    status: int,
    message: str,
) -> None:
    calls = len(recorder.calls)
    response = post(sim, path, sent, headers)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == status
    assert (
        error["status"]
        == {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 404: "NOT_FOUND"}[status]
    )
    assert error["message"].startswith(message)
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert len(recorder.calls) == calls  # refused before any scenario is consulted

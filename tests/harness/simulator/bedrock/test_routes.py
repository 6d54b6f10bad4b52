"""Bedrock's shared route: every model id encoding, and a literal ``/`` that names no
operation; only ``POST`` to a known operation is routed."""

from __future__ import annotations

import pytest

from adapters.base import Endpoint
from harness.simulator import SimRequest
from harness.simulator.bedrock.routes import route_of
from tests.harness.simulator.bedrock.support import PATH, request

OPERATIONS: dict[str, Endpoint] = {"invoke": "messages", "invoke-with-response-stream": "messages"}


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/model/us.anthropic.claude-x-v1:0/invoke", "us.anthropic.claude-x-v1:0"),
        ("/model/us.anthropic.claude-x-v1%3A0/invoke", "us.anthropic.claude-x-v1:0"),
        (
            "/model/arn:aws:bedrock:us-east-1:123456789012:inference-profile%2Fus.anthropic.claude-x-v1:0/invoke-with-response-stream",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-x-v1:0",
        ),
    ],
)
def test_a_route_unquotes_the_model_id(path: str, model: str) -> None:
    found = route_of(request(path), OPERATIONS)
    assert found is not None
    assert found.params["model"] == model
    assert "unknown_operation" not in found.params


def test_a_literal_slash_in_the_model_id_names_no_operation() -> None:
    path = "/model/arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.x/invoke"
    found = route_of(request(path), OPERATIONS)
    assert found is not None and found.params["unknown_operation"] == "true"


@pytest.mark.parametrize(
    "path", ["/model/x/converse", "/v1/messages", "/model//invoke", "/model/x/invoke/extra"]
)
def test_other_paths_are_not_routed(path: str) -> None:
    assert route_of(request(path), OPERATIONS) is None


def test_only_post_is_routed() -> None:
    assert route_of(SimRequest("GET", PATH, "", {}, b""), OPERATIONS) is None

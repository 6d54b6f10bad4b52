"""The gateway's HTTP side: its routes, its bounds, loopback only, and a backend that cannot
be reached."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from harness.gateway import GatewayConfig, NullGateway, build_config
from harness.targets import TargetsConfig
from tests.harness.gateway.support import HELLO

HEADERS = {"x-api-key": "k", "anthropic-version": "2023-06-01"}


def test_an_unknown_route_is_a_404_not_found_error(gateway: str) -> None:
    response = httpx.post(f"{gateway}/v1/complete", json={}, headers=HEADERS)
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found_error"


def test_the_gateway_listens_on_loopback_at_a_free_port(gateway_config: GatewayConfig) -> None:
    with NullGateway(gateway_config).running() as url:
        assert url.startswith("http://127.0.0.1:")
        assert not url.endswith(":0")


def test_a_chunked_request_body_is_read(gateway: str) -> None:
    body = json.dumps({"model": "vertex/sonnet", **HELLO}).encode()
    response = httpx.post(f"{gateway}/v1/messages", content=iter([body]), headers=HEADERS)
    assert response.status_code == 200
    assert response.json()["content"][0]["text"] == "Hello! How can I help you today?"


def test_beyond_its_concurrency_the_gateway_is_overloaded(gateway_config: GatewayConfig) -> None:
    config = build_config(
        gateway_config.targets, simulator=gateway_config.simulator, max_concurrency=1
    )
    gateway = NullGateway(config)
    with gateway.running() as url:
        assert gateway.admit()  # the one slot, taken as a request in flight would
        try:
            response = httpx.post(f"{url}/v1/messages", json={}, headers=HEADERS)
        finally:
            gateway.release()
        assert response.status_code == 529
        assert response.json()["error"]["type"] == "overloaded_error"
        again = httpx.post(
            f"{url}/v1/messages", json={"model": "vertex/sonnet", **HELLO}, headers=HEADERS
        )
        assert again.status_code == 200


@pytest.mark.parametrize("stream", [False, True])
def test_a_backend_that_cannot_be_reached_is_a_500_api_error(
    targets_config: TargetsConfig, stream: bool
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    config = build_config(targets_config, backends={"anthropic": f"http://127.0.0.1:{port}"})
    body = {"model": "anthropic/sonnet", **HELLO, **({"stream": True} if stream else {})}
    with NullGateway(config).running() as url:
        response = httpx.post(f"{url}/v1/messages", json=body, headers=HEADERS)
    assert response.status_code == 500
    assert response.json()["error"]["type"] == "api_error"
    assert "could not be reached" in response.json()["error"]["message"]

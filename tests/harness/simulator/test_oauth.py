"""The loopback OAuth token endpoint: google-auth refreshes a generated service account
against it, and the official AnthropicVertex client with those credentials reaches a Vertex
backend that accepts exactly the tokens the endpoint issued."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import anthropic
import google.auth.transport.requests
import httpx
import pytest
from google.oauth2 import service_account

from harness.simulator.oauth import OAuthServer
from harness.simulator.server import SimulatorServer
from harness.simulator.vertex import VertexBackend
from tests.harness.simulator.vertex.support import MODEL, PROMPT, REPLIES
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

SCOPES = ["https://www.googleapis.com/auth/cloud-platform"]


@pytest.fixture
def oauth() -> Iterator[OAuthServer]:
    with OAuthServer() as server:
        yield server


@pytest.fixture
def credentials(oauth: OAuthServer, tmp_path: Path) -> service_account.Credentials:
    path = oauth.write_service_account(tmp_path)
    return service_account.Credentials.from_service_account_file(str(path), scopes=SCOPES)


def test_google_auth_refreshes_against_the_loopback_endpoint(
    oauth: OAuthServer, credentials: service_account.Credentials, tmp_path: Path
) -> None:
    account = json.loads((tmp_path / "parity-service-account.json").read_text())
    assert account["token_uri"] == oauth.token_uri
    assert account["token_uri"].startswith("http://127.0.0.1:")
    credentials.refresh(google.auth.transport.requests.Request())  # type: ignore[no-untyped-call]
    assert credentials.token is not None and oauth.issued(credentials.token)
    assert not oauth.issued("ya29.made-up")


def test_the_endpoint_refuses_what_google_would(oauth: OAuthServer) -> None:
    wrong_grant = httpx.post(oauth.token_uri, data={"grant_type": "password"})
    assert wrong_grant.status_code == 400
    assert wrong_grant.json()["error"] == "unsupported_grant_type"
    forged = httpx.post(
        oauth.token_uri,
        data={"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": "a.b.c"},
    )
    assert forged.status_code == 400 and forged.json()["error"] == "invalid_grant"


def test_anthropic_vertex_with_those_credentials_reaches_the_simulator(
    oauth: OAuthServer, credentials: service_account.Credentials
) -> None:
    backend = VertexBackend(access_tokens=oauth.issued)
    resolver = ScriptedResolver(REPLIES)
    with SimulatorServer(resolver, backends=[backend], request_timeout=5.0) as sim:
        client = anthropic.AnthropicVertex(
            base_url=f"{sim.base_url}/v1",
            region="us-east5",
            project_id="canary-project",
            credentials=credentials,
            max_retries=0,
        )
        message = client.messages.create(
            model=MODEL,
            max_tokens=64,
            messages=PROMPT,
            extra_headers={"x-parity-scenario": "text"},
        )
        assert message.content[0].type == "text"
        assert credentials.token is not None and oauth.issued(credentials.token)
        stranger = anthropic.AnthropicVertex(
            base_url=f"{sim.base_url}/v1",
            region="us-east5",
            project_id="canary-project",
            access_token="ya29.not-issued-here",
            max_retries=0,
        )
        with pytest.raises(anthropic.AuthenticationError):
            stranger.messages.create(model=MODEL, max_tokens=64, messages=PROMPT)

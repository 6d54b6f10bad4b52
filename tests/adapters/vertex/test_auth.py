"""Live Vertex calls carry a google-auth access token, refreshed through google-auth only when
the credentials are not valid; replays keep the placeholder; no credentials is one clear line.

No refresh here touches the network: the credentials refresh locally."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import google.auth.exceptions
import google.auth.transport.requests
import google.oauth2.credentials
import httpx
import pytest

from adapters.base import Call, MissingCredentialsError, TargetSettings
from adapters.vertex.adapter import ADAPTER
from adapters.vertex.auth import GoogleAuth

SETTINGS = TargetSettings(name="vertex", region="us-east5", project="canary-project")
CALL = Call("messages", {"model": "claude-haiku-4-5@20251001", "max_tokens": 8, "messages": []})


class LocallyRefreshed(google.oauth2.credentials.Credentials):
    """Credentials whose refresh mints a numbered canary token instead of calling Google."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self.refresh_requests: list[object] = []

    def refresh(self, request: object) -> None:
        self.refresh_requests.append(request)
        self.token = f"canary-refreshed-{len(self.refresh_requests)}"
        self.expiry = None


class RevokedGrant(google.oauth2.credentials.Credentials):
    """Credentials whose refresh fails the way a revoked refresh token does."""

    def refresh(self, request: object) -> None:
        revoked = "invalid_grant: Token has been expired or revoked."
        raise google.auth.exceptions.RefreshError(revoked)  # type: ignore[no-untyped-call]


def _send(auth: httpx.Auth | None, times: int = 1) -> list[httpx.Request]:
    """Send the encoded Vertex request ``times`` times with ``auth``; return what went out."""
    wire = ADAPTER.encode_request(CALL, SETTINGS)
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    with httpx.Client(transport=httpx.MockTransport(answer), auth=auth) as client:
        for _ in range(times):
            client.post(wire.url, headers=wire.headers, content=wire.body)
    return sent


def test_credentials_without_a_token_are_refreshed_once_and_the_token_sent() -> None:
    credentials = LocallyRefreshed(token=None)
    sent = _send(GoogleAuth(credentials), times=2)

    assert len(credentials.refresh_requests) == 1
    assert isinstance(credentials.refresh_requests[0], google.auth.transport.requests.Request)
    assert [r.headers["authorization"] for r in sent] == ["Bearer canary-refreshed-1"] * 2


def test_expired_credentials_are_refreshed() -> None:
    credentials = LocallyRefreshed(token="canary-old", expiry=datetime.datetime(2000, 1, 1))
    sent = _send(GoogleAuth(credentials))
    assert len(credentials.refresh_requests) == 1
    assert sent[0].headers["authorization"] == "Bearer canary-refreshed-1"


def test_valid_static_credentials_are_sent_without_a_refresh() -> None:
    credentials = LocallyRefreshed(token="canary-token")
    sent = _send(GoogleAuth(credentials))
    assert credentials.refresh_requests == []
    assert sent[0].headers["authorization"] == "Bearer canary-token"


def test_a_stock_google_credentials_object_works_as_is() -> None:
    stock = google.oauth2.credentials.Credentials(token="canary-token")  # type: ignore[no-untyped-call]
    sent = _send(GoogleAuth(stock))
    assert sent[0].headers["authorization"] == "Bearer canary-token"


def test_replay_builds_no_auth_and_keeps_the_placeholder() -> None:
    assert ADAPTER.build_auth(SETTINGS, live=False) is None
    assert _send(None)[0].headers["authorization"] == "Bearer <GOOGLE_ACCESS_TOKEN>"


def test_live_auth_loads_application_default_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    adc = tmp_path / "adc.json"
    adc.write_text(
        json.dumps(
            {
                "type": "authorized_user",
                "client_id": "canary-client.apps.googleusercontent.com",
                "client_secret": "canary-secret",
                "refresh_token": "canary-refresh-token",
            }
        )
    )
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(adc))

    auth = ADAPTER.build_auth(SETTINGS, live=True)

    assert isinstance(auth, GoogleAuth)
    assert isinstance(auth.credentials, google.oauth2.credentials.Credentials)
    assert auth.credentials.refresh_token == "canary-refresh-token"
    assert auth.credentials.token is None  # loading does not refresh


def test_missing_google_credentials_are_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "absent.json"))
    with pytest.raises(MissingCredentialsError) as caught:
        ADAPTER.build_auth(SETTINGS, live=True)
    message = str(caught.value)
    assert "\n" not in message
    assert "absent.json" in message
    assert "GOOGLE_APPLICATION_CREDENTIALS" in message


def test_a_failed_refresh_is_one_clear_line() -> None:
    credentials = RevokedGrant(token=None)  # type: ignore[no-untyped-call]
    with pytest.raises(MissingCredentialsError) as caught:
        _send(GoogleAuth(credentials))
    message = str(caught.value)
    assert "\n" not in message
    assert "could not refresh the Google credentials" in message
    assert "Token has been expired or revoked" in message

"""Live native calls carry the key from ANTHROPIC_API_KEY in the header the API version uses;
replays keep the placeholder; a missing key is one clear line naming the variable."""

from __future__ import annotations

import httpx
import pytest

from adapters.anthropic.adapter import ADAPTER
from adapters.anthropic.auth import ApiKeyAuth
from adapters.base import Call, MissingCredentialsError, TargetSettings

SETTINGS = TargetSettings(name="anthropic")
BODY = {"model": "claude-sonnet-4-5", "max_tokens": 8, "messages": []}


def _send(auth: httpx.Auth | None, api_version: str) -> httpx.Request:
    """Send the encoded request through httpx with ``auth``; return what went out."""
    wire = ADAPTER.encode_request(Call("messages", BODY, api_version=api_version), SETTINGS)
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    with httpx.Client(transport=httpx.MockTransport(answer), auth=auth) as client:
        client.post(wire.url, headers=wire.headers, content=wire.body)
    return sent[0]


def test_replay_builds_no_auth() -> None:
    assert ADAPTER.build_auth(SETTINGS, live=False) is None


def test_live_key_replaces_the_x_api_key_placeholder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-canary-0001")
    sent = _send(ADAPTER.build_auth(SETTINGS, live=True), "2023-06-01")
    assert sent.headers["x-api-key"] == "sk-ant-canary-0001"
    assert "authorization" not in sent.headers


def test_live_key_replaces_the_bearer_placeholder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-canary-0002")
    sent = _send(ADAPTER.build_auth(SETTINGS, live=True), "2026-10-21")
    assert sent.headers["authorization"] == "Bearer sk-ant-canary-0002"
    assert "x-api-key" not in sent.headers


def test_without_auth_the_placeholder_goes_out_unchanged() -> None:
    assert _send(None, "2023-06-01").headers["x-api-key"] == "<ANTHROPIC_API_KEY>"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_key_is_a_one_line_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    else:
        monkeypatch.setenv("ANTHROPIC_API_KEY", value)
    with pytest.raises(MissingCredentialsError) as caught:
        ADAPTER.build_auth(SETTINGS, live=True)
    message = str(caught.value)
    assert "ANTHROPIC_API_KEY" in message
    assert "\n" not in message


def test_the_key_never_shows_in_the_auth_repr() -> None:
    assert "canary" not in repr(ApiKeyAuth("sk-ant-canary-0003"))

"""Live Bedrock calls carry a Bedrock API key as a Bearer token, or a SigV4 signature that
botocore (on the simulator's side) verifies; replays keep the placeholder; missing
credentials are one clear line. Nothing here leaves the process."""

from __future__ import annotations

from pathlib import Path

import botocore.credentials
import httpx
import pytest

from adapters.base import Call, MissingCredentialsError, TargetSettings
from adapters.bedrock.auth import BearerAuth, SigV4Auth, build_auth
from adapters.bedrock.invoke.adapter import ADAPTER
from harness.simulator import SimRequest
from harness.simulator.bedrock import AwsKey, check_auth

SETTINGS = TargetSettings(name="bedrock-invoke", region="eu-west-3")
CALL = Call(
    "messages",
    {"model": "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "max_tokens": 8, "messages": []},
    betas=("context-1m-2025-08-07",),
)
KEYS = {"AKIACANARY": AwsKey("canary-secret", "canary-session")}


def _send(auth: httpx.Auth | None) -> httpx.Request:
    """Send the encoded request through ``auth``; return exactly what went out."""
    wire = ADAPTER.encode_request(CALL, SETTINGS)
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    with httpx.Client(transport=httpx.MockTransport(answer), auth=auth) as client:
        client.post(wire.url, headers=wire.headers, content=wire.body)
    return sent[0]


def _as_received(request: httpx.Request) -> SimRequest:
    return SimRequest(
        request.method,
        request.url.raw_path.decode().partition("?")[0],
        request.url.query.decode(),
        {k.lower(): v for k, v in request.headers.items()},
        request.content,
    )


def _clear_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_BEARER_TOKEN_BEDROCK",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "absent-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "absent-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def test_replay_builds_no_auth_and_keeps_the_placeholder() -> None:
    assert build_auth(SETTINGS, live=False) is None
    sent = _send(None)
    assert sent.headers["authorization"].startswith(
        "AWS4-HMAC-SHA256 Credential=<AWS_ACCESS_KEY_ID>/<yyyymmdd>/eu-west-3/bedrock/"
    )


def test_a_bedrock_api_key_in_the_environment_goes_out_as_bearer() -> None:
    auth = build_auth(SETTINGS, live=True, environ={"AWS_BEARER_TOKEN_BEDROCK": "canary-api-key"})
    assert isinstance(auth, BearerAuth)
    assert "canary-api-key" not in repr(auth)
    sent = _send(auth)
    assert sent.headers["authorization"] == "Bearer canary-api-key"
    assert "x-amz-date" not in sent.headers


def test_chain_credentials_sign_a_request_botocore_verifies(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _clear_aws(monkeypatch, tmp_path)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIACANARY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "canary-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "canary-session")

    auth = ADAPTER.build_auth(SETTINGS, live=True)

    assert isinstance(auth, SigV4Auth)
    sent = _send(auth)
    authorization = sent.headers["authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIACANARY/")
    assert "/eu-west-3/bedrock/aws4_request" in authorization
    assert "anthropic-beta" in authorization  # every header sent is signed...
    assert "user-agent" not in authorization  # ...except those proxies and clients rewrite
    assert sent.headers["x-amz-security-token"] == "canary-session"
    assert check_auth(_as_received(sent), KEYS, None) is None


def test_a_signature_does_not_survive_a_changed_body() -> None:
    credentials = botocore.credentials.Credentials("AKIACANARY", "canary-secret", "canary-session")
    received = _as_received(_send(SigV4Auth(credentials, "eu-west-3")))
    tampered = SimRequest(
        received.method, received.path, received.query, received.headers, received.body + b" "
    )
    refused = check_auth(tampered, KEYS, None)
    assert refused is not None and refused.name == "InvalidSignatureException"


def test_a_wrong_secret_does_not_verify() -> None:
    credentials = botocore.credentials.Credentials("AKIACANARY", "canary-wrong", "canary-session")
    refused = check_auth(_as_received(_send(SigV4Auth(credentials, "eu-west-3"))), KEYS, None)
    assert refused is not None and refused.name == "InvalidSignatureException"


def test_missing_aws_credentials_are_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _clear_aws(monkeypatch, tmp_path)
    with pytest.raises(MissingCredentialsError) as caught:
        ADAPTER.build_auth(SETTINGS, live=True)
    message = str(caught.value)
    assert "\n" not in message
    assert "AWS_ACCESS_KEY_ID" in message
    assert "AWS_BEARER_TOKEN_BEDROCK" in message


def test_a_broken_profile_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _clear_aws(monkeypatch, tmp_path)
    monkeypatch.setenv("AWS_PROFILE", "canary-missing-profile")
    with pytest.raises(MissingCredentialsError) as caught:
        ADAPTER.build_auth(SETTINGS, live=True)
    assert "\n" not in str(caught.value)
    assert "canary-missing-profile" in str(caught.value)

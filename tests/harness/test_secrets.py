"""Secret hygiene: credential headers are recognised by name, and the scan finds every
credential shape and every known value while leaving placeholders alone.

The fake credentials are assembled at run time, so this file holds no secret-looking text.
"""

from __future__ import annotations

import hashlib

import pytest

from harness.secrets import REDACTED, is_secret_header, scan

AWS_KEY_ID = "AKIA" + "CANARY" * 2 + "FAKE"
AWS_SESSION_KEY_ID = "ASIA" + "FAKE" * 4
GOOGLE_TOKEN = "ya29" + "." + "a0AfB_canary_fake_token_" + "x" * 40
GOOGLE_API_KEY = "AIza" + "Sy" + "canary_fake_" + "0" * 21
ANTHROPIC_KEY = "sk-" + "ant-" + "api03-" + "canary-fake-" + "A" * 80
OPENAI_KEY = "sk-" + "proj-" + "canaryfake" * 5
OPENAI_LEGACY_KEY = "sk-" + "canaryfake" * 4
PRIVATE_KEY = "-----BEGIN " + "PRIVATE KEY-----\nMIIEvQIBADANcanary\n-----END PRIVATE KEY-----"
RSA_KEY = "-----BEGIN " + "RSA PRIVATE KEY-----"
SIGV4 = "Signature=" + hashlib.sha256(b"canary").hexdigest()
BEARER = "Bearer " + "canary.fake-token_0123456789"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("AWS access key id", AWS_KEY_ID),
        ("AWS access key id", AWS_SESSION_KEY_ID),
        ("Google OAuth access token", GOOGLE_TOKEN),
        ("Google API key", GOOGLE_API_KEY),
        ("Anthropic API key", ANTHROPIC_KEY),
        ("OpenAI API key", OPENAI_KEY),
        ("OpenAI API key", OPENAI_LEGACY_KEY),
        ("private key", PRIVATE_KEY),
        ("private key", RSA_KEY),
        ("SigV4 signature", SIGV4),
        ("bearer token", BEARER),
    ],
)
def test_each_credential_shape_is_found_inside_surrounding_text(name: str, value: str) -> None:
    text = f'interactions:\n- request:\n    body: \'{{"note": "{value}"}}\'\n'
    assert name in scan(text)


def test_a_google_token_in_an_authorization_header_is_found_twice_over() -> None:
    found = scan(f"authorization: Bearer {GOOGLE_TOKEN}")
    assert set(found) == {"Google OAuth access token", "bearer token"}


@pytest.mark.parametrize(
    "text",
    [
        "authorization: Bearer <GOOGLE_ACCESS_TOKEN>",
        "x-api-key: <ANTHROPIC_API_KEY>",
        f"authorization: {REDACTED}",
        "Bearer short",
        "anthropic-version: 2023-06-01",
        "model: claude-sonnet-4-6, id: msg_01XFDUDYJgAACzvnptvVoYEL, tool: toolu_01A09q90qw90",
        "task-ant-canary and sk-short",
        "AKIA" + "canary" * 3,  # lower case is not a key id
        "Signature=<signature>",
        "-----BEGIN PUBLIC KEY-----",
    ],
)
def test_placeholders_and_ordinary_text_are_not_flagged(text: str) -> None:
    assert scan(text) == []


def test_a_known_credential_value_is_found_whatever_its_shape() -> None:
    secret = "canary-" + "opaque-value-42"
    assert scan(f"body: echo {secret}", known_values=[secret]) == ["a credential value in use"]


def test_known_values_that_are_empty_short_or_absent_are_ignored() -> None:
    assert scan("token: canary", known_values=["", "canary", "fake-absent-value"]) == []


def test_each_present_known_value_is_counted() -> None:
    one, two = "canary-value-one", "fake-value-two"
    assert scan(f"{one} {two}", known_values=[one, two]) == ["a credential value in use"] * 2


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "x-api-key",
        "X-Goog-Api-Key",
        "x-amz-security-token",
        "X-Amz-Date",
        "x-amz-content-sha256",
        "Cookie",
        "set-cookie",
        "Proxy-Authorization",
        "amz-sdk-invocation-id",
        "Amz-Sdk-Request",
    ],
)
def test_credential_headers_are_recognised_in_any_case(name: str) -> None:
    assert is_secret_header(name)


@pytest.mark.parametrize(
    "name", ["content-type", "anthropic-version", "anthropic-beta", "x-amz-target", "user-agent"]
)
def test_other_headers_are_not_secret(name: str) -> None:
    assert not is_secret_header(name)

"""Encoded requests carry a placeholder; the live auth fills in the key from the environment
(plus organization and project, as the official client sends them)."""

from __future__ import annotations

import httpx
import pytest

from adapters.base import MissingCredentialsError, TargetSettings
from adapters.openai.auth import ApiKeyAuth, build_auth, placeholder_headers

SETTINGS = TargetSettings("openai")


def sent_headers(auth: httpx.Auth, headers: dict[str, str]) -> httpx.Headers:
    request = httpx.Request("POST", "https://api.openai.com/v1/chat/completions", headers=headers)
    return next(auth.sync_auth_flow(request)).headers


def test_the_placeholder_is_a_bearer_token_naming_the_variable() -> None:
    assert placeholder_headers() == {"authorization": "Bearer <OPENAI_API_KEY>"}


def test_replays_keep_the_placeholder() -> None:
    assert build_auth(SETTINGS, live=False) is None


def test_the_live_auth_swaps_the_placeholder_for_the_key() -> None:
    auth = ApiKeyAuth.from_environment({"OPENAI_API_KEY": " sk-canary-key "})
    headers = sent_headers(auth, placeholder_headers())
    assert headers["authorization"] == "Bearer sk-canary-key"
    assert "openai-organization" not in headers and "openai-project" not in headers


def test_organization_and_project_are_sent_when_set() -> None:
    env = {
        "OPENAI_API_KEY": "sk-canary-key",
        "OPENAI_ORG_ID": "org-canary",
        "OPENAI_PROJECT_ID": "proj_canary",
    }
    headers = sent_headers(ApiKeyAuth.from_environment(env), placeholder_headers())
    assert headers["openai-organization"] == "org-canary"
    assert headers["openai-project"] == "proj_canary"


def test_a_real_authorization_header_is_left_alone() -> None:
    auth = ApiKeyAuth("sk-canary-key")
    headers = sent_headers(auth, {"authorization": "Bearer sk-fake-other"})
    assert headers["authorization"] == "Bearer sk-fake-other"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_key_is_a_one_line_error_naming_the_variable(value: str | None) -> None:
    env = {} if value is None else {"OPENAI_API_KEY": value}
    with pytest.raises(MissingCredentialsError, match=r"^OPENAI_API_KEY is not set;") as caught:
        ApiKeyAuth.from_environment(env)
    assert "\n" not in str(caught.value)


def test_the_key_never_shows_in_the_repr() -> None:
    assert "canary" not in repr(ApiKeyAuth("sk-canary-key"))

"""The front door's header rules: authentication, anthropic-version and anthropic-beta, as
functions and over HTTP."""

from __future__ import annotations

import httpx
import pytest

from harness.gateway.errors import GatewayError
from harness.gateway.headers import api_version, authenticate, betas, body_fields
from tests.harness.gateway.support import HELLO

BODY = {"model": "vertex/sonnet", **HELLO}


@pytest.mark.parametrize(
    "headers", [{"x-api-key": "k"}, {"authorization": "Bearer t"}, {"authorization": "bearer t"}]
)
def test_any_non_blank_key_or_bearer_token_is_accepted(headers: dict[str, str]) -> None:
    authenticate(headers)


@pytest.mark.parametrize(
    "headers",
    [{}, {"x-api-key": "  "}, {"authorization": "Bearer "}, {"authorization": "Basic abc"}],
)
def test_no_usable_credential_is_an_authentication_error(headers: dict[str, str]) -> None:
    with pytest.raises(GatewayError) as caught:
        authenticate(headers)
    assert (caught.value.status, caught.value.error_type) == (401, "authentication_error")


@pytest.mark.parametrize("version", ["2023-06-01", "2026-10-21"])
def test_the_versions_the_translator_speaks_are_accepted(version: str) -> None:
    assert api_version({"anthropic-version": version}) == version


@pytest.mark.parametrize("headers", [{}, {"anthropic-version": ""}, {"anthropic-version": "2099"}])
def test_a_missing_or_unknown_version_is_an_invalid_request(headers: dict[str, str]) -> None:
    with pytest.raises(GatewayError) as caught:
        api_version(headers)
    assert (caught.value.status, caught.value.error_type) == (400, "invalid_request_error")
    assert "anthropic-version" in caught.value.message


def test_beta_flags_are_split_trimmed_and_kept_once_in_order() -> None:
    found = betas({"anthropic-beta": "b-1, a-2,,b-1 ,c-3"})
    assert found == ("b-1", "a-2", "c-3")


def test_the_parameters_the_sdk_sends_as_headers_become_body_fields_again() -> None:
    headers = {
        "anthropic-user-profile-id": "uprof_01A",
        "anthropic-workspace-id": "wrkspc_01B",
        "x-api-key": "k",
    }
    assert body_fields(headers, BODY) == {
        **BODY,
        "user_profile_id": "uprof_01A",
        "workspace_id": "wrkspc_01B",
    }
    # a body field of the client's own is kept; no header, no field
    own = {**BODY, "user_profile_id": "uprof_own"}
    assert body_fields({"anthropic-user-profile-id": "uprof_01A"}, own) == own
    assert body_fields({"x-api-key": "k"}, BODY) == BODY


@pytest.mark.parametrize("path", ["/v1/messages", "/v1/messages/count_tokens", "/v1/models"])
def test_over_http_a_missing_version_is_a_400_invalid_request_error(
    gateway: str, path: str
) -> None:
    method = "GET" if path == "/v1/models" else "POST"
    response = httpx.request(method, f"{gateway}{path}", json=BODY, headers={"x-api-key": "k"})
    assert response.status_code == 400
    assert response.json()["type"] == "error"
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert response.headers["request-id"].startswith("req_")


def test_over_http_a_missing_key_is_a_401_authentication_error(gateway: str) -> None:
    headers = {"anthropic-version": "2023-06-01"}
    response = httpx.post(f"{gateway}/v1/messages", json=BODY, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"

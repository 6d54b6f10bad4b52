"""Credentials for OpenAI chat completions: the placeholder header and the live API-key auth.

Encoded requests carry ``authorization: Bearer <OPENAI_API_KEY>``, never a key. The live auth
swaps the placeholder for the key in ``OPENAI_API_KEY`` and, as the official client does, adds
``OpenAI-Organization`` / ``OpenAI-Project`` when ``OPENAI_ORG_ID`` / ``OPENAI_PROJECT_ID`` are
set.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Mapping

import httpx

from adapters.base import MissingCredentialsError, TargetSettings

API_KEY_ENV = "OPENAI_API_KEY"
ORGANIZATION_ENV = "OPENAI_ORG_ID"
PROJECT_ENV = "OPENAI_PROJECT_ID"
BEARER_PLACEHOLDER = f"Bearer <{API_KEY_ENV}>"


def placeholder_headers() -> dict[str, str]:
    """The auth header an encoded request carries, as a placeholder."""
    return {"authorization": BEARER_PLACEHOLDER}


class ApiKeyAuth(httpx.Auth):
    """Replaces the bearer placeholder with the real key; adds organization and project."""

    def __init__(
        self, api_key: str, organization: str | None = None, project: str | None = None
    ) -> None:
        self._api_key = api_key
        self._organization = organization
        self._project = project

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ApiKeyAuth:
        """The auth for ``OPENAI_API_KEY`` (plus organization and project when set); a clear
        error when the key is unset."""
        env = os.environ if environ is None else environ
        key = env.get(API_KEY_ENV, "").strip()
        if not key:
            raise MissingCredentialsError(
                f"{API_KEY_ENV} is not set; export it to call OpenAI chat completions live"
            )
        organization = env.get(ORGANIZATION_ENV, "").strip() or None
        project = env.get(PROJECT_ENV, "").strip() or None
        return cls(key, organization, project)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if request.headers.get("authorization") == BEARER_PLACEHOLDER:
            request.headers["authorization"] = f"Bearer {self._api_key}"
        if self._organization:
            request.headers["openai-organization"] = self._organization
        if self._project:
            request.headers["openai-project"] = self._project
        yield request

    def __repr__(self) -> str:
        return "ApiKeyAuth(api_key=***)"


def build_auth(settings: TargetSettings, live: bool) -> httpx.Auth | None:
    """The live API-key auth (from the environment), or None so replays keep the placeholder."""
    return ApiKeyAuth.from_environment() if live else None

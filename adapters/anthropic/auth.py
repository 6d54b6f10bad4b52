"""Credentials for the native Anthropic API: the placeholder headers and the live API-key auth.

Encoded requests carry placeholders, never secrets. The live auth swaps a placeholder for the
key read from ``ANTHROPIC_API_KEY``; with version 2023-06-01 the key travels in ``x-api-key``,
with 2026-10-21 as ``authorization: Bearer``.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Mapping

import httpx

from adapters.base import MissingCredentialsError, TargetSettings

API_KEY_ENV = "ANTHROPIC_API_KEY"
API_KEY_PLACEHOLDER = f"<{API_KEY_ENV}>"
BEARER_PLACEHOLDER = f"Bearer {API_KEY_PLACEHOLDER}"

# API version -> how the key is presented (header name, value with the placeholder)
_AUTH_HEADERS: dict[str, tuple[str, str]] = {
    "2023-06-01": ("x-api-key", API_KEY_PLACEHOLDER),
    "2026-10-21": ("authorization", BEARER_PLACEHOLDER),
}


def placeholder_headers(api_version: str) -> dict[str, str]:
    """The auth header an encoded request carries for ``api_version``, as a placeholder."""
    name, value = _AUTH_HEADERS[api_version]
    return {name: value}


class ApiKeyAuth(httpx.Auth):
    """Replaces the API-key placeholder of an encoded request with the real key."""

    def __init__(self, api_key: str) -> None:
        self._api_key = api_key

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ApiKeyAuth:
        """The auth for the key in ``ANTHROPIC_API_KEY``; a clear error when it is unset."""
        env = os.environ if environ is None else environ
        key = env.get(API_KEY_ENV, "").strip()
        if not key:
            raise MissingCredentialsError(
                f"{API_KEY_ENV} is not set; export it to call the native Anthropic API live"
            )
        return cls(key)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if request.headers.get("x-api-key") == API_KEY_PLACEHOLDER:
            request.headers["x-api-key"] = self._api_key
        if request.headers.get("authorization") == BEARER_PLACEHOLDER:
            request.headers["authorization"] = f"Bearer {self._api_key}"
        yield request

    def __repr__(self) -> str:
        return "ApiKeyAuth(api_key=***)"


def build_auth(settings: TargetSettings, live: bool) -> httpx.Auth | None:
    """The live API-key auth (the key comes from the environment, not from ``settings``),
    or None so replays keep the placeholders."""
    return ApiKeyAuth.from_environment() if live else None

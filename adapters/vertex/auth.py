"""Credentials for Vertex AI: the placeholder header and the live google-auth bearer auth.

Live requests use Application Default Credentials with the ``cloud-platform`` scope, as
``AnthropicVertex`` does; the token is refreshed whenever it is missing or expired. The
credentials object can be passed in (tests use static or locally refreshed credentials).
"""

from __future__ import annotations

import threading
from collections.abc import Generator

import google.auth
import google.auth.credentials
import google.auth.exceptions
import google.auth.transport.requests
import httpx

from adapters.base import MissingCredentialsError, TargetSettings

SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)
TOKEN_PLACEHOLDER = "<GOOGLE_ACCESS_TOKEN>"


def placeholder_headers() -> dict[str, str]:
    """The auth header an encoded Vertex request carries, as a placeholder."""
    return {"authorization": f"Bearer {TOKEN_PLACEHOLDER}"}


def default_credentials() -> google.auth.credentials.Credentials:
    """Application Default Credentials for the cloud-platform scope; a clear error if none."""
    try:
        credentials, _project = google.auth.default(scopes=list(SCOPES))
    except google.auth.exceptions.DefaultCredentialsError as exc:
        detail = " ".join(str(exc).split())
        raise MissingCredentialsError(
            f"no Google credentials for Vertex AI ({detail}); run "
            "`gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS"
        ) from exc
    return credentials


class GoogleAuth(httpx.Auth):
    """Sets ``authorization: Bearer <token>`` from google-auth credentials, refreshing them
    (through google-auth's own requests transport) when they are not valid."""

    def __init__(self, credentials: google.auth.credentials.Credentials | None = None) -> None:
        self.credentials = default_credentials() if credentials is None else credentials
        self._lock = threading.Lock()

    def token(self) -> str:
        """A valid access token, refreshed first if needed."""
        with self._lock:
            if not self.credentials.valid:
                request = google.auth.transport.requests.Request()
                try:
                    self.credentials.refresh(request)  # type: ignore[no-untyped-call]
                except google.auth.exceptions.GoogleAuthError as exc:
                    detail = " ".join(str(exc).split())
                    raise MissingCredentialsError(
                        f"could not refresh the Google credentials for Vertex AI: {detail}"
                    ) from exc
            token = self.credentials.token
        if not isinstance(token, str) or not token:
            raise MissingCredentialsError("Google credentials produced no access token")
        return token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["authorization"] = f"Bearer {self.token()}"
        yield request


def build_auth(settings: TargetSettings, live: bool) -> httpx.Auth | None:
    """The live google-auth bearer auth, or None so replays keep the placeholder."""
    return GoogleAuth() if live else None

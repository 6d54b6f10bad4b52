"""Credentials for Bedrock: the placeholder header, and the live SigV4 or API-key auth.

Encoded requests carry a SigV4-shaped placeholder (credential scope filled in, key, signed
headers and signature left as markers), never a secret. Live, as ``AnthropicBedrock`` does:

- a Bedrock API key from ``AWS_BEARER_TOKEN_BEDROCK`` goes out as ``authorization: Bearer``;
- otherwise the request is signed with botocore's ``SigV4Auth`` (service ``bedrock``, the
  target's region) using credentials from the boto3 credential chain (environment, shared
  files, SSO, container or instance roles). A session token is sent as
  ``x-amz-security-token``. Refreshable credentials are frozen once per request.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Mapping

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import httpx

from adapters.base import MissingCredentialsError, TargetSettings, TranslationError

SERVICE = "bedrock"
BEARER_ENV = "AWS_BEARER_TOKEN_BEDROCK"
ACCESS_KEY_PLACEHOLDER = "<AWS_ACCESS_KEY_ID>"
SIGNED_AT_SEND_TIME = "<signed at send time>"
# Headers left out of the signature: hop-by-hop or rewritten by proxies and clients.
UNSIGNED_HEADERS = frozenset(
    {"connection", "user-agent", "accept-encoding", "content-length", "expect"}
)
CREDENTIAL_HEADERS = ("authorization", "x-amz-security-token")
"""What carries a credential: the SigV4 signature or API key, and a session token."""
# Headers the signer owns; stale values (placeholders, an earlier attempt) are dropped first.
_SIGNER_HEADERS = ("authorization", "x-amz-date", "x-amz-security-token")


def require_region(settings: TargetSettings) -> str:
    """The target's region; a translation error naming the setting when it is missing."""
    if not settings.region:
        raise TranslationError(
            f"the {settings.name} target needs a region (e.g. us-east-1); set it in the "
            "target settings",
            path="settings.region",
        )
    return settings.region


def placeholder_headers(region: str) -> dict[str, str]:
    """The authorization header an encoded request carries: SigV4's shape, no secret."""
    scope = f"{ACCESS_KEY_PLACEHOLDER}/<yyyymmdd>/{region}/{SERVICE}/aws4_request"
    return {
        "authorization": (
            f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders={SIGNED_AT_SEND_TIME}, "
            f"Signature={SIGNED_AT_SEND_TIME}"
        )
    }


class BearerAuth(httpx.Auth):
    """Sends a Bedrock API key as ``authorization: Bearer``."""

    def __init__(self, api_key: str) -> None:
        self._api_key = api_key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        for name in _SIGNER_HEADERS:
            request.headers.pop(name, None)
        request.headers["authorization"] = f"Bearer {self._api_key}"
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(api_key=***)"


class SigV4Auth(httpx.Auth):
    """Signs each request with botocore's SigV4 signer for service ``bedrock``."""

    requires_request_body = True

    def __init__(self, credentials: botocore.credentials.Credentials, region: str) -> None:
        self.credentials = credentials
        self.region = region

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        for name in _SIGNER_HEADERS:
            request.headers.pop(name, None)
        signed = sign(
            request.method,
            str(request.url),
            dict(request.headers),
            request.content,
            self.credentials,
            self.region,
        )
        request.headers.update(signed)
        yield request

    def __repr__(self) -> str:
        return f"SigV4Auth(region={self.region!r}, credentials=***)"


def sign(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    credentials: botocore.credentials.Credentials,
    region: str,
) -> dict[str, str]:
    """The headers SigV4 adds to a request (``authorization``, ``x-amz-date`` and, with a
    session token, ``x-amz-security-token``), signing every header but `UNSIGNED_HEADERS`."""
    frozen = credentials.get_frozen_credentials()
    signable = {k: v for k, v in headers.items() if k.lower() not in UNSIGNED_HEADERS}
    aws = botocore.awsrequest.AWSRequest(method=method, url=url, data=body, headers=signable)
    botocore.auth.SigV4Auth(frozen, SERVICE, region).add_auth(aws)
    return {
        name: str(aws.headers[name])
        for name in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token")
        if aws.headers.get(name) is not None
    }


def chain_credentials(region: str) -> botocore.credentials.Credentials:
    """Credentials from the boto3 credential chain; a one-line error when there are none."""
    try:
        credentials = boto3.Session(region_name=region).get_credentials()
    except Exception as exc:  # botocore raises many kinds for broken profiles
        detail = " ".join(str(exc).split())
        raise MissingCredentialsError(f"could not load AWS credentials: {detail}") from exc
    if credentials is None:
        raise MissingCredentialsError(
            "no AWS credentials found for Bedrock; set AWS_ACCESS_KEY_ID and "
            f"AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), or {BEARER_ENV} for a Bedrock API key"
        )
    return credentials


def build_auth(
    settings: TargetSettings, live: bool, environ: Mapping[str, str] | None = None
) -> httpx.Auth | None:
    """The live auth (Bearer when ``AWS_BEARER_TOKEN_BEDROCK`` is set, else SigV4 from the
    credential chain), or None so replays keep the placeholder."""
    if not live:
        return None
    env = os.environ if environ is None else environ
    api_key = env.get(BEARER_ENV, "").strip()
    if api_key:
        return BearerAuth(api_key)
    region = require_region(settings)
    return SigV4Auth(chain_credentials(region), region)

"""The request headers an Anthropic front door reads, and its rules for them.

- Authentication: a non-blank ``x-api-key``, or ``authorization: Bearer <token>``; otherwise
  401 ``authentication_error``. The value is not checked (the backends get the gateway's own
  credentials, never the client's).
- ``anthropic-version``: required, and one of the versions the reference translator speaks
  (`adapters.base.API_VERSIONS`); missing or unknown is 400 ``invalid_request_error``.
- ``anthropic-beta``: a comma-separated list of flags (the header may also be repeated), passed
  to the backend as ``Call.betas``; whether a backend takes a flag is its adapter's decision.
- ``anthropic-user-profile-id``, ``anthropic-workspace-id``: the ``user_profile_id`` and
  ``workspace_id`` parameters, as the official SDK sends them; read back into the body, where
  each target's adapter places (or refuses) them as it would for a body field.
"""

from __future__ import annotations

from collections.abc import Mapping

from adapters.anthropic.request import HEADER_FIELDS
from adapters.base import API_VERSIONS
from harness.gateway.errors import GatewayError
from harness.vocabulary import JSON


def authenticate(headers: Mapping[str, str]) -> None:
    """Accept any non-blank API key or bearer token; a 401 otherwise."""
    if headers.get("x-api-key", "").strip():
        return
    scheme, _, token = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return
    raise GatewayError(
        401, "x-api-key header is required (or authorization: Bearer <token>); none was sent"
    )


def api_version(headers: Mapping[str, str]) -> str:
    """The ``anthropic-version`` the client speaks; a 400 when missing or unknown."""
    value = headers.get("anthropic-version", "").strip()
    if not value:
        raise GatewayError(400, "anthropic-version: header is required")
    if value not in API_VERSIONS:
        known = ", ".join(API_VERSIONS)
        raise GatewayError(400, f"anthropic-version: unknown version {value!r} (known: {known})")
    return value


def betas(headers: Mapping[str, str]) -> tuple[str, ...]:
    """The ``anthropic-beta`` flags, in order, blanks and repeats dropped."""
    found: list[str] = []
    for flag in headers.get("anthropic-beta", "").split(","):
        flag = flag.strip()
        if flag and flag not in found:
            found.append(flag)
    return tuple(found)


def body_fields(headers: Mapping[str, str], body: JSON) -> JSON:
    """``body`` with the Messages parameters the official SDK sends as request headers
    (``anthropic-user-profile-id``, ``anthropic-workspace-id``: `HEADER_FIELDS`) put back as
    the body fields the translator reads; a field the body sets itself is kept."""
    moved = {
        field: headers[header]
        for field, header in HEADER_FIELDS.items()
        if header in headers and field not in body
    }
    return {**body, **moved} if moved else body

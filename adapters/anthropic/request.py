"""Anthropic call -> native API wire request: URL, headers and the body bytes the SDK sends.

The body goes out as given (model and stream included), serialized the way the official SDK
serializes it: compact separators, UTF-8 without ASCII escaping, no NaN or infinity, except
the parameters the SDK sends as headers (`HEADER_FIELDS`: ``user_profile_id`` as
``anthropic-user-profile-id``, ``workspace_id`` as ``anthropic-workspace-id``). The helpers
here are shared by the targets that speak the Anthropic body (Vertex AI).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from adapters import url_safety
from adapters.anthropic.auth import placeholder_headers
from adapters.base import API_VERSIONS, JSON, Call, TargetSettings, TranslationError, WireRequest

DEFAULT_BASE_URL = "https://api.anthropic.com"
PATHS: dict[str, str] = {
    "messages": "/v1/messages",
    "count_tokens": "/v1/messages/count_tokens",
}


def dump_body(body: JSON) -> bytes:
    """The exact bytes the official SDK sends for ``body``."""
    try:
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return text.encode("utf-8")
    except (TypeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
        raise TranslationError(f"cannot be sent as JSON: {exc}", path="body") from exc


# Messages API parameters the official SDK (2.12) sends as request headers, not in the body
HEADER_FIELDS: dict[str, str] = {
    "user_profile_id": "anthropic-user-profile-id",
    "workspace_id": "anthropic-workspace-id",
}


def header_value(body: JSON, field: str) -> str | None:
    """``body[field]`` as a header value: None when unset; a non-empty string without
    control characters, else a `TranslationError` naming the field."""
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise TranslationError("must be a non-empty string", path=field)
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        raise TranslationError("cannot be sent in a header: it holds a control character", field)
    return value


def split_header_fields(
    body: JSON, fields: Mapping[str, str] | None = None
) -> tuple[JSON, dict[str, str]]:
    """``body`` without the parameters that travel as headers (``fields``: field -> header,
    `HEADER_FIELDS` by default), and those headers."""
    moved = HEADER_FIELDS if fields is None else fields
    headers: dict[str, str] = {}
    for field, header in moved.items():
        value = header_value(body, field)
        if value is not None:
            headers[header] = value
    kept = {key: value for key, value in body.items() if key not in moved}
    return kept, headers


def refuse_fields(call: Call, refused: Mapping[str, str]) -> None:
    """A `TranslationError` on the first field of ``refused`` (field -> why the backend
    cannot honour it) that the call's body sets."""
    for field, why in refused.items():
        if call.body.get(field) is not None:
            raise TranslationError(why, path=field)


def check_call(call: Call) -> None:
    """Reject what no backend can be asked: an unknown API version or endpoint."""
    if call.api_version not in API_VERSIONS:
        raise TranslationError(
            f"unsupported API version {call.api_version!r}; expected one of: "
            + ", ".join(API_VERSIONS),
            path="api_version",
        )
    if call.endpoint not in PATHS:
        raise TranslationError(
            f"unknown endpoint {call.endpoint!r}; expected one of: " + ", ".join(PATHS),
            path="endpoint",
        )
    if not isinstance(call.body, dict):
        raise TranslationError("the request body must be a JSON object", path="body")


def beta_headers(call: Call) -> dict[str, str]:
    """``anthropic-beta: a,b`` when the call asks for betas, as the SDK joins them."""
    return {"anthropic-beta": ",".join(call.betas)} if call.betas else {}


def encode_request(call: Call, settings: TargetSettings) -> WireRequest:
    """The native request: ``POST {base}/v1/messages[/count_tokens]`` with the call's body."""
    check_call(call)
    base = url_safety.base_url(settings.base_url) if settings.base_url else DEFAULT_BASE_URL
    body, moved = split_header_fields(call.body)
    headers = {
        "content-type": "application/json",
        "anthropic-version": call.api_version,
        **placeholder_headers(call.api_version),
        **beta_headers(call),
        **moved,
    }
    return WireRequest(
        method="POST",
        url=base + PATHS[call.endpoint],
        headers=headers,
        body=dump_body(body),
    )

"""The HTTP request both OpenAI targets send: a JSON ``POST`` to the API's base URL (the
target's ``base_url`` setting, checked, or `DEFAULT_BASE_URL`) with the API key as a
placeholder header."""

from __future__ import annotations

from adapters import url_safety
from adapters.anthropic.request import dump_body
from adapters.base import JSON, TargetSettings, WireRequest
from adapters.openai.auth import placeholder_headers

DEFAULT_BASE_URL = "https://api.openai.com/v1"


def json_post(settings: TargetSettings, path: str, body: JSON) -> WireRequest:
    """``POST {base}{path}`` carrying ``body`` as JSON."""
    base = url_safety.base_url(settings.base_url) if settings.base_url else DEFAULT_BASE_URL
    headers = {"content-type": "application/json", **placeholder_headers()}
    return WireRequest(method="POST", url=base + path, headers=headers, body=dump_body(body))

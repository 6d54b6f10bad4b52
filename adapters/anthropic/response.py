"""Native API response -> Anthropic form: successes pass through, failures become envelopes.

Targets that answer Anthropic JSON on success (Vertex AI) reuse `decode_json_response` with
their own error translator.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from adapters.anthropic import errors
from adapters.base import Call, Translated, WireResponse

ErrorTranslator = Callable[[WireResponse, Any], Translated]
"""(response, parsed JSON body or None) -> the failure in Anthropic form."""


def parse_json(raw: bytes) -> Any:
    """The JSON value of a body, or None when it is not JSON (a BOM is tolerated)."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None


def decode_json_response(response: WireResponse, translate_error: ErrorTranslator) -> Translated:
    """A 2xx JSON object passes through as is; a 2xx body that is not one is an ``api_error``
    (status 500); any other status goes to ``translate_error``."""
    payload = parse_json(response.body)
    if not 200 <= response.status < 300:
        return translate_error(response, payload)
    if isinstance(payload, dict):
        return Translated(status=response.status, body=payload)
    kind = "is not JSON" if payload is None else "is JSON but not an object"
    message = (
        f"the backend answered HTTP {response.status} but the body {kind}: "
        f"{errors.body_snippet(response.body) or '(empty)'}"
    )
    return Translated(status=500, body=errors.error_body("api_error", message))


def decode_response(call: Call, response: WireResponse) -> Translated:
    """A complete native response (a Message, a token count or an error) in Anthropic form."""
    return decode_json_response(response, errors.translate_error)

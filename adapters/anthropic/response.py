"""Native API response -> Anthropic form: successes pass through, failures become envelopes.

Targets that answer Anthropic JSON on success (Vertex AI, Bedrock InvokeModel) reuse
`decode_json_response` with their own error translator and request-id header.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters import limits
from adapters.anthropic import errors
from adapters.base import Call, Translated, TranslationError, WireResponse

ErrorTranslator = Callable[[WireResponse, Any], Translated]
"""(response, parsed JSON body or None) -> the failure in Anthropic form."""


def parse_json(raw: bytes) -> Any:
    """The JSON value of a body, or None when it is not JSON (a BOM is tolerated); JSON
    beyond `adapters.limits` is a TranslationError on ``body``."""
    try:
        return limits.loads(raw)
    except limits.LimitError as exc:
        raise TranslationError(f"the backend's body is beyond the limits: {exc}", "body") from None
    except ValueError:  # UnicodeDecodeError is one
        return None


def decode_json_response(
    response: WireResponse,
    translate_error: ErrorTranslator,
    request_id_header: str = errors.REQUEST_ID_HEADER,
) -> Translated:
    """A 2xx JSON object passes through as is; a 2xx body that is not one is an ``api_error``
    (status 500, with the request id from ``request_id_header``); any other status goes to
    ``translate_error``."""
    payload = parse_json(response.body)
    if not 200 <= response.status < 300:
        return translate_error(response, payload)
    if isinstance(payload, dict):
        return Translated(status=response.status, body=payload)
    return errors.not_an_object_error(response, payload, request_id_header)


def decode_response(call: Call, response: WireResponse) -> Translated:
    """A complete native response (a Message, a token count or an error) in Anthropic form."""
    return decode_json_response(response, errors.translate_error)

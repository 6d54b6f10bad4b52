"""What `parity translate request` warns about: requests the API (or the target) would refuse.

The translator translates what it is given; these warnings say, before anyone sends it,
that the service will answer 400: a required field missing or empty. The translator's own
warnings (`WireRequest.warnings`: e.g. a model id in a form the target does not address
models by) are printed beside them.
"""

from __future__ import annotations

from typing import Any

from adapters.base import Endpoint


def request_warnings(body: dict[str, Any], endpoint: Endpoint) -> list[str]:
    """One message per reason the API would refuse ``body`` (what a target in particular
    would refuse, such as a model id in a form it does not address models by, its
    translator says in `WireRequest.warnings`)."""
    return _required_fields(body, endpoint)


def _required_fields(body: dict[str, Any], endpoint: Endpoint) -> list[str]:
    return [f"{problem}; the API refuses such a request" for problem in _missing(body, endpoint)]


def _missing(body: dict[str, Any], endpoint: Endpoint) -> list[str]:
    found = []
    model = body.get("model")
    if not isinstance(model, str) or not model:
        found.append("model: " + ("missing" if model is None else "not a model id"))
    if endpoint == "messages":
        max_tokens = body.get("max_tokens")
        if max_tokens is None:
            found.append("max_tokens: missing")
        elif isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
            found.append(f"max_tokens: {max_tokens!r} is not a whole number of at least 1")
    messages = body.get("messages")
    if messages is None:
        found.append("messages: missing")
    elif not isinstance(messages, list):
        found.append("messages: not a list")
    elif not messages:
        found.append("messages: empty (at least one message is required)")
    return found

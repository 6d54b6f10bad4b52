"""What `parity translate request` warns about: requests the API (or the target) would refuse.

The translator translates what it is given; these warnings say, before anyone sends it,
that the service will answer 400: a required field missing or empty, or a model id in a form
the target does not address models by.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from adapters.base import Endpoint

# Bedrock addresses Claude by a foundation-model id (anthropic.claude-...-v1:0), an inference
# profile (us./eu./apac./global.anthropic...) or an ARN (foundation model, inference profile,
# application inference profile, provisioned throughput) in any partition.
_BEDROCK_MODEL = re.compile(r"^(?:arn:aws[a-z-]*:bedrock:|(?:[a-z]+(?:-[a-z]+)*\.)?anthropic\.)")
# Anthropic's dated ids (claude-sonnet-4-5-20250929); Vertex writes the date after '@'
_DATED_ID = re.compile(r"^(claude-[a-z0-9.-]+)-(\d{8})$")


def request_warnings(body: dict[str, Any], endpoint: Endpoint, target: str) -> list[str]:
    """One message per reason the API or ``target`` would refuse ``body``."""
    found = [*_required_fields(body, endpoint)]
    model = body.get("model")
    check = _MODEL_CHECKS.get(target)
    if check is not None and isinstance(model, str) and model:
        hint = check(model)
        if hint:
            found.append(f"model: {model!r} {hint}")
    return found


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


def _bedrock_model(model: str) -> str | None:
    if _BEDROCK_MODEL.match(model):
        return None
    return (
        "is not a Bedrock model id (anthropic.<model>-v1:0, an inference profile such as "
        "us.anthropic.<model>-v1:0, or an ARN); Bedrock refuses it as an invalid model "
        "identifier"
    )


def _vertex_model(model: str) -> str | None:
    dated = _DATED_ID.match(model)
    if dated is None:
        return None
    return f"is an Anthropic API id; Vertex AI names it {dated[1]}@{dated[2]} and finds no other"


_MODEL_CHECKS: dict[str, Callable[[str], str | None]] = {
    "bedrock-invoke": _bedrock_model,
    "bedrock-converse": _bedrock_model,
    "vertex": _vertex_model,
}

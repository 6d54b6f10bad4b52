"""Check Anthropic response bodies and stream events against the official SDK's types.

The SDK's pydantic models are the schema. This module adds what they leave out or get in the
way of: readable findings instead of pydantic's per-union-member error dumps, a fallback to
the beta types for blocks and deltas that only they describe, the ``ping`` event and the
``request_too_large`` and ``conflict_error`` error types (none is in the SDK's unions), a
required ``stop_reason`` key (the SDK defaults it), tolerance for fields that older traffic
predates, and an opt-in ``strict`` mode that reports fields the types do not know.

Numbers are validated strictly: a count sent as ``"12"`` or ``12.0`` is wrong on the wire
even though pydantic would coerce it.

This module picks the model for each body and event; `schema_validation` runs a model (beta
fallback, late fields, strict mode) and `schema_findings` turns pydantic's errors into
findings.
"""

from __future__ import annotations

import datetime
import functools
import typing
from typing import Any

from anthropic.types import (
    Message,
    MessageTokensCount,
    ModelInfo,
    RawContentBlockDeltaEvent,
    RawContentBlockStartEvent,
    RawContentBlockStopEvent,
    RawMessageDeltaEvent,
    RawMessageStartEvent,
    RawMessageStopEvent,
)
from anthropic.types.beta import (
    BetaMessage,
    BetaRawContentBlockDeltaEvent,
    BetaRawContentBlockStartEvent,
    BetaRawContentBlockStopEvent,
    BetaRawMessageDeltaEvent,
    BetaRawMessageStartEvent,
    BetaRawMessageStopEvent,
)
from anthropic.types.shared import ErrorObject, ErrorResponse
from pydantic import BaseModel

from adapters.protocol.schema_findings import Loc, dotted, json_type, quote
from adapters.protocol.schema_validation import LATE_FIELDS, validate
from adapters.protocol.violation import Violation

__all__ = [
    "LATE_FIELDS",
    "STRICT_EXTRA_ALLOWED",
    "validate_body",
    "validate_count_tokens",
    "validate_error",
    "validate_event",
    "validate_message",
    "validate_model_info",
]

# Unknown fields that strict mode still accepts, per event type.
STRICT_EXTRA_ALLOWED: dict[str, frozenset[str]] = {
    # Bedrock's InvokeModelWithResponseStream appends its own token counts and latencies to
    # the final event.
    "message_stop": frozenset({"amazon-bedrock-invocationMetrics"}),
}

# Event types and the classic / beta SDK models describing them. ping and error are handled
# here because the SDK's RawMessageStreamEvent union has neither.
_EVENT_MODELS: dict[str, tuple[type[BaseModel], type[BaseModel]]] = {
    "message_start": (RawMessageStartEvent, BetaRawMessageStartEvent),
    "message_delta": (RawMessageDeltaEvent, BetaRawMessageDeltaEvent),
    "message_stop": (RawMessageStopEvent, BetaRawMessageStopEvent),
    "content_block_start": (RawContentBlockStartEvent, BetaRawContentBlockStartEvent),
    "content_block_delta": (RawContentBlockDeltaEvent, BetaRawContentBlockDeltaEvent),
    "content_block_stop": (RawContentBlockStopEvent, BetaRawContentBlockStopEvent),
}
_EVENT_NAMES = ", ".join(sorted([*_EVENT_MODELS, "ping", "error"]))

# The SDK's error union lacks these types: the API answers a 413 with the first, and the 2.x
# SDK's ErrorType adds the second (adapters/protocol/errors.py).
_UNLISTED_ERROR_TYPES = frozenset({"request_too_large", "conflict_error"})
_STAND_IN_ERROR_TYPE = "invalid_request_error"


def validate_message(body: Any, strict: bool = False) -> list[Violation]:
    """Check a response body (or a folded stream) as an ``anthropic.types.Message``."""
    body, found = _container_stamp(body, ())
    found += validate(Message, BetaMessage, body, strict)
    if isinstance(body, dict) and "stop_reason" not in body:
        found.append(_missing_stop_reason(()))
    return found


def validate_event(event: Any, strict: bool = False) -> list[Violation]:
    """Check one stream event's data object (any type, including ``ping`` and ``error``)."""
    if not isinstance(event, dict):
        return [Violation("", f"expected a JSON object, got {json_type(event)}")]
    kind = event.get("type")
    if kind == "ping":
        extras = sorted(set(event) - {"type"}) if strict else []
        return [Violation(str(key), f"unknown field {key!r} on ping") for key in extras]
    if kind == "error":
        return validate_error(event, strict)
    if "type" not in event:
        return [Violation("type", "required field 'type' is missing")]
    if not isinstance(kind, str) or kind not in _EVENT_MODELS:
        return [
            Violation("type", f"unknown event type {quote(kind)}; expected one of {_EVENT_NAMES}")
        ]
    classic, beta = _EVENT_MODELS[kind]
    allowed = STRICT_EXTRA_ALLOWED.get(kind, frozenset())
    found: list[Violation] = []
    holder = {"message_start": "message", "message_delta": "delta"}.get(kind)
    if holder is not None:
        inner, found = _container_stamp(event.get(holder), (holder,))
        event = {**event, holder: inner}
    found += validate(classic, beta, event, strict, allowed)
    message = event.get("message")
    if kind == "message_start" and isinstance(message, dict) and "stop_reason" not in message:
        found.append(_missing_stop_reason(("message",)))
    return found


def validate_error(body: Any, strict: bool = False) -> list[Violation]:
    """Check an error envelope (``{"type": "error", "error": {...}}``), HTTP body or event.

    Accepts every error type the SDK knows plus ``request_too_large``.
    """
    error = body.get("error") if isinstance(body, dict) else None
    kind = error.get("type") if isinstance(error, dict) else None
    if not isinstance(error, dict) or not isinstance(kind, str) or kind in _sdk_error_types():
        return validate(ErrorResponse, None, body, strict)
    found = []
    if kind not in _UNLISTED_ERROR_TYPES:
        known = ", ".join(repr(k) for k in sorted(_sdk_error_types() | _UNLISTED_ERROR_TYPES))
        found.append(
            Violation("error.type", f"unknown error type {kind!r}; expected one of {known}")
        )
    # Check the rest of the envelope with a type the SDK does know in its place.
    body = {**body, "error": {**error, "type": _STAND_IN_ERROR_TYPE}}
    return found + validate(ErrorResponse, None, body, strict)


def validate_count_tokens(body: Any, strict: bool = False) -> list[Violation]:
    """Check a ``/v1/messages/count_tokens`` response (``{"input_tokens": n}``)."""
    return validate(MessageTokensCount, None, body, strict)


def validate_model_info(body: Any, strict: bool = False) -> list[Violation]:
    """Check a ``/v1/models`` entry (``GET /v1/models/{id}``, or one item of a page's
    ``data``) as an ``anthropic.types.ModelInfo``. Its ``created_at`` travels as an RFC 3339
    string, which the SDK parses into a datetime (numbers stay strict)."""
    if not isinstance(body, dict) or "created_at" not in body:
        return validate(ModelInfo, None, body, strict)
    stamp = body["created_at"]
    parsed = _rfc3339(stamp)
    found = []
    if parsed is None:
        found.append(
            Violation("created_at", f"must be an RFC 3339 date-time string, got {quote(stamp)}")
        )
        parsed = datetime.datetime.fromtimestamp(0, datetime.UTC)
    return found + validate(ModelInfo, None, {**body, "created_at": parsed}, strict)


def _container_stamp(holder: Any, path: Loc) -> tuple[Any, list[Violation]]:
    """``holder`` (a Message or a message_delta's delta) with its ``container.expires_at``
    parsed: it travels as an RFC 3339 string, which the SDK parses into a datetime."""
    container = holder.get("container") if isinstance(holder, dict) else None
    if not isinstance(container, dict) or "expires_at" not in container:
        return holder, []
    stamp = container["expires_at"]
    parsed = _rfc3339(stamp)
    found = []
    if parsed is None:
        where = dotted((*path, "container", "expires_at"))
        found.append(Violation(where, f"must be an RFC 3339 date-time string, got {quote(stamp)}"))
        parsed = datetime.datetime.fromtimestamp(0, datetime.UTC)
    return {**holder, "container": {**container, "expires_at": parsed}}, found


def _rfc3339(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str) or "T" not in value.upper():
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def validate_body(body: Any, strict: bool = False) -> list[Violation]:
    """Check any JSON response body, choosing the schema by its shape: a Message
    (``type: message``), an error envelope (``type: error``) or a count_tokens result."""
    if not isinstance(body, dict):
        return [Violation("", f"expected a JSON object, got {json_type(body)}")]
    kind = body.get("type")
    if kind == "message":
        return validate_message(body, strict)
    if kind == "error":
        return validate_error(body, strict)
    if kind is None and "input_tokens" in body:
        return validate_count_tokens(body, strict)
    if kind is None:
        return [Violation("", "body is not a Message, an error or a count_tokens result")]
    return [Violation("type", f"unknown body type {quote(kind)}; expected 'message' or 'error'")]


@functools.cache
def _sdk_error_types() -> frozenset[str]:
    """The ``error.type`` values of the SDK's ErrorObject union."""
    members = typing.get_args(typing.get_args(ErrorObject)[0])
    return frozenset(
        value
        for member in members
        for value in typing.get_args(member.model_fields["type"].annotation)
    )


def _missing_stop_reason(path: Loc) -> Violation:
    return Violation(
        dotted((*path, "stop_reason")),
        "required field 'stop_reason' is missing (it may be null, but must be present)",
    )

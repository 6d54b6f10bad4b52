"""Check Anthropic response bodies and stream events against the official SDK's types.

The SDK's pydantic models are the schema. This module adds what they leave out or get in the
way of: readable findings instead of pydantic's per-union-member error dumps, a fallback to
the beta types for blocks and deltas that only they describe, the ``ping`` event and the
``request_too_large`` error type (neither is in the SDK's unions), a required
``stop_reason`` key (the SDK defaults it), tolerance for fields that older traffic predates,
and an opt-in ``strict`` mode that reports fields the types do not know.

Numbers are validated strictly: a count sent as ``"12"`` or ``12.0`` is wrong on the wire
even though pydantic would coerce it.
"""

from __future__ import annotations

import copy
import functools
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from anthropic.types import (
    Message,
    MessageTokensCount,
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
from pydantic import BaseModel, TypeAdapter, ValidationError

from adapters.protocol.violation import Violation

# Required fields that the API added to an optional sub-object after that object first
# shipped. Recorded traffic from before the addition lacks them, which is not a fault of the
# traffic. Matched against the end of the field's path; the value is filled in (so the rest of
# the object is still checked) and never reported.
LATE_FIELDS: dict[str, Any] = {
    # usage.server_tool_use arrived with web search, counting web_search_requests only;
    # web_fetch_requests was added when the web fetch tool shipped.
    "usage.server_tool_use.web_fetch_requests": 0,
}

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

# The SDK's error union lacks this type, which the API answers a 413 with.
_UNLISTED_ERROR_TYPES = frozenset({"request_too_large"})
_STAND_IN_ERROR_TYPE = "invalid_request_error"

_TYPE_ERRORS = frozenset({"literal_error", "missing"})
_OBJECT_ERRORS = frozenset({"model_type", "model_attributes_type", "dict_type"})
_QUOTE_LIMIT = 60

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class _Err:
    """A pydantic error, with its location relative to the value being examined."""

    loc: Loc
    type: str
    msg: str
    input: Any
    expected: str | None


@dataclass(frozen=True)
class _Issue:
    path: Loc
    message: str
    kind: str  # the pydantic error type, or "unknown_type" for an unknown discriminator


def validate_message(body: Any, strict: bool = False) -> list[Violation]:
    """Check a response body (or a folded stream) as an ``anthropic.types.Message``."""
    found = _validate(Message, BetaMessage, body, strict)
    if isinstance(body, dict) and "stop_reason" not in body:
        found.append(_missing_stop_reason(()))
    return found


def validate_event(event: Any, strict: bool = False) -> list[Violation]:
    """Check one stream event's data object (any type, including ``ping`` and ``error``)."""
    if not isinstance(event, dict):
        return [Violation("", f"expected a JSON object, got {_json_type(event)}")]
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
            Violation("type", f"unknown event type {_quote(kind)}; expected one of {_EVENT_NAMES}")
        ]
    classic, beta = _EVENT_MODELS[kind]
    allowed = STRICT_EXTRA_ALLOWED.get(kind, frozenset())
    found = _validate(classic, beta, event, strict, allowed)
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
        return _validate(ErrorResponse, None, body, strict)
    found = []
    if kind not in _UNLISTED_ERROR_TYPES:
        known = ", ".join(repr(k) for k in sorted(_sdk_error_types() | _UNLISTED_ERROR_TYPES))
        found.append(
            Violation("error.type", f"unknown error type {kind!r}; expected one of {known}")
        )
    # Check the rest of the envelope with a type the SDK does know in its place.
    body = {**body, "error": {**error, "type": _STAND_IN_ERROR_TYPE}}
    return found + _validate(ErrorResponse, None, body, strict)


def validate_count_tokens(body: Any, strict: bool = False) -> list[Violation]:
    """Check a ``/v1/messages/count_tokens`` response (``{"input_tokens": n}``)."""
    return _validate(MessageTokensCount, None, body, strict)


def validate_body(body: Any, strict: bool = False) -> list[Violation]:
    """Check any JSON response body, choosing the schema by its shape: a Message
    (``type: message``), an error envelope (``type: error``) or a count_tokens result."""
    if not isinstance(body, dict):
        return [Violation("", f"expected a JSON object, got {_json_type(body)}")]
    kind = body.get("type")
    if kind == "message":
        return validate_message(body, strict)
    if kind == "error":
        return validate_error(body, strict)
    if kind is None and "input_tokens" in body:
        return validate_count_tokens(body, strict)
    if kind is None:
        return [Violation("", "body is not a Message, an error or a count_tokens result")]
    return [Violation("type", f"unknown body type {_quote(kind)}; expected 'message' or 'error'")]


# -- validation ------------------------------------------------------------------------------


@functools.cache
def _sdk_error_types() -> frozenset[str]:
    """The ``error.type`` values of the SDK's ErrorObject union."""
    members = typing.get_args(typing.get_args(ErrorObject)[0])
    return frozenset(
        value
        for member in members
        for value in typing.get_args(member.model_fields["type"].annotation)
    )


@functools.cache
def _adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def _validate(
    classic: type[BaseModel],
    beta: type[BaseModel] | None,
    body: Any,
    strict: bool,
    allowed_extra: frozenset[str] = frozenset(),
) -> list[Violation]:
    model, issues = _run(classic, body)
    if issues and beta is not None:
        beta_model, beta_issues = _run(beta, body)
        if not beta_issues:
            model, issues = beta_model, []
        elif any(issue.kind == "unknown_type" for issue in issues):
            issues = beta_issues  # a beta-only block or delta: the beta types say more
    found = [Violation(_dotted(issue.path), issue.message) for issue in issues]
    if strict and model is not None:
        found.extend(_unknown_fields(model, (), allowed_extra))
    return found


def _run(model: type[BaseModel], body: Any) -> tuple[BaseModel | None, list[_Issue]]:
    result, issues = _attempt(model, body)
    late = [(issue.path, _late_field(issue.path)) for issue in issues if issue.kind == "missing"]
    if any(field for _, field in late):
        filled = copy.deepcopy(body)
        for path, field in late:
            if field is not None:
                _fill(filled, path, LATE_FIELDS[field])
        result, issues = _attempt(model, filled)
    return result, issues


def _attempt(model: type[BaseModel], body: Any) -> tuple[BaseModel | None, list[_Issue]]:
    try:
        return _adapter(model).validate_python(body, strict=True), []
    except ValidationError as exc:
        errors = [
            _Err(
                loc=tuple(e["loc"]),
                type=e["type"],
                msg=e["msg"],
                input=e.get("input"),
                expected=(e.get("ctx") or {}).get("expected"),
            )
            for e in exc.errors(include_url=False)
        ]
        return None, _reduce(errors, body, ())


def _late_field(path: Loc) -> str | None:
    """The LATE_FIELDS entry a missing field's path ends with, if any."""
    dotted = ".".join(part for part in path if isinstance(part, str))
    return next(
        (field for field in LATE_FIELDS if dotted == field or dotted.endswith("." + field)),
        None,
    )


def _fill(body: Any, path: Loc, value: Any) -> None:
    target = body
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


# -- turning pydantic's errors into findings -------------------------------------------------


def _reduce(errors: list[_Err], value: Any, path: Loc) -> list[_Issue]:
    """Follow the errors down the value. Where pydantic tried every member of a union (its
    location names the member, e.g. ``content.1.TextBlock.text``), keep only the member the
    value's ``type`` selects, or report the type as unknown when none does."""
    issues: list[_Issue] = []
    fields: dict[str | int, list[_Err]] = {}
    members: dict[str, list[_Err]] = {}
    for err in errors:
        if not err.loc:
            issues.append(_Issue(path, _describe(err, path), err.type))
            continue
        head, rest = err.loc[0], err.loc[1:]
        shifted = _Err(rest, err.type, err.msg, err.input, err.expected)
        if isinstance(head, str) and _is_member_tag(value, head, rest):
            members.setdefault(head, []).append(shifted)
        else:
            fields.setdefault(head, []).append(shifted)
    for key, errs in fields.items():
        issues.extend(_reduce(errs, _child(value, key), (*path, key)))
    if members:
        issues.extend(_reduce_union(members, value, path))
    return issues


def _is_member_tag(value: Any, head: str, rest: Loc) -> bool:
    if not isinstance(value, dict):
        return True  # only a dict has named fields to descend into
    return head not in value and bool(rest)  # a missing field ends its location


def _child(value: Any, key: str | int) -> Any:
    if isinstance(value, dict):
        return value.get(key)
    if isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
        return value[key]
    return None


def _reduce_union(members: dict[str, list[_Err]], value: Any, path: Loc) -> list[_Issue]:
    if isinstance(value, dict):
        type_errors = {tag: _type_error(errs) for tag, errs in members.items()}
        if all(err is not None for err in type_errors.values()):
            if "type" not in value:
                return [_Issue((*path, "type"), "required field 'type' is missing", "missing")]
            expected = [e.expected for e in type_errors.values() if e and e.expected]
            return [
                _Issue(
                    (*path, "type"),
                    f"unknown type {_quote(value['type'])}; expected one of {', '.join(expected)}",
                    "unknown_type",
                )
            ]
        members = {tag: errs for tag, errs in members.items() if type_errors[tag] is None}
    # members whose outer shape fits (their errors lie deeper) explain the value best
    fitting = {tag: errs for tag, errs in members.items() if all(e.loc for e in errs)}
    if not fitting:
        if all(e.type in _OBJECT_ERRORS for errs in members.values() for e in errs):
            message = f"expected a JSON object, got {_json_type(value)}"
            return [_Issue(path, message, "model_type")]
        messages = dict.fromkeys(e.msg for errs in members.values() for e in errs)
        message = f"{_quote(value)} matches none of the allowed forms: {'; '.join(messages)}"
        return [_Issue(path, message, "union")]
    best = min(fitting.values(), key=len)
    return _reduce(best, value, path)


def _type_error(errs: list[_Err]) -> _Err | None:
    """The member's complaint about the discriminating ``type`` field, if it has one."""
    return next((e for e in errs if e.loc == ("type",) and e.type in _TYPE_ERRORS), None)


def _describe(err: _Err, path: Loc) -> str:
    if err.type == "missing":
        return f"required field {_quote(path[-1] if path else '')} is missing"
    if err.type == "literal_error":
        return f"{_quote(err.input)} is not allowed; expected {err.expected}"
    if err.type in _OBJECT_ERRORS:
        return f"expected a JSON object, got {_json_type(err.input)}"
    return f"{err.msg} (got {_quote(err.input)})"


def _missing_stop_reason(path: Loc) -> Violation:
    return Violation(
        _dotted((*path, "stop_reason")),
        "required field 'stop_reason' is missing (it may be null, but must be present)",
    )


# -- strict mode -------------------------------------------------------------------------------


def _unknown_fields(model: BaseModel, path: Loc, allowed: frozenset[str]) -> list[Violation]:
    found = [
        Violation(_dotted((*path, key)), f"unknown field {key!r}")
        for key in model.model_extra or {}
        if key not in allowed
    ]
    for name, info in type(model).model_fields.items():
        found.extend(_unknown_fields_in(getattr(model, name, None), (*path, info.alias or name)))
    return found


def _unknown_fields_in(value: Any, path: Loc) -> list[Violation]:
    if isinstance(value, BaseModel):
        return _unknown_fields(value, path, frozenset())
    found: list[Violation] = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_unknown_fields_in(item, (*path, i)))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            found.extend(_unknown_fields_in(item, (*path, str(key))))
    return found


# -- formatting --------------------------------------------------------------------------------


def _dotted(path: Loc) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _quote(value: Any) -> str:
    """A short, readable rendering of a JSON value (null, true and false as JSON spells them)."""
    text = (
        "null" if value is None else str(value).lower() if isinstance(value, bool) else repr(value)
    )
    return text if len(text) <= _QUOTE_LIMIT else text[:_QUOTE_LIMIT] + "..."

"""Pydantic's validation errors -> readable findings.

Where pydantic tried every member of a union, its errors name each member; `reduce_errors`
keeps only the member the value's ``type`` selects, reports an unknown ``type`` as one
finding, and says "expected a JSON object" rather than listing every member's complaint. The
formatting helpers render paths (``content[1].text``) and values (``null``, ``'abc...'``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_TYPE_ERRORS = frozenset({"literal_error", "missing"})
OBJECT_ERRORS = frozenset({"model_type", "model_attributes_type", "dict_type"})
_QUOTE_LIMIT = 60

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Err:
    """A pydantic error, with its location relative to the value being examined."""

    loc: Loc
    type: str
    msg: str
    input: Any
    expected: str | None


@dataclass(frozen=True)
class Issue:
    """A finding at ``path``, before it is rendered as a Violation."""

    path: Loc
    message: str
    kind: str  # the pydantic error type, or "unknown_type" for an unknown discriminator


def reduce_errors(errors: list[Err], value: Any, path: Loc) -> list[Issue]:
    """Follow the errors down the value. Where pydantic tried every member of a union (its
    location names the member, e.g. ``content.1.TextBlock.text``), keep only the member the
    value's ``type`` selects, or report the type as unknown when none does."""
    issues: list[Issue] = []
    fields: dict[str | int, list[Err]] = {}
    members: dict[str, list[Err]] = {}
    for err in errors:
        if not err.loc:
            issues.append(Issue(path, _describe(err, path), err.type))
            continue
        head, rest = err.loc[0], err.loc[1:]
        shifted = Err(rest, err.type, err.msg, err.input, err.expected)
        if isinstance(head, str) and _is_member_tag(value, head, rest):
            members.setdefault(head, []).append(shifted)
        else:
            fields.setdefault(head, []).append(shifted)
    for key, errs in fields.items():
        issues.extend(reduce_errors(errs, _child(value, key), (*path, key)))
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


def _reduce_union(members: dict[str, list[Err]], value: Any, path: Loc) -> list[Issue]:
    if isinstance(value, dict):
        type_errors = {tag: _type_error(errs) for tag, errs in members.items()}
        if all(err is not None for err in type_errors.values()):
            if "type" not in value:
                return [Issue((*path, "type"), "required field 'type' is missing", "missing")]
            expected = [e.expected for e in type_errors.values() if e and e.expected]
            return [
                Issue(
                    (*path, "type"),
                    f"unknown type {quote(value['type'])}; expected one of {', '.join(expected)}",
                    "unknown_type",
                )
            ]
        members = {tag: errs for tag, errs in members.items() if type_errors[tag] is None}
    # members whose outer shape fits (their errors lie deeper) explain the value best
    fitting = {tag: errs for tag, errs in members.items() if all(e.loc for e in errs)}
    if not fitting:
        if all(e.type in OBJECT_ERRORS for errs in members.values() for e in errs):
            message = f"expected a JSON object, got {json_type(value)}"
            return [Issue(path, message, "model_type")]
        messages = dict.fromkeys(e.msg for errs in members.values() for e in errs)
        message = f"{quote(value)} matches none of the allowed forms: {'; '.join(messages)}"
        return [Issue(path, message, "union")]
    best = min(fitting.values(), key=len)
    return reduce_errors(best, value, path)


def _type_error(errs: list[Err]) -> Err | None:
    """The member's complaint about the discriminating ``type`` field, if it has one."""
    return next((e for e in errs if e.loc == ("type",) and e.type in _TYPE_ERRORS), None)


def _describe(err: Err, path: Loc) -> str:
    if err.type == "missing":
        return f"required field {quote(path[-1] if path else '')} is missing"
    if err.type == "literal_error":
        return f"{quote(err.input)} is not allowed; expected {err.expected}"
    if err.type in OBJECT_ERRORS:
        return f"expected a JSON object, got {json_type(err.input)}"
    return f"{err.msg} (got {quote(err.input)})"


# -- formatting --------------------------------------------------------------------------------


def dotted(path: Loc) -> str:
    """A location as a finding's path: ``content[1].text``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def json_type(value: Any) -> str:
    """What kind of JSON value ``value`` is, as a message says it (``an object``, ``null``)."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def quote(value: Any) -> str:
    """A short, readable rendering of a JSON value (null, true and false as JSON spells them)."""
    text = (
        "null" if value is None else str(value).lower() if isinstance(value, bool) else repr(value)
    )
    return text if len(text) <= _QUOTE_LIMIT else text[:_QUOTE_LIMIT] + "..."

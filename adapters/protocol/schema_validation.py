"""A value against one of the SDK's pydantic models: strict numbers, the beta model as a
fallback, late fields filled in, and (strict mode) fields the model does not know.

`validate` runs the classic model and, when it fails, the beta one (a beta-only block or
delta: the beta types say more). A required field missing only because the API added it later
(`LATE_FIELDS`) is filled in and never reported, so the rest of the object is still checked.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from adapters.protocol.schema_findings import Err, Issue, Loc, dotted, reduce_errors
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


def validate(
    classic: type[BaseModel],
    beta: type[BaseModel] | None,
    body: Any,
    strict: bool,
    allowed_extra: frozenset[str] = frozenset(),
) -> list[Violation]:
    """What is wrong with ``body`` as a ``classic`` (else ``beta``) model; under ``strict``
    also its unknown fields (but those in ``allowed_extra`` at the top)."""
    model, issues = _run(classic, body)
    if issues and beta is not None:
        beta_model, beta_issues = _run(beta, body)
        if not beta_issues:
            model, issues = beta_model, []
        elif any(issue.kind == "unknown_type" for issue in issues):
            issues = beta_issues  # a beta-only block or delta: the beta types say more
    found = [Violation(dotted(issue.path), issue.message) for issue in issues]
    if strict and model is not None:
        found.extend(_unknown_fields(model, (), allowed_extra))
    return found


@functools.cache
def _adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def _run(model: type[BaseModel], body: Any) -> tuple[BaseModel | None, list[Issue]]:
    result, issues = _attempt(model, body)
    late = [(issue.path, _late_field(issue.path)) for issue in issues if issue.kind == "missing"]
    if any(field for _, field in late):
        filled = copy.deepcopy(body)
        for path, field in late:
            if field is not None:
                _fill(filled, path, LATE_FIELDS[field])
        result, issues = _attempt(model, filled)
    return result, issues


def _attempt(model: type[BaseModel], body: Any) -> tuple[BaseModel | None, list[Issue]]:
    try:
        return _adapter(model).validate_python(body, strict=True), []
    except ValidationError as exc:
        errors = [
            Err(
                loc=tuple(e["loc"]),
                type=e["type"],
                msg=e["msg"],
                input=e.get("input"),
                expected=(e.get("ctx") or {}).get("expected"),
            )
            for e in exc.errors(include_url=False)
        ]
        return None, reduce_errors(errors, body, ())


def _late_field(path: Loc) -> str | None:
    """The LATE_FIELDS entry a missing field's path ends with, if any."""
    text = ".".join(part for part in path if isinstance(part, str))
    return next(
        (field for field in LATE_FIELDS if text == field or text.endswith("." + field)),
        None,
    )


def _fill(body: Any, path: Loc, value: Any) -> None:
    target = body
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


# -- strict mode -------------------------------------------------------------------------------


def _unknown_fields(model: BaseModel, path: Loc, allowed: frozenset[str]) -> list[Violation]:
    found = [
        Violation(dotted((*path, key)), f"unknown field {key!r}")
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

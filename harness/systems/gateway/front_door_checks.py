"""What a front-door case's client received, judged with the anthropic SDK's types.

Each function returns findings: ``front-door`` for a promise broken (a status, an error type,
a model missing from the list, a page that does not chain), ``schema`` for a body the SDK's
types refuse (`adapters.protocol.schema`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from adapters import limits
from adapters.protocol import schema
from adapters.protocol.violation import Violation
from harness.findings import Finding
from harness.scenarios.front_door import FrontDoorExpect

CHECK = "front-door"


@dataclass(frozen=True)
class Received:
    """One answer the client got: its status and JSON body (None: not JSON, see problem)."""

    status: int
    body: Any
    problem: str | None = None


def answer(expect: FrontDoorExpect, got: Received, model: str | None = None) -> list[Finding]:
    """``got`` against ``expect``: the status, then the body as the SDK types read it (a
    model's ``id`` must be ``model``)."""
    if got.problem is not None:
        return [Finding("client", "body", "a JSON body", None, got.problem)]
    if got.status != expect.status:
        return [
            Finding(
                CHECK,
                "status",
                expect.status,
                got.status,
                f"the client got {got.status} where the API answers {expect.status}"
                f"{_error_said(got.body)}",
            )
        ]
    kind = expect.body
    if kind == "error":
        return _error(expect, got.body)
    if kind == "model":
        found = _schema("body", schema.validate_model_info(got.body))
        if not found and model is not None and got.body.get("id") != model:
            found.append(Finding(CHECK, "body.id", model, got.body.get("id"), "another model"))
        return found
    if kind == "message":
        return _schema("body", schema.validate_message(got.body))
    if kind == "count_tokens":
        return _schema("body", schema.validate_count_tokens(got.body))
    return page(got.body, "body")


def page(body: Any, where: str) -> list[Finding]:
    """One page of ``GET /v1/models``: ``data`` (each a valid ``ModelInfo``), ``has_more``,
    and ``first_id`` / ``last_id`` naming its first and last model."""
    if not isinstance(body, dict):
        return [Finding("schema", where, "a page object", _kind(body), "not a page of models")]
    found: list[Finding] = []
    data = body.get("data")
    if not isinstance(data, list):
        return [Finding("schema", f"{where}.data", "a list", _kind(data), "no list of models")]
    for index, item in enumerate(data):
        found.extend(_schema(f"{where}.data[{index}]", schema.validate_model_info(item)))
    if not isinstance(body.get("has_more"), bool):
        found.append(
            Finding("schema", f"{where}.has_more", "a boolean", _kind(body.get("has_more")), "")
        )
    ids = [item.get("id") if isinstance(item, dict) else None for item in data]
    for key, want in (("first_id", ids[0] if ids else None), ("last_id", ids[-1] if ids else None)):
        if key not in body or body.get(key) != want:
            got = body.get(key, "(absent)")
            message = f"must name the page's {key.split('_')[0]} model (null on an empty page)"
            found.append(Finding(CHECK, f"{where}.{key}", want, got, message))
    return found


def walk(pages: Sequence[Received], limit: int, model: str) -> list[Finding]:
    """A list read page by page (``limit`` each, ``after_id`` the previous ``last_id``):
    each page valid and no longer than ``limit``, no model twice, ``model`` among them."""
    found: list[Finding] = []
    seen: list[str] = []
    for index, got in enumerate(pages):
        where = f"pages[{index}]"
        if got.problem is not None or got.status != 200:
            said = got.problem or f"status {got.status}{_error_said(got.body)}"
            return [*found, Finding(CHECK, where, 200, got.status, f"a page failed: {said}")]
        found.extend(page(got.body, where))
        data = got.body.get("data") if isinstance(got.body, dict) else None
        items = data if isinstance(data, list) else []
        if len(items) > limit:
            found.append(Finding(CHECK, f"{where}.data", limit, len(items), "more than limit"))
        seen.extend(str(i.get("id")) for i in items if isinstance(i, dict))
    twice = sorted({name for name in seen if seen.count(name) > 1})
    if twice:
        found.append(Finding(CHECK, "pages", [], twice, "models listed twice across pages"))
    if model not in seen:
        found.append(
            Finding(CHECK, "pages", model, None, "the model a client uses is not in the list")
        )
    return found


def names(expect: FrontDoorExpect, body: Any) -> list[Finding]:
    """The error message names what it is about (``expect.names``), when asked."""
    if expect.names is None:
        return []
    error = body.get("error") if isinstance(body, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    if isinstance(message, str) and expect.names.lower() in message.lower():
        return []
    return [
        Finding(
            CHECK,
            "body.error.message",
            f"a message naming {expect.names!r}",
            message,
            "the error does not say what it is about",
        )
    ]


def _error(expect: FrontDoorExpect, body: Any) -> list[Finding]:
    found = _schema("body", schema.validate_error(body))
    if found:
        return found
    kind = body["error"]["type"]
    if kind != expect.error_type:
        found.append(
            Finding(CHECK, "body.error.type", expect.error_type, kind, "another error type")
        )
    return found + names(expect, body)


def _schema(where: str, violations: list[Violation]) -> list[Finding]:
    return [
        Finding("schema", f"{where}.{v.path}" if v.path else where, None, None, v.message)
        for v in violations
    ]


def _error_said(body: Any) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return f" ({error.get('type')}: {limits.excerpt(str(error.get('message')))})"
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return f" ({limits.excerpt(body['detail'])})"
    return ""


def _kind(value: Any) -> str:
    return type(value).__name__ if value is not None else "null"

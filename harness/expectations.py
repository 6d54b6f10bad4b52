"""Scenario expectations: assertions on a mode-independent view of the outcome.

The view has ``status``, ``message`` (the JSON Message, or the Message folded from the
stream), ``error`` (the Anthropic error object from the body or from an ``error`` event),
``events`` (stream mode only) and ``body``. Paths are dotted with ``[n]`` indices:
``message.content[1].input.city``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from adapters.base import JSON
from adapters.protocol.fold import fold_events
from adapters.protocol.validity import foldable
from harness.findings import Finding
from harness.scenarios import Expectation

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def outcome_view(outcome: JSON) -> JSON:
    """The view expectations and reply checks read."""
    body = outcome.get("body")
    events = outcome.get("events")
    message: Any = None
    error: Any = None
    if isinstance(body, dict):
        if body.get("type") == "message":
            message = body
        elif body.get("type") == "error":
            error = body.get("error")
    if events is not None:
        message = error = None
        if foldable(events):
            folded = fold_events(events)
            message = folded.message
            error = folded.error
    return {
        "status": outcome.get("status"),
        "message": message,
        "error": error,
        "events": events,
        "body": body,
    }


def resolve(data: Any, path: str) -> tuple[bool, Any]:
    """(found, value) for a dotted path; ``found`` is False when any step is missing."""
    current = data
    for name, index in _TOKEN.findall(path):
        if index:
            if not isinstance(current, list) or int(index) >= len(current):
                return False, None
            current = current[int(index)]
        else:
            if not isinstance(current, dict) or name not in current:
                return False, None
            current = current[name]
    return True, current


def check_expectations(expectations: tuple[Expectation, ...], view: JSON) -> list[Finding]:
    """One finding per expectation that does not hold."""
    findings = []
    for exp in expectations:
        found, value = resolve(view, exp.path)
        problem = _evaluate(exp, found, value)
        if problem:
            where = f" (scenario line {exp.line})" if exp.line else ""
            findings.append(
                Finding(
                    "expectation",
                    exp.path,
                    _expected(exp),
                    value if found else None,
                    problem + where,
                )
            )
    return findings


_CHUNK = re.compile(r"^front\.chunks\[\d+\]\.")


def at_first_chunk(exp: Expectation, view: JSON) -> Expectation:
    """``exp`` read chunk-blind: an expectation on a numbered chunk of an OpenAI-front
    stream (``front.chunks[1].choices[0].delta.tool_calls[0].id``) moved to the first chunk
    that has that path at all. Where a stream is split into chunks is no part of what a
    client reads from it; which chunk first carries a field is. Unchanged when no chunk has
    the path (the finding then names the scenario's own path) and for ``exists``."""
    anchored = _CHUNK.match(exp.path)
    front = view.get("front")
    chunks = front.get("chunks") if isinstance(front, dict) else None
    if anchored is None or exp.op == "exists" or not isinstance(chunks, list):
        return exp
    rest = exp.path[anchored.end() :]
    for index, chunk in enumerate(chunks):
        if resolve(chunk, rest)[0]:
            return replace(exp, path=f"front.chunks[{index}].{rest}")
    return exp


def _expected(exp: Expectation) -> Any:
    return exp.value if exp.op in ("equals", "one_of", "length") else {exp.op: exp.value}


def _evaluate(exp: Expectation, found: bool, value: Any) -> str | None:
    if exp.op == "exists":
        if found != bool(exp.value):
            return "expected the path to exist" if exp.value else "expected the path to be absent"
        return None
    if not found:
        return "the path does not exist in the outcome"
    if exp.op == "equals" and value != exp.value:
        return "value differs from the expectation"
    if exp.op == "not_equals" and value == exp.value:
        return "value must differ from the given one"
    if exp.op == "one_of" and value not in exp.value:
        return "value is not one of the allowed values"
    if exp.op == "matches" and not (isinstance(value, str) and re.search(exp.value, value)):
        return "value does not match the pattern"
    if exp.op == "length" and not (
        isinstance(value, (list, str, dict)) and len(value) == exp.value
    ):
        return "length differs from the expectation"
    return None

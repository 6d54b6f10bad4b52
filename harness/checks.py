"""The checks a case's outcome goes through, each giving findings.

schema (official SDK types), grammar (stream order), reply (the simulator rendered what the
scenario scripted, and the translator carried it through), parity (against the canonical
target, with declared known differences) and usage. Golden comparison lives in `golden`,
expectations in `expectations`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from adapters.base import JSON
from adapters.protocol.validity import event_order_violations, event_schema_violations
from harness.compare import diff
from harness.expectations import outcome_view
from harness.findings import Finding
from harness.normalize import parity_view
from harness.scenarios import KnownDifference, Scenario

_EVENT_PREFIX = re.compile(
    r"^(?:body\.|message\.|events\[\d+\]\.(?:message\.|delta\.|content_block\.)?)"
)
_EVENT_ONLY = re.compile(r"^events\[\d+\]\.")
_DECLARABLE = ("parity", "usage", "reply", "expectation")


def check_body_schema(body: Any) -> list[Finding]:
    """A JSON body against the official types."""
    from adapters.protocol import schema  # the SDK's types: imported when first validating

    return [Finding("schema", v.path, None, None, v.message) for v in schema.validate_body(body)]


def check_stream(events: Sequence[JSON], names: Sequence[str]) -> list[Finding]:
    """Every event against the official types (check ``schema``), then the stream grammar and
    the fold (check ``grammar``)."""
    if not isinstance(events, list):
        return [Finding("schema", "events", None, None, "the stream is not a list of events")]
    return [
        *(
            Finding("schema", v.path, None, None, v.message)
            for v in event_schema_violations(events)
        ),
        *(
            Finding("grammar", v.path, None, None, v.message)
            for v in event_order_violations(events, names)
        ),
    ]


def check_reply(scenario: Scenario, mode: str, view: JSON) -> list[Finding]:
    """The outcome says what the scenario scripted (for simulator recordings)."""
    reply = scenario.reply
    kind = scenario.reply_kind()
    findings: list[Finding] = []
    if kind == "error":
        err = reply["error"]
        _expect(findings, "reply", "status", err["status"], view["status"], "HTTP status")
        got = (view.get("error") or {}).get("type")
        _expect(findings, "reply", "error.type", err["type"], got, "error type")
        return findings
    if kind == "count_tokens":
        got = (view.get("body") or {}).get("input_tokens")
        _expect(findings, "reply", "body.input_tokens", reply["input_tokens"], got, "input_tokens")
        return findings
    _expect(findings, "reply", "status", 200, view["status"], "HTTP status")
    if mode == "stream" and "stream_error" in reply:
        got = (view.get("error") or {}).get("type")
        _expect(
            findings, "reply", "error.type", reply["stream_error"]["type"], got, "error event type"
        )
        return findings
    message = view.get("message")
    if not isinstance(message, dict):
        findings.append(Finding("reply", "message", "a message", None, "no message in the outcome"))
        return findings
    return findings + _check_scripted_message(reply, message)


def _check_scripted_message(reply: JSON, message: JSON) -> list[Finding]:
    """A message's content blocks, stop reason, stop sequence and usage against the script."""
    findings: list[Finding] = []
    content = message.get("content") or []
    expected_blocks = reply["content"]
    if len(content) != len(expected_blocks):
        findings.append(
            Finding(
                "reply",
                "message.content",
                len(expected_blocks),
                len(content),
                "number of content blocks differs from the scripted reply",
            )
        )
    for i, (want, got) in enumerate(zip(expected_blocks, content, strict=False)):
        projected = {k: got.get(k) for k in want} if isinstance(got, dict) else got
        findings.extend(
            _rebase(
                diff(want, projected, check="reply", against="the scripted reply"),
                f"message.content[{i}]",
            )
        )
    for key in ("stop_reason", "stop_sequence"):
        want = reply.get(key)
        _expect(findings, "reply", f"message.{key}", want, message.get(key), key)
    details = reply.get("stop_details")
    if details is not None:
        want = {"type": "refusal", "category": None, "explanation": None, **details}
        got = message.get("stop_details")
        _expect(findings, "reply", "message.stop_details", want, got, "stop_details")
    usage = message.get("usage") or {}
    for key, want in reply["usage"].items():
        _expect(findings, "usage", f"message.usage.{key}", want, usage.get(key), key)
    return findings


def check_parity(reference: JSON | None, outcome: JSON) -> list[Finding]:
    """Differences from the canonical target's outcome (usage ones under check ``usage``)."""
    if reference is None:
        return [Finding("parity", "", None, None, "the canonical case has no outcome to compare")]
    found = diff(
        parity_view(reference), parity_view(outcome), check="parity", against="the canonical target"
    )
    return [
        Finding("usage", f.path, f.expected, f.actual, f.message)
        if "usage" in f.path.split(".")
        else f
        for f in found
    ]


def structural_view(outcome: JSON) -> JSON:
    """What a live recording must share with the canonical target: a live model does not
    say the scripted words, so only the shape is compared. Status; error type; block types
    in order, tool names and input keys; stop reason; which usage fields are present."""
    view = outcome_view(outcome)
    shape: JSON = {"status": view["status"]}
    if isinstance(view.get("error"), dict):
        shape["error"] = view["error"].get("type")
    message = view.get("message")
    if isinstance(message, dict):
        blocks = []
        content = message.get("content")
        for block in content if isinstance(content, list) else []:
            if not isinstance(block, dict):
                blocks.append({"type": None})
                continue
            item: JSON = {"type": block.get("type")}
            if block.get("type") in ("tool_use", "server_tool_use"):
                tool_input = block.get("input")
                item["name"] = block.get("name")
                item["input_keys"] = (
                    sorted(map(str, tool_input)) if isinstance(tool_input, dict) else []
                )
            blocks.append(item)
        usage = message.get("usage")
        shape["content"] = blocks
        shape["stop_reason"] = message.get("stop_reason")
        shape["usage_fields"] = (
            sorted(k for k, v in usage.items() if v is not None) if isinstance(usage, dict) else []
        )
    return shape


def check_structural_parity(reference: JSON | None, outcome: JSON) -> list[Finding]:
    """Structural parity (for live recordings) with the canonical target's outcome."""
    if reference is None:
        return [Finding("parity", "", None, None, "the canonical case has no outcome to compare")]
    found = diff(
        structural_view(reference),
        structural_view(outcome),
        check="parity",
        against="the canonical target (structure, live)",
    )
    return [
        Finding("usage", f.path, f.expected, f.actual, f.message)
        if f.path.startswith("usage")
        else f
        for f in found
    ]


def set_aside_declared(
    findings: list[Finding], declared: list[KnownDifference]
) -> tuple[list[Finding], set[str]]:
    """Split off the findings a declared known difference covers.

    A known difference's path is relative to the message (``usage.cache_creation``) or to a
    stream event (``delta.stop_reason``); it covers a finding at that path or below it.
    Returns the findings that remain and the declared paths that were used.
    """
    kept: list[Finding] = []
    used: set[str] = set()
    for finding in findings:
        match = _declared(finding.path, declared) if finding.check in _DECLARABLE else None
        if match is None:
            kept.append(finding)
        else:
            used.add(match.path)
    return kept, used


def _declared(path: str, declared: list[KnownDifference]) -> KnownDifference | None:
    candidates = (path, _EVENT_PREFIX.sub("", path), _EVENT_ONLY.sub("", path))
    for known in declared:
        for candidate in candidates:
            if candidate == known.path or candidate.startswith(
                (known.path + ".", known.path + "[")
            ):
                return known
    return None


def _expect(findings: list[Finding], check: str, path: str, want: Any, got: Any, what: str) -> None:
    if want != got:
        findings.append(Finding(check, path, want, got, f"{what} differs from the scripted reply"))


def _rebase(findings: list[Finding], prefix: str) -> list[Finding]:
    return [
        Finding(
            f.check, f"{prefix}.{f.path}" if f.path else prefix, f.expected, f.actual, f.message
        )
        for f in findings
    ]

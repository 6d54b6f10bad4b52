"""Structured-output and effort mapping bugs, injected into the reference translator, turn
exactly the cases they affect red over the whole shipped corpus: a strict tool sent to
Converse without its ``strict``, the JSON-schema format lost on the way to chat completions,
a schema OpenAI's strict mode cannot take sent strict anyway, and the efforts above ``high``
clamped to ``high`` on the Responses API.

As in every broken-mapping test (tests/support/injected_bugs.py), the affected cases are
computed from a replay before the bug is injected (the unbroken wire requests),
not from the broken code.
"""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import JSON
from harness.runner import CaseResult
from tests.support.injected_bugs import break_request, red, replay, sent_where, unbroken_replay


def converse_specs(body: JSON) -> list[JSON]:
    tools = (body.get("toolConfig") or {}).get("tools") or []
    return [t["toolSpec"] for t in tools if "toolSpec" in t]


def chat_format(body: JSON) -> JSON:
    fmt = body.get("response_format") or {}
    spec = fmt.get("json_schema")
    return spec if isinstance(spec, dict) else {}


def affected(target: str, found: Any, breaks: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Break ``target``'s encoder with ``breaks`` and check that exactly the cases whose
    unbroken wire body ``found`` holds for turn red (at least one per mode)."""
    expected = sent_where(target, found)
    modes = {unbroken_replay(target)[cid].case.mode for cid in expected}
    assert modes == {"json", "stream"}, f"the corpus must exercise this on {target}"
    break_request(target, monkeypatch, breaks)
    results: dict[str, CaseResult] = replay(target)
    assert red(results) == expected


def test_dropping_strict_from_converse_tools_turns_exactly_the_strict_tool_cases_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def drop(body: JSON) -> None:
        for spec in converse_specs(body):
            spec.pop("strict", None)

    def strict(body: JSON) -> bool:
        return any("strict" in spec for spec in converse_specs(body))

    affected("bedrock-converse", strict, drop, monkeypatch)


def test_losing_the_response_format_turns_exactly_the_json_schema_cases_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    affected(
        "openai",
        lambda body: "response_format" in body,
        lambda body: body.pop("response_format", None),
        monkeypatch,
    )


def test_sending_every_schema_strict_turns_exactly_the_loosened_formats_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def force(body: JSON) -> None:
        if chat_format(body):
            chat_format(body)["strict"] = True

    affected("openai", lambda body: chat_format(body).get("strict") is False, force, monkeypatch)


def test_clamping_effort_to_high_turns_exactly_the_cases_above_high_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def effort(body: JSON) -> Any:
        return (body.get("reasoning") or {}).get("effort")

    def clamp(body: JSON) -> None:
        if effort(body) in ("xhigh", "max"):
            body["reasoning"]["effort"] = "high"

    affected("openai-responses", lambda body: effort(body) in ("xhigh", "max"), clamp, monkeypatch)

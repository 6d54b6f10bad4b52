"""Request-parameter mapping bugs, injected into the reference translator, turn exactly the
cases they affect red over the whole shipped corpus: the attribution parameters
(``user_profile_id``, ``workspace_id``) lost on the way to the backend, a thinking form read
as another, context management lost on the way there and its results (compaction blocks,
the edits applied) on the way back, an MCP server sent where there is no MCP connector.

As in `test_injected_bugs`, the affected cases are computed from a replay before the bug is
injected (the unbroken wire requests), not from the broken code.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from adapters.anthropic.request import HEADER_FIELDS
from adapters.base import JSON, Call, TargetSettings, WireRequest
from adapters.bedrock.invoke import request as invoke_request
from harness.registry import adapter as get_adapter
from harness.runner import CaseResult
from tests.support.injected_bugs import (
    break_json,
    break_request,
    live_cases,
    message_of,
    red,
    replay,
    sent_body,
    unbroken,
    unbroken_replay,
)

ATTRIBUTION_HEADERS = tuple(HEADER_FIELDS.values())


def sent_headers(result: CaseResult) -> dict[str, str]:
    wire = result.wire_request or {}
    return {k.lower(): v for k, v in (wire.get("headers") or {}).items()}


def test_dropping_the_attribution_headers_turns_exactly_the_cases_that_send_them_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "vertex"  # the Claude API sends both headers by the same helper
    before = unbroken_replay(target)
    adapter = get_adapter(target)
    original = adapter.encode_request

    def broken(call: Call, settings: TargetSettings) -> WireRequest:
        wire = original(call, settings)
        kept = {k: v for k, v in wire.headers.items() if k not in ATTRIBUTION_HEADERS}
        return replace(wire, headers=kept)

    monkeypatch.setattr(adapter, "encode_request", broken)
    results = replay(target)

    expected = {cid for cid, r in before.items() if set(sent_headers(r)) & set(ATTRIBUTION_HEADERS)}
    assert len(expected) >= 2, f"the corpus must send a user profile or workspace to {target}"
    assert red(results) == expected


def test_dropping_the_user_profile_from_converse_turns_exactly_those_cases_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target, where = "bedrock-converse", ("additionalModelRequestFields",)
    before = unbroken_replay(target)

    def holder(body: JSON) -> JSON:
        for key in where:
            body = body.get(key) or {}
        return body

    break_request(target, monkeypatch, lambda body: holder(body).pop("user_profile_id", None))
    results = replay(target)

    expected = {cid for cid, r in before.items() if "user_profile_id" in holder(sent_body(r))}
    assert len(expected) >= 2, f"the corpus must send a user profile to {target}"
    assert red(results) == expected


def test_reading_between_tools_as_disabled_turns_exactly_those_requests_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "bedrock-invoke"
    before = unbroken_replay(target)

    def downgrade(body: JSON) -> None:
        thinking = body.get("thinking") or {}
        if thinking.get("type") == "between_tools":
            body["thinking"] = {"type": "disabled"}

    break_request(target, monkeypatch, downgrade)
    results = replay(target)

    expected = {
        cid
        for cid in live_cases(before)
        if (sent_body(before[cid]).get("thinking") or {}).get("type") == "between_tools"
    }
    assert len(expected) >= 2, "the corpus must send between_tools thinking to InvokeModel"
    assert red(results) == expected


def test_dropping_context_management_on_invoke_turns_exactly_those_requests_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "bedrock-invoke"
    before = unbroken_replay(target)
    break_request(target, monkeypatch, lambda body: body.pop("context_management", None))
    results = replay(target)

    expected = {cid for cid in live_cases(before) if "context_management" in sent_body(before[cid])}
    assert len(expected) >= 6, "the corpus must send context management to InvokeModel"
    assert red(results) == expected


def test_losing_compaction_blocks_and_applied_edits_turns_exactly_those_answers_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "bedrock-invoke"
    before = unbroken(target)

    def lose(body: JSON) -> None:
        body.pop("context_management", None)
        content = body.get("content")
        if isinstance(content, list):
            content[:] = [b for b in content if b.get("type") != "compaction"]

    break_json(target, monkeypatch, lose)
    results = replay(target)

    def beta_answer(outcome: JSON) -> bool:
        message = message_of(outcome)
        blocks = message.get("content") or []
        return "context_management" in message or any(b["type"] == "compaction" for b in blocks)

    expected = {
        cid for cid in live_cases(results, "json") if cid in before and beta_answer(before[cid])
    }
    assert len(expected) >= 2, "the corpus must answer InvokeModel with beta blocks"
    assert red(results) == expected


def test_forgetting_that_bedrock_has_no_mcp_connector_turns_exactly_those_requests_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "bedrock-invoke"
    before = unbroken_replay(target)
    kept = {k: v for k, v in invoke_request.REFUSED.items() if k != "mcp_servers"}
    monkeypatch.setattr(invoke_request, "REFUSED", kept)
    results = replay(target)

    def refused_field(result: CaseResult) -> str | None:
        refusal = result.case.scenario.refusal_for(target, result.case.mode)
        return refusal.field if refusal is not None else None

    expected = {cid for cid, r in before.items() if refused_field(r) == "mcp_servers"}
    assert len(expected) >= 2, "the corpus must send an MCP server to InvokeModel"
    assert red(results) == expected

"""Server-tool mapping bugs, injected into the reference translator, turn exactly the cases
they affect red over the whole shipped corpus: the server tool requests dropped from the
usage, a result block's type renamed, the platform's beta flag for a server tool not sent.

As in `test_injected_bugs`, the affected cases are computed from a replay before the bug is
injected (the unbroken outcomes and wire requests), not from the broken code.
"""

from __future__ import annotations

import pytest

from adapters.base import JSON
from tests.support.injected_bugs import (
    break_json,
    break_request,
    break_stream,
    live_cases,
    message_of,
    red,
    replay,
    sent_body,
    unbroken,
    unbroken_replay,
)


def block_types(outcome: JSON) -> set[str]:
    return {str(b.get("type")) for b in message_of(outcome).get("content") or []}


def test_dropping_server_tool_usage_turns_exactly_the_cases_that_count_it_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "vertex"
    before = unbroken(target)

    def drop(body: JSON) -> None:
        (body.get("usage") or {}).pop("server_tool_use", None)

    def drop_events(events: list[JSON]) -> list[JSON]:
        for event in events:
            for usage in (event.get("usage"), (event.get("message") or {}).get("usage")):
                if isinstance(usage, dict):
                    usage.pop("server_tool_use", None)
        return events

    break_json(target, monkeypatch, drop)
    break_stream(target, monkeypatch, drop_events)
    results = replay(target)
    expected = {
        cid
        for cid in live_cases(results)
        if "server_tool_use" in (message_of(before[cid]).get("usage") or {})
    }
    assert len(expected) >= 4, "the corpus must count server tool requests on Vertex AI"
    assert red(results) == expected
    assert {f.check for cid in expected for f in results[cid].findings} >= {"usage"}


def test_renaming_a_result_block_turns_exactly_the_cases_that_hold_it_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target, renamed = "bedrock-invoke", "tool_search_tool_result"
    before = unbroken(target)

    def rename(block: JSON) -> None:
        if block.get("type") == renamed:
            block["type"] = "tool_search_result"

    def rename_body(body: JSON) -> None:
        for block in body.get("content") or []:
            rename(block)

    def rename_events(events: list[JSON]) -> list[JSON]:
        for event in events:
            rename(event.get("content_block") or {})
        return events

    break_json(target, monkeypatch, rename_body)
    break_stream(target, monkeypatch, rename_events)
    results = replay(target)
    expected = {cid for cid in live_cases(results) if renamed in block_types(before[cid])}
    assert len(expected) >= 2, "the corpus must return tool search results from InvokeModel"
    assert red(results) == expected


def test_leaving_out_the_tool_search_beta_turns_exactly_the_tool_search_requests_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target, flag = "bedrock-invoke", "tool-search-tool-2025-10-19"
    before = unbroken_replay(target)

    def forget(body: JSON) -> None:
        betas = [b for b in body.get("anthropic_beta") or [] if b != flag]
        if betas:
            body["anthropic_beta"] = betas
        else:
            body.pop("anthropic_beta", None)

    break_request(target, monkeypatch, forget)
    results = replay(target)
    expected = {
        cid
        for cid in live_cases(before)
        if flag in (sent_body(before[cid]).get("anthropic_beta") or [])
    }
    assert len(expected) >= 2, "the corpus must send regex tool search to InvokeModel"
    assert red(results) == expected

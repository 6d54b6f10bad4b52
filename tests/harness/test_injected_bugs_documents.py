"""Document and citation mapping bugs, injected into the reference translator, turn exactly
the cases they affect red over the whole shipped corpus: a Converse citation's location
lost on the way back, a citations_delta sent to the wrong block, and the citation switch of
Converse documents and search results left out of the request.

As in every broken-mapping test (tests/support/injected_bugs.py), the affected cases are
computed from a replay before the bug is injected (the unbroken outcomes and wire requests),
not from the broken code.
"""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import JSON
from adapters.bedrock.converse import citations
from harness.runner import CaseResult
from tests.support.injected_bugs import (
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

LOCATION_FIELDS = (
    "start_char_index",
    "end_char_index",
    "start_page_number",
    "end_page_number",
    "start_block_index",
    "end_block_index",
)


def cited(outcome: JSON) -> bool:
    """Whether a text block of the outcome carries a citation."""
    return any(block.get("citations") for block in message_of(outcome).get("content") or [])


def citation_deltas(outcome: JSON) -> int:
    events = outcome.get("events") or []
    return sum(1 for e in events if (e.get("delta") or {}).get("type") == "citations_delta")


def converse_citation_switches(result: CaseResult) -> int:
    """How many documents and search results in the Converse request say ``citations``."""
    return sum(1 for holder in _holders(sent_body(result)) if "citations" in holder)


def _holders(value: Any) -> list[JSON]:
    if isinstance(value, dict):
        found = [value[k] for k in ("document", "searchResult") if isinstance(value.get(k), dict)]
        return found + [h for v in value.values() for h in _holders(v)]
    if isinstance(value, list):
        return [h for v in value for h in _holders(v)]
    return []


def test_losing_a_converse_citations_location_turns_exactly_the_cited_answers_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "bedrock-converse"
    before = unbroken(target)
    original = citations.to_anthropic

    def without_location(citation: Any, path: str) -> JSON:
        translated = original(citation, path)
        return {k: v for k, v in translated.items() if k not in LOCATION_FIELDS}

    monkeypatch.setattr(citations, "to_anthropic", without_location)
    results = replay(target)

    expected = {cid for cid in live_cases(unbroken_replay(target)) if cited(before[cid])}
    assert len(expected) >= 12, "the corpus must cite in both modes on Converse"
    assert red(results) == expected
    paths = {f.path for f in results[sorted(expected)[0]].findings}
    assert any("citations" in path for path in paths), paths


def test_a_citations_delta_sent_to_the_next_block_turns_exactly_the_cited_streams_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "bedrock-converse"  # its unbroken replay is shared with the other two bugs
    before = unbroken(target)

    def misindex(events: list[JSON]) -> list[JSON]:
        for event in events:
            if (event.get("delta") or {}).get("type") == "citations_delta":
                event["index"] += 1
        return events

    break_stream(target, monkeypatch, misindex)
    results = replay(target)

    expected = {
        cid for cid in live_cases(unbroken_replay(target), "stream") if citation_deltas(before[cid])
    }
    assert len(expected) >= 6, "the corpus must stream citations on Converse"
    assert red(results) == expected


def test_dropping_the_citation_switch_on_converse_turns_exactly_those_requests_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "bedrock-converse"
    before = unbroken_replay(target)

    def drop(body: JSON) -> None:
        for holder in _holders(body):
            holder.pop("citations", None)

    break_request(target, monkeypatch, drop)
    results = replay(target)

    expected = {cid for cid in live_cases(before) if converse_citation_switches(before[cid])}
    assert len(expected) >= 10, "the corpus must enable citations on Converse documents"
    assert red(results) == expected

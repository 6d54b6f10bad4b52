"""Known Responses translation bugs, injected into the ``openai-responses`` reference
translator, turn exactly the cases they affect red over the whole shipped corpus: a
function call's argument delta sent to the wrong item, reasoning dropped, usage not mapped.

As in `test_injected_bugs`, the affected cases are computed from a replay before the bug is
injected (the unbroken outcomes), not from the broken code.
"""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import JSON
from adapters.openai_responses import response, stream
from adapters.openai_responses.stream import StreamTranslator
from tests.harness.test_injected_bugs import (
    live_cases,
    message_of,
    red,
    replay,
    tool_blocks,
    unbroken,
    unbroken_replay,
)

TARGET = "openai-responses"
THINKING_BLOCKS = ("thinking", "redacted_thinking")


def test_the_unbroken_translator_leaves_every_case_green_amber_or_grey() -> None:
    assert red(unbroken_replay(TARGET)) == set()


def test_an_argument_delta_sent_to_the_first_call_turns_exactly_the_multi_call_streams_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken(TARGET)

    def first_call_only(self: StreamTranslator, value: JSON, where: str) -> None:
        # the bug: every fragment goes to the first function call the stream opened,
        # whatever item_id the event names
        first = next((i for i in self.items.values() if i.kind == "function_call"), None)
        delta = value.get("delta")
        if first is None or first.block is None or not isinstance(delta, str) or not delta:
            return
        event = {"type": "input_json_delta", "partial_json": delta}
        self.blocks.events.append(
            {"type": "content_block_delta", "index": first.block, "delta": event}
        )

    monkeypatch.setitem(stream._HANDLERS, "response.function_call_arguments.delta", first_call_only)
    results = replay(TARGET)
    expected = {cid for cid in live_cases(results, "stream") if tool_blocks(before[cid]) >= 2}
    assert len(expected) >= 2, "the corpus must hold parallel calls on this target"
    assert red(results) == expected


def test_dropping_reasoning_turns_exactly_the_cases_with_thinking_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken(TARGET)

    def nothing(*_: Any) -> None:
        return None

    monkeypatch.setattr(response, "reasoning_block", nothing)
    monkeypatch.setattr(StreamTranslator, "_reasoning_done", nothing)
    monkeypatch.setitem(stream._HANDLERS, "response.reasoning_summary_part.added", nothing)
    monkeypatch.setitem(stream._HANDLERS, "response.reasoning_summary_text.delta", nothing)
    results = replay(TARGET)
    expected = {
        cid
        for cid in live_cases(results)
        if any(
            b.get("type") in THINKING_BLOCKS for b in message_of(before[cid]).get("content") or []
        )
    }
    assert len(expected) >= 6, "the corpus must hold thinking and redacted thinking, both modes"
    assert red(results) == expected


def test_usage_not_mapped_turns_exactly_the_cases_reporting_tokens_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken(TARGET)

    def unmapped(_usage: Any, _path: str) -> JSON:
        return {"input_tokens": 0, "output_tokens": 0}

    monkeypatch.setattr(response, "anthropic_usage", unmapped)
    monkeypatch.setattr(stream, "anthropic_usage", unmapped)
    results = replay(TARGET)

    def counts(cid: str) -> bool:
        usage = message_of(before[cid]).get("usage") or {}
        return any(isinstance(v, int) and v for v in usage.values())

    expected = {cid for cid in live_cases(results) if counts(cid)}
    assert len(expected) >= 100
    assert red(results) == expected
    assert {f.check for cid in expected for f in results[cid].findings} >= {"usage"}

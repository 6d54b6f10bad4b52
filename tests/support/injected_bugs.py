"""Scaffolding for the broken-mapping tests (tests/harness/test_injected_bugs*.py): replay the
whole shipped corpus on one target, before and after a bug is injected into that target's
reference translator, and read what the unbroken replay sent and answered.

The cases a bug must turn red are computed from the unbroken replay (its outcomes and wire
requests), never from the broken code. The unbroken replays are memoized per process;
`forget_unbroken_replays` frees them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache

import pytest

from adapters.base import (
    JSON,
    Call,
    StreamResult,
    TargetSettings,
    Translated,
    WireRequest,
    WireResponse,
)
from harness.cases import expand
from harness.expectations import outcome_view
from harness.registry import CANONICAL_TARGET
from harness.registry import adapter as get_adapter
from harness.runner import CaseResult, Runner, RunOptions
from tests.support.corpus import PROJECT


def replay(target: str) -> dict[str, CaseResult]:
    """Every case of the corpus on ``target``, replayed and graded, its parity checked
    against the canonical target's executions made before any bug was injected."""
    assert target != CANONICAL_TARGET, "no bug here breaks the canonical target"
    runner = Runner(
        PROJECT.config(), RunOptions(fixtures=PROJECT.fixtures), canonical=canonical().execute
    )
    return {case.id: runner.run(case) for case in expand(PROJECT.scenarios, (target,))}


@cache
def canonical() -> Runner:
    """The canonical target's executions (memoized by the runner), shared by every replay:
    the bugs break other targets only, so each replay would make the same ones again. Each
    is first made by an `unbroken_replay`, before any bug is injected."""
    return Runner(PROJECT.config(), RunOptions(fixtures=PROJECT.fixtures))


@cache
def unbroken_replay(target: str) -> dict[str, CaseResult]:
    """`replay` before any bug is injected, once per target (every test asks for it before
    it injects its bug; none changes what it gets)."""
    return replay(target)


def forget_unbroken_replays() -> None:
    """Free the memoized replays (a test module's fixture calls this as it ends): kept alive,
    they make every later garbage collection slower, but the next module replays again."""
    unbroken_replay.cache_clear()
    canonical.cache_clear()


def unbroken(target: str) -> dict[str, JSON]:
    """The outcomes of ``target``'s cases before any bug is injected."""
    return {cid: r.outcome for cid, r in unbroken_replay(target).items() if r.outcome is not None}


def red(results: dict[str, CaseResult]) -> set[str]:
    return {cid for cid, r in results.items() if r.verdict == "red"}


def break_json(
    target: str, monkeypatch: pytest.MonkeyPatch, change: Callable[[JSON], None]
) -> None:
    adapter = get_adapter(target)
    original = adapter.decode_response

    def broken(call: Call, response: WireResponse) -> Translated:
        translated = original(call, response)
        body = copy.deepcopy(translated.body)
        change(body)
        return Translated(translated.status, body)

    monkeypatch.setattr(adapter, "decode_response", broken)


def break_stream(
    target: str, monkeypatch: pytest.MonkeyPatch, change: Callable[[list[JSON]], list[JSON]]
) -> None:
    adapter = get_adapter(target)
    original = adapter.decode_stream

    def broken(call: Call, chunks: Iterable[bytes]) -> StreamResult:
        result = original(call, chunks)
        events = change(copy.deepcopy(result.events))
        return StreamResult(events, [str(e.get("type")) for e in events], result.problems)

    monkeypatch.setattr(adapter, "decode_stream", broken)


def break_request(
    target: str, monkeypatch: pytest.MonkeyPatch, change: Callable[[JSON], None]
) -> None:
    """``target``'s encoder, changing each wire body it makes with ``change``."""
    adapter = get_adapter(target)
    original = adapter.encode_request

    def broken(call: Call, settings: TargetSettings) -> WireRequest:
        wire = original(call, settings)
        body = json.loads(wire.body or b"{}")
        change(body)
        return replace(wire, body=json.dumps(body, ensure_ascii=False).encode())

    monkeypatch.setattr(adapter, "encode_request", broken)


def message_of(outcome: JSON) -> JSON:
    message = outcome_view(outcome)["message"]
    return message if isinstance(message, dict) else {}


def live_cases(results: dict[str, CaseResult], mode: str | None = None) -> set[str]:
    """The cases that ran (not grey, not refused before sending)."""
    return {
        cid
        for cid, r in results.items()
        if r.verdict != "grey" and r.outcome is not None and (mode is None or r.case.mode == mode)
    }


def sent_body(result: CaseResult) -> JSON:
    """The JSON body of the case's wire request ({} when it sent none, or not JSON)."""
    body = (result.wire_request or {}).get("body")
    if isinstance(body, dict):
        return body
    return json.loads(body) if isinstance(body, str) and body.startswith("{") else {}


def sent_where(target: str, found: Callable[[JSON], object]) -> set[str]:
    """The cases of ``target`` whose unbroken wire body ``found`` holds for."""
    return {cid for cid, r in unbroken_replay(target).items() if found(sent_body(r))}

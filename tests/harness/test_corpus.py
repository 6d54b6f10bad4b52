"""The shipped corpus itself: every stream case decodes identically however the wire bytes
are split, and every scenario file loads."""

from __future__ import annotations

import pytest

from harness.case_result import CaseResult
from harness.cases import Case, expand
from harness.runner import Runner, RunOptions
from harness.scenarios import BrokenScenario
from tests.support.corpus import PROJECT


def test_every_shipped_scenario_loads() -> None:
    broken = [str(s.error) for s in PROJECT.scenarios if isinstance(s, BrokenScenario)]
    assert broken == []
    assert len(PROJECT.scenarios) >= 15


@pytest.fixture(scope="module")
def stream_cases() -> list[tuple[Case, CaseResult]]:
    """Every stream case of the corpus, replayed as recorded (once for every split size)."""
    whole = Runner(PROJECT.config(), RunOptions(fixtures=PROJECT.fixtures))
    return [(case, whole.run(case)) for case in expand(PROJECT.scenarios) if case.mode == "stream"]


@pytest.mark.parametrize("size", [1, 7])
def test_every_stream_case_survives_re_splitting(
    size: int, stream_cases: list[tuple[Case, CaseResult]]
) -> None:
    assert stream_cases
    split = Runner(PROJECT.config(), RunOptions(fixtures=PROJECT.fixtures, rechunk=size))
    for case, expected in stream_cases:
        actual = split.run(case)
        assert actual.outcome == expected.outcome, case.id
        assert actual.verdict == expected.verdict, actual.failure_text()

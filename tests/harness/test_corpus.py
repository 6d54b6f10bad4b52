"""The shipped corpus itself: every stream case decodes identically however the wire bytes
are split, and every scenario file loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cases import expand
from harness.runner import Runner, RunOptions
from harness.scenarios import BrokenScenario
from harness.session import Project

PROJECT = Project.find(Path(__file__).resolve().parents[2])


def test_every_shipped_scenario_loads() -> None:
    broken = [str(s.error) for s in PROJECT.scenarios if isinstance(s, BrokenScenario)]
    assert broken == []
    assert len(PROJECT.scenarios) >= 15


@pytest.mark.parametrize("size", [1, 7])
def test_every_stream_case_survives_re_splitting(size: int) -> None:
    config = PROJECT.config()
    cases = [c for c in expand(PROJECT.scenarios) if c.mode == "stream"]
    assert cases
    whole = Runner(config, RunOptions(fixtures=PROJECT.fixtures))
    split = Runner(config, RunOptions(fixtures=PROJECT.fixtures, rechunk=size))
    for case in cases:
        expected, actual = whole.run(case), split.run(case)
        assert actual.outcome == expected.outcome, case.id
        assert actual.verdict == expected.verdict, actual.failure_text()

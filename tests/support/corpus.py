"""The shipped corpus, loaded once per test process (`PROJECT`), and as Anthropic calls for
one target, as the harness makes them: the front door applied, logical models resolved,
not-applicable cases left out, and each declared refusal carried along so that a test can
check it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from adapters.base import Call, TranslationError
from harness.cases import Case
from harness.scenarios import Refusal, Scenario, iter_scenarios
from harness.session import Project

ROOT = Path(__file__).resolve().parents[2]
PROJECT = Project(ROOT)
"""The shipped project; its scenarios load once, on first use, for every test that reads
them (test modules must not change them)."""


def shipped_scenarios() -> list[Scenario]:
    """The shipped scenarios that load."""
    return PROJECT.valid_scenarios()


@dataclass(frozen=True)
class CorpusCall:
    case_id: str
    scenario: Scenario
    mode: str
    call: Call
    refusal: Refusal | None
    target: str


@cache
def corpus_calls(target: str) -> list[CorpusCall]:
    """Every messages case of the corpus on ``target`` that has a call to make."""
    config = PROJECT.config()
    out = []
    for scenario in iter_scenarios(PROJECT.scenarios):
        if scenario.endpoint != "messages":
            continue
        for mode in scenario.modes:
            case = Case(scenario, target, mode)
            if case.not_applicable_reason() is not None:
                continue
            try:
                call = case.call(config)
            except TranslationError:
                continue  # the front door refused it: nothing reaches the target
            refusal = scenario.refusal_for(target, mode)
            out.append(CorpusCall(case.id, scenario, mode, call, refusal, target))
    return out

"""The case runner: a system under test executes a case, the grader grades it.

Executions are memoized so that every case's parity check can read its canonical case's
outcome without running it twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from harness import golden
from harness.case_result import CaseResult
from harness.cases import Case
from harness.findings import Finding
from harness.run_options import RunOptions
from harness.scenarios import BrokenScenario, FrontDoorScenario
from harness.stages.grade import Grader
from harness.systems import REFERENCE, Execution, System, make_system
from harness.targets import TargetsConfig

__all__ = ["CaseResult", "RunOptions", "Runner"]


class Runner:
    """Runs cases on one system under test, for one targets configuration and options."""

    def __init__(
        self,
        config: TargetsConfig,
        options: RunOptions,
        system: System | None = None,
        canonical: Callable[[Case], Execution] | None = None,
    ) -> None:
        """``system`` defaults to the reference translator; ``canonical`` gives the
        execution parity compares with (by default this runner's own, memoized)."""
        self.config = config
        self.options = options
        self.system: System = system or make_system(REFERENCE, config, options)
        self.grader = Grader(config, options, canonical or self.execute, lambda: self.secrets)
        self._executions: dict[str, Execution] = {}

    @property
    def secrets(self) -> set[str]:
        """Every credential value sent while recording: never to be written anywhere."""
        return self.system.secrets

    @property
    def golden_updates(self) -> list[golden.Update]:
        return self.grader.updates

    def run(self, case: Case) -> CaseResult:
        started = time.perf_counter()
        scenario = case.scenario
        if isinstance(scenario, BrokenScenario):
            finding = Finding("scenario", "", None, None, str(scenario.error))
            return CaseResult(case, "red", [finding], timing_ms={"total": 0.0})
        if isinstance(scenario, FrontDoorScenario):
            message = "a front-door scenario runs only through a gateway on trial"
            finding = Finding("scenario", "", None, None, message)
            return CaseResult(case, "red", [finding], timing_ms={"total": 0.0})
        reason = case.not_applicable_reason() or self.system.not_applicable(case)
        if reason is not None:
            return CaseResult(case, "grey", [], reason=reason, timing_ms={"total": 0.0})
        execution = self.execute(case)
        checks_started = time.perf_counter()
        result = self.grader.grade(case, scenario, execution)
        now = time.perf_counter()
        result.timing_ms = {
            "total": round((now - started) * 1000, 2),
            "transport": round(execution.transport_ms, 2),
            "checks": round((now - checks_started) * 1000, 2),
        }
        return result

    def execute(self, case: Case) -> Execution:
        """The memoized execution of ``case`` by the system under test."""
        cached = self._executions.get(case.id)
        if cached is None:
            cached = self.system.execute(case)
            self._executions[case.id] = cached
        return cached

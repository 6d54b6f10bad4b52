"""A Parity session: find the project (`harness.project`, re-exported here), select cases,
run them, write results and reports.

The one session core: `parity run` / `parity record` and the pytest gate both drive a
`Session`, so that both select, block the network, check live credentials, grade cases and
write `reports/results.json` (with the secret scan's known values) and the reports the same
way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pytest_recording.network import blocking_context

from adapters.base import JSON, MissingCredentialsError, TranslationError
from harness import golden, registry
from harness import results as results_file
from harness.case_result import CaseResult
from harness.cases import REFERENCE_SYSTEM, Case, expand, expand_front_door
from harness.errors import ParityError
from harness.project import Project
from harness.run_options import RunOptions
from harness.runner import Runner
from harness.scenarios import FrontDoorScenario, Scenario
from harness.stages.exchange import sending_url
from harness.systems.gateway.profile import GatewayProfile, load_profile
from harness.targets import TargetsConfig
from harness.vocabulary import RunMode

if TYPE_CHECKING:
    from harness.systems.gateway.front_door import FrontDoorRunner

__all__ = ["Project", "Session", "SessionOptions", "SessionOutcome", "run_session", "select"]

LOOPBACK = ["127.0.0.1", "localhost", "::1"]


@dataclass(frozen=True)
class SessionOptions:
    mode: RunMode = "replay"
    keyword: str | None = None
    targets: tuple[str, ...] = ()
    update_golden: bool = False
    results_path: str | None = None
    write_report: bool = True
    rechunk: int | None = None
    gateway: str | None = None
    """A gateway profile: its cases run through that gateway beside the reference's."""
    concurrency: int = 1
    """How many of a gateway's cases are in flight at once."""
    strict: bool = False
    """Judge a gateway's client side as strict clients would (`RunOptions.strict`)."""


@dataclass
class SessionOutcome:
    data: JSON
    results: list[CaseResult] = field(default_factory=list)

    @property
    def red(self) -> int:
        return int(self.data["totals"]["red"])


def select(cases: list[Case], keyword: str | None) -> list[Case]:
    """Cases whose id or tags contain ``keyword`` (case-insensitive); all when None."""
    if not keyword:
        return cases
    needle = keyword.lower()
    return [
        c
        for c in cases
        if needle in c.id.lower()
        or (
            isinstance(c.scenario, (Scenario, FrontDoorScenario))
            and any(needle in t.lower() for t in c.scenario.tags)
        )
    ]


class Session:
    """One run of a project's cases. `start` with the selected cases (recording from the
    simulator starts one on loopback; recording live first checks which targets have
    credentials), `run` each case (replay behind a network block), `finish` to write the
    results and reports, and `close` (or use as a context manager) to stop what it started.
    """

    def __init__(self, project: Project, options: SessionOptions, out: TextIO | None = None):
        self.project = project
        self.options = options
        self.out = out
        self.started_at = results_file.utc_now()
        self.config = project.config()
        self.runner: Runner | None = None
        self.unready: dict[str, str] = {}
        """Targets a live recording skips, with the reason (no credentials)."""
        self.written: list[str] = []
        """The files `finish` wrote."""
        self.profile = load_profile(Path(options.gateway)) if options.gateway else None
        if self.profile is not None and options.mode != "replay":
            raise ParityError("a gateway is put on trial in replay mode only (no recording)")
        self.gateway_runner: Runner | None = None
        self.front_door_runner: FrontDoorRunner | None = None
        self._stack = ExitStack()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def targets(self) -> tuple[str, ...]:
        """The chosen targets (all when none were named); an unknown one is an error."""
        for target in self.options.targets:
            if target not in registry.targets():
                raise ParityError(f"target {target!r} is not available in this version of Parity")
        return self.options.targets or registry.targets()

    def select(self) -> list[Case]:
        """The cases the options select (targets and keyword); with a gateway, each case
        also on the gateway, after the reference's."""
        cases = select(expand(self.project.scenarios, self.targets()), self.options.keyword)
        if self.profile is not None:
            doors = expand_front_door(self.project.front_doors, self.profile.name, self.targets())
            cases = [
                *cases,
                *(c.on(self.profile.name) for c in cases),
                *select(doors, self.options.keyword),
            ]
        if not cases:
            raise ParityError("no case matches the selection")
        return cases

    def start(self, cases: list[Case]) -> list[Case]:
        """Get ready to run ``cases``; returns those that will run (a live recording drops
        the targets without credentials, see `unready`)."""
        mode = self.options.mode
        simulator_url = None
        if mode == "record-simulator":
            simulator_url = self._start_simulator()
            self._say(f"recording {len(cases)} cases from the simulator at {simulator_url}")
        live_config = self.project.config(recording=True) if mode == "record-live" else None
        if live_config is not None:
            order = registry.targets()
            targets = sorted({c.target for c in cases}, key=order.index)
            self.unready = self._preflight(live_config, targets)
            cases = [c for c in cases if c.target not in self.unready]
        self.runner = Runner(
            self.config,
            RunOptions(
                fixtures=self.project.fixtures,
                mode=mode,
                update_golden=self.options.update_golden,
                rechunk=self.options.rechunk,
                simulator_url=simulator_url,
                project_root=self.project.root,
                record_cases=frozenset(c.id for c in cases),
                live_config=live_config,
                strict=self.options.strict,
            ),
        )
        if self.profile is not None:
            self._start_gateway(self.profile, self.runner)
        return cases

    def run(self, case: Case) -> CaseResult:
        """Grade one case (replay: with the network blocked except loopback)."""
        run = self._front_door if isinstance(case.scenario, FrontDoorScenario) else None
        run = run or self.runner_for(case).run
        if self.options.mode != "replay":
            return run(case)
        with blocking_context(allowed_hosts=LOOPBACK):
            return run(case)

    def run_many(self, cases: list[Case]) -> list[CaseResult]:
        """Grade ``cases`` in order; a gateway's cases run ``concurrency`` at a time once
        every reference execution they compare with is at hand."""
        results = [self.run(c) for c in cases if c.system == REFERENCE_SYSTEM]
        doors = [c for c in cases if isinstance(c.scenario, FrontDoorScenario)]
        through_gateway = [c for c in cases if c.system != REFERENCE_SYSTEM and c not in doors]
        if through_gateway:
            results.extend(self._run_gateway_cases(through_gateway))
        # one at a time, after the rest: what reached the backend may carry no case header
        results.extend(self.run(c) for c in doors)
        return results

    def secrets(self) -> set[str]:
        """Every credential value the systems under test sent (never to be written)."""
        runners = (self.runner, self.gateway_runner)
        return {value for runner in runners if runner is not None for value in runner.secrets}

    def runner_for(self, case: Case) -> Runner:
        if self.runner is None:
            raise RuntimeError("Session.start() first")
        if case.system == REFERENCE_SYSTEM:
            return self.runner
        if self.gateway_runner is None:
            raise ParityError(f"{case.id}: no gateway of that name is on trial in this session")
        return self.gateway_runner

    def _front_door(self, case: Case) -> CaseResult:
        if self.front_door_runner is None:
            raise ParityError(f"{case.id}: front-door cases run only through a gateway on trial")
        return self.front_door_runner.run(case)

    def finish(self, results: list[CaseResult], selection: str | None) -> SessionOutcome:
        """Write results.json (scanned for secrets, with the credential values sent) and,
        unless disabled, the reports."""
        outcome = self.finish_cases([r.to_dict() for r in results], selection)
        outcome.results = results
        return outcome

    def finish_cases(
        self, cases: list[JSON], selection: str | None, known_secrets: Iterable[str] = ()
    ) -> SessionOutcome:
        """`finish` for cases already in their results.json form (graded elsewhere, e.g. by
        pytest-xdist workers, which also send the credential values they sent, for the scan
        alongside this session's own)."""
        data = results_file.build_from_cases(
            cases,
            results_file.run_metadata(
                self.options.mode, self.started_at, selection, self.project.root
            ),
        )
        path = self.results_path()
        results_file.write(path, data, known_secrets=set(known_secrets) | self.secrets())
        self.written = [str(path)]
        if self.options.write_report:
            from harness.report import write_reports

            try:
                paths = write_reports(data, path.parent)
            except OSError as exc:
                raise ParityError(
                    f"{path.parent}: cannot write the reports: {exc.strerror or exc}"
                ) from None
            self.written.append(str(paths.html))
        return SessionOutcome(data)

    def results_path(self) -> Path:
        chosen = self.options.results_path
        return Path(chosen) if chosen else self.project.reports / "results.json"

    def golden_updates(self) -> list[golden.Update]:
        return self.runner.golden_updates if self.runner is not None else []

    def close(self) -> None:
        self._stack.close()

    def _start_gateway(self, profile: GatewayProfile, reference: Runner) -> None:
        from harness.systems.gateway.front_door import FrontDoorRunner
        from harness.systems.gateway.trial import gateway_under_test

        self._say(f"starting {profile.title} with Parity's simulator as its backends")
        system = self._stack.enter_context(
            gateway_under_test(
                profile,
                self.project.valid_scenarios(),
                self.config,
                # one folder per pytest-xdist worker, each of which starts its own gateway
                self.project.reports / "gateways" / os.environ.get("PYTEST_XDIST_WORKER", ""),
                reference.execute,
                self.project.root,
                self.options.strict,
            )
        )
        self.gateway_runner = Runner(
            self.config, reference.options, system=system, canonical=reference.execute
        )
        scenarios = {s.id: s for s in self.project.valid_scenarios()}
        self.front_door_runner = FrontDoorRunner(system, scenarios)

    def _run_gateway_cases(self, cases: list[Case]) -> list[CaseResult]:
        """Reference executions first (replayed here, one at a time), then the gateway's
        cases, ``concurrency`` at a time (one at a time for a gateway that does not forward
        the correlation header), in the order given."""
        runner = self.runner_for(cases[0])
        reference = self.runner_for(cases[0].reference())
        with blocking_context(allowed_hosts=LOOPBACK):
            for case in cases:
                reference.execute(case.canonical())
                reference.execute(case.reference())
            workers = (
                self.options.concurrency if self.profile and self.profile.forwards_headers else 1
            )
            with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
                return list(pool.map(runner.run, cases))

    def _start_simulator(self) -> str:
        from harness.resolver import ScenarioResolver
        from harness.simulator.server import SimulatorServer

        resolver = ScenarioResolver(self.project.valid_scenarios(), self.config)
        server = self._stack.enter_context(SimulatorServer(resolver))
        return server.base_url

    def _preflight(self, live_config: TargetsConfig, targets: list[str]) -> dict[str, str]:
        """Which targets cannot be recorded with the credentials at hand (one line each)."""
        unready: dict[str, str] = {}
        self._say("live recording; credentials found the usual way for each target:")
        for target in targets:
            settings = live_config.profile(target).settings
            try:
                registry.adapter(target).build_auth(settings, True)
            except (MissingCredentialsError, TranslationError) as exc:
                unready[target] = f"credentials: {exc}"
                self._say(f"  {target:<17} skipped: {exc}")
                continue
            self._say(f"  {target:<17} ready ({sending_url(live_config, target)})")
        if len(unready) == len(targets):
            raise ParityError("no target can be recorded with the credentials at hand")
        return unready

    def _say(self, line: str) -> None:
        if self.out is not None:
            print(line, file=self.out, flush=True)


def run_session(
    project: Project, options: SessionOptions, out: TextIO = sys.stdout
) -> SessionOutcome:
    """Run the selected cases, write results (and reports), print the summary table."""
    with Session(project, options, out) as session:
        cases = session.start(session.select())
        graded: list[CaseResult] = []
        if options.mode == "replay":
            graded = session.run_many(cases)
        for index, case in enumerate(cases if options.mode != "replay" else [], 1):
            result = session.run(case)
            graded.append(result)
            print(f"[{index}/{len(cases)}] {case.id}: {result.verdict}", file=out, flush=True)
    outcome = session.finish(graded, _selection(options))
    print(results_file.summary_table(outcome.data), file=out)
    for update in session.golden_updates():
        shown = update.path.relative_to(project.root)
        if update.diff is None:
            print(f"golden written: {shown} (new)", file=out)
        else:
            print(f"golden updated: {shown}", file=out)
            print(update.diff, file=out, end="")
    print(f"\nwrote {', '.join(session.written)}", file=out)
    return outcome


def _selection(options: SessionOptions) -> str | None:
    parts = [f"-k {options.keyword}" if options.keyword else ""]
    parts.extend(f"--target {t}" for t in options.targets)
    return " ".join(p for p in parts if p) or None

"""A Parity session: find the project, select cases, run them, write results and reports.

Shared by `parity run` / `parity record` and the pytest plugin, so that both grade cases
the same way and write the same `reports/results.json`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TextIO

from pytest_recording.network import blocking_context

from adapters.base import JSON, MissingCredentialsError, TranslationError
from harness import registry
from harness import results as results_file
from harness.cases import Case, expand
from harness.errors import ParityError
from harness.runner import CaseResult, RunMode, Runner, RunOptions
from harness.scenarios import BrokenScenario, Scenario, iter_scenarios, load_all
from harness.targets import TargetsConfig, load_targets, with_environment

LOOPBACK = ["127.0.0.1", "localhost", "::1"]


@dataclass(frozen=True)
class Project:
    """Where a Parity project's fixtures and reports live."""

    root: Path

    @classmethod
    def find(cls, root: str | Path | None = None) -> Project:
        """The project at ``root``, or the nearest folder above the cwd with fixtures."""
        if root is not None:
            path = Path(root)
            if not (path / "fixtures" / "scenarios").is_dir():
                raise ParityError(f"{path}: not a Parity project (no fixtures/scenarios folder)")
            return cls(path.resolve())
        here = Path.cwd().resolve()
        for candidate in (here, *here.parents):
            if (candidate / "fixtures" / "scenarios").is_dir():
                return cls(candidate)
        raise ParityError(
            "no Parity project here (no fixtures/scenarios above the current folder); "
            "run from the project root or pass --root"
        )

    @property
    def fixtures(self) -> Path:
        return self.root / "fixtures"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @cached_property
    def scenarios(self) -> list[Scenario | BrokenScenario]:
        return load_all(self.fixtures / "scenarios", display_root=self.root)

    def valid_scenarios(self) -> list[Scenario]:
        return list(iter_scenarios(self.scenarios))

    def broken_scenarios(self) -> list[BrokenScenario]:
        return [s for s in self.scenarios if isinstance(s, BrokenScenario)]

    def config(self, recording: bool = False) -> TargetsConfig:
        config = load_targets(self.fixtures / "targets.yaml")
        return with_environment(config) if recording else config


@dataclass(frozen=True)
class SessionOptions:
    mode: RunMode = "replay"
    keyword: str | None = None
    targets: tuple[str, ...] = ()
    update_golden: bool = False
    results_path: str | None = None
    write_report: bool = True
    rechunk: int | None = None


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
        or (isinstance(c.scenario, Scenario) and any(needle in t.lower() for t in c.scenario.tags))
    ]


def run_session(
    project: Project, options: SessionOptions, out: TextIO = sys.stdout
) -> SessionOutcome:
    """Run the selected cases, write results (and reports), print the summary table."""
    started = results_file.utc_now()
    recording = options.mode != "replay"
    config = project.config()
    for target in options.targets:
        if target not in registry.targets():
            raise ParityError(f"target {target!r} is not available in this version of Parity")
    targets = options.targets or registry.targets()
    cases = select(expand(project.scenarios, targets), options.keyword)
    if not cases:
        raise ParityError("no case matches the selection")
    graded: list[CaseResult] = []
    with _backend(project, options, config) as simulator_url:
        runner = Runner(
            config,
            RunOptions(
                fixtures=project.fixtures,
                mode=options.mode,
                update_golden=options.update_golden,
                rechunk=options.rechunk,
                simulator_url=simulator_url,
                project_root=project.root,
                record_cases=frozenset(c.id for c in cases),
                live_config=project.config(recording=True)
                if options.mode == "record-live"
                else None,
            ),
        )
        if options.mode == "record-live":
            ready = _credentials_preflight(
                runner, tuple(sorted({c.target for c in cases}, key=targets.index)), out
            )
            cases = [c for c in cases if c.target in ready]
            runner.options = replace(runner.options, record_cases=frozenset(c.id for c in cases))
        elif recording:
            print(
                f"recording {len(cases)} cases from the simulator at {simulator_url}",
                file=out,
                flush=True,
            )
        for index, case in enumerate(cases, 1):
            result = runner.run(case)
            graded.append(result)
            if recording:
                print(f"[{index}/{len(cases)}] {case.id}: {result.verdict}", file=out, flush=True)
    selection = (
        " ".join(
            part
            for part in (
                f"-k {options.keyword}" if options.keyword else "",
                " ".join(f"--target {t}" for t in options.targets),
            )
            if part
        )
        or None
    )
    data = results_file.build(
        graded, results_file.run_metadata(options.mode, started, selection, project.root)
    )
    results_path = (
        Path(options.results_path) if options.results_path else project.reports / "results.json"
    )
    results_file.write(results_path, data, known_secrets=runner.secrets)
    written = [str(results_path)]
    if options.write_report:
        from harness.report import write_reports

        try:
            paths = write_reports(data, results_path.parent)
        except OSError as exc:
            raise ParityError(
                f"{results_path.parent}: cannot write the reports: {exc.strerror or exc}"
            ) from None
        written.append(str(paths.html))
    print(results_file.summary_table(data), file=out)
    for update in runner.golden_updates:
        shown = update.path.relative_to(project.root)
        if update.diff is None:
            print(f"golden written: {shown} (new)", file=out)
        else:
            print(f"golden updated: {shown}", file=out)
            print(update.diff, file=out, end="")
    print(f"\nwrote {', '.join(written)}", file=out)
    return SessionOutcome(data, graded)


def _credentials_preflight(
    runner: Runner, targets: tuple[str, ...], out: TextIO
) -> tuple[str, ...]:
    """Which of ``targets`` can be recorded with the credentials at hand; one line each."""
    ready: list[str] = []
    print("live recording; credentials found the usual way for each target:", file=out)
    for target in targets:
        try:
            runner.live_auth(target)
        except (MissingCredentialsError, TranslationError) as exc:
            print(f"  {target:<17} skipped: {exc}", file=out, flush=True)
            continue
        ready.append(target)
        where = runner.sending_url(target)
        print(f"  {target:<17} ready ({where})", file=out, flush=True)
    if not ready:
        raise ParityError("no target can be recorded with the credentials at hand")
    return tuple(ready)


@contextmanager
def _backend(
    project: Project, options: SessionOptions, config: TargetsConfig
) -> Iterator[str | None]:
    """Replay blocks the network; recording from the simulator starts one on loopback."""
    if options.mode == "replay":
        with blocking_context(allowed_hosts=LOOPBACK):
            yield None
    elif options.mode == "record-simulator":
        from harness.resolver import ScenarioResolver
        from harness.simulator.server import SimulatorServer

        with SimulatorServer(ScenarioResolver(project.valid_scenarios(), config)) as server:
            yield server.base_url
    else:
        yield None

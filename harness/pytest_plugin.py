"""The pytest gate: every scenario x target x mode is a test, graded like `parity run`.

Scenario files under ``fixtures/scenarios`` are collected as test files; each case is an
item named ``<scenario>[<target>-<mode>]`` with markers for its target (``-m vertex``;
``bedrock-invoke`` becomes ``bedrock_invoke``), its mode and its tags. A red case fails with
its findings (never a traceback); a grey one is skipped with its not-applicable reason. At
the end of the session the graded cases are written to ``reports/results.json`` and the
reports. pytest-recording's ``--record-mode`` chooses replay (``none``, the default) or
recording (any other mode; from the simulator unless ``--parity-live``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness import registry
from harness.case_result import CaseResult
from harness.cases import Case, expand
from harness.errors import ParityError
from harness.scenarios import BrokenScenario, Scenario, load_scenario, scenario_id_for
from harness.session import Project, Session, SessionOptions
from harness.vocabulary import MODES, RunMode

_STATE = pytest.StashKey["_GateState"]()


class _GateState:
    """Session-wide: one `Session` (so canonical outcomes are shared) and the results."""

    def __init__(self, config: pytest.Config) -> None:
        self.project = Project(Path(str(config.rootpath)))
        record_mode = config.getoption("record_mode", default="none") or "none"
        live = bool(config.getoption("parity_live"))
        mode: RunMode = (
            "replay" if record_mode == "none" else ("record-live" if live else "record-simulator")
        )
        self.session = Session(
            self.project,
            SessionOptions(
                mode=mode,
                update_golden=bool(config.getoption("update_golden")),
                results_path=config.getoption("parity_results"),
            ),
        )
        self.results: list[CaseResult] = []
        self.selected: list[Case] = []
        self._started = False

    def start(self) -> None:
        """Start the session on the selected cases, once, when the first case runs."""
        if not self._started:
            self._started = True
            try:
                self.session.start(self.selected)
            except ParityError as exc:
                pytest.exit(f"parity: {exc}", returncode=2)

    def skip_reason(self, case: Case) -> str | None:
        """Why a case does not run although selected (a live target without credentials)."""
        return self.session.unready.get(case.target)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("parity")
    group.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="write golden files from this run (every change is a reviewable diff)",
    )
    group.addoption(
        "--parity-live",
        action="store_true",
        default=False,
        help="with --record-mode, record from the live services",
    )
    group.addoption(
        "--parity-results",
        default=None,
        help="where to write results.json (default: reports/results.json)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_STATE] = _GateState(config)
    scenarios_dir = Path(str(config.rootpath)) / "fixtures" / "scenarios"
    tags: set[str] = set()
    if scenarios_dir.is_dir():
        for item in Project(Path(str(config.rootpath))).scenarios:
            if isinstance(item, Scenario):
                tags.update(item.tags)
    config.addinivalue_line("markers", "parity_case: a scenario x target x mode case")
    for target in registry.targets():
        config.addinivalue_line("markers", f"{_marker(target)}: cases on the {target} target")
    for mode in MODES:
        config.addinivalue_line("markers", f"{mode}: cases in {mode} mode")
    for tag in sorted(tags):
        config.addinivalue_line("markers", f"{_marker(tag)}: scenario tag {tag!r}")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """After -k / -m deselection: when recording, only the selected cases are recorded."""
    state: _GateState = config.stash[_STATE]
    state.selected = [item.case for item in items if isinstance(item, CaseItem)]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    state: _GateState = parent.config.stash[_STATE]
    scenarios_dir = state.project.fixtures / "scenarios"
    if file_path.suffix == ".yaml" and scenarios_dir in file_path.parents:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """One scenario file: its cases on every target and mode."""

    def collect(self) -> Iterator[pytest.Item]:
        state: _GateState = self.config.stash[_STATE]
        root = state.project.fixtures / "scenarios"
        scenario: Scenario | BrokenScenario
        try:
            scenario = load_scenario(self.path, root, display_root=state.project.root)
        except Exception as exc:  # a ScenarioError; anything else still fails only this file
            from harness.errors import ScenarioError

            error = (
                exc
                if isinstance(exc, ScenarioError)
                else ScenarioError(str(self.path), None, f"{type(exc).__name__}: {exc}")
            )
            scenario = BrokenScenario(scenario_id_for(self.path, root), self.path, error)
        for case in expand([scenario]):
            item = CaseItem.from_parent(self, name=case.id, case=case)
            item.add_marker("parity_case")
            item.add_marker(_marker(case.target))
            item.add_marker(case.mode)
            if isinstance(scenario, Scenario):
                for tag in scenario.tags:
                    item.add_marker(_marker(tag))
            yield item


class CaseFailed(Exception):
    """A red case; carries its graded result for the failure message."""

    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.failure_text())
        self.result = result


class CaseItem(pytest.Item):
    """One case. Runs through the session's runner; red fails with the findings."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        state: _GateState = self.config.stash[_STATE]
        state.start()
        unready = state.skip_reason(self.case)
        if unready is not None:
            pytest.skip(f"not recorded: {unready}")
        result = state.session.run(self.case)
        state.results.append(result)
        if result.verdict == "grey":
            pytest.skip(f"not applicable: {result.reason}")
        if result.verdict == "red":
            raise CaseFailed(result)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return excinfo.value.result.failure_text()
        return f"{self.case.id}: {type(excinfo.value).__name__}: {excinfo.value}"

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.case.id


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state: _GateState | None = session.config.stash.get(_STATE, None)
    if state is None:
        return
    state.session.close()
    if not state.results or hasattr(session.config, "workerinput"):
        return
    state.session.finish(state.results, _selection(session.config))


def _selection(config: pytest.Config) -> str | None:
    parts = []
    if config.option.keyword:
        parts.append(f"-k {config.option.keyword}")
    if config.option.markexpr:
        parts.append(f"-m {config.option.markexpr}")
    return " ".join(parts) or None


def _marker(tag: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in tag)

"""The pytest gate: every scenario x target x mode is a test, graded like `parity run`.

Scenario files under ``fixtures/scenarios`` are collected as test files; each case is an
item named ``<scenario>[<target>-<mode>]``. Markers select cases:

- the target: ``-m vertex`` (``bedrock-invoke`` becomes ``bedrock_invoke``);
- the mode: ``-m json``, ``-m stream``;
- a scenario tag, always with the prefix ``tag_``: ``-m tag_tools`` (every character of a
  tag that is not a letter or digit becomes ``_``: tag ``tool-use`` is ``-m tag_tool_use``).
  The prefix keeps tags apart from targets and modes: a scenario tagged ``openai`` is
  ``-m tag_openai`` on every target, while ``-m openai`` is the openai target only.

``-k`` matches case ids and tags as substrings (``-k tools``). A red case fails with its
findings (never a traceback); a grey one is skipped with its not-applicable reason.

At the end of the session the graded cases are written to ``reports/results.json`` and the
reports, in collection order. Under pytest-xdist (``-n 2``) each worker sends its graded
cases and the credential values it sent to the controller, which writes them once, in the
same order and with the same secret scan as a serial run. A session that grades no case
(nothing selected, ``--collect-only``) removes an earlier results.json and its reports, so
that they do not pass for this run's. pytest-recording's ``--record-mode`` chooses replay
(``none``, the default) or recording (any other mode; from the simulator unless
``--parity-live``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from harness import registry
from harness import results as results_file
from harness.case_result import CaseResult
from harness.cases import REFERENCE_SYSTEM, Case, expand, expand_front_door
from harness.errors import ParityError, ScenarioError
from harness.scenarios import (
    BrokenScenario,
    FrontDoorScenario,
    Scenario,
    discover,
    load_front_door_file,
    load_front_doors,
    load_scenario,
    scenario_id_for,
)
from harness.scenarios.front_door import is_front_door
from harness.vocabulary import JSON, MODES, RunMode

if TYPE_CHECKING:
    from harness.session import Session

TAG_PREFIX = "tag_"
_STATE = pytest.StashKey["_GateState"]()
# What a pytest-xdist worker sends the controller in its `workeroutput`.
_ORDER, _CASES, _SECRETS = "parity_order", "parity_cases", "parity_secrets"


class _GateState:
    """Session-wide: one `Session` (so canonical outcomes are shared; made when first needed,
    so that collecting imports none of the grading machinery), the results, and on an xdist
    controller the cases its workers graded."""

    def __init__(self, config: pytest.Config) -> None:
        self.root = Path(str(config.rootpath))
        self.scenarios_dir = self.root / "fixtures" / "scenarios"
        record_mode = config.getoption("record_mode", default="none") or "none"
        live = bool(config.getoption("parity_live"))
        self.mode: RunMode = (
            "replay" if record_mode == "none" else ("record-live" if live else "record-simulator")
        )
        self.update_golden = bool(config.getoption("update_golden"))
        self.gateway: str | None = config.getoption("parity_gateway")
        self.strict = bool(config.getoption("parity_strict"))
        self.gateway_name: str | None = None
        if self.gateway is not None:
            from harness.systems.gateway.profile import ProfileError, load_profile

            try:
                self.gateway_name = load_profile(Path(self.gateway)).name
            except ProfileError as exc:
                raise pytest.UsageError(f"parity: {exc}") from None
        chosen = config.getoption("parity_results")
        self.results_path = Path(chosen) if chosen else self.root / "reports" / "results.json"
        self.results: list[CaseResult] = []
        self.selected: list[Case] = []
        self.worker_order: list[str] = []
        self.worker_cases: list[JSON] = []
        self.worker_secrets: set[str] = set()
        self._started = False

    @cached_property
    def session(self) -> Session:
        from harness.session import Project, Session, SessionOptions

        options = SessionOptions(
            mode=self.mode,
            update_golden=self.update_golden,
            results_path=str(self.results_path),
            gateway=self.gateway,
            strict=self.strict,
        )
        return Session(Project(self.root), options)

    @cached_property
    def scenarios(self) -> dict[Path, Scenario | BrokenScenario]:
        """Every scenario file, loaded once per process (for the tag markers and collection)."""
        if not self.scenarios_dir.is_dir():
            return {}
        return {file: self._load(file) for file in discover(self.scenarios_dir)}

    def scenario(self, file: Path) -> Scenario | BrokenScenario:
        loaded = self.scenarios.get(file)
        return loaded if loaded is not None else self._load(file)

    def _load(self, file: Path) -> Scenario | BrokenScenario:
        """A scenario file, or the `BrokenScenario` whose cases fail alone with its error."""
        try:
            return load_scenario(file, self.scenarios_dir, display_root=self.root)
        except Exception as exc:  # a ScenarioError; anything else still fails only this file
            error = (
                exc
                if isinstance(exc, ScenarioError)
                else ScenarioError(str(file), None, f"{type(exc).__name__}: {exc}")
            )
            return BrokenScenario(scenario_id_for(file, self.scenarios_dir), file, error)

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

    def close(self) -> None:
        if "session" in self.__dict__:
            self.session.close()

    def send_to_controller(self, workeroutput: dict[str, Any]) -> None:
        """On an xdist worker: the selection order, the graded cases, the secrets sent."""
        workeroutput[_ORDER] = [case.id for case in self.selected]
        workeroutput[_CASES] = [result.to_dict() for result in self.results]
        sent = self.session.secrets() if "session" in self.__dict__ else set()
        workeroutput[_SECRETS] = sorted(sent)

    def receive_from_worker(self, workeroutput: dict[str, Any]) -> None:
        """On the xdist controller: what one worker sent (every worker collects the same
        items in the same order, so any worker's order is the serial run's)."""
        self.worker_order = self.worker_order or list(workeroutput.get(_ORDER, []))
        self.worker_cases.extend(workeroutput.get(_CASES, []))
        self.worker_secrets.update(workeroutput.get(_SECRETS, []))

    def finish(self, selection: str | None) -> None:
        """Write the graded cases in collection order, or remove stale results if none."""
        if self.results:
            order = _positions([case.id for case in self.selected])
            self.results.sort(key=lambda result: order.get(result.case.id, len(order)))
            self.session.finish(self.results, selection)
        elif self.worker_cases:
            order = _positions(self.worker_order)
            cases = sorted(self.worker_cases, key=lambda case: order.get(case["id"], len(order)))
            self.session.finish_cases(cases, selection, known_secrets=self.worker_secrets)
        else:
            results_file.discard(self.results_path)


def _positions(ids: list[str]) -> dict[str, int]:
    return {case_id: index for index, case_id in enumerate(ids)}


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
        "--gateway",
        dest="parity_gateway",
        default=None,
        metavar="PROFILE",
        help="also run every case through the gateway this profile describes (docs/GATEWAYS.md)",
    )
    group.addoption(
        "--parity-strict",
        action="store_true",
        default=False,
        help="with --gateway: judge its client side as strict clients would",
    )
    group.addoption(
        "--parity-results",
        default=None,
        help="where to write results.json (default: reports/results.json)",
    )


def pytest_configure(config: pytest.Config) -> None:
    state = _GateState(config)
    config.stash[_STATE] = state
    config.addinivalue_line("markers", "parity_case: a scenario x target x mode case")
    config.addinivalue_line("markers", "gateway: cases run through the --gateway profile")
    for target in registry.targets():
        config.addinivalue_line("markers", f"{target_marker(target)}: cases on the {target} target")
    for mode in MODES:
        config.addinivalue_line("markers", f"{mode}: cases in {mode} mode")
    tags = {tag for s in state.scenarios.values() if isinstance(s, Scenario) for tag in s.tags}
    if state.gateway_name is not None and state.scenarios_dir.is_dir():
        doors = load_front_doors(state.scenarios_dir)
        tags |= {tag for s in doors if isinstance(s, FrontDoorScenario) for tag in s.tags}
    for tag in sorted(tags):
        config.addinivalue_line("markers", f"{tag_marker(tag)}: scenario tag {tag!r}")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """After -k / -m deselection: when recording, only the selected cases are recorded."""
    state: _GateState = config.stash[_STATE]
    state.selected = [item.case for item in items if isinstance(item, CaseItem)]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    state: _GateState = parent.config.stash[_STATE]
    if file_path.suffix != ".yaml" or state.scenarios_dir not in file_path.parents:
        return None
    if is_front_door(file_path, state.scenarios_dir):
        # a front door's promises are a gateway's: no case without --gateway
        if state.gateway_name is None:
            return None
        return FrontDoorFile.from_parent(parent, path=file_path)
    return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFile(pytest.File):
    """One scenario file: its cases on every target and mode."""

    def collect(self) -> Iterator[pytest.Item]:
        state: _GateState = self.config.stash[_STATE]
        scenario = state.scenario(self.path)
        cases = expand([scenario])
        if state.gateway_name is not None:
            cases += [case.on(state.gateway_name) for case in cases]
        for case in cases:
            item = CaseItem.from_parent(self, name=case.id, case=case)
            item.add_marker("parity_case")
            item.add_marker(target_marker(case.target))
            item.add_marker(case.mode)
            if case.system != REFERENCE_SYSTEM:
                item.add_marker("gateway")
            if isinstance(scenario, Scenario):
                for tag in scenario.tags:
                    item.add_marker(tag_marker(tag))
            yield item


class FrontDoorFile(pytest.File):
    """One front-door scenario file: its cases on the --gateway profile, one per target."""

    def collect(self) -> Iterator[pytest.Item]:
        state: _GateState = self.config.stash[_STATE]
        assert state.gateway_name is not None
        scenario = load_front_door_file(self.path, state.scenarios_dir, display_root=state.root)
        for case in expand_front_door([scenario], state.gateway_name):
            item = CaseItem.from_parent(self, name=case.id, case=case)
            for marker in ("parity_case", target_marker(case.target), case.mode, "gateway"):
                item.add_marker(marker)
            for tag in getattr(scenario, "tags", ()):
                item.add_marker(tag_marker(tag))
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


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object | None) -> None:
    """pytest-xdist, on the controller: a worker finished; keep what it graded."""
    state: _GateState | None = node.config.stash.get(_STATE, None)
    workeroutput = getattr(node, "workeroutput", None)
    if state is not None and isinstance(workeroutput, dict):
        state.receive_from_worker(workeroutput)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write results.json and the reports (serial run or xdist controller); an xdist worker
    sends its results to the controller instead."""
    config = session.config
    state: _GateState | None = config.stash.get(_STATE, None)
    if state is None:
        return
    state.close()
    workeroutput = getattr(config, "workeroutput", None)
    if isinstance(workeroutput, dict):
        state.send_to_controller(workeroutput)
        return
    state.finish(_selection(config))


def _selection(config: pytest.Config) -> str | None:
    parts = []
    if config.option.keyword:
        parts.append(f"-k {config.option.keyword}")
    if config.option.markexpr:
        parts.append(f"-m {config.option.markexpr}")
    return " ".join(parts) or None


def target_marker(target: str) -> str:
    """The marker of a target's cases: ``bedrock-invoke`` -> ``bedrock_invoke``."""
    return _identifier(target)


def tag_marker(tag: str) -> str:
    """The marker of a scenario tag's cases: ``tool-use`` -> ``tag_tool_use``."""
    return TAG_PREFIX + _identifier(tag)


def _identifier(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)

"""The case runner: translate, send (replay or record), decode, check, grade.

One direction only: Case -> wire request -> transport + cassette -> wire response ->
Anthropic outcome -> checks -> verdict. Executions are memoized so that every case's parity
check can read its canonical case's outcome without running it twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import httpx
from vcr.errors import CannotOverwriteExistingCassetteException

import harness
from adapters.base import (
    JSON,
    Call,
    MissingCredentialsError,
    TranslationError,
    WireRequest,
)
from harness import cassettes, fronts, golden, registry
from harness.cases import Case
from harness.checks import (
    check_body_schema,
    check_parity,
    check_reply,
    check_stream,
    check_structural_parity,
    set_aside_declared,
)
from harness.compare import diff
from harness.errors import CassetteError
from harness.expectations import check_expectations, outcome_view
from harness.findings import Finding
from harness.golden import GoldenError
from harness.normalize import normalize_outcome, normalize_wire_request
from harness.scenarios import BrokenScenario, KnownDifference, Scenario
from harness.simulator import SIMULATOR_ERROR_HEADER
from harness.targets import TargetsConfig
from harness.transport import (
    SCENARIO_HEADER,
    Exchange,
    RecordingLog,
    RoutingTransport,
    redact,
    send,
)

RunMode = Literal["replay", "record-simulator", "record-live"]
Verdict = Literal["green", "amber", "red", "grey"]


@dataclass(frozen=True)
class RunOptions:
    """How cases run: where fixtures live, replay or record, golden updates, re-chunking."""

    fixtures: Path
    mode: RunMode = "replay"
    update_golden: bool = False
    rechunk: int | None = None
    simulator_url: str | None = None
    project_root: Path | None = None
    live_config: TargetsConfig | None = None
    """When recording live: the configuration requests are sent with (the environment's
    base URLs, regions and projects applied); cassettes and goldens keep ``config``'s."""
    record_cases: frozenset[str] | None = None
    """When recording: the ids of the cases to record (all when None). Any other case a
    recorded case needs (its canonical case, for parity) is replayed from its cassette."""

    def records(self, case_id: str) -> bool:
        return self.mode != "replay" and (self.record_cases is None or case_id in self.record_cases)


@dataclass
class Execution:
    """What happened on the wire for one case, before any check."""

    request: JSON | None = None
    wire: WireRequest | None = None
    outcome: JSON | None = None
    names: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    provenance: JSON | None = None
    transport_ms: float = 0.0
    front: JSON | None = None


@dataclass
class CaseResult:
    """A graded case: the verdict, its findings, and everything the report shows."""

    case: Case
    verdict: Verdict
    findings: list[Finding]
    reason: str | None = None
    known_differences: list[JSON] = field(default_factory=list)
    request: JSON | None = None
    wire_request: JSON | None = None
    golden_wire_request: JSON | None = None
    outcome: JSON | None = None
    golden_outcome: JSON | None = None
    canonical_case: str | None = None
    provenance: JSON | None = None
    timing_ms: JSON = field(default_factory=dict)
    golden_updated: bool = False
    api_version: str | None = None
    front_outcome: JSON | None = None
    golden_front_outcome: JSON | None = None

    def to_dict(self) -> JSON:
        scenario = self.case.scenario
        is_ok = isinstance(scenario, Scenario)
        return {
            "id": self.case.id,
            "scenario": scenario.id,
            "title": scenario.title if isinstance(scenario, Scenario) else "(invalid scenario)",
            "tags": list(scenario.tags) if isinstance(scenario, Scenario) else [],
            "target": self.case.target,
            "mode": self.case.mode,
            "front": scenario.front if isinstance(scenario, Scenario) else "anthropic",
            "api_version": self.api_version,
            "verdict": self.verdict,
            "reason": self.reason,
            "findings": [f.to_dict() for f in self.findings],
            "known_differences": self.known_differences,
            "request": self.request if is_ok else None,
            "wire_request": self.wire_request,
            "golden_wire_request": self.golden_wire_request,
            "outcome": self.outcome,
            "golden_outcome": self.golden_outcome,
            "front_outcome": self.front_outcome,
            "golden_front_outcome": self.golden_front_outcome,
            "canonical_case": self.canonical_case,
            "provenance": self.provenance,
            "timing_ms": self.timing_ms,
        }

    def failure_text(self) -> str:
        lines = [f"{self.case.id}: {self.verdict}"]
        lines.extend("  " + f.line() for f in self.findings)
        return "\n".join(lines)


class Runner:
    """Runs cases against one targets configuration and one set of options."""

    def __init__(self, config: TargetsConfig, options: RunOptions) -> None:
        self.config = config
        self.options = options
        self._executions: dict[str, Execution] = {}
        self._auth: dict[str, httpx.Auth | None] = {}
        self.secrets: set[str] = set()
        """Every credential value sent while recording: never to be written anywhere."""
        self.golden_updates: list[golden.Update] = []

    # -- public ---------------------------------------------------------------------------
    def run(self, case: Case) -> CaseResult:
        started = time.perf_counter()
        scenario = case.scenario
        if isinstance(scenario, BrokenScenario):
            finding = Finding("scenario", "", None, None, str(scenario.error))
            return CaseResult(case, "red", [finding], timing_ms={"total": 0.0})
        reason = case.not_applicable_reason()
        if reason is not None:
            return CaseResult(case, "grey", [], reason=reason, timing_ms={"total": 0.0})
        execution = self.execute(case)
        checks_started = time.perf_counter()
        result = self._grade(case, scenario, execution)
        now = time.perf_counter()
        result.timing_ms = {
            "total": round((now - started) * 1000, 2),
            "transport": round(execution.transport_ms, 2),
            "checks": round((now - checks_started) * 1000, 2),
        }
        return result

    def execute(self, case: Case) -> Execution:
        """The memoized wire exchange and decoded outcome of ``case``."""
        cached = self._executions.get(case.id)
        if cached is None:
            cached = self._execute(case)
            self._executions[case.id] = cached
        return cached

    # -- execution ------------------------------------------------------------------------
    def _execute(self, case: Case) -> Execution:
        ex = Execution()
        adapter = registry.adapter(case.target)
        try:
            call = case.call(self.config)
        except TranslationError as exc:
            ex.findings.append(
                Finding("translate", exc.path, None, None, f"front door: {exc.message}")
            )
            return ex
        ex.request = call.body
        try:
            ex.wire = adapter.encode_request(call, case.settings(self.config))
        except TranslationError as exc:
            ex.findings.append(
                Finding("translate", exc.path, None, None, f"request: {exc.message}")
            )
            return ex
        cassette_path = case.cassette_path(self.options.fixtures)
        recording = self.options.records(case.id)
        try:
            if not recording:
                with cassettes.replaying(cassette_path) as cassette:
                    replay = RoutingTransport(rechunk=self.options.rechunk)
                    exchange = send(ex.wire, transport=replay)
                    ex.provenance = cassettes.provenance_of(cassette)
            else:
                log = RecordingLog()
                sent, transport, auth = self._route(case, call, ex.wire, log)
                provenance = self._new_provenance(case)
                with cassettes.recording(cassette_path, provenance, log) as cassette:
                    exchange = send(sent, transport=transport, auth=auth)
                    ex.provenance = cassettes.provenance_of(cassette)
                    if self.options.mode == "record-simulator":
                        _refuse_simulator_failure(exchange, cassette_path)
                self.secrets |= log.secrets
                exchange = redact(exchange, log.secrets)
        except CannotOverwriteExistingCassetteException as exc:
            ex.findings.append(
                Finding(
                    "cassette",
                    "",
                    None,
                    None,
                    f"{self._shown(cassette_path)}: no recorded interaction matches this "
                    f"request ({_vcr_reason(exc)}); see the wire request against its golden",
                )
            )
            return ex
        except CassetteError as exc:
            ex.findings.append(Finding("cassette", "", None, None, self._relative(str(exc))))
            return ex
        except MissingCredentialsError as exc:
            ex.findings.append(Finding("transport", "", None, None, f"credentials: {exc}"))
            return ex
        except TranslationError as exc:  # the request for the live settings
            ex.findings.append(
                Finding("translate", exc.path, None, None, f"request (live): {exc.message}")
            )
            return ex
        except httpx.HTTPError as exc:
            ex.findings.append(Finding("transport", "", None, None, f"{type(exc).__name__}: {exc}"))
            return ex
        ex.transport_ms = exchange.elapsed_ms
        ex.provenance = self._provenance(cassette_path, ex.provenance)
        response = exchange.response
        is_stream = (
            call.stream
            and 200 <= response.status < 300
            and response.content_type not in ("application/json", "")
        )
        try:
            if is_stream:
                decoded = adapter.decode_stream(call, exchange.chunks)
                ex.outcome = {"status": response.status, "events": decoded.events}
                ex.names = decoded.names
                ex.findings.extend(
                    Finding("translate", "events", None, None, f"stream: {p}")
                    for p in decoded.problems
                )
            else:
                translated = adapter.decode_response(call, response)
                ex.outcome = {"status": translated.status, "body": translated.body}
                if call.stream and 200 <= translated.status < 300:
                    ex.findings.append(
                        Finding(
                            "translate",
                            "",
                            "a stream",
                            "a JSON body",
                            "a streaming request was answered without a stream",
                        )
                    )
        except TranslationError as exc:
            ex.findings.append(
                Finding("translate", exc.path, None, None, f"response: {exc.message}")
            )
        except Exception as exc:  # a malformed recording must fail its case, not the run
            ex.outcome = None
            message = (
                f"response: the {case.target} translator failed on "
                f"{self._shown(cassette_path)}: {type(exc).__name__}: {exc}"
            )
            ex.findings.append(Finding("translate", "", None, None, message))
        if (
            ex.outcome is not None
            and isinstance(case.scenario, Scenario)
            and (case.scenario.front == "openai")
        ):
            try:
                ex.front = fronts.front_outcome(case.front_request(), ex.outcome)
            except TranslationError as exc:
                ex.findings.append(
                    Finding("translate", exc.path, None, None, f"front door: {exc.message}")
                )
        return ex

    def _new_provenance(self, case: Case) -> JSON:
        live = self.options.mode == "record-live"
        settings = case.settings(self._sending_config())
        return {
            "source": "live" if live else "simulator",
            "recorded_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "model_id": case.model_id(self.config),
            "region": settings.region,
            "base_url": settings.base_url if live else None,
            "api_version": case.api_version(self.config),
            "parity_version": harness.__version__,
        }

    def _route(
        self, case: Case, call: Call, wire: WireRequest, log: RecordingLog
    ) -> tuple[WireRequest, httpx.BaseTransport, httpx.Auth | None]:
        """What a recording sends, how, and with which credentials. The simulator gets the
        configured request, named by scenario; a live service gets the request for the
        environment's settings (its base URL, region, project), signed with real
        credentials, recorded under the configured URL."""
        if self.options.mode == "record-simulator":
            if not self.options.simulator_url:
                raise CassetteError("recording from the simulator needs a running simulator")
            transport = RoutingTransport(
                redirect_to=self.options.simulator_url,
                extra_headers={SCENARIO_HEADER: case.scenario.id},
                rechunk=self.options.rechunk,
                log=log,
            )
            return wire, transport, None
        settings = case.settings(self._sending_config())
        sent = registry.adapter(case.target).encode_request(call, settings)
        transport = RoutingTransport(record_as=wire.url, rechunk=self.options.rechunk, log=log)
        return sent, transport, self.live_auth(case.target)

    def live_auth(self, target: str) -> httpx.Auth | None:
        """The target's live credentials, built once per run (MissingCredentialsError names
        what to set)."""
        if target not in self._auth:
            settings = self._sending_config().profile(target).settings
            self._auth[target] = registry.adapter(target).build_auth(settings, True)
        return self._auth[target]

    def sending_url(self, target: str) -> str:
        """Where a live recording of ``target`` sends its requests (base URL or host)."""
        settings = self._sending_config().profile(target).settings
        if settings.base_url:
            return settings.base_url
        if settings.region:
            return f"its public endpoint in {settings.region}"
        return "its public endpoint"

    def _sending_config(self) -> TargetsConfig:
        return self.options.live_config or self.config

    def _provenance(self, path: Path, meta: JSON | None) -> JSON:
        data = dict(meta or {"source": "unknown"})
        data["cassette"] = self._shown(path)
        if path.is_file():
            data["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        return data

    def _relative(self, message: str) -> str:
        """``message`` with the project's absolute paths made relative (results must not
        depend on where the project is checked out)."""
        root = self.options.project_root
        if root is None:
            return message
        return message.replace(f"{root.resolve()}/", "").replace(f"{root}/", "")

    def _shown(self, path: Path) -> str:
        root = self.options.project_root
        if root is not None:
            try:
                return path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    # -- grading --------------------------------------------------------------------------
    def _grade(self, case: Case, scenario: Scenario, ex: Execution) -> CaseResult:
        findings = list(ex.findings)
        result = CaseResult(
            case,
            "green",
            findings,
            request=ex.request,
            provenance=ex.provenance,
            api_version=case.api_version(self.config),
        )
        if ex.wire is not None:
            result.wire_request = normalize_wire_request(ex.wire)
        if ex.outcome is not None:
            result.outcome = normalize_outcome(ex.outcome)
            if "events" in ex.outcome:
                findings.extend(check_stream(ex.outcome["events"], ex.names))
            else:
                findings.extend(check_body_schema(ex.outcome["body"]))
        if ex.front is not None:
            result.front_outcome = fronts.normalize_front(ex.front)
            findings.extend(fronts.check_front(ex.front))
        try:
            findings.extend(self._check_golden(case, result))
        except GoldenError as exc:
            findings.append(Finding("golden", "", None, None, self._relative(str(exc))))
        if ex.outcome is not None:
            view = outcome_view(ex.outcome)
            view["front"] = ex.front
            comparisons: list[Finding] = []
            if (ex.provenance or {}).get("source") == "simulator":
                comparisons.extend(check_reply(scenario, case.mode, view))
            comparisons.extend(self._check_parity(case, ex, result))
            comparisons.extend(check_expectations(scenario.expect, view))
            declared = [
                *scenario.known_differences_for(case.target, case.mode),
                *self.config.profile(case.target).known_differences_for(case.mode),
            ]
            kept, used = set_aside_declared(comparisons, declared)
            findings.extend(kept)
            result.known_differences = _known(declared, used)
        findings = self._check_refusal(case, scenario, findings, result)
        result.findings = findings
        if findings:
            result.verdict = "red"
        elif any(k["matched"] for k in result.known_differences):
            result.verdict = "amber"
        return result

    def _check_refusal(
        self, case: Case, scenario: Scenario, findings: list[Finding], result: CaseResult
    ) -> list[Finding]:
        """A declared refusal: the translator must refuse the request at that field."""
        refusal = scenario.refusal_for(case.target, case.mode)
        if refusal is None:
            return findings
        refusing = [
            f
            for f in findings
            if f.check == "translate"
            and f.message.startswith(("request:", "front door:"))
            and _at_or_below(f.path, refusal.field)
        ]
        if not refusing:
            message = "the scenario declares that this target's translator refuses this field"
            return [*findings, Finding("translate", refusal.field, "a refusal", None, message)]
        result.known_differences.append(
            {"path": refusal.field, "reason": refusal.reason, "matched": True}
        )
        return [f for f in findings if f not in refusing]

    def _check_golden(self, case: Case, result: CaseResult) -> list[Finding]:
        """Compare with (or, when asked, update) the case's golden file."""
        if result.wire_request is None:
            return []
        gpath = case.golden_path(self.options.fixtures)
        if self.options.update_golden and result.outcome is not None:
            update = golden.write_if_changed(
                gpath,
                golden.Golden(result.wire_request, result.outcome, result.front_outcome),
                known_secrets=self.secrets,
            )
            if update is not None:
                self.golden_updates.append(update)
                result.golden_updated = True
        stored = golden.read(gpath)
        if stored is None:
            if result.outcome is None:
                return []
            message = f"{self._shown(gpath)}: golden file missing; run with --update-golden"
            return [Finding("golden", "", None, None, message)]
        findings = golden.compare_request(stored.request, result.wire_request)
        if findings:
            result.golden_wire_request = stored.request
        if result.outcome is not None:
            outcome_findings = golden.compare_outcome(stored.outcome, result.outcome)
            if outcome_findings:
                result.golden_outcome = stored.outcome
            findings.extend(outcome_findings)
        if result.front_outcome is not None or stored.front_outcome is not None:
            front_findings = golden.compare_front(stored.front_outcome, result.front_outcome)
            if front_findings:
                result.golden_front_outcome = stored.front_outcome
            findings.extend(front_findings)
        return findings

    def _check_parity(self, case: Case, ex: Execution, result: CaseResult) -> list[Finding]:
        """Compare with the canonical target's outcome for the same scenario and mode (and,
        for another front, the front outcomes too)."""
        if case.is_canonical or ex.outcome is None:
            return []
        canonical = case.canonical()
        if canonical.not_applicable_reason() is not None:
            return []
        result.canonical_case = canonical.id
        reference = self.execute(canonical)
        live = "live" in {
            (ex.provenance or {}).get("source"),
            (reference.provenance or {}).get("source"),
        }
        if live:
            return check_structural_parity(reference.outcome, ex.outcome)
        findings = check_parity(reference.outcome, ex.outcome)
        if ex.front is not None and reference.front is not None:
            found = diff(
                fronts.parity_front(reference.front),
                fronts.parity_front(ex.front),
                check="parity",
                against="the canonical target",
            )
            findings.extend(
                Finding(f.check, f"front.{f.path}", f.expected, f.actual, f.message) for f in found
            )
        return findings


def _refuse_simulator_failure(exchange: Exchange, path: Path) -> None:
    """The simulator's own failure (not a scripted answer) is never saved as a cassette."""
    if exchange.response.headers.get(SIMULATOR_ERROR_HEADER):
        detail = exchange.response.body.decode("utf-8", "replace")
        with contextlib.suppress(ValueError, AttributeError):
            detail = str(json.loads(detail).get("message") or detail)
        raise CassetteError(f"{path}: not recorded: the simulator could not answer: {detail}")


def _at_or_below(path: str, field: str) -> bool:
    return path == field or path.startswith((field + ".", field + "["))


def _known(declared: list[KnownDifference], used: set[str]) -> list[JSON]:
    return [{"path": k.path, "reason": k.reason, "matched": k.path in used} for k in declared]


def _vcr_reason(exc: Exception) -> str:
    for line in str(exc).splitlines():
        if "differs" in line or "not match" in line.lower():
            return line.strip()
    return "request differs from the recording"

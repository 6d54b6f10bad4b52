"""Stage 5, grade: an execution's findings and its verdict.

Schema and grammar, the golden file, the scripted reply (simulator cassettes), parity with
the canonical target, the scenario's expectations; declared known differences and refusals
set aside; then red, amber or green."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from harness import golden
from harness.case_result import CaseResult
from harness.cases import REFERENCE_SYSTEM, Case
from harness.checks import (
    check_body_schema,
    check_parity,
    check_reply,
    check_stream,
    check_structural_parity,
    set_aside_declared,
)
from harness.compare import diff
from harness.expectations import at_first_chunk, check_expectations, outcome_view
from harness.findings import Finding
from harness.golden import GoldenError
from harness.normalize import normalize_outcome, normalize_wire_request
from harness.run_options import RunOptions
from harness.scenarios import KnownDifference, Refusal, Scenario
from harness.systems import Execution
from harness.targets import TargetsConfig
from harness.vocabulary import JSON


class Grader:
    """Grades executions for one run. ``canonical`` gives the execution of a case's
    canonical case (memoized by the runner); golden updates are collected in `updates`."""

    def __init__(
        self,
        config: TargetsConfig,
        options: RunOptions,
        canonical: Callable[[Case], Execution],
        secrets: Callable[[], set[str]],
    ) -> None:
        self.config = config
        self.options = options
        self._canonical = canonical
        self._secrets = secrets
        self.updates: list[golden.Update] = []

    def grade(self, case: Case, scenario: Scenario, ex: Execution) -> CaseResult:
        findings = list(ex.findings)
        result = CaseResult(
            case,
            "green",
            findings,
            request=ex.request,
            provenance=ex.provenance,
            api_version=case.api_version(self.config),
            upstream=ex.upstream,
        )
        if ex.wire is not None:
            result.wire_request = normalize_wire_request(ex.wire)
        outcome = ex.outcome.to_dict() if ex.outcome is not None else None
        if ex.outcome is not None and outcome is not None:
            result.outcome = normalize_outcome(outcome)
            if ex.outcome.events is not None:
                findings.extend(check_stream(ex.outcome.events, ex.outcome.names))
            else:
                findings.extend(check_body_schema(ex.outcome.body))
        if ex.front is not None:
            front = case.front()
            result.front_outcome = front.normalize(ex.front)
            findings.extend(front.check(ex.front))
        if case.system == REFERENCE_SYSTEM:  # goldens hold the reference translator's cases
            try:
                findings.extend(self._check_golden(case, result))
            except GoldenError as exc:
                message = self.options.relative(str(exc))
                findings.append(Finding("golden", "", None, None, message))
        refusal = scenario.refusal_for(case.target, case.mode)
        if case.system != REFERENCE_SYSTEM and refusal is not None:
            findings.extend(_check_client_refusal(refusal, ex, result))
        elif outcome is not None or ex.front is not None:
            findings.extend(self._comparisons(case, scenario, ex, outcome, result))
        result.findings = (
            _check_refusal(case, scenario, findings, result)
            if case.system == REFERENCE_SYSTEM
            else findings
        )
        if result.findings:
            result.verdict = "red"
        elif any(k["matched"] for k in result.known_differences):
            result.verdict = "amber"
        return result

    def _comparisons(
        self,
        case: Case,
        scenario: Scenario,
        ex: Execution,
        outcome: JSON | None,
        result: CaseResult,
    ) -> list[Finding]:
        """Reply, parity and expectations, less what the scenario and target declare. A
        system whose client sees only a front's view (a gateway's OpenAI front) is judged on
        that view."""
        if outcome is not None:
            view = outcome_view(outcome)
        else:
            view = {"status": (ex.front or {}).get("status")}
        view["front"] = ex.front
        comparisons: list[Finding] = []
        scripted = case.system != REFERENCE_SYSTEM  # a gateway's backend is the simulator
        scripted = scripted or (ex.provenance or {}).get("source") == "simulator"
        if outcome is not None and scripted:
            comparisons.extend(check_reply(scenario, case.mode, view))
        comparisons.extend(self._check_parity(case, ex, outcome, result))
        expectations = scenario.expect
        if outcome is None:  # the client saw only the front's view: judge what it saw
            expectations = tuple(e for e in expectations if e.path.split(".")[0] == "front")
        lenient = case.system != REFERENCE_SYSTEM and not self.options.strict
        if lenient:  # a client reads a stream, not its chunk boundaries
            expectations = tuple(at_first_chunk(e, view) for e in expectations)
        comparisons.extend(check_expectations(expectations, view))
        declared = [
            *scenario.known_differences_for(case.target, case.mode),
            *self.config.profile(case.target).known_differences_for(case.mode),
        ]
        kept, used = set_aside_declared(comparisons, declared)
        result.known_differences = _known(declared, used)
        if lenient:
            kept = [f for f in kept if not _strict_only(f)]
        return kept

    def _check_golden(self, case: Case, result: CaseResult) -> list[Finding]:
        """Compare with (or, when asked, update) the case's golden file."""
        if result.wire_request is None:
            return []
        gpath = case.golden_path(self.options.fixtures)
        if self.options.update_golden and result.outcome is not None:
            update = golden.write_if_changed(
                gpath,
                golden.Golden(result.wire_request, result.outcome, result.front_outcome),
                known_secrets=self._secrets(),
            )
            if update is not None:
                self.updates.append(update)
                result.golden_updated = True
        stored = golden.read(gpath)
        if stored is None:
            if result.outcome is None:
                return []
            message = f"{self.options.shown(gpath)}: golden file missing; run with --update-golden"
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

    def _check_parity(
        self, case: Case, ex: Execution, outcome: JSON | None, result: CaseResult
    ) -> list[Finding]:
        """Compare with the canonical target's outcome for the same scenario and mode (and,
        for another front, the client's views too)."""
        if case.is_canonical:
            return []
        canonical = case.canonical()
        if canonical.not_applicable_reason() is not None:
            return []
        result.canonical_case = canonical.id
        reference = self._canonical(canonical)
        reference_outcome = reference.outcome.to_dict() if reference.outcome else None
        sources = {(ex.provenance or {}).get("source"), (reference.provenance or {}).get("source")}
        findings: list[Finding] = []
        if outcome is not None and "live" in sources:
            return check_structural_parity(reference_outcome, outcome)
        if outcome is not None and case.system != REFERENCE_SYSTEM and not self.options.strict:
            # a client reads a field sent as null and a field left out alike
            reference_outcome, outcome = without_nulls(reference_outcome), without_nulls(outcome)
        if outcome is not None:
            findings = check_parity(reference_outcome, outcome)
        if ex.front is not None and reference.front is not None:
            front = case.front()
            expected, actual = front.parity(reference.front), front.parity(ex.front)
            if case.system != REFERENCE_SYSTEM and not self.options.strict:
                expected, actual = without_nulls(expected), without_nulls(actual)
            found = diff(expected, actual, check="parity", against="the canonical target")
            findings.extend(
                Finding(f.check, f"front.{f.path}", f.expected, f.actual, f.message) for f in found
            )
        return findings


def _check_refusal(
    case: Case, scenario: Scenario, findings: list[Finding], result: CaseResult
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


def _strict_only(finding: Finding) -> bool:
    """What only a strict client trips over: a field the canonical outcome does not have
    (a gateway's own extra field; an extra list item still counts), the model name the
    gateway echoes, a field expected as null that the gateway left out, a usage count of 0
    that it left out, or the ``type`` and ``code`` of an OpenAI-front error."""
    added = (
        finding.check in ("parity", "usage")
        and finding.message.startswith("present here but not in")
        and not finding.path.endswith("]")  # an added list item (a block, a choice) counts
    )
    model_echo = finding.check == "expectation" and finding.path.split(".")[-1] == "model"
    null_as_absent = (
        finding.check == "expectation"
        and finding.expected is None
        and finding.actual is None
        and "does not exist" in finding.message
    )
    compared = finding.check in ("parity", "usage", "expectation")
    zero_as_absent = (
        compared
        and finding.actual is None
        and "usage" in re.split(r"[.\[]", finding.path)
        and _zero_count(finding.expected)
    )
    openai_error_detail = compared and finding.path in _OPENAI_ERROR_DETAIL
    return added or model_echo or null_as_absent or zero_as_absent or openai_error_detail


_OPENAI_ERROR_DETAIL = frozenset({"front.body.error.type", "front.body.error.code"})
"""An OpenAI-front error's ``type`` and ``code``: strings that differ from one
OpenAI-compatible service to the next (a 429's type is ``requests`` or ``tokens`` from
OpenAI, ``rate_limit_error`` or ``throttling_error`` elsewhere); the openai SDK picks its
exception by the status alone."""


def _zero_count(value: Any) -> bool:
    """A usage count of 0, or an object of such counts (``cache_creation`` with both TTLs
    at 0): what a client reads the same as a count left out (the SDKs type every usage
    detail as optional)."""
    if isinstance(value, dict):
        return bool(value) and all(_zero_count(v) for v in value.values())
    return type(value) is int and value == 0


def without_nulls(value: Any) -> Any:
    """``value`` with every object key whose value is null left out, at any depth."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def _check_client_refusal(refusal: Refusal, ex: Execution, result: CaseResult) -> list[Finding]:
    """A request the reference translator refuses (a declared limit of the target): a
    system under test should refuse it too, answering its client with a 4xx error, as the
    native API refuses what it cannot take. Nothing else is compared: no backend answered."""
    if ex.outcome is not None:
        status: object = ex.outcome.status
    else:
        status = (ex.front or {}).get("status")
    forwarded = [r for r in (ex.upstream or {}).get("requests", []) if not r.get("rejection")]
    if isinstance(status, int) and 400 <= status < 500 and not forwarded:
        result.known_differences.append(
            {"path": refusal.field, "reason": refusal.reason, "matched": True}
        )
        return []
    message = (
        f"the reference translator refuses this request at {refusal.field} "
        f"({refusal.reason}); the system under test answered HTTP {status}"
        + (f" after sending it to its backend {len(forwarded)} time(s)" if forwarded else "")
    )
    return [Finding("refusal", refusal.field, "a 4xx refusal", status, message)]


def _at_or_below(path: str, field: str) -> bool:
    return path == field or path.startswith((field + ".", field + "["))


def _known(declared: list[KnownDifference], used: set[str]) -> list[JSON]:
    return [{"path": k.path, "reason": k.reason, "matched": k.path in used} for k in declared]

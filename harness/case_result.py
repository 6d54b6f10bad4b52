"""A graded case: its verdict, findings, and everything the report shows of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.cases import Case
from harness.findings import Finding
from harness.scenarios import FrontDoorScenario, Scenario
from harness.vocabulary import JSON, Verdict


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
    upstream: JSON | None = None
    """For a gateway: the requests its backend received and the canonicalizations applied."""
    golden_front_outcome: JSON | None = None

    def to_dict(self) -> JSON:
        scenario = self.case.scenario
        loaded = scenario if isinstance(scenario, (Scenario, FrontDoorScenario)) else None
        is_ok = loaded is not None
        return {
            "id": self.case.id,
            "scenario": scenario.id,
            "title": loaded.title if loaded else "(invalid scenario)",
            "tags": list(loaded.tags) if loaded else [],
            "system": self.case.system,
            "target": self.case.target,
            "mode": self.case.mode,
            "front": loaded.front if loaded else "anthropic",
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
            **({"upstream": self.upstream} if self.upstream is not None else {}),
        }

    def failure_text(self) -> str:
        lines = [f"{self.case.id}: {self.verdict}"]
        lines.extend("  " + f.line() for f in self.findings)
        return "\n".join(lines)

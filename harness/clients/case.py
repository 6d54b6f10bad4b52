"""A client case as results.json holds it: its verdict from the judgement, the setup and the
scenario's known differences, or grey with the reason the gateway cannot reach the target."""

from __future__ import annotations

from collections.abc import Sequence

from harness.clients import claude_code, sdk
from harness.clients.judge import Judgement
from harness.clients.scenario import ClientScenario, KnownDifference
from harness.clients.setups import Setup
from harness.findings import Finding
from harness.vocabulary import JSON


def graded_case(
    cid: str,
    scenario: ClientScenario,
    target: str,
    gateway: str,
    setup: Setup,
    judgement: Judgement,
    run: claude_code.ClientRun,
) -> JSON:
    findings, declared = _declared(scenario, target, judgement.findings)
    reasons = [*setup.reasons, *(d.reason for d in declared)]
    verdict = "red" if findings else "amber" if reasons else "green"
    known = [{"path": "setup", "reason": r, "matched": True} for r in setup.reasons]
    known += [{"path": d.path, "reason": d.reason, "matched": True} for d in declared]
    result = run.result or {}
    return {
        **_base(cid, scenario, target, gateway),
        "verdict": verdict,
        "reason": "; ".join(reasons) if verdict == "amber" else None,
        "findings": [f.to_dict() for f in findings],
        "known_differences": known if verdict == "amber" else [],
        "timing_ms": {"client": round(run.elapsed_s * 1000, 1)},
        "client": {
            "exit_status": run.exit_status,
            "result": result.get("result"),
            "is_error": result.get("is_error"),
            "num_turns": result.get("num_turns"),
            "tool_results": claude_code.tool_results(run),
        },
        "upstream": {"turns": judgement.turns, "side_requests": judgement.side_requests},
    }


def grey_case(cid: str, scenario: ClientScenario, target: str, gateway: str, reason: str) -> JSON:
    """A case the gateway cannot run: grey, with its reason; the client is not started."""
    return {
        **_base(cid, scenario, target, gateway),
        "verdict": "grey",
        "reason": reason,
        "findings": [],
        "known_differences": [],
        "timing_ms": {},
        "client": None,
        "upstream": None,
    }


def _base(cid: str, scenario: ClientScenario, target: str, gateway: str) -> JSON:
    return {
        "id": cid,
        "scenario": scenario.id,
        "title": scenario.title,
        "tags": ["client", scenario.client],
        "system": f"{scenario.client}@{gateway}",
        "target": target,
        "mode": sdk.mode(scenario.client),
        "front": sdk.front(scenario.client),
        "api_version": None,
        "request": None,
        "wire_request": None,
        "golden_wire_request": None,
        "outcome": None,
        "golden_outcome": None,
        "front_outcome": None,
        "golden_front_outcome": None,
        "canonical_case": None,
        "provenance": None,
    }


def _declared(
    scenario: ClientScenario, target: str, findings: list[Finding]
) -> tuple[list[Finding], list[KnownDifference]]:
    """The findings no known difference covers, and the known differences that covered
    one."""
    used: list[KnownDifference] = []
    left: list[Finding] = []
    for finding in findings:
        cover = next(
            (k for k in scenario.known_differences if k.covers(target, finding.path)), None
        )
        if cover is None:
            left.append(finding)
        elif cover not in used:
            used.append(cover)
    return left, used


def summary(cases: Sequence[JSON]) -> str:
    verdicts = ("green", "amber", "red", "grey")
    counts = {v: sum(1 for c in cases if c["verdict"] == v) for v in verdicts}
    return ", ".join(f"{n} {v}" for v, n in counts.items())

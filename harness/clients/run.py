"""A client run: every selected client scenario on every selected target, through the null
gateway, with Parity's simulator as every backend; one graded case each.

A case is named like a gateway case, ``<scenario>[<target>-stream]@<client>@<system>`` (the
system under test being ``<client>@null-gateway``; Claude Code always streams). Its verdict
is red with findings (`judge`), amber when the client or gateway ran with a declared setup
for that target (`setups`, the reasons given), green otherwise.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from harness import registry
from harness.cases import case_id
from harness.clients import claude_code
from harness.clients.conversation import ClientResolver
from harness.clients.judge import Judgement, judge_run
from harness.clients.scenario import ClientScenario, KnownDifference, load_client_scenarios
from harness.clients.setups import Setup, gateway_settings, setup_for
from harness.clients.tap import Tap
from harness.errors import ParityError
from harness.findings import Finding
from harness.gateway.config import GatewayConfig, build_config
from harness.session import Project
from harness.systems.gateway.profile import load_profile
from harness.systems.gateway.trial import Stage, staged_gateway
from harness.targets import TargetsConfig
from harness.vocabulary import JSON

GATEWAY_PROFILE = Path("gateways/null/profile.yaml")
GATEWAY = "null-gateway"
MODEL = "sonnet"
SMALL_MODEL = "haiku"


@dataclass(frozen=True)
class ClientOptions:
    targets: tuple[str, ...] = ()
    keyword: str | None = None
    timeout: float = 180.0
    profile: Path = GATEWAY_PROFILE


@dataclass
class Context:
    project: Project
    config: TargetsConfig
    stage: Stage
    routes: GatewayConfig
    timeout: float
    cases: list[JSON] = field(default_factory=list)


def select(project: Project, options: ClientOptions) -> list[ClientScenario]:
    scenarios = load_client_scenarios(project.fixtures / "clients", project.root)
    if options.keyword:
        scenarios = [s for s in scenarios if options.keyword in s.id]
    return scenarios


def run_clients(project: Project, options: ClientOptions, out: TextIO) -> list[JSON]:
    """Every selected case, graded (the case dicts of results.json), in order."""
    reason = claude_code.missing(project.root)
    if reason is not None:
        raise ParityError(f"Claude Code cannot run: {reason}")
    targets = options.targets or registry.targets()
    scenarios = select(project, options)
    config = project.config()
    profile = load_profile(project.root / options.profile)
    log_dir = project.reports / "clients"
    settings = gateway_settings(claude_code.NAME, tuple(targets))
    with staged_gateway(
        profile, ClientResolver(scenarios), config, log_dir, project.root, settings
    ) as stage:
        routes = build_config(
            config, simulator="http://127.0.0.1:9", target_options=settings["target_options"]
        )
        context = Context(project, config, stage, routes, options.timeout)
        for scenario in scenarios:
            for target in targets:
                case = run_case(context, scenario, target)
                out.write(f"{case['verdict']:<6} {case['id']}\n")
                for finding in case["findings"]:
                    out.write(
                        f"       [{finding['check']}] {finding['path']}: {finding['message']}\n"
                    )
                out.flush()
                context.cases.append(case)
    return context.cases


def run_case(context: Context, scenario: ClientScenario, target: str) -> JSON:
    setup = setup_for(scenario.client, target)
    system = f"{scenario.client}@{GATEWAY}"
    cid = case_id(scenario.id, target, "stream", system)
    with _throwaway(scenario) as (workdir, home):
        tap = Tap(context.stage.urls["anthropic"], cid)
        with tap.running() as base_url:
            run = claude_code.run(
                context.project.root,
                scenario.prompt,
                f"{target}/{MODEL}",
                base_url=base_url,
                workdir=workdir,
                home=home,
                extra_env={**_small_model(target), **setup.env},
                timeout=context.timeout,
            )
        judgement = judge_run(
            scenario,
            target,
            run,
            tap.exchanges,
            lambda e: context.stage.journal.for_case(e.correlation),
            workdir,
            context.routes,
            setup.gateway_drops_betas,
        )
    return _case(cid, scenario, target, system, setup, judgement, run)


def _small_model(target: str) -> dict[str, str]:
    """Claude Code's background model, aimed at the same target."""
    name = f"{target}/{SMALL_MODEL}"
    return {"ANTHROPIC_DEFAULT_HAIKU_MODEL": name, "ANTHROPIC_SMALL_FAST_MODEL": name}


@contextlib.contextmanager
def _throwaway(scenario: ClientScenario) -> Iterator[tuple[Path, Path]]:
    """A temporary working directory holding the scenario's files, and a home beside it."""
    with tempfile.TemporaryDirectory(prefix="parity-client-") as tmp:
        workdir, home = Path(tmp) / "work", Path(tmp) / "home"
        workdir.mkdir()
        home.mkdir()
        for name, text in scenario.files.items():
            path = workdir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        yield workdir.resolve(), home.resolve()


def _case(
    cid: str,
    scenario: ClientScenario,
    target: str,
    system: str,
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
        "id": cid,
        "scenario": scenario.id,
        "title": scenario.title,
        "tags": ["client", scenario.client],
        "system": system,
        "target": target,
        "mode": "stream",
        "front": "anthropic",
        "api_version": None,
        "verdict": verdict,
        "reason": "; ".join(reasons) if verdict == "amber" else None,
        "findings": [f.to_dict() for f in findings],
        "known_differences": known if verdict == "amber" else [],
        "request": None,
        "wire_request": None,
        "golden_wire_request": None,
        "outcome": None,
        "golden_outcome": None,
        "front_outcome": None,
        "golden_front_outcome": None,
        "canonical_case": None,
        "provenance": None,
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
    counts = {v: sum(1 for c in cases if c["verdict"] == v) for v in ("green", "amber", "red")}
    return ", ".join(f"{n} {v}" for v, n in counts.items())

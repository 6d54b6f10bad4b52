"""A client run: every selected client scenario on every selected target, through a gateway
(the null gateway by default, or the one a profile describes), with Parity's simulator as
every backend; one graded case each.

A case is named like a gateway case, ``<scenario>[<target>-stream@<client>@<gateway>]``
(Claude Code always streams). Its verdict is red with findings (`judge`), amber when the
client or gateway ran with a declared setup for that target (`setups`, the reasons given),
grey when the gateway cannot reach the target (the profile's reason), green otherwise.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from harness import registry
from harness.cases import case_id
from harness.clients import claude_code, sdk
from harness.clients.case import graded_case, grey_case
from harness.clients.conversation import ClientResolver
from harness.clients.judge import judge_run
from harness.clients.scenario import ClientScenario, load_client_scenarios
from harness.clients.setups import Setup, gateway_settings, setup_for
from harness.clients.system import ClientSystem, claude_code_credentials
from harness.clients.tap import Exchange, Tap
from harness.errors import ParityError
from harness.gateway.config import GatewayConfig, build_config
from harness.session import Project
from harness.simulator.journal import JournalRecord
from harness.systems.gateway.profile import load_profile
from harness.systems.gateway.trial import Stage, staged_gateway
from harness.targets import TargetsConfig
from harness.vocabulary import JSON

GATEWAY_PROFILE = Path("gateways/null/profile.yaml")
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
    settings: dict[str, Any]
    """The null gateway's setups for the run's clients (`setups.gateway_settings`)."""
    timeout: float
    system: ClientSystem
    resolver: ClientResolver
    cases: list[JSON] = field(default_factory=list)


def select(project: Project, options: ClientOptions) -> list[ClientScenario]:
    scenarios = load_client_scenarios(project.fixtures / "clients", project.root)
    if options.keyword:
        scenarios = [s for s in scenarios if options.keyword in s.id]
    return scenarios


def run_clients(project: Project, options: ClientOptions, out: TextIO) -> list[JSON]:
    """Every selected case, graded (the case dicts of results.json), in order."""
    targets = options.targets or registry.targets()
    scenarios = select(project, options)
    reason = claude_code.missing(project.root)
    if reason is not None and any(s.client == claude_code.NAME for s in scenarios):
        raise ParityError(f"Claude Code cannot run: {reason}")
    config = project.config()
    system = ClientSystem(load_profile(project.root / options.profile), config)
    settings = gateway_settings(sorted({s.client for s in scenarios}), targets)
    resolver = ClientResolver(scenarios)
    with staged_gateway(
        system.profile,
        resolver,
        config,
        reports_dir(project, system.name),
        project.root,
        settings if system.is_null_gateway else None,
    ) as stage:
        context = Context(project, config, stage, settings, options.timeout, system, resolver)
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


def reports_dir(project: Project, gateway: str) -> Path:
    """Where a run's results, reports and gateway log go: reports/clients/, or
    reports/clients/<gateway>/ for a gateway other than the null gateway."""
    base = project.reports / "clients"
    return base if gateway == "null-gateway" else base / gateway


def reference_routes(system: ClientSystem, settings: dict[str, Any], target: str) -> GatewayConfig:
    """How the reference translator routes the model names a client sends through
    ``system`` to ``target`` (a gateway may give two targets the same name), with the null
    gateway's setups (what reached the backend is judged against the reference's request
    with them, whichever gateway is on trial)."""
    models = {system.model(target, logical): (target, logical) for logical in (MODEL, SMALL_MODEL)}
    return build_config(
        system.config,
        simulator="http://127.0.0.1:9",
        models=models,
        target_options=settings["target_options"],
    )


def run_case(context: Context, scenario: ClientScenario, target: str) -> JSON:
    system, front = context.system, sdk.front(scenario.client)
    gateway = system.name
    cid = case_id(scenario.id, target, sdk.mode(scenario.client), f"{scenario.client}@{gateway}")
    unsupported = system.unsupported(target, scenario.id, front)
    if unsupported is not None:
        return grey_case(cid, scenario, target, gateway, unsupported)
    full = setup_for(scenario.client, target)
    setup = full if system.is_null_gateway else full.client_side()
    context.resolver.reset()  # each case's retries start from the first attempt
    with _throwaway(scenario) as (workdir, home):
        tap = Tap(context.stage.urls[front], cid)
        with tap.running() as base_url:
            run = _run_client(context, scenario, target, setup, base_url, workdir, home)
        judgement = judge_run(
            scenario,
            target,
            run,
            tap.exchanges,
            _upstream_of(context),
            workdir,
            reference_routes(system, context.settings, target),
            full.gateway_drops_betas,
            front,
        )
    return graded_case(cid, scenario, target, gateway, setup, judgement, run)


def _run_client(
    context: Context,
    scenario: ClientScenario,
    target: str,
    setup: Setup,
    base_url: str,
    workdir: Path,
    home: Path,
) -> claude_code.ClientRun:
    """Run the scenario's client once, through the relay at ``base_url``."""
    system = context.system
    headers = system.headers(target, context.stage.values)
    context.stage.secrets |= set(headers.values())
    model = system.model(target, MODEL)
    if scenario.client != claude_code.NAME:
        return sdk.run(
            scenario.client,
            scenario.prompt,
            model,
            options=scenario.sdk,
            base_url=base_url,
            headers=headers,
            workdir=workdir,
            home=home,
            timeout=context.timeout,
        )
    env = {**_small_model(system, target), **claude_code_credentials(headers), **setup.env}
    return claude_code.run(
        context.project.root,
        scenario.prompt,
        model,
        base_url=base_url,
        workdir=workdir,
        home=home,
        extra_env=env,
        timeout=context.timeout,
    )


def _upstream_of(context: Context) -> Callable[[Exchange], list[JournalRecord]]:
    """How the backend requests a client request caused are found: by the correlation header
    the gateway forwarded, or else by the time they arrived, during the client request (one
    client request at a time)."""
    journal = context.stage.journal

    def by_time(e: Exchange) -> list[JournalRecord]:
        return journal.take(lambda r: r.case is None and e.started <= r.time <= e.ended)

    if context.system.profile.forwards_headers:
        # a request the gateway sent without the header (LiteLLM's token counts) by its time
        return lambda e: journal.for_case(e.correlation) or by_time(e)
    return by_time


def _small_model(system: ClientSystem, target: str) -> dict[str, str]:
    """Claude Code's background model, aimed at the same target."""
    name = system.model(target, SMALL_MODEL)
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
        for name, data in scenario.binary_files.items():
            path = workdir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        yield workdir.resolve(), home.resolve()

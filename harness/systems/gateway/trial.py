"""Putting a gateway on trial: Parity's simulator as every backend, the gateway started (when
its profile says how) with its config aimed at the simulator and fake credentials, and the
system that sends the cases through it. Everything started here is stopped on exit."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import google.auth.transport.requests
import httpx
from google.oauth2 import service_account

from harness.cases import Case
from harness.resolver import ScenarioResolver
from harness.scenarios import FrontDoorScenario, Scenario
from harness.secrets import REDACTED
from harness.simulator import Backend, Resolver, Script, SimRequest, Unplaced
from harness.simulator.journal import Journal, JournalRecord
from harness.simulator.oauth import OAuthServer
from harness.simulator.server import SimulatorServer, verifying_backends
from harness.simulator.vertex import VertexBackend
from harness.systems import Execution
from harness.systems.gateway import process
from harness.systems.gateway.client import CLIENT_TIMEOUT
from harness.systems.gateway.in_flight import CaseInFlight, CasesInFlight
from harness.systems.gateway.profile import GatewayProfile
from harness.systems.gateway.system import GatewaySystem
from harness.systems.gateway.upstream import Upstream
from harness.targets import TargetsConfig

FAKE_CREDENTIALS: Mapping[str, str] = {
    "aws_access_key_id": "PARITYFAKEACCESSKEY0",
    "aws_secret_access_key": "parity-fake-secret-access-key-not-a-secret",
    "bedrock_api_key": "parity-fake-bedrock-api-key",
    "openai_api_key": "parity-fake-openai-key",
    "anthropic_api_key": "parity-fake-anthropic-key",
}
"""Canaries the simulator accepts (it verifies SigV4 signatures made with the AWS pair);
they fill a profile's config template and are no secret of anyone's. The region and project
come from fixtures/targets.yaml (`settings_values`), as the reference translator's do."""

_SETTLE_SECONDS = 0.05
"""How long after a client call a late upstream request still counts for that case, for a
gateway that does not forward Parity's correlation header."""


def settings_values(config: TargetsConfig) -> dict[str, str]:
    """The Vertex project and region and the AWS region the reference translator addresses
    (fixtures/targets.yaml), for the gateway's config: its requests must go where the
    reference's go."""
    vertex = config.profile("vertex").settings
    bedrock = config.profile("bedrock-invoke").settings
    return {
        "vertex_project": vertex.project or "parity-project",
        "vertex_region": vertex.region or "us-east5",
        "aws_region": bedrock.region or "us-east-1",
    }


def gateway_environment(base: Mapping[str, str], aws_region: str) -> dict[str, str]:
    """The gateway process's environment: ``base`` with the fake credentials in the
    variables the official clients read, and nothing that could reach a real account."""
    env = {k: v for k, v in base.items() if k in _KEPT or k.startswith("LC_")}
    env.update(
        {
            "AWS_ACCESS_KEY_ID": FAKE_CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": FAKE_CREDENTIALS["aws_secret_access_key"],
            "AWS_REGION": aws_region,
            "AWS_DEFAULT_REGION": aws_region,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "ANTHROPIC_API_KEY": FAKE_CREDENTIALS["anthropic_api_key"],
            "OPENAI_API_KEY": FAKE_CREDENTIALS["openai_api_key"],
            "NO_GCE_CHECK": "true",
            "NO_PROXY": "127.0.0.1,localhost,::1",
        }
    )
    return env


_KEPT = frozenset({"PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "TZ", "TERM", "TMPDIR"})
"""What the gateway keeps of the machine's environment: no credentials, no proxies, no base
URLs of the machine's own."""


@dataclass
class Stage:
    """A started gateway with Parity's simulator as every backend: the gateway's front base
    URLs, the simulator's journal, and the credential values to scrub from the gateway's log
    when it stops (add to ``secrets`` any the caller sends it)."""

    urls: dict[str, str]
    journal: Journal
    values: dict[str, str] = field(default_factory=dict)
    """What filled the profile's placeholders: the simulator's URL, the fake credentials."""
    secrets: set[str] = field(default_factory=set)


@contextlib.contextmanager
def staged_gateway(
    profile: GatewayProfile,
    resolver: Resolver,
    config: TargetsConfig,
    log_dir: Path,
    project_root: Path,
    template_context: Mapping[str, Any] | None = None,
) -> Iterator[Stage]:
    """The simulator answering with ``resolver`` (with the OAuth endpoint Vertex credentials
    use) and the gateway the profile describes, aimed at it with fake credentials."""
    journal = Journal()
    with contextlib.ExitStack() as stack:
        oauth = stack.enter_context(OAuthServer())
        secrets_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="parity-")))
        settings = settings_values(config)
        account = oauth.write_service_account(secrets_dir, settings["vertex_project"])
        simulator = SimulatorServer(resolver, backends=_backends(oauth), journal=journal)
        stack.enter_context(simulator)
        values = {
            "simulator_url": simulator.base_url,
            "project_root": str(project_root),
            "vertex_credentials_file": str(account),
            "vertex_access_token": vertex_access_token(account),
            **FAKE_CREDENTIALS,
            **settings,
        }
        env = {
            **gateway_environment(os.environ, settings["aws_region"]),
            "GOOGLE_APPLICATION_CREDENTIALS": str(account),
        }
        models = {name: dict(ids) for name, ids in config.models.items()}
        context = {"models": models, **(template_context or {})}
        stage = Stage({}, journal, values)
        stack.callback(redact_log, process.log_path(profile, log_dir), stage.secrets)
        stage.urls = stack.enter_context(
            process.running(profile, values, log_dir, env=env, template_context=context)
        )
        yield stage


@contextlib.contextmanager
def gateway_under_test(
    profile: GatewayProfile,
    scenarios: list[Scenario],
    config: TargetsConfig,
    log_dir: Path,
    reference: Callable[[Case], Execution],
    project_root: Path,
    strict: bool = False,
) -> Iterator[GatewaySystem]:
    """The simulator (answering the scenarios), the gateway, and the system sending cases
    through it."""
    with contextlib.ExitStack() as stack:
        resolver = ScenarioResolver(scenarios, config)
        in_flight: CaseInFlight | CasesInFlight = (
            CasesInFlight(resolver) if profile.forwards_headers else CaseInFlight(resolver)
        )
        stage = stack.enter_context(
            staged_gateway(profile, in_flight, config, log_dir, project_root)
        )
        http = stack.enter_context(httpx.Client(timeout=CLIENT_TIMEOUT, trust_env=False))
        upstream = upstream_source(stage.journal, profile.forwards_headers, placer(resolver))
        system = GatewaySystem(
            profile,
            stage.urls,
            reference,
            upstream,
            http,
            dict(os.environ),
            config,
            strict,
            stage.values,
            in_flight.case,
        )
        stage.secrets |= system.secrets
        yield system


def vertex_access_token(account: Path) -> str:
    """An access token for the service account in ``account``, from its token endpoint (the
    loopback OAuth server), by google-auth as a user's tooling gets one: for a gateway that
    takes a ready Bearer token for Vertex rather than a credentials file."""
    credentials = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
        str(account), scopes=[_CLOUD_PLATFORM]
    )
    credentials.refresh(google.auth.transport.requests.Request())
    token: str = credentials.token
    return token


_CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"


def redact_log(path: Path, secrets: set[str]) -> None:
    """The gateway's log with every credential value Parity gave it replaced (run after the
    gateway stopped)."""
    if not secrets or not path.is_file():
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    for value in secrets:
        text = text.replace(value, REDACTED)
    path.write_text(text, encoding="utf-8")


def _backends(oauth: OAuthServer) -> tuple[Backend, ...]:
    """Every backend, verifying what the fake credentials make: SigV4 signatures and the
    Bedrock API key on Bedrock, and on Vertex only the tokens ``oauth`` issued."""
    aws = {
        "AWS_ACCESS_KEY_ID": FAKE_CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": FAKE_CREDENTIALS["aws_secret_access_key"],
        "AWS_BEARER_TOKEN_BEDROCK": FAKE_CREDENTIALS["bedrock_api_key"],
    }
    return tuple(
        VertexBackend(access_tokens=oauth.issued) if backend.name == "vertex" else backend
        for backend in verifying_backends(aws)
    )


def upstream_source(
    journal: Journal, by_header: bool, place: Placer | None = None
) -> Callable[[Case, float], list[Upstream]]:
    """How a case finds its upstream requests: by the correlation header the gateway
    forwarded, or else every request that arrived since its call started (cases then run
    one at a time). A gateway that forwards the header on most requests but not on all
    (LiteLLM's count_tokens) still has those requests judged: one that arrived without the
    header while the case was in flight, on the case's target, is the case's when the
    simulator placed it on the case's scenario or found that scenario the closest (for a
    request the simulated service refused before placing it, ``place`` says where it would
    have gone). A front-door case runs alone, after the other cases: every request that
    arrived during its call without a case header is its."""

    def find(case: Case, started: float) -> list[Upstream]:
        if not by_header:
            time.sleep(_SETTLE_SECONDS)
            return [as_upstream(r) for r in journal.take(lambda r: r.time >= started)]
        if isinstance(case.scenario, FrontDoorScenario):
            time.sleep(_SETTLE_SECONDS)
            return [
                as_upstream(r)
                for r in journal.take(
                    lambda r: r.case == case.id or (r.case is None and r.time >= started)
                )
            ]

        def unlabelled(r: JournalRecord) -> bool:
            if r.case is not None or r.time < started or r.target != case.target:
                return False
            placed = r.resolution.scenario or r.resolution.closest
            if placed is None and place is not None:
                placed = place(r)
            return placed == case.scenario.id

        records = [*journal.for_case(case.id), *journal.take(unlabelled)]
        return [as_upstream(r) for r in sorted(records, key=lambda r: r.time)]

    return find


Placer = Callable[[JournalRecord], str | None]
"""The scenario a journal record's request carries (or the closest one), by content."""


def placer(resolver: ScenarioResolver) -> Placer:
    """Where ``resolver`` places a recorded request by its content alone."""

    def place(record: JournalRecord) -> str | None:
        if record.target is None:
            return None
        request = SimRequest(record.method, record.path, record.query, {}, record.body)
        answer = resolver.place(record.target, request)
        if isinstance(answer, Script):
            return answer.scenario_id
        return answer.closest if isinstance(answer, Unplaced) else None

    return place


def as_upstream(record: JournalRecord) -> Upstream:
    """A journal record as the upstream request a judge reads."""
    resolution = record.resolution
    reason = resolution.reason or ""
    refused = resolution.scenario is None and reason.startswith("refused as the service would")
    return Upstream(
        method=record.method,
        path=f"{record.path}?{record.query}" if record.query else record.path,
        headers=dict(record.headers),
        body=record.body,
        status=record.status,
        rejection=reason if refused else None,
        scenario=resolution.scenario,
    )

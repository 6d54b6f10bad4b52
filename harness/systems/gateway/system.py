"""A gateway under test as a system: the case's request goes to the gateway's front as its
client would send it, over raw HTTP; what the client received is the outcome, and what the
gateway sent to Parity's simulator is judged against the reference translator's request."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager

import httpx

from adapters.anthropic.request import HEADER_FIELDS
from harness.cases import Case
from harness.findings import Finding
from harness.fronts import NATIVE_FRONT
from harness.scenarios import Scenario
from harness.systems import Execution
from harness.systems.gateway import client
from harness.systems.gateway.client import ClientExchange
from harness.systems.gateway.process import fill
from harness.systems.gateway.profile import GatewayProfile, ProfileError, resolve_env
from harness.systems.gateway.upstream import Upstream, judge, refusal
from harness.targets import TargetsConfig
from harness.vocabulary import JSON

SCENARIO_HEADER = "x-parity-scenario"
CASE_HEADER = "x-parity-case"
"""Named on every request when the gateway forwards client headers, so that the simulator
knows the scenario and Parity knows which upstream requests belong to which case."""

_PATHS = {
    ("anthropic", "messages"): "/v1/messages",
    ("anthropic", "count_tokens"): "/v1/messages/count_tokens",
    ("openai", "messages"): "/chat/completions",
}

UpstreamSource = Callable[[Case, float], list[Upstream]]
"""The requests the simulated backends received for a case, given when its call started
(seconds since the epoch); asked after the call returned."""

InFlight = Callable[[Scenario], AbstractContextManager[None]]
"""Tells the simulator which scenario the case being run carries, for a gateway that does
not forward the scenario header (`harness.systems.gateway.in_flight`)."""


def sdk_headers(request: JSON) -> tuple[JSON, dict[str, str]]:
    """``request`` without the Messages parameters the official SDK sends as request headers
    (``user_profile_id`` as ``anthropic-user-profile-id``, ``workspace_id`` as
    ``anthropic-workspace-id``), and those headers: a gateway's client sends them so. A value
    no header can carry (not a string) stays in the body, as a raw client would send it."""
    moved = {
        header: request[field]
        for field, header in HEADER_FIELDS.items()
        if isinstance(request.get(field), str)
    }
    kept = {k: v for k, v in request.items() if not (k in HEADER_FIELDS and isinstance(v, str))}
    return kept, moved


class GatewaySystem:
    """Runs cases through one running gateway."""

    def __init__(
        self,
        profile: GatewayProfile,
        urls: Mapping[str, str],
        reference: Callable[[Case], Execution],
        upstream: UpstreamSource,
        http: httpx.Client,
        env: Mapping[str, str],
        config: TargetsConfig,
        strict: bool = False,
        values: Mapping[str, str] | None = None,
        in_flight: InFlight | None = None,
    ) -> None:
        self.profile = profile
        self.config = config
        self.strict = strict
        self.name = profile.name
        self.urls = dict(urls)
        self.secrets: set[str] = set()
        self._reference = reference
        self._upstream = upstream
        self._http = http
        self._env = env
        self._values = dict(values or {})
        self._in_flight = in_flight
        self._headers_by_target = {
            target: {
                name: self._resolved(name, value)
                for name, value in {**profile.headers, **route.headers}.items()
            }
            for target, route in profile.targets.items()
            if route.unsupported is None
        }

    def _resolved(self, name: str, value: str) -> str:
        """A header's value from the environment, checked once, before any case, with its
        ``{placeholders}`` filled (``{simulator_url}``, the fake credentials); a value that
        came from the environment is a secret (never written)."""
        try:
            from_env = resolve_env(value, self._env)
        except ProfileError as exc:
            raise ProfileError(f"{self.profile.path}: headers.{name}: {exc}") from None
        if from_env != value:
            self.secrets.add(from_env)
        resolved = fill(from_env, self._values)
        if not resolved.isascii() or not resolved.isprintable():
            raise ProfileError(
                f"{self.profile.path}: headers.{name}: must be printable ASCII once resolved"
            )
        return resolved

    def route_headers(self, target: str) -> dict[str, str]:
        """The headers every request to ``target`` carries (the profile's and the route's),
        resolved and filled."""
        return dict(self._headers_by_target.get(target, {}))

    def not_applicable(self, case: Case) -> str | None:
        route = self.profile.route(case.target)
        if route.unsupported is not None:
            return route.unsupported
        scenario = case.scenario
        if not isinstance(scenario, Scenario):
            return None
        reason = route.unsupported_for(scenario.front, scenario.id)
        if reason is not None:
            return reason
        if scenario.front not in self.urls:
            return f"the {self.name} profile names no {scenario.front} front"
        if (scenario.front, scenario.endpoint) not in _PATHS:
            return f"the {scenario.front} front has no {scenario.endpoint} endpoint"
        return None

    @property
    def simulator_url(self) -> str:
        """The base URL of the simulator behind the gateway."""
        return self._values["simulator_url"]

    def client_call(self, case: Case) -> tuple[str, dict[str, str], JSON]:
        """What a client of the gateway sends for ``case``: URL, headers and request body."""
        scenario = case.scenario
        assert isinstance(scenario, Scenario)
        front = case.front()
        route = self.profile.route(case.target)
        request = front.client_request(scenario.request, case.mode)
        request["model"] = self.model_name(
            route.model or "", case.target, str(scenario.request["model"])
        )
        url = self.urls[front.name] + _PATHS[(front.name, scenario.endpoint)]
        headers = self._headers(case, scenario)
        if front.name == NATIVE_FRONT:
            request, moved = sdk_headers(request)
            headers.update(moved)
        return url, headers, request

    def exchange(
        self,
        case: Case,
        call: tuple[str, str, dict[str, str], JSON | None],
        scenario: Scenario | None,
        since: float | None = None,
    ) -> tuple[ClientExchange | Finding, list[Upstream]]:
        """One client ``call`` (method, URL, headers, body) for ``case``, with ``scenario``
        the one the backend answers with (None: no backend call is due), and the requests the
        backend received since the call started (or since ``since``, seconds since the
        epoch; -1: not asked, as for all but the last of several calls)."""
        method, url, headers, body = call
        in_flight = self._in_flight if self._in_flight and scenario else None
        with in_flight(scenario) if in_flight and scenario else contextlib.nullcontext():
            started = time.time() if since is None else since
            exchanged = client.call(self._http, url, headers, body, method)
            received = self._upstream(case, started) if started >= 0 else []
        return exchanged, received

    def upstream_since(self, case: Case, started: float) -> list[Upstream]:
        """The requests the backend received for ``case`` since ``started`` (seconds since
        the epoch)."""
        return self._upstream(case, started)

    def reference(self, case: Case) -> Execution:
        """The reference translator's execution of ``case`` (memoized by the runner)."""
        return self._reference(case)

    def execute(self, case: Case) -> Execution:
        front = case.front()
        url, headers, request = self.client_call(case)
        ex = Execution(request=request)  # no cassette: the backend is Parity's simulator
        scenario = case.scenario
        assert isinstance(scenario, Scenario)
        exchanged, received = self.exchange(case, ("POST", url, headers, request), scenario)
        if isinstance(exchanged, Finding):
            ex.findings.append(exchanged)
        else:
            ex.transport_ms = exchanged.elapsed_ms
            view = (client.anthropic_view if front.name == NATIVE_FRONT else client.openai_view)(
                exchanged
            )
            ex.outcome, ex.front = view.outcome, view.front
            ex.findings.extend(view.findings)
        self._judge_upstream(case, front.name, received, ex)
        return ex

    def _judge_upstream(
        self, case: Case, front: str, received: list[Upstream], ex: Execution
    ) -> None:
        """What the backend received, against the reference translator's request."""
        reference = self._reference(case.reference())
        if reference.wire is None:
            return
        judgement = judge(case.target, reference.wire, received, refusal(reference.outcome))
        ex.findings.extend(judgement.problems)
        # behind a non-native front the reference request is what Parity's own front door
        # chose (a default max_tokens, ...): no standard, so noted unless strict
        noted = [] if front == NATIVE_FRONT or self.strict else judgement.differences
        ex.findings.extend(f for f in judgement.differences if f not in noted)
        ex.upstream = judgement.to_dict(received, noted)

    def model_name(self, pattern: str, target: str, logical: str) -> str:
        """The model a client names for the ``logical`` model on ``target``: ``pattern`` with
        ``{model}`` (the logical model) and ``{model_id}`` (that model's id on the target,
        fixtures/targets.yaml) filled in."""
        return pattern.replace("{model}", logical).replace(
            "{model_id}", self.config.model_id(logical, target)
        )

    def client_headers(self, case: Case, scenario: Scenario | None = None) -> dict[str, str]:
        """The headers a native client of the gateway sends for ``case`` (with ``scenario``,
        the Messages scenario its body comes from: its betas, and a body's content type)."""
        headers = {"anthropic-version": case.api_version(self.config)}
        if scenario is not None:
            headers["content-type"] = "application/json"
            if scenario.betas:
                headers["anthropic-beta"] = ",".join(scenario.betas)
        headers.update(self.route_headers(case.target))
        if self.profile.forwards_headers:
            if scenario is not None:
                headers[SCENARIO_HEADER] = scenario.id
            headers[CASE_HEADER] = case.id
        return headers

    def _headers(self, case: Case, scenario: Scenario) -> dict[str, str]:
        if scenario.front == NATIVE_FRONT:
            return self.client_headers(case, scenario)
        headers = {"content-type": "application/json", **self.route_headers(case.target)}
        if self.profile.forwards_headers:
            headers[SCENARIO_HEADER] = scenario.id
            headers[CASE_HEADER] = case.id
        return headers

"""Front-door cases: a gateway's promises to its clients, one call each (docs/SCENARIOS.md,
"Front-door scenarios"), judged as the client received them and, where the scenario says so,
by what reached the backend.

A front-door case exists only for a gateway: the reference translator has no front door. Its
client call is built like a Messages case's (the profile's headers and model name for the
target) with the scenario's changes (a path, a query, headers changed or left out); a
scenario that ``uses`` a Messages scenario sends that scenario's request, and the backend
answers with that scenario's reply. ``upstream: reference`` judges what reached the backend
against the reference translator's request for the used scenario on the target, as a
Messages case's upstream is judged; ``upstream: none`` requires that nothing did.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from urllib.parse import quote, urlencode

from adapters import limits
from harness.case_result import CaseResult
from harness.cases import Case
from harness.findings import Finding
from harness.scenarios import FrontDoorScenario, Scenario
from harness.scenarios.front_door import ENDPOINT_PATHS
from harness.systems.gateway import front_door_checks as checks
from harness.systems.gateway.client import ClientExchange, read_json
from harness.systems.gateway.system import CASE_HEADER, GatewaySystem
from harness.systems.gateway.upstream import Upstream, judge, refusal
from harness.vocabulary import JSON

MAX_PAGES = 200
"""A list read page by page stops here (a gateway whose pages never end)."""

Call = tuple[str, str, dict[str, str], JSON | None]


class FrontDoorRunner:
    """Runs front-door cases through one gateway under test."""

    def __init__(self, system: GatewaySystem, scenarios: Mapping[str, Scenario]) -> None:
        self.system = system
        self.scenarios = dict(scenarios)

    def run(self, case: Case) -> CaseResult:
        started = time.perf_counter()
        door = case.scenario
        assert isinstance(door, FrontDoorScenario)
        if door.uses is not None and door.uses not in self.scenarios:
            message = f"uses {door.uses!r}, which is no scenario of this project that loaded"
            finding = Finding("scenario", "front_door.request.uses", None, door.uses, message)
            return CaseResult(case, "red", [finding], timing_ms={"total": 0.0})
        reason = self.not_applicable(case, door)
        if reason is not None:
            return CaseResult(case, "grey", [], reason=reason, timing_ms={"total": 0.0})
        result = self._walk(case, door) if door.pages else self._once(case, door)
        result.timing_ms = {"total": round((time.perf_counter() - started) * 1000, 2)}
        result.api_version = case.api_version(self.system.config)
        return result

    def not_applicable(self, case: Case, door: FrontDoorScenario) -> str | None:
        """Why the gateway cannot be asked this (grey), or None."""
        reason = door.not_applicable_reason(case.target, case.mode)
        route = self.system.profile.route(case.target)
        if reason is None and route.unsupported is not None:
            reason = route.unsupported
        if reason is None and "anthropic" not in self.system.urls:
            reason = f"the {self.system.name} profile names no anthropic front"
        used = self._used(case, door)
        if reason is None and used is not None:
            reason = used.not_applicable_reason() or self.system.not_applicable(used)
        return reason

    def _used(self, case: Case, door: FrontDoorScenario) -> Case | None:
        """The Messages case whose request the front-door case sends, if it uses one."""
        if door.uses is None:
            return None
        return Case(self.scenarios[door.uses], case.target, case.mode, case.system)

    def _model(self, case: Case, door: FrontDoorScenario) -> str:
        route = self.system.profile.route(case.target)
        used = self._used(case, door)
        logical = door.model
        if used is not None and isinstance(used.scenario, Scenario):
            logical = str(used.scenario.request["model"])
        return self.system.model_name(route.model or "", case.target, logical)

    def call(self, case: Case, door: FrontDoorScenario, query: dict[str, str]) -> Call:
        """What the client sends: method, URL, headers and body (None for a GET)."""
        used = self._used(case, door)
        body: JSON | None = None
        scenario = used.scenario if used is not None else None
        if used is not None and isinstance(scenario, Scenario):
            _, headers, body = self.system.client_call(used)
            headers[CASE_HEADER] = case.id
        else:
            headers = self.system.client_headers(case)
        if door.path is not None:
            path = door.path.replace("{model}", quote(self._model(case, door), safe=""))
        else:
            assert isinstance(scenario, Scenario)
            path = ENDPOINT_PATHS[scenario.endpoint]
        for name, value in door.headers:
            headers.pop(name, None)
            if value is not None:
                headers[name] = value
        url = self.system.urls["anthropic"] + path
        if query:
            url += "?" + urlencode(query)
        return door.method, url, headers, None if door.method == "GET" else body

    def _once(self, case: Case, door: FrontDoorScenario) -> CaseResult:
        used = self._used(case, door)
        backend = used.scenario if used is not None else None
        call = self.call(case, door, dict(door.query))
        exchanged, received = self.system.exchange(
            case, call, backend if isinstance(backend, Scenario) else None
        )
        if isinstance(exchanged, Finding):
            return _result(case, [exchanged], call, None, received)
        got = _received(exchanged)
        findings = checks.answer(door.expect, got, self._model(case, door))
        why = unserved(door, received) if findings else None
        if why is not None:
            return CaseResult(case, "grey", [], reason=why, upstream=_requests(received))
        if door.expect.body == "count_tokens" and isinstance(backend, Scenario) and not findings:
            findings.extend(_count(backend, got))
        upstream, judged = self._upstream(case, door, used, received)
        return _result(case, findings + judged, call, got, received, upstream)

    def _walk(self, case: Case, door: FrontDoorScenario) -> CaseResult:
        """``GET /v1/models`` page by page: ``after_id`` is the previous page's ``last_id``."""
        query = dict(door.query)
        limit = int(query.get("limit", "20"))
        pages: list[checks.Received] = []
        started = time.time()
        for _ in range(MAX_PAGES):
            call = self.call(case, door, query)
            exchanged, _ = self.system.exchange(case, call, None, since=-1)
            if isinstance(exchanged, Finding):
                return _result(case, [exchanged], call, None, self._since(case, started))
            got = _received(exchanged)
            pages.append(got)
            body = got.body if isinstance(got.body, dict) else {}
            if got.status != 200 or body.get("has_more") is not True or not body.get("last_id"):
                break
            query["after_id"] = str(body["last_id"])
        received = self._since(case, started)
        findings = checks.walk(pages, limit, self._model(case, door))
        why = unserved(door, received) if findings else None
        if why is not None:
            return CaseResult(case, "grey", [], reason=why, upstream=_requests(received))
        # the last page as the outcome, every page beside it
        result = _result(case, findings, call, pages[-1] if pages else None, received)
        if result.outcome is not None:
            result.outcome["pages"] = [{"status": p.status, "body": p.body} for p in pages]
        return result

    def _since(self, case: Case, started: float) -> list[Upstream]:
        """What reached the backend for ``case`` since ``started`` (a walk's pages)."""
        return self.system.upstream_since(case, started)

    def _upstream(
        self, case: Case, door: FrontDoorScenario, used: Case | None, received: list[Upstream]
    ) -> tuple[JSON, list[Finding]]:
        """What reached the backend, as the scenario asks it judged."""
        if door.expect.upstream == "none":
            return _requests(received), served(received)
        if door.expect.upstream != "reference" or used is None:
            return _requests(received), []
        reference = self.system.reference(used.reference())
        if reference.wire is None:
            return _requests(received), []
        judgement = judge(case.target, reference.wire, received, refusal(reference.outcome))
        return judgement.to_dict(received), judgement.findings


def served(received: list[Upstream]) -> list[Finding]:
    """For a request the front door must refuse: a finding when the backend served it. One
    the backend refused as the front door should have is no difference the client sees (it
    gets that refusal, judged on its own)."""
    count = sum(1 for r in received if r.status < 400)
    if not count:
        return []
    message = "the gateway sent on, and its backend served, a request the front door must refuse"
    return [Finding("upstream", "", 0, count, message)]


def unserved(door: FrontDoorScenario, received: list[Upstream]) -> str | None:
    """Why a case cannot be judged: the gateway answers it from its backend (its model list,
    say), and Parity's simulator serves no such route, so the client's answer would be judged
    on the simulator's 404 rather than on what the real service answers."""
    if door.uses is not None:
        return None
    asked = [r for r in received if r.status == 404 and r.scenario is None and not r.rejection]
    if not asked:
        return None
    where = ", ".join(sorted({f"{r.method} {r.path}" for r in asked}))
    return (
        f"the gateway answers from its backend ({limits.excerpt(where)}), a route Parity's "
        "simulator does not serve"
    )


def _received(exchange: ClientExchange) -> checks.Received:
    body, problem = read_json(exchange.body)
    return checks.Received(exchange.status, body, problem)


def _count(scenario: Scenario, got: checks.Received) -> list[Finding]:
    """A token count is the backend's: the scripted count of the used scenario."""
    want = scenario.reply.get("input_tokens")
    have = got.body.get("input_tokens") if isinstance(got.body, dict) else None
    if want is None or want == have:
        return []
    message = "a count other than the backend's (counted by the gateway itself?)"
    return [Finding(checks.CHECK, "body.input_tokens", want, have, message)]


def _requests(received: list[Upstream]) -> JSON:
    return {
        "requests": [
            {"method": r.method, "path": r.path, "status": r.status, "rejection": r.rejection}
            for r in received
        ],
        "canonicalizations": [],
    }


def _result(
    case: Case,
    findings: list[Finding],
    call: Call,
    got: checks.Received | None,
    received: list[Upstream],
    upstream: JSON | None = None,
) -> CaseResult:
    method, url, headers, body = call
    shown = {k: v for k, v in headers.items() if k in _SHOWN_HEADERS}
    return CaseResult(
        case,
        "red" if findings else "green",
        findings,
        request={"method": method, "url": url, "headers": shown, "body": body},
        outcome=None if got is None else {"status": got.status, "body": got.body},
        upstream=upstream if upstream is not None else _requests(received),
    )


_SHOWN_HEADERS = frozenset({"anthropic-version", "anthropic-beta", "content-type"})
"""The client headers a result shows (never the profile's, which may carry keys)."""

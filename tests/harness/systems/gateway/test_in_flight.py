"""The case in flight: for a gateway that does not forward Parity's headers, a request the
gateway changed still gets its case's scripted answer (the change is judged upstream), as it
would with the scenario header; between cases, requests are placed by content as before."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from harness import registry
from harness.cases import Case
from harness.resolver import ScenarioResolver
from harness.session import Project
from harness.simulator import NEUTRAL_MESSAGE
from harness.simulator.server import SimulatorServer
from harness.systems.gateway.in_flight import CaseInFlight, CasesInFlight
from harness.transport import SCENARIO_HEADER


@pytest.fixture
def in_flight(project: Project) -> CaseInFlight:
    return CaseInFlight(ScenarioResolver(project.valid_scenarios(), project.config()))


@pytest.fixture
def server(in_flight: CaseInFlight) -> Iterator[SimulatorServer]:
    with SimulatorServer(in_flight) as server:
        yield server


def changed_hello(project: Project) -> tuple[str, dict[str, str], bytes]:
    """basic/hello's native request as the reference translator sends it, with a field a
    gateway added: no scenario's request any more."""
    config = project.config()
    scenario = next(s for s in project.valid_scenarios() if s.id == "basic/hello")
    case = Case(scenario, "anthropic", "json")
    wire = registry.adapter("anthropic").encode_request(case.call(config), case.settings(config))
    body = {**json.loads(wire.body or b"{}"), "top_k": 7}
    return "/v1/messages", dict(wire.headers), json.dumps(body).encode()


def post(server: SimulatorServer, request: tuple[str, dict[str, str], bytes]) -> httpx.Response:
    path, headers, body = request
    return httpx.post(server.base_url + path, content=body, headers=headers, timeout=10)


def test_between_cases_a_changed_request_is_unplaced(
    project: Project, server: SimulatorServer
) -> None:
    answer = post(server, changed_hello(project))
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == NEUTRAL_MESSAGE


def test_in_flight_a_changed_request_gets_its_cases_reply(
    project: Project, server: SimulatorServer, in_flight: CaseInFlight
) -> None:
    scenario = next(s for s in project.valid_scenarios() if s.id == "basic/hello")
    with in_flight.case(scenario):
        answer = post(server, changed_hello(project))
    assert answer.status_code == 200
    assert answer.json()["content"][0]["text"] == scenario.reply["content"][0]["text"]
    assert post(server, changed_hello(project)).status_code == 400  # the flight is over


def test_a_scenario_named_by_header_still_wins(
    project: Project, server: SimulatorServer, in_flight: CaseInFlight
) -> None:
    scenario = next(s for s in project.valid_scenarios() if s.id == "basic/hello")
    path, headers, body = changed_hello(project)
    headers[SCENARIO_HEADER] = "errors/rate-limit"
    with in_flight.case(scenario):
        answer = post(server, (path, headers, body))
    assert answer.status_code == 429


def test_with_several_cases_in_flight_an_unplaced_request_goes_to_its_closest_one(
    project: Project,
) -> None:
    """A gateway that forwards the scenario header on most routes: several cases fly at
    once, and a request without the header that no scenario matches gets the answer of the
    case in flight whose scenario is closest to it, and only while that case flies."""
    flying = CasesInFlight(ScenarioResolver(project.valid_scenarios(), project.config()))
    scenarios = {s.id: s for s in project.valid_scenarios()}
    hello = scenarios["basic/hello"]
    other = next(s for s in scenarios.values() if s.id != "basic/hello")
    with SimulatorServer(flying) as server:
        with flying.case(other):
            assert post(server, changed_hello(project)).status_code == 400
            with flying.case(hello), flying.case(hello):
                answer = post(server, changed_hello(project))
            assert answer.status_code == 200
            assert answer.json()["content"][0]["text"] == hello.reply["content"][0]["text"]
            assert post(server, changed_hello(project)).status_code == 400  # hello landed
        path, headers, body = changed_hello(project)
        headers[SCENARIO_HEADER] = "errors/rate-limit"
        with flying.case(hello):
            assert post(server, (path, headers, body)).status_code == 429

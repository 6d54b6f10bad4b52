"""Exchange: the wire request answered from the case's cassette (replay) or by the
simulator (recording), with provenance; every failure is a finding for that case."""

from __future__ import annotations

from dataclasses import replace

from adapters.base import TargetSettings, WireRequest
from harness.cases import Case
from harness.findings import Finding
from harness.resolver import ScenarioResolver
from harness.run_options import RunOptions
from harness.session import Project
from harness.simulator.server import SimulatorServer
from harness.stages.encode import encode
from harness.stages.exchange import Exchanged, Exchanger, sending_url
from harness.stages.prepare import Prepared, prepare
from harness.targets import TargetProfile, TargetsConfig


def ready(project: Project, target: str = "vertex") -> tuple[Prepared, WireRequest]:
    scenario = next(s for s in project.scenarios if s.id == "basic/hello")
    prepared = prepare(Case(scenario, target, "json"), project.config())
    assert isinstance(prepared, Prepared)
    wire = encode(prepared)
    assert isinstance(wire, WireRequest)
    return prepared, wire


def exchanger(project: Project, **options: object) -> Exchanger:
    run = RunOptions(fixtures=project.fixtures, project_root=project.root)
    return Exchanger(project.config(), replace(run, **options))  # type: ignore[arg-type]


def test_replay_answers_from_the_cassette_with_its_provenance(project: Project) -> None:
    prepared, wire = ready(project)
    exchanged = exchanger(project).exchange(prepared, wire)
    assert isinstance(exchanged, Exchanged)
    assert exchanged.exchange.response.status == 200
    assert exchanged.provenance["source"] == "simulator"
    assert exchanged.provenance["cassette"] == "fixtures/cassettes/vertex/basic/hello-json.yaml"
    assert len(exchanged.provenance["sha256"]) == 64


def test_a_missing_cassette_is_a_cassette_finding_with_a_relative_path(project: Project) -> None:
    prepared, wire = ready(project)
    (project.fixtures / "cassettes" / "vertex" / "basic" / "hello-json.yaml").unlink()
    finding = exchanger(project).exchange(prepared, wire)
    assert isinstance(finding, Finding) and finding.check == "cassette"
    assert finding.message.startswith("fixtures/cassettes/vertex/basic/hello-json.yaml: ")
    assert str(project.root) not in finding.message


def test_a_request_unlike_the_recorded_one_is_a_cassette_finding(project: Project) -> None:
    prepared, wire = ready(project)
    other = replace(wire, body=(wire.body or b"").replace(b"Say hello", b"Say goodbye"))
    finding = exchanger(project).exchange(prepared, other)
    assert isinstance(finding, Finding) and finding.check == "cassette"
    assert "no recorded interaction matches this request" in finding.message


def test_recording_from_the_simulator_writes_the_cassette(project: Project) -> None:
    prepared, wire = ready(project)
    cassette = project.fixtures / "cassettes" / "vertex" / "basic" / "hello-json.yaml"
    cassette.unlink()
    resolver = ScenarioResolver(project.valid_scenarios(), project.config())
    with SimulatorServer(resolver) as server:
        record = exchanger(project, mode="record-simulator", simulator_url=server.base_url)
        exchanged = record.exchange(prepared, wire)
    assert isinstance(exchanged, Exchanged)
    assert exchanged.provenance["source"] == "simulator"
    assert cassette.is_file()


def test_recording_without_a_simulator_is_a_finding_not_a_crash(project: Project) -> None:
    prepared, wire = ready(project)
    finding = exchanger(project, mode="record-simulator").exchange(prepared, wire)
    assert isinstance(finding, Finding) and finding.check == "cassette"
    assert "needs a running simulator" in finding.message


def test_sending_url_says_where_a_live_recording_goes() -> None:
    config = TargetsConfig(
        profiles={
            "vertex": TargetProfile(TargetSettings(name="vertex", region="us-east5")),
            "openai": TargetProfile(TargetSettings(name="openai", base_url="http://127.0.0.1:9")),
        }
    )
    assert sending_url(config, "openai") == "http://127.0.0.1:9"
    assert sending_url(config, "vertex") == "its public endpoint in us-east5"
    assert sending_url(config, "anthropic") == "its public endpoint"

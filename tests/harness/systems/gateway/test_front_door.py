"""Front-door cases on trial: the null gateway keeps every promise of the corpus's
front-door scenarios (0 red); a null gateway that defaults a missing anthropic-version turns
exactly those cases red; the reference translator has no front-door case."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from harness.scenarios import FrontDoorScenario, load_front_doors
from harness.session import Project, Session, SessionOptions, run_session
from harness.systems.gateway.front_door import served, unserved
from harness.systems.gateway.upstream import Upstream
from tests.support.gate import gate_on

ROOT = Path(__file__).resolve().parents[4]

BROKEN = """\
name: broken-null-gateway
title: The null gateway serving a request without anthropic-version as 2023-06-01
fronts:
  anthropic: http://127.0.0.1:{port}
headers:
  x-api-key: parity-null-gateway-key
forwards_headers: true
targets:
  anthropic: {model: "anthropic/{model}"}
  vertex: {model: "vertex/{model}"}
  bedrock-invoke: {model: "bedrock-invoke/{model}"}
  bedrock-converse: {model: "bedrock-converse/{model}"}
  openai: {model: "openai/{model}"}
start:
  command: ["{python}", "{project_root}/tests/support/broken_gateway.py", "version-defaulted",
            "anthropic", "--root", "{project_root}", "--port", "{port}", "--config", "{config}"]
  env: {PYTHONPATH: "{parity_path}"}
  config: gateway.yaml.j2
  ready: {path: /v1/models, timeout: 60}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of the project (its fixtures and the broken gateway script)."""
    root = tmp_path_factory.mktemp("front-door")
    shutil.copytree(ROOT / "fixtures", root / "fixtures")
    shutil.copytree(ROOT / "tests" / "support", root / "tests" / "support")
    return Project(root)


def trial(project: Project, profile: Path, name: str) -> dict[str, dict[str, object]]:
    results = project.root / f"{name}.json"
    options = SessionOptions(
        gateway=str(profile), keyword="front-door/", write_report=False, results_path=str(results)
    )
    run_session(project, options, out=io.StringIO())
    return {c["id"]: c for c in json.loads(results.read_text())["cases"]}


def test_the_null_gateway_keeps_every_front_door_promise(project: Project) -> None:
    cases = trial(project, ROOT / "gateways" / "null" / "profile.yaml", "null")
    doors = [d for d in project.front_doors if isinstance(d, FrontDoorScenario)]
    assert len(cases) == 6 * len(doors)
    assert all(c["system"] == "null-gateway" for c in cases.values())
    assert [cid for cid, c in cases.items() if c["verdict"] == "red"] == []
    grey = {cid for cid, c in cases.items() if c["verdict"] == "grey"}
    assert "front-door/count-tokens[openai-json@null-gateway]" in grey
    assert "front-door/beta-refused[vertex-json@null-gateway]" in grey
    assert "front-door/beta-refused[bedrock-invoke-json@null-gateway]" not in grey
    refused = cases["front-door/version-missing[vertex-json@null-gateway]"]
    assert refused["outcome"]["status"] == 400  # type: ignore[index]
    assert refused["upstream"]["requests"] == []  # type: ignore[index]
    beta = cases["front-door/beta-passed[vertex-json@null-gateway]"]
    assert [r["status"] for r in beta["upstream"]["requests"]] == [200]  # type: ignore[index]
    pages = cases["front-door/models-pages[bedrock-converse-json@null-gateway]"]
    assert len(pages["outcome"]["pages"]) > 1  # type: ignore[index]


def test_a_gateway_that_defaults_a_missing_version_turns_exactly_those_cases_red(
    project: Project, tmp_path: Path
) -> None:
    shutil.copy(ROOT / "gateways" / "null" / "gateway.yaml.j2", tmp_path / "gateway.yaml.j2")
    (tmp_path / "profile.yaml").write_text(BROKEN, encoding="utf-8")
    cases = trial(project, tmp_path / "profile.yaml", "broken")
    red = {cid: c for cid, c in cases.items() if c["verdict"] == "red"}
    assert sorted(red) == sorted(
        f"front-door/version-missing[{t}-json@broken-null-gateway]"
        for t in ("anthropic", "vertex", "bedrock-invoke", "bedrock-converse", "openai")
    )
    for case in red.values():
        found = {(f["check"], f["path"], f["expected"], f["actual"]) for f in case["findings"]}  # type: ignore[attr-defined]
        assert found == {("front-door", "status", 400, 200), ("upstream", "", 0, 1)}


def test_the_reference_translator_has_no_front_door_case(project: Project) -> None:
    session = Session(project, SessionOptions())
    assert not [c for c in session.select() if isinstance(c.scenario, FrontDoorScenario)]


def test_a_request_sent_on_counts_only_when_the_backend_served_it() -> None:
    refused = Upstream("POST", "/v1/messages", {}, b"{}", 400, rejection="anthropic-version: ...")
    assert served([refused]) == []
    [finding] = served([refused, Upstream("POST", "/v1/messages", {}, b"{}", 200)])
    assert (finding.check, finding.expected, finding.actual) == ("upstream", 0, 1)


def test_a_models_answer_taken_from_a_route_the_simulator_lacks_is_not_judged() -> None:
    doors = {d.id: d for d in load_front_doors(ROOT / "fixtures" / "scenarios")}
    models, version = doors["front-door/models-list"], doors["front-door/version-missing"]
    assert isinstance(models, FrontDoorScenario) and isinstance(version, FrontDoorScenario)
    asked = Upstream("GET", "/v1/models", {}, b"", 404)
    reason = unserved(models, [asked])
    assert reason is not None and "GET /v1/models" in reason
    assert unserved(models, []) is None
    assert unserved(version, [asked]) is None  # a Messages request is placed, never unserved
    placed = Upstream("GET", "/v1/models", {}, b"", 404, scenario="basic/plain-text")
    assert unserved(models, [placed]) is None


def test_the_pytest_gate_has_front_door_cases_only_with_a_gateway(
    project: Project, pytester: pytest.Pytester
) -> None:
    gate = gate_on(project, pytester)
    plain = gate("--collect-only", "-q")
    assert "scenarios/front-door/" not in plain.stdout
    assert "scenarios/basic/plain-text.yaml" in plain.stdout
    profile = ROOT / "gateways" / "null" / "profile.yaml"
    results = project.root / "gate.json"
    run = gate(
        f"--gateway={profile}",
        f"--parity-results={results}",
        "-k",
        "front-door/models-get and vertex and not unknown",
    )
    assert run.returncode == 0, run.stdout + run.stderr
    data = json.loads(results.read_text())
    assert [(c["id"], c["verdict"]) for c in data["cases"]] == [
        ("front-door/models-get[vertex-json@null-gateway]", "green")
    ]

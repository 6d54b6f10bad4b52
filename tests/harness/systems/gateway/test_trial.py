"""The null gateway on trial: Parity's own reference translator served as a gateway must get
the reference's verdict for every case, with every upstream request judged equal to the
reference's; a gateway that changes what it sends is caught upstream."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from harness.session import Project, SessionOptions, run_session
from tests.support.gate import Gate

ROOT = Path(__file__).resolve().parents[4]
NULL_PROFILE = ROOT / "gateways" / "null"


def trial(
    project: Project, profile: Path, targets: tuple[str, ...] = ()
) -> dict[str, dict[str, object]]:
    options = SessionOptions(
        gateway=str(profile), concurrency=4, write_report=False, targets=targets
    )
    run_session(project, options, out=io.StringIO())
    data = json.loads((project.reports / "results.json").read_text())
    return {c["id"]: c for c in data["cases"]}


@pytest.fixture
def null_profile(tmp_path: Path) -> Path:
    folder = tmp_path / "null"
    shutil.copytree(NULL_PROFILE, folder)
    return folder / "profile.yaml"


def test_the_null_gateway_gets_the_reference_verdict_for_every_case(
    project: Project, null_profile: Path
) -> None:
    cases = trial(project, null_profile)
    on_gateway = {cid: c for cid, c in cases.items() if c["system"] == "null-gateway"}
    assert len(on_gateway) == len(cases) // 2 == 36
    for cid, case in on_gateway.items():
        reference = cases[cid.replace("@null-gateway]", "]")]
        assert case["verdict"] == reference["verdict"], (cid, case["findings"])
        assert case["verdict"] != "red"
        assert case["upstream"]["requests"], cid
        assert all(r["status"] < 500 for r in case["upstream"]["requests"])


def test_a_gateway_that_changes_the_request_is_red_upstream(
    project: Project, null_profile: Path
) -> None:
    # a misrouting gateway: the null gateway with its Bedrock InvokeModel route sent to
    # the native API instead
    profile = null_profile.read_text().replace(
        'bedrock-invoke: {model: "bedrock-invoke/{model}"}',
        'bedrock-invoke: {model: "anthropic/{model}"}',
    )
    null_profile.write_text(profile)
    cases = trial(project, null_profile, ("bedrock-invoke",))
    case = cases["basic/hello[bedrock-invoke-json@null-gateway]"]
    assert case["verdict"] == "red"
    upstream = {f["path"]: f for f in case["findings"] if f["check"] == "upstream"}
    assert upstream["upstream.path"]["expected"].endswith("/invoke")
    assert upstream["upstream.path"]["actual"] == "/v1/messages"
    assert "upstream.body.anthropic_version" in upstream  # InvokeModel's own field, dropped


def test_a_route_may_name_the_targets_own_model_id(project: Project, null_profile: Path) -> None:
    profile = null_profile.read_text().replace(
        'bedrock-invoke: {model: "bedrock-invoke/{model}"}',
        'bedrock-invoke: {model: "bedrock-invoke/{model_id}"}',
    )
    null_profile.write_text(profile)
    cases = trial(project, null_profile, ("bedrock-invoke",))
    case = cases["basic/hello[bedrock-invoke-json@null-gateway]"]
    assert case["request"]["model"] == "bedrock-invoke/us.anthropic.claude-sonnet-4-6-v1:0"
    assert case["verdict"] == cases["basic/hello[bedrock-invoke-json]"]["verdict"] != "red"


def test_the_pytest_gate_puts_the_gateway_on_trial_too(
    project: Project, null_profile: Path, gate: Gate
) -> None:
    run = gate(f"--gateway={null_profile}", "-k", "hello and vertex", "-rs")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout, run.stdout
    data = json.loads((project.reports / "results.json").read_text())
    assert sorted(c["id"] for c in data["cases"]) == [
        "basic/hello[vertex-json@null-gateway]",
        "basic/hello[vertex-json]",
        "basic/hello[vertex-stream@null-gateway]",
        "basic/hello[vertex-stream]",
    ]
    bad = gate(f"--gateway={null_profile.parent / 'absent.yaml'}")
    assert bad.returncode != 0 and "cannot read the profile" in bad.stdout + bad.stderr


def test_without_forwarded_headers_requests_are_found_by_time_and_placed_by_content(
    project: Project, null_profile: Path
) -> None:
    text = null_profile.read_text().replace("forwards_headers: true", "forwards_headers: false")
    null_profile.write_text(text)
    cases = trial(project, null_profile, ("bedrock-converse",))
    on_gateway = {cid: c for cid, c in cases.items() if c["system"] == "null-gateway"}
    assert len(on_gateway) == 6
    for cid, case in on_gateway.items():
        assert case["verdict"] == cases[cid.replace("@null-gateway]", "]")]["verdict"], cid
        assert len(case["upstream"]["requests"]) == 1, cid


def test_a_key_from_the_environment_is_never_written(
    project: Project, null_profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "parity-test-gateway-key-0123456789"
    monkeypatch.setenv("PARITY_TEST_GATEWAY_KEY", key)
    text = null_profile.read_text().replace(
        "x-api-key: parity-null-gateway-key", "x-api-key: ${PARITY_TEST_GATEWAY_KEY}"
    )
    null_profile.write_text(text)
    cases = trial(project, null_profile, ("anthropic",))
    assert {c["verdict"] for c in cases.values()} <= {"green", "amber"}
    written = [
        p for d in ("reports", "fixtures") for p in (project.root / d).rglob("*") if p.is_file()
    ]
    assert written and all(key not in p.read_text(errors="replace") for p in written)


def test_an_unset_variable_in_a_header_is_one_line_before_any_case(
    project: Project, null_profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from harness.errors import ParityError

    monkeypatch.delenv("PARITY_TEST_UNSET", raising=False)
    text = null_profile.read_text().replace(
        "x-api-key: parity-null-gateway-key", "x-api-key: ${PARITY_TEST_UNSET}"
    )
    null_profile.write_text(text)
    with pytest.raises(ParityError) as caught:
        trial(project, null_profile, ("anthropic",))
    assert str(caught.value) == (
        f"{null_profile}: headers.x-api-key: the environment variable PARITY_TEST_UNSET is not set"
    )


def test_a_client_may_name_the_targets_own_model_id_and_a_scenario_may_be_out_of_reach(
    project: Project, null_profile: Path
) -> None:
    text = null_profile.read_text().replace(
        'vertex: {model: "vertex/{model}"}',
        'vertex: {model: "vertex/{model_id}",'
        ' unsupported_scenarios: {errors/rate-limit: "not on this route"}}',
    )
    null_profile.write_text(text)
    cases = trial(project, null_profile, ("vertex",))
    on_gateway = {cid: c for cid, c in cases.items() if c["system"] == "null-gateway"}
    assert len(on_gateway) == 6
    for cid, case in on_gateway.items():
        if cid.startswith("errors/rate-limit"):
            assert (case["verdict"], case["reason"]) == ("grey", "not on this route")
            continue
        assert case["verdict"] == cases[cid.replace("@null-gateway]", "]")]["verdict"], cid
        assert case["request"]["model"] == "vertex/claude-sonnet-4-6", cid


def test_a_vertex_access_token_comes_from_the_loopback_token_endpoint(tmp_path: Path) -> None:
    from harness.simulator.oauth import OAuthServer
    from harness.systems.gateway.trial import vertex_access_token

    with OAuthServer() as oauth:
        token = vertex_access_token(oauth.write_service_account(tmp_path))
        assert oauth.issued(token)
        assert not oauth.issued(token + "x")


def test_a_request_without_the_case_header_is_found_by_where_the_simulator_placed_it() -> None:
    from harness.cases import Case
    from harness.simulator.journal import Journal, JournalRecord, Resolution
    from harness.systems.gateway.trial import upstream_source
    from tests.support.corpus import PROJECT

    scenario = next(s for s in PROJECT.valid_scenarios() if s.id == "tokens/count-messages")
    case = Case(scenario, "vertex", "json", "some-gateway")
    journal = Journal()

    def arrived(at: float, path: str, target: str, case_id: str | None, **placed: str) -> None:
        resolution = Resolution(target=target, **placed)  # type: ignore[arg-type]
        journal.add(JournalRecord(at, "POST", path, "", {}, b"{}", case_id, resolution, 200, 1.0))

    arrived(5.0, "/labelled", "vertex", case.id)
    arrived(6.0, "/placed", "vertex", None, scenario="tokens/count-messages")
    arrived(7.0, "/unplaced", "vertex", None, reason="no match", closest="tokens/count-messages")
    arrived(7.5, "/refused", "vertex", None, reason="refused as the service would (400): x")
    arrived(7.6, "/refused-elsewhere", "vertex", None, reason="refused as the service would")
    arrived(8.0, "/other-scenario", "vertex", None, scenario="basic/hello")
    arrived(9.0, "/other-target", "anthropic", None, scenario="tokens/count-messages")
    arrived(1.0, "/before-the-case", "vertex", None, scenario="tokens/count-messages")
    arrived(9.5, "/another-case", "vertex", "basic/hello[vertex-json@some-gateway]")

    def place(record: JournalRecord) -> str | None:  # where its content would have gone
        return {"/refused": "tokens/count-messages"}.get(record.path, "basic/hello")

    found = upstream_source(journal, True, place)(case, 4.0)
    assert [u.path for u in found] == ["/labelled", "/placed", "/unplaced", "/refused"]
    assert len(journal) == 5  # the others stay for their own cases

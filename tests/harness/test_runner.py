"""The runner grades cases: replay is green, and injected faults turn exactly the right
cases red with a finding a person can read."""

from __future__ import annotations

import io
import json

import pytest

from adapters.vertex import adapter as vertex_adapter
from harness.cases import Case, expand
from harness.registry import targets as available_targets
from harness.runner import CaseResult, Runner, RunOptions
from harness.session import Project, SessionOptions, run_session


def replay(
    project: Project, keyword: str | None = None, update_golden: bool = False
) -> dict[str, CaseResult]:
    options = SessionOptions(keyword=keyword, update_golden=update_golden, write_report=False)
    outcome = run_session(project, options, out=io.StringIO())
    return {r.case.id: r for r in outcome.results}


def test_replaying_recorded_cassettes_is_green_or_declared_amber(project: Project) -> None:
    results = replay(project)
    assert len(results) == 3 * len(available_targets()) * 2
    for result in results.values():
        declared = [k for k in result.known_differences if k["matched"]]
        expected = "amber" if declared else "green"
        assert result.verdict == expected, result.failure_text()
    assert {r.verdict for cid, r in results.items() if "[vertex-" in cid} == {"green"}


def test_results_json_follows_the_schema(project: Project) -> None:
    replay(project)
    data = json.loads((project.reports / "results.json").read_text())
    assert data["schema"] == 1
    assert data["totals"]["red"] == 0
    assert sum(data["totals"].values()) == len(data["cases"]) == 3 * len(available_targets()) * 2
    case = next(c for c in data["cases"] if c["id"] == "tools/weather[vertex-stream]")
    for key in ("id", "scenario", "target", "mode", "verdict", "findings"):
        assert key in case
    assert case["canonical_case"] == "tools/weather[anthropic-stream]"
    assert case["provenance"]["source"] == "simulator"
    assert case["provenance"]["cassette"] == "fixtures/cassettes/vertex/tools/weather-stream.yaml"
    assert len(case["provenance"]["sha256"]) == 64


def test_a_translator_that_drops_cache_usage_turns_only_vertex_cases_red(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = vertex_adapter.ADAPTER.decode_response

    def lossy(call, response):  # type: ignore[no-untyped-def]
        translated = original(call, response)
        translated.body.get("usage", {}).pop("cache_read_input_tokens", None)
        return translated

    monkeypatch.setattr(vertex_adapter.ADAPTER, "decode_response", lossy)
    results = replay(project)
    red = sorted(cid for cid, r in results.items() if r.verdict == "red")
    assert red == ["tools/weather[vertex-json]"]
    findings = results["tools/weather[vertex-json]"].findings
    checks = {f.check for f in findings}
    assert {"golden", "usage"} <= checks
    usage = next(
        f for f in findings if f.check == "usage" and f.path.endswith("cache_read_input_tokens")
    )
    assert usage.expected == 100 and usage.actual is None


def test_an_edited_golden_turns_exactly_that_case_red(project: Project) -> None:
    golden = project.fixtures / "golden" / "basic" / "hello" / "vertex-json.json"
    data = json.loads(golden.read_text())
    data["outcome"]["body"]["content"][0]["text"] = "Hi!"
    golden.write_text(json.dumps(data))
    results = replay(project)
    red = [cid for cid, r in results.items() if r.verdict == "red"]
    assert red == ["basic/hello[vertex-json]"]
    finding = results["basic/hello[vertex-json]"].findings[0]
    assert finding.check == "golden"
    assert finding.path == "body.content[0].text"
    assert (finding.expected, finding.actual) == ("Hi!", "Hello! How can I help you today?")


def test_a_missing_cassette_is_red_and_names_the_file(project: Project) -> None:
    (project.fixtures / "cassettes" / "vertex" / "errors" / "rate-limit-json.yaml").unlink()
    results = replay(project, keyword="rate-limit")
    result = results["errors/rate-limit[vertex-json]"]
    assert result.verdict == "red"
    assert "cassette missing" in result.findings[0].message
    assert results["errors/rate-limit[vertex-stream]"].verdict == "green"


def test_a_changed_request_no_longer_matches_its_cassette(project: Project) -> None:
    path = project.fixtures / "scenarios" / "basic" / "hello.yaml"
    path.write_text(path.read_text().replace("max_tokens: 64", "max_tokens: 65"))
    results = replay(project, keyword="basic")
    result = results["basic/hello[vertex-json]"]
    checks = {f.check for f in result.findings}
    assert {"cassette", "golden-request"} <= checks
    request_finding = next(f for f in result.findings if f.check == "golden-request")
    assert request_finding.path == "body.max_tokens"


@pytest.mark.parametrize("size", [1, 7])
def test_re_split_streams_give_identical_outcomes(project: Project, size: int) -> None:
    config = project.config()
    cases = [c for c in expand(project.scenarios) if c.mode == "stream"]
    whole = Runner(config, RunOptions(fixtures=project.fixtures))
    split = Runner(config, RunOptions(fixtures=project.fixtures, rechunk=size))
    for case in cases:
        a, b = whole.run(case), split.run(case)
        assert a.outcome == b.outcome, case.id
        assert b.verdict == a.verdict != "red", b.failure_text()


def test_not_applicable_cases_are_grey_with_their_reason(project: Project) -> None:
    path = project.fixtures / "scenarios" / "basic" / "hello.yaml"
    path.write_text(
        path.read_text()
        + "not_applicable:\n  - {target: vertex, mode: stream, reason: 'checked elsewhere'}\n"
    )
    project = Project(project.root)
    case = Case(
        next(s for s in project.valid_scenarios() if s.id == "basic/hello"), "vertex", "stream"
    )
    result = Runner(project.config(), RunOptions(fixtures=project.fixtures)).run(case)
    assert (result.verdict, result.reason, result.findings) == ("grey", "checked elsewhere", [])


def test_a_declared_known_difference_turns_red_into_amber(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = vertex_adapter.ADAPTER.decode_response

    def no_cache_usage(call, response):  # type: ignore[no-untyped-def]
        translated = original(call, response)
        translated.body.get("usage", {}).pop("cache_read_input_tokens", None)
        return translated

    monkeypatch.setattr(vertex_adapter.ADAPTER, "decode_response", no_cache_usage)
    # the golden accepts the target's own outcome; parity and the script still differ
    replay(project, keyword="weather", update_golden=True)
    undeclared = replay(project, keyword="weather")["tools/weather[vertex-json]"]
    assert undeclared.verdict == "red"
    assert {f.check for f in undeclared.findings} == {"usage"}

    path = project.fixtures / "scenarios" / "tools" / "weather.yaml"
    path.write_text(
        path.read_text()
        + "known_differences:\n  vertex:\n"
        + "    - {path: usage.cache_read_input_tokens, reason: 'not reported'}\n"
    )
    results = replay(Project(project.root), keyword="weather")
    declared = results["tools/weather[vertex-json]"]
    assert declared.verdict == "amber", declared.failure_text()
    assert declared.known_differences == [
        {"path": "usage.cache_read_input_tokens", "reason": "not reported", "matched": True}
    ]
    assert results["tools/weather[vertex-stream]"].verdict == "green"


def test_a_declared_refusal_is_amber_and_an_undeclared_or_missing_one_red(
    project: Project,
) -> None:
    path = project.fixtures / "scenarios" / "basic" / "hello.yaml"
    path.write_text(
        path.read_text().replace("request:", "betas: [files-api-2025-04-14]\nrequest:")
        + "refused:\n"
        + "  bedrock-invoke: {field: betas, reason: 'Bedrock has no Files API'}\n"
        + "  vertex: {field: betas, reason: 'declared, but Vertex accepts it'}\n"
    )
    options = SessionOptions(
        mode="record-simulator", keyword="hello", update_golden=True, write_report=False
    )
    outcome = run_session(Project(project.root), options, out=io.StringIO())
    results = {r.case.id: r for r in outcome.results}

    invoke = results["basic/hello[bedrock-invoke-json]"]
    assert invoke.verdict == "amber", invoke.failure_text()
    assert invoke.known_differences == [
        {"path": "betas", "reason": "Bedrock has no Files API", "matched": True}
    ]
    converse = results["basic/hello[bedrock-converse-json]"]
    assert converse.verdict == "red"
    assert [(f.check, f.path) for f in converse.findings] == [("translate", "betas[0]")]
    vertex = results["basic/hello[vertex-json]"]
    assert vertex.verdict == "red"
    assert vertex.findings[-1].message == (
        "the scenario declares that this target's translator refuses this field"
    )


def test_recording_one_case_never_rewrites_the_canonical_cassette_it_compares_with(
    project: Project,
) -> None:
    canonical = project.fixtures / "cassettes" / "anthropic" / "basic" / "hello-json.yaml"
    before = canonical.read_bytes()
    options = SessionOptions(
        mode="record-simulator", keyword="hello[vertex-json", write_report=False
    )
    outcome = run_session(project, options, out=io.StringIO())
    assert [r.case.id for r in outcome.results] == ["basic/hello[vertex-json]"]
    assert outcome.results[0].canonical_case == "basic/hello[anthropic-json]"
    assert canonical.read_bytes() == before


def test_the_simulators_own_failure_is_never_saved_as_a_cassette(project: Project) -> None:
    cassette = project.fixtures / "cassettes" / "bedrock-converse" / "basic" / "hello-json.yaml"
    before = cassette.read_bytes()
    path = project.fixtures / "scenarios" / "basic" / "hello.yaml"
    # Converse cannot carry redacted thinking that is not base64: the simulator fails
    path.write_text(
        path.read_text().replace(
            'content: [{type: text, text: "Hello! How can I help you today?"}]',
            'content: [{type: redacted_thinking, data: "not base64!"}]',
        )
    )
    options = SessionOptions(
        mode="record-simulator", keyword="hello[bedrock-converse-json", write_report=False
    )
    [result] = run_session(Project(project.root), options, out=io.StringIO()).results
    assert result.verdict == "red"
    [finding] = [f for f in result.findings if f.check == "cassette"]
    assert "not recorded: the simulator could not answer" in finding.message
    assert finding.message.startswith("fixtures/cassettes/bedrock-converse/basic/hello-json.yaml")
    assert cassette.read_bytes() == before

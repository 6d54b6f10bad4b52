"""The pytest gate: readable case ids, markers, findings as failure text, results.json."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from harness.registry import targets as available_targets
from harness.session import Project
from tests.support.gate import Gate, Ran

TARGETS = available_targets()
JSON = dict[str, Any]
TOTAL = 3 * len(TARGETS) * 2  # scenarios x targets x modes in the recorded project


def test_cases_are_collected_with_readable_ids(project: Project, gate: Gate) -> None:
    run = gate("--collect-only")
    assert "fixtures/scenarios/tools/weather.yaml::tools/weather[vertex-stream]" in run.stdout
    assert f"{TOTAL} tests collected" in run.stdout


def collected(run: Ran) -> str:
    """The count line of a ``--collect-only`` run (``6/30 tests collected (24 deselected)``)."""
    return next((line for line in run.stdout.splitlines() if "collected" in line), run.stdout)


def test_markers_select_by_prefixed_tag_and_mode_and_keywords_by_tag(
    project: Project, gate: Gate
) -> None:
    n = len(TARGETS)
    by_tag = gate("--collect-only", "-m", "tag_tools and json")
    assert collected(by_tag).startswith(f"{n}/{TOTAL} tests collected"), by_tag.stdout
    by_keyword = gate("--collect-only", "-k", "weather")
    assert collected(by_keyword).startswith(f"{2 * n}/{TOTAL} tests collected")
    by_tag_keyword = gate("--collect-only", "-k", "tools")
    assert collected(by_tag_keyword).startswith(f"{2 * n}/{TOTAL} tests collected")


def test_a_tag_named_like_a_target_selects_its_scenario_only_with_the_tag_prefix(
    project: Project, gate: Gate
) -> None:
    """``-m vertex`` is the vertex target, however the scenarios are tagged; a scenario
    tagged ``vertex`` is ``-m tag_vertex``, on every target."""
    hello = project.fixtures / "scenarios" / "basic" / "hello.yaml"
    hello.write_text(hello.read_text().replace("tags: [basic]", "tags: [basic, vertex, json]"))
    by_target = gate("--collect-only", "-m", "vertex")
    assert collected(by_target).startswith(f"6/{TOTAL} tests collected"), by_target.stdout
    assert "hello[anthropic-json]" not in by_target.stdout
    by_mode = gate("--collect-only", "-m", "json")
    assert collected(by_mode).startswith(f"{TOTAL // 2}/{TOTAL} tests collected")
    by_tag = gate("--collect-only", "-m", "tag_vertex")
    assert collected(by_tag).startswith(f"{2 * len(TARGETS)}/{TOTAL} tests collected")
    assert "basic/hello[anthropic-stream]" in by_tag.stdout
    markers = gate("--markers").stdout
    assert "@pytest.mark.tag_vertex: scenario tag 'vertex'" in markers
    assert "@pytest.mark.vertex: cases on the vertex target" in markers


def test_a_red_case_fails_with_its_findings_not_a_traceback(project: Project, gate: Gate) -> None:
    golden = project.fixtures / "golden" / "basic" / "hello" / "vertex-stream.json"
    data = json.loads(golden.read_text())
    events = data["outcome"]["events"]
    index = next(i for i, e in enumerate(events) if e["type"] == "content_block_delta")
    events[index]["delta"]["text"] += "!"
    golden.write_text(json.dumps(data))
    run = gate()
    assert run.returncode == 1
    assert f"1 failed, {TOTAL - 1} passed" in run.stdout
    assert "basic/hello[vertex-stream]: red" in run.stdout
    expected = f"[golden] at events[{index}].delta.text: value differs from the golden outcome"
    assert expected in run.stdout
    assert "Traceback" not in run.stdout


def test_a_broken_scenario_fails_alone(project: Project, gate: Gate) -> None:
    (project.fixtures / "scenarios" / "basic" / "broken.yaml").write_text("title: [\n")
    run = gate()
    assert f"{2 * len(TARGETS)} failed, {TOTAL} passed" in run.stdout, run.stdout
    assert "basic/broken.yaml:2: invalid YAML" in run.stdout


REPORTS = ("results.json", "alignment.html", "junit.xml", "summary.md")


def test_the_session_writes_results_json_and_one_that_grades_nothing_removes_it(
    project: Project, gate: Gate
) -> None:
    gate("-k", "hello")
    reports = project.root / "reports"
    data = json.loads((reports / "results.json").read_text())
    assert data["run"]["selection"] == "-k hello"
    assert {c["id"] for c in data["cases"]} == {
        f"basic/hello[{t}-{m}]" for t in TARGETS for m in ("json", "stream")
    }
    earlier = {name: (reports / name).read_text() for name in REPORTS}
    # collecting only grades nothing: the earlier files must not pass for this run's
    gate("--collect-only")
    assert [name for name in REPORTS if (reports / name).exists()] == []
    # nor when nothing is selected, under xdist
    for name, text in earlier.items():
        (reports / name).write_text(text)
    gate("-n", "2", "-k", "no_such_case")
    assert [name for name in REPORTS if (reports / name).exists()] == []


def comparable(path: Path) -> JSON:
    """results.json without what differs between two runs of the same cases: timings and
    timestamps."""
    data: JSON = json.loads(path.read_text())
    for case in data["cases"]:
        case.pop("timing_ms")
    for stamp in ("started_at", "finished_at"):
        data["run"].pop(stamp)
    return data


def test_parity_run_the_gate_and_the_gate_under_xdist_write_the_same_results(
    project: Project, gate: Gate
) -> None:
    """For the same selection, `parity run`, a serial gate run and ``pytest -n 2`` (each
    worker grading part of the cases, the controller writing them all) write the same
    results: the same cases in the same order, findings, goldens and totals."""
    import io

    from harness.session import SessionOptions, run_session

    by_run, by_gate, by_xdist = (project.root / f"{name}.json" for name in ("run", "gate", "xdist"))
    # break one case so that the comparison covers findings and goldens too
    golden = project.fixtures / "golden" / "tools" / "weather" / "vertex-json.json"
    golden.write_text(golden.read_text().replace("Paris", "Lyon"))
    options = SessionOptions(keyword="vertex", results_path=str(by_run), write_report=False)
    run_session(project, options, out=io.StringIO())
    serial = gate("-k", "vertex", "--parity-results", str(by_gate))
    xdist = gate("-n", "2", "-k", "vertex", "--parity-results", str(by_xdist))
    for ran in (serial, xdist):
        assert "1 failed, 5 passed" in ran.stdout, ran.stdout
    assert "bringing up nodes" in xdist.stdout, xdist.stdout  # pytest-xdist ran it

    assert comparable(by_gate) == comparable(by_run)
    assert comparable(by_xdist) == comparable(by_run)
    data = comparable(by_xdist)
    assert data["run"]["selection"] == "-k vertex"
    assert data["totals"] == {"green": 5, "amber": 0, "red": 1, "grey": 0}
    assert [case["id"] for case in data["cases"]] == [
        f"{scenario}[vertex-{mode}]"
        for scenario in ("basic/hello", "errors/rate-limit", "tools/weather")
        for mode in ("json", "stream")
    ]


def test_live_recording_without_credentials_stops_with_one_line(
    project: Project, gate: Gate
) -> None:

    credentials = ("AWS_", "GOOGLE_", "ANTHROPIC_", "OPENAI_", "CLOUD_ML_", "PARITY_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(credentials)}
    env["AWS_CONFIG_FILE"] = env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent"
    env["CLOUDSDK_CONFIG"] = str(project.root / "no-gcloud")
    run = gate("--record-mode=rewrite", "--parity-live", "-k", "hello", env=env)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "parity: no target can be recorded with the credentials at hand" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr

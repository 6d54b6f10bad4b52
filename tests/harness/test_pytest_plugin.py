"""The pytest gate: readable case ids, markers, findings as failure text, results.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from harness.registry import targets as available_targets
from harness.session import Project

TARGETS = available_targets()
TOTAL = 3 * len(TARGETS) * 2  # scenarios x targets x modes in the recorded project


def pytest_in(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    (project.root / "conftest.py").write_text('pytest_plugins = ["harness.pytest_plugin"]\n')
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rs",
            "fixtures/scenarios",
            *args,
        ],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cases_are_collected_with_readable_ids(project: Project) -> None:
    run = pytest_in(project, "--collect-only")
    assert "fixtures/scenarios/tools/weather.yaml::tools/weather[vertex-stream]" in run.stdout
    assert f"{TOTAL} tests collected" in run.stdout


def test_markers_select_by_target_and_keywords_by_tag(project: Project) -> None:
    by_target = pytest_in(project, "-m", "vertex")
    assert f"6 passed, {TOTAL - 6} deselected" in by_target.stdout, by_target.stdout
    by_tag = pytest_in(project, "-m", "tools and json")
    n = len(TARGETS)
    assert f"{n} passed, {TOTAL - n} deselected" in by_tag.stdout, by_tag.stdout
    by_keyword = pytest_in(project, "-k", "weather")
    assert f"{2 * n} passed, {TOTAL - 2 * n} deselected" in by_keyword.stdout, by_keyword.stdout


def test_a_red_case_fails_with_its_findings_not_a_traceback(project: Project) -> None:
    golden = project.fixtures / "golden" / "basic" / "hello" / "vertex-stream.json"
    data = json.loads(golden.read_text())
    events = data["outcome"]["events"]
    index = next(i for i, e in enumerate(events) if e["type"] == "content_block_delta")
    events[index]["delta"]["text"] += "!"
    golden.write_text(json.dumps(data))
    run = pytest_in(project)
    assert run.returncode == 1
    assert f"1 failed, {TOTAL - 1} passed" in run.stdout
    assert "basic/hello[vertex-stream]: red" in run.stdout
    expected = f"[golden] at events[{index}].delta.text: value differs from the golden outcome"
    assert expected in run.stdout
    assert "Traceback" not in run.stdout


def test_a_broken_scenario_fails_alone(project: Project) -> None:
    (project.fixtures / "scenarios" / "basic" / "broken.yaml").write_text("title: [\n")
    run = pytest_in(project)
    assert f"{2 * len(TARGETS)} failed, {TOTAL} passed" in run.stdout, run.stdout
    assert "basic/broken.yaml:2: invalid YAML" in run.stdout


def test_the_session_writes_results_json(project: Project) -> None:
    pytest_in(project, "-k", "hello")
    data = json.loads((project.root / "reports" / "results.json").read_text())
    assert data["run"]["selection"] == "-k hello"
    assert {c["id"] for c in data["cases"]} == {
        f"basic/hello[{t}-{m}]" for t in TARGETS for m in ("json", "stream")
    }
    assert Path(project.root / "reports" / "alignment.html").is_file()

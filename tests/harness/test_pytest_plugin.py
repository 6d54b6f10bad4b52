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


def pytest_in(
    project: Project, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
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
        env=env,
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


def test_the_gate_and_parity_run_write_the_same_results_for_the_same_selection(
    project: Project,
) -> None:
    import io

    from harness.session import SessionOptions, run_session

    by_run = project.root / "by-run.json"
    by_gate = project.root / "by-gate.json"
    # break one case so that the comparison covers findings and goldens too
    golden = project.fixtures / "golden" / "tools" / "weather" / "vertex-json.json"
    golden.write_text(golden.read_text().replace("Paris", "Lyon"))
    options = SessionOptions(keyword="weather", results_path=str(by_run), write_report=False)
    run_session(project, options, out=io.StringIO())
    gate = pytest_in(project, "-k", "weather", "--parity-results", str(by_gate))
    assert "1 failed" in gate.stdout, gate.stdout

    def cases(path: Path) -> tuple[object, object, object]:
        data = json.loads(path.read_text())
        for case in data["cases"]:
            case.pop("timing_ms")
        return data["cases"], data["totals"], data["run"]["selection"]

    assert cases(by_gate) == cases(by_run)
    assert cases(by_run)[1] == {"green": 7, "amber": 2, "red": 1, "grey": 0}


def test_live_recording_without_credentials_stops_with_one_line(project: Project) -> None:
    import os

    credentials = ("AWS_", "GOOGLE_", "ANTHROPIC_", "OPENAI_", "CLOUD_ML_", "PARITY_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(credentials)}
    env["AWS_CONFIG_FILE"] = env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent"
    env["CLOUDSDK_CONFIG"] = str(project.root / "no-gcloud")
    run = pytest_in(project, "--record-mode=rewrite", "--parity-live", "-k", "hello", env=env)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "parity: no target can be recorded with the credentials at hand" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr

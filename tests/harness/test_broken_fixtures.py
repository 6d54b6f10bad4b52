"""Every broken scenario or cassette fails its own cases only: the run goes on, every other
case keeps its verdict, `results.json` is strict JSON and the three reports are written."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.session import Project, SessionOptions, run_session

SCENARIO = """\
title: A scenario with one mistake
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: "Hello"}]
reply:
  content: [{type: text, text: "Hi"}]
  stop_reason: end_turn
  usage: {input_tokens: 1, output_tokens: 1}
"""
LAUGHS = "\n".join(
    ['    a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"    a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
)
BROKEN_SCENARIOS = {
    "nested thousands deep": (
        SCENARIO + "description: " + "[" * 5000 + "]" * 5000 + "\n",
        ":10: nested more than 64 levels deep",
    ),
    "a recursive alias": (
        SCENARIO.replace("request:\n", "request:\n  metadata: &m {user_id: *m}\n"),
        ":3: alias *m is recursive",
    ),
    "a billion-laughs bomb": (
        SCENARIO.replace("request:\n", "request:\n  metadata:\n" + LAUGHS + "\n"),
        ":9: the document expands to more than",
    ),
    "a duplicate request key": (
        SCENARIO + "request: {model: haiku}\n",
        ":10: request: duplicate key (first at line 2)",
    ),
    "an unknown request key": (
        SCENARIO.replace("  max_tokens: 64\n", "  max_tokens: 64\n  max_token: 5\n"),
        ":5: request.max_token: unknown key: not a parameter of a Messages API request",
    ),
}
CASSETTE = Path("fixtures/cassettes/vertex/tools/weather-stream.yaml")
CASE = "tools/weather[vertex-stream]"


def body_edit(old: str, new: str) -> Callable[[dict[str, Any]], None]:
    def edit(response: dict[str, Any]) -> None:
        body = response["body"]["string"]
        assert old in body
        response["body"]["string"] = body.replace(old, new)

    return edit


def status(response: dict[str, Any]) -> None:
    response["status"]["code"] = [200]


def surrogate(response: dict[str, Any]) -> None:
    response["body"]["string"] = "\ud800" + response["body"]["string"]


BROKEN_CASSETTES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "a status of [200]": (status, "cassette"),
    "a lone surrogate in the body": (surrogate, "cassette"),
    "a list-typed content block type": (
        body_edit('"type":"tool_use"', '"type":["tool_use"]'),
        "schema",
    ),
    # refused where backend data enters the translator (adapters.limits)
    "NaN in usage": (body_edit('"output_tokens":', '"output_tokens":NaN,"x":'), "translate"),
    "a lone-surrogate JSON escape": (body_edit('"text":"', '"text":"\\ud800'), "golden"),
}


def run(project: Project) -> dict[str, Any]:
    """Replay the whole project as it is on disk now; the strict results it wrote, after
    checking that the reports were written."""
    run_session(Project(project.root), SessionOptions(), out=io.StringIO())
    for name in ("alignment.html", "junit.xml", "summary.md"):
        assert (project.reports / name).stat().st_size > 0, name

    def refuse(constant: str) -> None:
        raise AssertionError(f"results.json holds {constant}")

    results: dict[str, Any] = json.loads(
        (project.reports / "results.json").read_text(encoding="utf-8"), parse_constant=refuse
    )
    return results


def verdicts(results: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["verdict"] for c in results["cases"]}


@pytest.fixture(scope="module")
def baseline(recorded_project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The verdicts of the intact project."""
    root = tmp_path_factory.mktemp("intact") / "project"
    shutil.copytree(recorded_project, root)
    return verdicts(run(Project(root)))


@pytest.mark.parametrize("kind", sorted(BROKEN_SCENARIOS))
def test_a_broken_scenario_fails_its_own_cases_with_file_and_line(
    project: Project, baseline: dict[str, str], kind: str
) -> None:
    text, error = BROKEN_SCENARIOS[kind]
    (project.fixtures / "scenarios" / "broken.yaml").write_text(text, encoding="utf-8")
    results = run(project)
    broken = {c["id"]: c for c in results["cases"] if c["scenario"] == "broken"}
    assert broken and {c["verdict"] for c in broken.values()} == {"red"}
    for case in broken.values():
        [finding] = case["findings"]
        assert finding["check"] == "scenario"
        assert finding["message"].startswith("fixtures/scenarios/broken.yaml" + error)
    others = {cid: v for cid, v in verdicts(results).items() if cid not in broken}
    assert others == baseline


@pytest.mark.parametrize("kind", sorted(BROKEN_CASSETTES))
def test_a_broken_cassette_fails_its_own_case_only(
    project: Project, baseline: dict[str, str], kind: str
) -> None:
    edit, check = BROKEN_CASSETTES[kind]
    path = project.root / CASSETTE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data["interactions"][0]["response"])
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    results = run(project)
    assert verdicts(results) == {**baseline, CASE: "red"}
    case = next(c for c in results["cases"] if c["id"] == CASE)
    assert check in {f["check"] for f in case["findings"]}
    if check == "cassette":
        assert case["findings"][0]["message"].startswith(f"{CASSETTE}: cassette is corrupted (")

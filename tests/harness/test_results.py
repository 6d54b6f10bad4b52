"""reports/results.json: totals for every verdict, cases in run order, an atomic write, and
the summary table `parity run` prints."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from harness import results
from harness.case_result import CaseResult
from harness.cases import Case
from harness.errors import ParityError
from harness.findings import Finding
from harness.scenarios import Scenario, load_scenario
from harness.vocabulary import Verdict

SCENARIO = """\
title: Plain text
tags: [basic]
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: "Say hello"}]
reply:
  content: [{type: text, text: "Hello!"}]
  stop_reason: end_turn
  usage: {input_tokens: 10, output_tokens: 3}
"""
RUN = {"parity_version": "0.1.0", "record_mode": "replay", "selection": None}
GOLDEN = Finding("golden", "body.content[0].text", "Hi!", "Hello!", "value differs")


@pytest.fixture
def hello(tmp_path: Path) -> Scenario:
    path = tmp_path / "scenarios" / "basic" / "hello.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(SCENARIO, encoding="utf-8")
    return load_scenario(path, tmp_path / "scenarios")


def graded(
    scenario: Scenario, target: str, mode: str, verdict: Verdict, *findings: Finding
) -> CaseResult:
    return CaseResult(Case(scenario, target, mode), verdict, list(findings))


def test_build_counts_every_verdict_and_keeps_the_cases_in_order(hello: Scenario) -> None:
    cases = [
        graded(hello, "anthropic", "json", "green"),
        graded(hello, "vertex", "json", "red", GOLDEN),
        graded(hello, "vertex", "stream", "green"),
    ]
    data = results.build(cases, RUN)
    assert data["schema"] == results.SCHEMA_VERSION == 1
    assert data["run"] == RUN
    assert data["totals"] == {"green": 2, "amber": 0, "red": 1, "grey": 0}
    assert list(data["totals"]) == list(results.VERDICTS)
    assert [c["id"] for c in data["cases"]] == [
        "basic/hello[anthropic-json]",
        "basic/hello[vertex-json]",
        "basic/hello[vertex-stream]",
    ]
    assert data["cases"][1]["findings"] == [GOLDEN.to_dict()]
    assert data["cases"][1]["title"] == "Plain text"


def test_cases_in_their_dict_form_build_the_same_document(hello: Scenario) -> None:
    """What pytest-xdist workers send (`CaseResult.to_dict`) builds what the results do."""
    cases = [
        graded(hello, "vertex", "json", "red", GOLDEN),
        graded(hello, "openai", "json", "grey"),
    ]
    as_dicts = json.loads(json.dumps([c.to_dict() for c in cases]))
    assert results.build_from_cases(as_dicts, RUN) == results.build(cases, RUN)
    assert results.build_from_cases(as_dicts, RUN)["totals"]["grey"] == 1


def test_discard_removes_the_results_and_the_reports_beside_them_only(tmp_path: Path) -> None:
    names = ["results.json", "alignment.html", "junit.xml", "summary.md", "keep.png"]
    for name in names:
        (tmp_path / name).write_text("old")
    removed = results.discard(tmp_path / "results.json")
    assert sorted(p.name for p in removed) == sorted(names[:4])
    assert [p.name for p in tmp_path.iterdir()] == ["keep.png"]
    assert results.discard(tmp_path / "results.json") == []


def test_an_empty_run_has_zero_totals() -> None:
    assert results.build([], RUN)["totals"] == {"green": 0, "amber": 0, "red": 0, "grey": 0}


def rows(table: str) -> dict[str, list[int]]:
    out = {}
    for line in table.splitlines():
        parts = line.split()
        if len(parts) == 5 and all(p.isdigit() for p in parts[1:]):
            out[parts[0]] = [int(p) for p in parts[1:]]
    return out


def test_the_summary_has_a_row_per_target_in_target_order_and_a_total(hello: Scenario) -> None:
    cases = [
        graded(hello, "vertex", "json", "red", GOLDEN),
        graded(hello, "vertex", "stream", "grey"),
        graded(hello, "anthropic", "json", "green"),
        graded(hello, "anthropic", "stream", "amber"),
    ]
    table = results.summary_table(results.build(cases, RUN))
    lines = table.splitlines()
    assert lines[0].split() == ["target", "green", "amber", "red", "grey"]
    assert rows(table) == {
        "anthropic": [1, 1, 0, 0],
        "vertex": [0, 0, 1, 1],
        "all": [1, 1, 1, 1],
    }
    assert list(rows(table)) == ["anthropic", "vertex", "all"]


def test_the_summary_lists_red_cases_with_their_first_finding(hello: Scenario) -> None:
    second = Finding("parity", "body.usage.output_tokens", 3, 4, "value differs")
    bare = Finding("cassette", "", None, None, "cassette missing")
    cases = [
        graded(hello, "vertex", "json", "red", GOLDEN, second),
        graded(hello, "vertex", "stream", "red", bare),
        graded(hello, "anthropic", "json", "green"),
    ]
    table = results.summary_table(results.build(cases, RUN))
    red = table.split("red cases:\n", 1)[1].splitlines()
    assert red == [
        "  basic/hello[vertex-json]: [golden] body.content[0].text value differs",
        "  basic/hello[vertex-stream]: [cassette] cassette missing",
    ]


def test_a_run_without_red_cases_has_no_red_list(hello: Scenario) -> None:
    table = results.summary_table(results.build([graded(hello, "vertex", "json", "green")], RUN))
    assert "red cases" not in table


def test_the_red_list_stops_at_fifty(hello: Scenario) -> None:
    cases = [graded(hello, "vertex", "json", "red", GOLDEN) for _ in range(53)]
    table = results.summary_table(results.build(cases, RUN))
    red = table.split("red cases:\n", 1)[1].splitlines()
    assert len(red) == 51
    assert red[-1] == "  ... and 3 more"


def test_write_creates_folders_and_writes_sorted_json_with_a_newline(tmp_path: Path) -> None:
    path = tmp_path / "reports" / "results.json"
    data: dict[str, Any] = {"totals": {"red": 0}, "cases": [{"title": "Grüße"}], "schema": 1}
    results.write(path, data)
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert json.loads(text) == data
    assert text.index('"cases"') < text.index('"schema"') < text.index('"totals"')
    assert "Grüße" in text
    assert [p.name for p in path.parent.iterdir()] == ["results.json"]


def test_a_failed_write_leaves_the_previous_results_in_place(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    results.write(path, {"schema": 1})
    with pytest.raises(TypeError):
        results.write(path, {"schema": 1, "run": {"started_at": object()}})
    assert json.loads(path.read_text(encoding="utf-8")) == {"schema": 1}


def test_a_failed_write_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    with pytest.raises(TypeError):
        results.write(path, {"schema": 1, "run": {"started_at": object()}})
    assert list(tmp_path.iterdir()) == []


def test_run_metadata_records_the_run_and_the_package_versions(tmp_path: Path) -> None:
    run = results.run_metadata("replay", "2025-01-01T00:00:00Z", "-k weather", tmp_path)
    assert run["record_mode"] == "replay"
    assert run["started_at"] == "2025-01-01T00:00:00Z"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", run["finished_at"])
    assert run["selection"] == "-k weather"
    assert run["git_commit"] is None  # not a git checkout
    assert run["packages"]["anthropic"] == "0.125.0"
    assert set(run["packages"]) >= {"httpx", "vcrpy", "deepdiff", "pydantic"}


def test_results_holding_a_secret_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    data = {"schema": 1, "note": "key " + "canary-" + "k" * 20}
    with pytest.raises(ParityError) as info:
        results.write(path, data, known_secrets={"canary-" + "k" * 20})
    assert str(info.value).startswith(f"{path}: refusing to write results holding a secret")
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_an_unwritable_results_path_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ParityError) as info:
        results.write(blocker / "results.json", {"schema": 1})
    assert "cannot write results" in str(info.value)


def _strict(text: str) -> Any:
    """``text`` read as strict JSON: NaN and Infinity are refused."""

    def refuse(name: str) -> None:
        raise ValueError(f"not strict JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def test_non_finite_numbers_are_written_as_their_names(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    usage = {"input_tokens": float("nan"), "output_tokens": float("inf"), "x": -float("inf")}
    results.write(path, {"cases": [{"outcome": {"usage": usage}}]})
    written = _strict(path.read_text(encoding="utf-8"))
    assert written["cases"][0]["outcome"]["usage"] == {
        "input_tokens": "NaN",
        "output_tokens": "Infinity",
        "x": "-Infinity",
    }


def test_a_lone_surrogate_is_written_as_its_escape_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    results.write(path, {"text": "half \ud800 a pair", "\udc01": "key", "ok": "é"})
    text = path.read_bytes().decode("utf-8")  # valid UTF-8
    assert "\\ud800" in text
    assert "é" in text  # other text stays as it is
    assert _strict(text) == {"text": "half \ud800 a pair", "\udc01": "key", "ok": "é"}

"""The client matrix: client x system under test x target at a glance, from client cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.report import clients_matrix


def case(scenario: str, client: str, gateway: str, target: str, verdict: str) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "system": f"{client}@{gateway}",
        "target": target,
        "verdict": verdict,
        "tags": ["client", client],
    }


CASES = [
    case("client/a", "claude-code", "null-gateway", "vertex", "green"),
    case("client/b", "claude-code", "null-gateway", "vertex", "amber"),
    case("client/a", "claude-code", "litellm", "vertex", "green"),
    case("client/b", "claude-code", "litellm", "vertex", "red"),
    case("client/a", "claude-code", "litellm", "anthropic", "grey"),
    case("client/s", "anthropic-sdk", "litellm", "vertex", "green"),
]


def test_a_cell_holds_the_worst_verdict_and_the_scenarios_that_passed() -> None:
    matrix = clients_matrix.build(CASES)
    assert matrix.clients == ("anthropic-sdk", "claude-code")
    assert matrix.columns[0] == ("null-gateway", "anthropic")  # the null gateway first
    null = matrix.cells[("claude-code", "null-gateway", "vertex")]
    assert (null.verdict, null.label) == ("amber", "2/2")
    litellm = matrix.cells[("claude-code", "litellm", "vertex")]
    assert (litellm.verdict, litellm.label) == ("red", "1/2")
    grey = matrix.cells[("claude-code", "litellm", "anthropic")]
    assert (grey.verdict, grey.label) == ("grey", "grey")
    assert ("anthropic-sdk", "null-gateway", "vertex") not in matrix.cells


def test_the_page_and_the_table_show_every_cell(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    other = {"cases": [{"scenario": "x", "tags": ["gateway"]}]}
    results.write_text(json.dumps({"cases": CASES}), encoding="utf-8")
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    cases = clients_matrix.load_cases([results, tmp_path / "other.json", tmp_path / "none"])
    assert len(cases) == len(CASES)
    clients_matrix.write(cases, tmp_path)
    page = (tmp_path / "matrix.html").read_text(encoding="utf-8")
    assert '<th colspan="2">litellm</th>' in page
    assert 'title="client/a: green\nclient/b: red" style="background:#c62828">1/2<' in page
    table = (tmp_path / "matrix.md").read_text(encoding="utf-8").splitlines()
    assert table[0].startswith("| client | null-gateway anthropic | null-gateway vertex |")
    assert table[3].startswith("| claude-code |  | amber 2/2 | grey | red 1/2 |")

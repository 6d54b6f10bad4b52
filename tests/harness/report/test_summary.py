"""The Markdown step summary: totals, per-target table, capped list of red cases."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from harness.report import ReportInputError, render_summary
from tests.support.sample_results import recount, sample_results


def _all_red(
    n_cases: int, message: str = "value differs from the golden outcome"
) -> dict[str, Any]:
    results = sample_results(n_cases)
    for case in results["cases"]:
        case["verdict"] = "red"
        case["findings"] = [
            {
                "check": "golden",
                "path": "content[0].text",
                "expected": "a",
                "actual": "b",
                "message": message,
            }
        ]
    return recount(results)


def _red_lines(summary: str) -> list[str]:
    return [line for line in summary.splitlines() if line.startswith("- ✕ ")]


def test_totals_line_counts_every_verdict_and_says_whether_ci_fails() -> None:
    results = sample_results(150)
    counts = Counter(case["verdict"] for case in results["cases"])
    summary = render_summary(results)

    totals = summary.splitlines()[2]
    assert totals == (
        f"**✕ {counts['red']} red** · ≈ {counts['amber']} amber · ✓ {counts['green']} green · "
        f"– {counts['grey']} grey · 150 cases: CI fails (red cases)."
    )


def test_per_target_table_has_one_row_per_target_with_its_counts() -> None:
    results = sample_results(150)
    summary = render_summary(results)

    rows = {
        cells[0]: cells[1:]
        for line in summary.splitlines()
        if line.startswith("| ") and not line.startswith("| target")
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
    }
    for target in ("anthropic", "vertex", "bedrock-invoke", "bedrock-converse", "openai"):
        cases = [c for c in results["cases"] if c["target"] == target]
        verdicts = Counter(c["verdict"] for c in cases)
        expected = [str(verdicts[v]) for v in ("green", "amber", "red", "grey")] + [str(len(cases))]
        assert rows[target] == expected
    assert "| target | ✓ green | ≈ amber | ✕ red | – grey | total |" in summary


def test_each_red_case_is_listed_with_its_first_finding() -> None:
    results = sample_results(150)
    red = [case for case in results["cases"] if case["verdict"] == "red"]
    lines = _red_lines(render_summary(results))

    assert len(lines) == len(red)
    for case, line in zip(red, lines, strict=True):
        first = case["findings"][0]
        assert line.startswith(f"- ✕ `{case['id']}`: {first['check']} ")
        assert f"`{first['path']}`" in line


def test_without_red_cases_the_summary_says_so_and_ci_passes() -> None:
    results = sample_results(20)
    for case in results["cases"]:
        if case["verdict"] == "red":
            case["verdict"], case["findings"] = "green", []
    summary = render_summary(recount(results))

    assert "No red cases." in summary
    assert "CI passes (no red cases)." in summary
    assert _red_lines(summary) == []


def test_the_red_list_is_capped_and_says_how_many_more() -> None:
    summary = render_summary(_all_red(700), max_red=50)

    assert len(_red_lines(summary)) == 50
    assert "…and 650 more red cases; alignment.html lists all of them." in summary


def test_huge_findings_keep_the_summary_far_below_one_mebibyte() -> None:
    summary = render_summary(_all_red(3000, message="x" * 200_000))

    assert len(summary.encode("utf-8")) < 64 * 1024


def test_untrusted_text_cannot_inject_markdown_or_html() -> None:
    results = sample_results(10)
    case = results["cases"][0]
    case["verdict"] = "red"
    case["id"] = "a`b``c[x](javascript:y)"
    case["findings"] = [
        {
            "check": "golden",
            "path": "p|q",
            "expected": None,
            "actual": "`",
            "message": "<script>alert(1)</script> **bold** [link](https://example.com)\nnext line",
        }
    ]
    line = _red_lines(render_summary(recount(results)))[0]

    assert "<script>" not in line
    assert "**bold**" not in line and "[link](" not in line
    assert "\\<script\\>" in line and "\\*\\*bold\\*\\*" in line
    assert "next line" in line
    # the id sits in a code span whose fence is longer than any backtick run inside it
    assert "```a`b``c[x](javascript:y)```" in line


def test_schema_errors_raise_report_input_error() -> None:
    results = sample_results(5)
    results["totals"]["grey"] = "many"

    with pytest.raises(ReportInputError, match=r"^totals\.grey: expected a count, got 'many'$"):
        render_summary(results)


def test_summary_has_no_line_that_starts_a_markdown_block_by_accident() -> None:
    summary = render_summary(_all_red(30, message="# heading\n> quote\n- item"))

    assert not [line for line in summary.splitlines() if re.match(r"^(> |#[^#]|- [^✕])", line)]


def test_a_finding_without_a_path_is_listed_by_its_message_alone() -> None:
    results = sample_results(10)
    case = results["cases"][0]
    case["verdict"] = "red"
    case["findings"] = [
        {
            "check": "cassette",
            "path": "",
            "expected": None,
            "actual": None,
            "message": "cassette missing",
        }
    ]

    first = _red_lines(render_summary(recount(results)))[0]
    assert first == f"- ✕ `{case['id']}`: cassette: cassette missing"

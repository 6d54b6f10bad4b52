"""The reports' input contract: schema-1 results pass, anything else names its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from harness.errors import ParityError
from harness.report.inputs import (
    ReportInputError,
    check_results,
    tally_by,
    target_sort_key,
    verdict_counts,
)
from tests.support.sample_results import recount, sample_results

Edit = Callable[[dict[str, Any]], None]


def _set(path: tuple[Any, ...], value: Any) -> Edit:
    def edit(results: dict[str, Any]) -> None:
        node = results
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def _delete(path: tuple[Any, ...]) -> Edit:
    def edit(results: dict[str, Any]) -> None:
        node = results
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return edit


def _duplicate_case(results: dict[str, Any]) -> None:
    results["cases"][5]["id"] = results["cases"][2]["id"]


def _same_cell_twice(results: dict[str, Any]) -> None:
    results["cases"][1]["mode"] = results["cases"][0]["mode"]


def _first_green(results: dict[str, Any]) -> int:
    return next(i for i, c in enumerate(results["cases"]) if c["verdict"] == "green")


def test_sample_results_pass_the_check_unchanged() -> None:
    results = sample_results(60)

    assert check_results(results) is results


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            _set(("cases", 3, "verdict"), "blue"),
            "cases[3].verdict: expected one of green, amber, red, grey, got 'blue'",
        ),
        (_set(("schema",), 2), "schema: expected 1, got 2"),
        (_delete(("run",)), "run: missing"),
        (
            _set(("run", "record_mode"), "live"),
            "run.record_mode: expected one of replay, record-simulator, record-live, got 'live'",
        ),
        (
            _set(("run", "packages", "httpx"), 28),
            "run.packages.httpx: expected a string or null, got 28",
        ),
        (_set(("cases",), {}), "cases: expected an array, got an object"),
        (_set(("cases", 0), "x"), "cases[0]: expected an object, got 'x'"),
        (_delete(("cases", 4, "title")), "cases[4].title: missing"),
        (_set(("cases", 2, "tags", 0), 7), "cases[2].tags[0]: expected a string, got 7"),
        (
            _set(("cases", 1, "mode"), "batch"),
            "cases[1].mode: expected one of json, stream, got 'batch'",
        ),
        (
            _set(("cases", 0, "reason"), 5),
            "cases[0].reason: expected a string or null, got 5",
        ),
        (
            _set(("cases", 0, "findings"), [{"check": "golden", "path": "x", "message": "m"}]),
            "cases[0].findings[0].expected: missing",
        ),
        (
            _set(("cases", 0, "known_differences"), [{"path": "p", "reason": "r", "matched": 1}]),
            "cases[0].known_differences[0].matched: expected true or false, got 1",
        ),
        (
            _set(("cases", 0, "outcome"), {"status": 200}),
            "cases[0].outcome: expected a body or an events list",
        ),
        (
            _set(("cases", 0, "outcome"), {"status": "200", "body": {}}),
            "cases[0].outcome.status: expected an integer, got '200'",
        ),
        (
            _set(("cases", 0, "provenance", "sha256"), 5),
            "cases[0].provenance.sha256: expected a string or null, got 5",
        ),
        (_delete(("cases", 0, "provenance", "cassette")), "cases[0].provenance.cassette: missing"),
        (
            _set(("cases", 0, "timing_ms"), {"total": "fast"}),
            "cases[0].timing_ms.total: expected a number, got 'fast'",
        ),
        (_duplicate_case, "cases[5].id: duplicate of cases[2].id"),
        (_same_cell_twice, "cases[1]: same scenario, target, mode and system as cases[0]"),
        (_set(("totals", "red"), -1), "totals.red: expected a count, got -1"),
    ],
)
def test_a_schema_violation_raises_one_line_naming_the_field(edit: Edit, message: str) -> None:
    results = sample_results(12)
    edit(results)

    with pytest.raises(ReportInputError) as error:
        check_results(results)

    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_totals_that_disagree_with_the_cases_are_rejected() -> None:
    results = sample_results(30)
    results["cases"][_first_green(results)]["verdict"] = "red"

    with pytest.raises(
        ReportInputError, match=r"^totals\.green: says \d+, but \d+ cases are green$"
    ):
        check_results(results)


def test_a_results_value_that_is_not_an_object_is_rejected() -> None:
    with pytest.raises(ReportInputError, match=r"^results: expected an object, got an array$"):
        check_results([])


def test_nullable_keys_may_be_absent() -> None:
    results = sample_results(10)
    for key in ("reason", "golden_outcome", "golden_wire_request", "canonical_case", "provenance"):
        results["cases"][1].pop(key)
    results["run"].pop("selection")

    check_results(results)


def test_what_the_engine_writes_for_a_broken_scenario_or_missing_cassette_is_accepted() -> None:
    results = sample_results(10)
    broken, missing = results["cases"][1], results["cases"][2]
    broken.update(request=None, api_version=None, outcome=None, wire_request=None)
    missing["provenance"] = {"cassette": "fixtures/cassettes/vertex/x-json.yaml", "source": None}
    results["run"]["packages"]["pydantic"] = None

    check_results(results)


def test_report_input_errors_are_parity_errors_the_cli_prints_as_one_line() -> None:
    assert issubclass(ReportInputError, ParityError)


def test_verdict_counts_include_zero_counts_in_verdict_order() -> None:
    results = sample_results(4)
    for case in results["cases"]:
        case["verdict"] = "grey"

    assert verdict_counts(recount(results)["cases"]) == {
        "green": 0,
        "amber": 0,
        "red": 0,
        "grey": 4,
    }


def test_tally_by_counts_a_case_once_in_each_of_its_groups() -> None:
    results = sample_results(10)
    results["cases"][0]["tags"] = ["a", "b"]
    results["cases"][1]["tags"] = ["b"]
    results["cases"][1]["verdict"] = "red"

    tally = tally_by(results["cases"][:2], lambda case: case["tags"])

    assert tally == {
        "a": {"green": 1, "amber": 0, "red": 0, "grey": 0},
        "b": {"green": 1, "amber": 0, "red": 1, "grey": 0},
    }


def test_known_targets_sort_in_fixed_order_and_others_after_by_name() -> None:
    names = ["zeta-gateway", "openai", "anthropic", "alpha-gateway", "bedrock-converse", "vertex"]

    assert sorted(names, key=target_sort_key) == [
        "anthropic",
        "vertex",
        "bedrock-converse",
        "openai",
        "alpha-gateway",
        "zeta-gateway",
    ]


def test_a_system_under_test_gets_a_column_beside_its_target() -> None:
    from harness.report.inputs import by_column, target_sort_key

    results = {
        "cases": [
            {"target": "vertex", "system": "reference"},
            {"target": "vertex", "system": "litellm"},
            {"target": "openai"},
        ]
    }
    shown = by_column(results)
    assert [c["target"] for c in shown["cases"]] == ["vertex", "vertex@litellm", "openai"]
    assert results["cases"][1]["target"] == "vertex"  # the results themselves untouched
    columns = sorted(["openai", "vertex@litellm", "anthropic", "vertex"], key=target_sort_key)
    assert columns == ["anthropic", "vertex", "vertex@litellm", "openai"]

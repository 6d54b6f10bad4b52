"""The synthetic results used by the report tests and benchmark."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from harness.report.inputs import check_results
from tests.support.sample_results import sample_results


@pytest.mark.parametrize("n_cases", [0, 1, 37, 250])
def test_sample_has_exactly_the_requested_number_of_valid_cases(n_cases: int) -> None:
    results = sample_results(n_cases)

    assert len(results["cases"]) == n_cases
    check_results(results)


def test_sample_is_deterministic_per_seed_and_differs_between_seeds() -> None:
    first = json.dumps(sample_results(300, seed=3), sort_keys=True)

    assert json.dumps(sample_results(300, seed=3), sort_keys=True) == first
    assert json.dumps(sample_results(300, seed=4), sort_keys=True) != first


def test_a_hundred_cases_hold_every_verdict_and_every_red_has_a_finding() -> None:
    cases = sample_results(100)["cases"]

    assert set(Counter(c["verdict"] for c in cases)) == {"green", "amber", "red", "grey"}
    assert all(c["findings"] for c in cases if c["verdict"] == "red")
    assert all(c["reason"] for c in cases if c["verdict"] == "grey")
    assert all(
        c["known_differences"] and not c["findings"] for c in cases if c["verdict"] == "amber"
    )


def test_sample_holds_json_and_stream_outcomes_and_canonical_links_that_resolve() -> None:
    cases = sample_results(100)["cases"]
    ids = {c["id"] for c in cases}

    assert any("events" in (c["outcome"] or {}) for c in cases)
    assert any("body" in (c["outcome"] or {}) for c in cases)
    assert all(c["canonical_case"] in ids for c in cases if c["canonical_case"])


def test_negative_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="n_cases"):
        sample_results(-1)

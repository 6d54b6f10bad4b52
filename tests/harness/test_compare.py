"""Structural comparison: equal values cost one ==, every difference is a finding with a
dotted path, findings come in path order, and a flood of them is capped."""

from __future__ import annotations

from typing import Any

import pytest

import harness.compare
from harness.compare import MAX_FINDINGS_PER_CHECK, common_path, diff, dotted_path
from harness.findings import Finding

AGAINST = "the golden outcome"


def compare(expected: Any, actual: Any) -> list[Finding]:
    return diff(expected, actual, check="golden", against=AGAINST)


def test_equal_values_give_no_findings_without_calling_deepdiff(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("DeepDiff must not run for equal values")

    monkeypatch.setattr(harness.compare, "DeepDiff", refuse)
    value = {"status": 200, "body": {"content": [{"type": "text", "text": "Hi"}]}}
    reordered = {"body": {"content": [{"text": "Hi", "type": "text"}]}, "status": 200}
    assert compare(value, reordered) == []


def test_a_changed_value_names_its_dotted_path_and_both_values() -> None:
    expected = {"body": {"content": [{"type": "text", "text": "Hi!"}]}}
    actual = {"body": {"content": [{"type": "text", "text": "Hello"}]}}
    assert compare(expected, actual) == [
        Finding(
            "golden",
            "body.content[0].text",
            "Hi!",
            "Hello",
            "value differs from the golden outcome",
        )
    ]


def test_an_added_key_is_present_here_but_not_expected() -> None:
    found = compare({"usage": {}}, {"usage": {"cache_read_input_tokens": 100}})
    assert found == [
        Finding(
            "golden",
            "usage.cache_read_input_tokens",
            None,
            100,
            "present here but not in the golden outcome",
        )
    ]


def test_a_removed_key_is_missing_here() -> None:
    found = compare({"usage": {"output_tokens": 9}}, {"usage": {}})
    assert found == [
        Finding(
            "golden",
            "usage.output_tokens",
            9,
            None,
            "missing here but present in the golden outcome",
        )
    ]


def test_added_and_removed_list_items_have_indexed_paths() -> None:
    assert [(f.path, f.expected, f.actual) for f in compare([1, 2], [1, 2, 3])] == [
        ("[2]", None, 3)
    ]
    assert [(f.path, f.message) for f in compare({"events": [1, 2, 3]}, {"events": [1, 2]})] == [
        ("events[2]", "missing here but present in the golden outcome")
    ]


def test_a_type_change_is_reported_as_such_with_both_values() -> None:
    found = compare({"body": {"error": {"type": "x"}}}, {"body": {"error": "x"}})
    assert found == [
        Finding("golden", "body.error", {"type": "x"}, "x", "type differs from the golden outcome")
    ]


def test_a_difference_at_the_top_has_an_empty_path() -> None:
    assert compare(200, 500) == [
        Finding("golden", "", 200, 500, "value differs from the golden outcome")
    ]


def test_the_check_name_and_the_wording_come_from_the_caller() -> None:
    found = diff({"a": 1}, {"a": 2}, check="parity", against="the canonical target")
    assert [(f.check, f.message) for f in found] == [
        ("parity", "value differs from the canonical target")
    ]


def test_findings_are_sorted_by_path_with_indices_in_numeric_order() -> None:
    expected = {"events": [{"n": i} for i in range(12)], "body": 1}
    actual = {"events": [{"n": i if i not in (2, 10) else -i} for i in range(12)], "body": 2}
    assert [f.path for f in compare(expected, actual)] == ["body", "events[2].n", "events[10].n"]


def test_more_differences_than_the_cap_end_with_an_and_n_more_finding() -> None:
    size = MAX_FINDINGS_PER_CHECK + 7
    found = compare(list(range(size)), [i + 1000 for i in range(size)])
    assert len(found) == MAX_FINDINGS_PER_CHECK + 1
    assert [f.path for f in found[:3]] == ["[0]", "[1]", "[2]"]
    assert found[MAX_FINDINGS_PER_CHECK - 1].path == f"[{MAX_FINDINGS_PER_CHECK - 1}]"
    assert found[-1] == Finding("golden", "", None, None, "and 7 more differences")


def test_the_and_n_more_finding_is_at_the_path_all_the_left_out_ones_share() -> None:
    size = MAX_FINDINGS_PER_CHECK + 3
    expected = {"events": [{"delta": {"text": str(i)}} for i in range(size)]}
    actual = {"events": [{"delta": {"text": f"x{i}"}} for i in range(size)]}
    found = compare(expected, actual)
    assert found[-1].path == "events"
    assert found[-1].message == "and 3 more differences"


def test_common_path_stops_at_the_first_part_that_differs() -> None:
    assert common_path(["events[3].delta.text", "events[3].delta.type"]) == "events[3].delta"
    assert common_path(["body.content[1]", "body.content[12]"]) == "body.content"
    assert common_path(["usage.input", "usage_x"]) == ""


def test_exactly_the_cap_has_no_extra_finding() -> None:
    size = MAX_FINDINGS_PER_CHECK
    found = compare(list(range(size)), [i + 1000 for i in range(size)])
    assert len(found) == MAX_FINDINGS_PER_CHECK
    assert all(f.path for f in found)


def test_dotted_path_joins_keys_with_dots_and_indices_in_brackets() -> None:
    assert dotted_path(["events", 3, "delta", "text"]) == "events[3].delta.text"
    assert dotted_path([0, "a", 1, 2]) == "[0].a[1][2]"
    assert dotted_path([]) == ""


def test_json_values_of_different_types_are_never_equal() -> None:
    assert compare({"stream": True}, {"stream": 1}) != []
    assert compare({"output_tokens": 1}, {"output_tokens": 1.0}) != []

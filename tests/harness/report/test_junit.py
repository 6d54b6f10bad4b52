"""JUnit XML: one testcase per case, red as failures, grey as skipped, properties on each."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

from harness.report import ReportInputError, render_junit
from tests.support.sample_results import recount, sample_results


def _parse(results: dict[str, Any]) -> ET.Element:
    return ET.fromstring(render_junit(results).encode("utf-8"))


def _properties(element: ET.Element) -> list[tuple[str | None, str | None]]:
    return [(p.get("name"), p.get("value")) for p in element.findall("properties/property")]


def test_suite_counts_match_the_red_and_grey_cases() -> None:
    results = sample_results(150)
    counts = Counter(case["verdict"] for case in results["cases"])
    root = _parse(results)
    suite = root.find("testsuite")
    assert suite is not None

    for element in (root, suite):
        assert element.get("tests") == "150"
        assert element.get("failures") == str(counts["red"])
        assert element.get("skipped") == str(counts["grey"])
        assert element.get("errors") == "0"
    assert len(suite.findall("testcase/failure")) == counts["red"]
    assert len(suite.findall("testcase/skipped")) == counts["grey"]
    assert counts["red"] and counts["grey"]


def test_each_case_is_a_testcase_named_scenario_and_target_mode() -> None:
    results = sample_results(60)
    testcases = _parse(results).findall("testsuite/testcase")

    assert [(t.get("classname"), t.get("name")) for t in testcases] == [
        (case["scenario"], f"{case['target']}-{case['mode']}") for case in results["cases"]
    ]
    assert [float(str(t.get("time"))) * 1000 for t in testcases] == pytest.approx(
        [case["timing_ms"]["total"] for case in results["cases"]]
    )


def test_a_red_case_fails_with_every_finding_path_and_message() -> None:
    results = sample_results(150)
    testcases = _parse(results).findall("testsuite/testcase")

    for case, testcase in zip(results["cases"], testcases, strict=True):
        failure = testcase.find("failure")
        if case["verdict"] != "red":
            assert failure is None
            continue
        assert failure is not None
        first = case["findings"][0]
        assert failure.get("message") == f"{first['path']}: {first['message']}"
        assert failure.get("type") == first["check"]
        for finding in case["findings"]:
            assert f"[{finding['check']}] {finding['path']}: {finding['message']}" in str(
                failure.text
            )


def test_a_grey_case_is_skipped_with_its_reason() -> None:
    results = sample_results(150)
    testcases = _parse(results).findall("testsuite/testcase")

    greys = [
        (case["reason"], testcase.find("skipped"))
        for case, testcase in zip(results["cases"], testcases, strict=True)
        if case["verdict"] == "grey"
    ]
    assert greys
    for reason, skipped in greys:
        assert skipped is not None
        assert skipped.get("message") == reason


def test_verdict_findings_and_known_differences_are_testcase_properties() -> None:
    results = sample_results(150)
    testcases = _parse(results).findall("testsuite/testcase")

    for case, testcase in zip(results["cases"], testcases, strict=True):
        properties = _properties(testcase)
        names = Counter(name for name, _ in properties)
        assert ("verdict", case["verdict"]) in properties
        assert ("case_id", case["id"]) in properties
        assert names["finding"] == len(case["findings"])
        assert names["known_difference"] == len(case["known_differences"])
        for known in case["known_differences"]:
            assert ("known_difference", f"{known['path']}: {known['reason']}") in properties


def test_finding_properties_carry_both_values() -> None:
    results = sample_results(10)
    case = results["cases"][2]
    case["verdict"] = "red"
    case["findings"] = [
        {
            "check": "golden",
            "path": "content[0].text",
            "expected": "Paris",
            "actual": {"city": "Pari"},
            "message": "value differs from the golden outcome",
        }
    ]
    testcase = _parse(recount(results)).findall("testsuite/testcase")[2]

    assert (
        "finding",
        "[golden] content[0].text: value differs from the golden outcome "
        '(expected "Paris", actual {"city": "Pari"})',
    ) in _properties(testcase)


def test_run_provenance_is_recorded_as_suite_properties() -> None:
    results = sample_results(10)
    suite = _parse(results).find("testsuite")
    assert suite is not None
    properties = dict(_properties(suite))

    assert properties["parity_version"] == "0.1.0"
    assert properties["record_mode"] == "replay"
    assert properties["git_commit"] == results["run"]["git_commit"]
    assert properties["package.vcrpy"] == "9.4.2"
    assert properties["totals.green"] == str(results["totals"]["green"])


def test_markup_and_characters_xml_cannot_hold_survive_as_readable_text() -> None:
    results = sample_results(10)
    case = results["cases"][1]
    case["verdict"] = "red"
    message = "<b>bad</b> & \x1b[31mred\x1b[0m \x00 ]]> \ud800"
    case["findings"] = [
        {"check": "reply", "path": "body", "expected": None, "actual": "x", "message": message}
    ]
    failure = _parse(recount(results)).find("testsuite/testcase[2]/failure")

    assert failure is not None
    assert failure.get("message") == "body: <b>bad</b> & \\x1b[31mred\\x1b[0m \\x00 ]]> \\ud800"


def test_schema_errors_raise_report_input_error() -> None:
    results = sample_results(5)
    del results["cases"][1]["findings"]

    with pytest.raises(ReportInputError, match=r"^cases\[1\]\.findings: missing$"):
        render_junit(results)


def test_a_finding_without_a_path_fails_with_its_message_alone() -> None:
    results = sample_results(10)
    case = results["cases"][3]
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
    failure = _parse(recount(results)).find("testsuite/testcase[4]/failure")

    assert failure is not None
    assert failure.get("message") == "cassette missing"
    assert failure.text == "[cassette]: cassette missing (expected null, actual null)"

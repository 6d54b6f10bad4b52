"""JUnit XML for CI test views: one ``<testcase>`` per case.

``classname`` is the scenario and ``name`` is ``<target>-<mode>``. A red case carries a
``<failure>`` whose text lists its findings; a grey case is ``<skipped>`` with its reason;
every case also records its verdict, findings and known differences as ``<properties>``.
Characters that XML 1.0 cannot hold are written as ``\\xNN`` / ``\\uNNNN`` escapes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from harness.report.inputs import Case, Finding, check_results, verdict_counts

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_VALUE_LIMIT = 2000


def render_junit(results: Mapping[str, Any]) -> str:
    """The JUnit XML document for ``results`` (schema 1) as a string."""
    checked = check_results(results)
    run = checked["run"]
    cases = checked["cases"]
    counts = verdict_counts(cases)
    seconds = sum(_seconds(case) for case in cases)
    summary = {
        "tests": str(len(cases)),
        "failures": str(counts["red"]),
        "errors": "0",
        "skipped": str(counts["grey"]),
        "time": f"{seconds:.3f}",
    }
    root = ET.Element("testsuites", {"name": "parity", **summary})
    suite = ET.SubElement(
        root, "testsuite", {"name": "parity", **summary, "timestamp": run["started_at"].rstrip("Z")}
    )
    suite_properties = {
        "parity_version": run["parity_version"],
        "git_commit": run.get("git_commit") or "",
        "record_mode": run["record_mode"],
        "started_at": run["started_at"],
        "finished_at": run["finished_at"],
        "python": run["python"],
        "selection": run.get("selection") or "",
        **{
            f"package.{name}": version or "not installed"
            for name, version in sorted(run["packages"].items())
        },
        **{f"totals.{verdict}": str(count) for verdict, count in counts.items()},
    }
    _properties(suite, list(suite_properties.items()))
    for case in cases:
        _testcase(suite, case)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def finding_line(finding: Finding) -> str:
    """One finding as a line of text: check, path, message and both values."""
    expected = _value(finding["expected"])
    actual = _value(finding["actual"])
    where = f" {finding['path']}" if finding["path"] else ""
    return (
        f"[{finding['check']}]{where}: {finding['message']} (expected {expected}, actual {actual})"
    )


def _testcase(suite: ET.Element, case: Case) -> None:
    element = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": _clean(case["scenario"]),
            "name": _clean(f"{case['target']}-{case['mode']}"),
            "time": f"{_seconds(case):.6f}",
        },
    )
    provenance = case.get("provenance")
    pairs = [("case_id", case["id"]), ("verdict", case["verdict"]), ("title", case["title"])]
    if case["tags"]:
        pairs.append(("tags", ", ".join(case["tags"])))
    if case.get("canonical_case"):
        pairs.append(("canonical_case", str(case.get("canonical_case"))))
    if provenance is not None:
        pairs.append(("cassette", provenance["cassette"]))
        pairs.append(("cassette_source", provenance.get("source") or "unknown"))
    pairs.extend(("finding", finding_line(finding)) for finding in case["findings"])
    pairs.extend(
        ("known_difference", f"{known['path']}: {known['reason']}")
        for known in case["known_differences"]
    )
    _properties(element, pairs)
    if case["verdict"] == "red":
        findings = case["findings"]
        first = findings[0] if findings else None
        if first is None:
            message = "red without findings"
        else:
            message = f"{first['path']}: {first['message']}" if first["path"] else first["message"]
        failure = ET.SubElement(
            element,
            "failure",
            {"message": _clean(message), "type": _clean(first["check"] if first else "red")},
        )
        failure.text = _clean("\n".join(finding_line(f) for f in findings) or message)
    elif case["verdict"] == "grey":
        ET.SubElement(
            element, "skipped", {"message": _clean(case.get("reason") or "not applicable")}
        )


def _properties(parent: ET.Element, pairs: list[tuple[str, str]]) -> None:
    properties = ET.SubElement(parent, "properties")
    for name, value in pairs:
        ET.SubElement(properties, "property", {"name": _clean(name), "value": _clean(value)})


def _seconds(case: Case) -> float:
    return float(case["timing_ms"].get("total", 0.0)) / 1000.0


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(text) > _VALUE_LIMIT:
        return f"{text[:_VALUE_LIMIT]}… ({len(text) - _VALUE_LIMIT} more characters)"
    return text


def _clean(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by a visible escape."""
    return _NOT_XML.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

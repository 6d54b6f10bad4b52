"""write_reports: three files from one results dict, written atomically or not at all."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from harness.report import (
    ReportInputError,
    ReportPaths,
    ReportWriteError,
    render_html,
    render_junit,
    render_summary,
    write_reports,
)
from tests.support.sample_results import sample_results


def test_writes_the_page_the_junit_xml_and_the_summary(tmp_path: Path) -> None:
    results = sample_results(40)
    out_dir = tmp_path / "nested" / "reports"

    paths = write_reports(results, out_dir)

    assert paths == ReportPaths(
        html=out_dir / "alignment.html",
        junit=out_dir / "junit.xml",
        summary=out_dir / "summary.md",
    )
    assert paths.html.read_text(encoding="utf-8") == render_html(results)
    assert paths.junit.read_text(encoding="utf-8") == render_junit(results)
    assert paths.summary.read_text(encoding="utf-8") == render_summary(results)
    ET.parse(paths.junit)
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "alignment.html",
        "junit.xml",
        "summary.md",
    ]


def test_reports_are_readable_by_others(tmp_path: Path) -> None:
    paths = write_reports(sample_results(5), tmp_path)

    for path in (paths.html, paths.junit, paths.summary):
        assert path.stat().st_mode & 0o644 == 0o644


def test_bad_input_leaves_existing_reports_untouched(tmp_path: Path) -> None:
    write_reports(sample_results(5), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    results = sample_results(5)
    results["cases"][2]["verdict"] = "blue"

    with pytest.raises(ReportInputError, match=r"^cases\[2\]\.verdict: "):
        write_reports(results, tmp_path)

    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "junit.xml").mkdir()  # a directory where a file must go: os.replace fails

    with pytest.raises(ReportWriteError) as info:
        write_reports(sample_results(5), tmp_path)

    assert str(info.value) == f"{tmp_path / 'junit.xml'}: cannot write: Is a directory"

    assert sorted(p.name for p in tmp_path.iterdir()) == ["alignment.html", "junit.xml"]
    assert (tmp_path / "junit.xml").is_dir()


def test_nan_and_lone_surrogates_from_a_decoded_response_are_shown_not_fatal(
    tmp_path: Path,
) -> None:
    results = sample_results(12)
    red = next(c for c in results["cases"] if c["verdict"] == "red")
    red["outcome"] = {"status": 200, "body": {"usage": {"output_tokens": float("nan")}}}
    red["findings"][0]["actual"] = "half \ud800 a pair"
    red["findings"][0]["message"] = "value \udfff differs"

    paths = write_reports(results, tmp_path)

    html = paths.html.read_text(encoding="utf-8")
    summary = paths.summary.read_text(encoding="utf-8")
    assert '"output_tokens":"NaN"' in html
    assert "half \\\\ud800 a pair" in html  # the escape as text, inside the page's JSON
    assert "value \\\\udfff differs" in summary  # Markdown escapes the backslash
    failure = ET.parse(paths.junit).getroot().findall(".//failure")[0].text
    assert failure is not None
    assert "value \\udfff differs" in failure

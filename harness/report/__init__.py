"""The alignment report: one results dict in, three files out.

``write_reports(results, out_dir)`` renders ``alignment.html`` (the page a person reads),
``junit.xml`` (for CI test views) and ``summary.md`` (for a CI step summary) from a results
dict that follows schema 1, and writes them atomically. A dict that does not follow the
schema raises :class:`ReportInputError` before anything is written.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import ParityError
from harness.report.inputs import ReportInputError, by_column, check_results
from harness.report.junit import render_junit
from harness.report.render import render_html
from harness.report.summary import render_summary
from harness.strict_json import printable

__all__ = [
    "ReportInputError",
    "ReportPaths",
    "ReportWriteError",
    "render_html",
    "render_junit",
    "render_summary",
    "write_reports",
]


@dataclass(frozen=True)
class ReportPaths:
    """Where :func:`write_reports` put each report."""

    html: Path
    junit: Path
    summary: Path


def write_reports(results: dict[str, Any], out_dir: Path) -> ReportPaths:
    """Render all three reports, then write each one atomically into ``out_dir``.

    Everything is rendered before the first write, so bad input leaves ``out_dir`` untouched;
    each file is replaced in one step, so a reader never sees a half-written report. What
    the runner can put in results but JSON or UTF-8 cannot hold (NaN, a lone surrogate) is
    shown as text (see `harness.strict_json.printable`). A file that cannot be written is a
    one-line `ReportWriteError` naming it.
    """
    shown = by_column(printable(results))
    check_results(shown)
    contents = {
        "alignment.html": render_html(shown),
        "junit.xml": render_junit(shown),
        "summary.md": render_summary(shown),
    }
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportWriteError(f"{out_dir}: cannot write the reports: {_reason(exc)}") from None
    for name, text in contents.items():
        try:
            _write_atomically(out_dir / name, text)
        except OSError as exc:
            raise ReportWriteError(f"{out_dir / name}: cannot write: {_reason(exc)}") from None
    return ReportPaths(
        html=out_dir / "alignment.html",
        junit=out_dir / "junit.xml",
        summary=out_dir / "summary.md",
    )


class ReportWriteError(ParityError):
    """A report file (or its folder) that cannot be written; the message names it."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _write_atomically(path: Path, text: str) -> None:
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise

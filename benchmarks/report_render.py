"""How long the reports take to render and how large they are, for 100, 1,000 and 5,000 cases.

Run: ``.venv/bin/python benchmarks/report_render.py [--repeat N]``. Prints one row per size:
the median wall time of ``render_html``, ``render_junit``, ``render_summary`` and of
``write_reports`` (all three plus the atomic writes), and the size of each file. The page
must render 5,000 cases in under 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from harness.report import render_html, render_junit, render_summary, write_reports

# The synthetic results are test support, not part of the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.sample_results import sample_results

SIZES = (100, 1_000, 5_000)
BUDGET_SECONDS = 3.0


def _median_seconds(action: Callable[[], Any], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:,.0f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    repeat = max(1, parser.parse_args().repeat)
    header = (
        f"{'cases':>6}  {'html s':>7}  {'junit s':>7}  {'md s':>6}  {'write s':>7}  "
        f"{'alignment.html':>14}  {'junit.xml':>10}  {'summary.md':>10}"
    )
    print(f"median of {repeat} run(s) per figure")
    print(header)
    print("-" * len(header))
    slowest_page = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for size in SIZES:
            results = sample_results(size)
            out_dir = Path(scratch) / str(size)
            html = _median_seconds(partial(render_html, results), repeat)
            junit = _median_seconds(partial(render_junit, results), repeat)
            summary = _median_seconds(partial(render_summary, results), repeat)
            write = _median_seconds(partial(write_reports, results, out_dir), repeat)
            paths = write_reports(results, out_dir)
            slowest_page = max(slowest_page, html)
            print(
                f"{size:>6,}  {html:>7.3f}  {junit:>7.3f}  {summary:>6.3f}  {write:>7.3f}  "
                f"{_size(paths.html):>14}  {_size(paths.junit):>10}  {_size(paths.summary):>10}"
            )
    verdict = "within" if slowest_page < BUDGET_SECONDS else "OVER"
    print(f"slowest page render {slowest_page:.3f} s: {verdict} the {BUDGET_SECONDS:.0f} s budget")


if __name__ == "__main__":
    main()

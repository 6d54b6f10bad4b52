"""Replay benchmark: how long replaying and grading the corpus takes, per case and in all.

Prints figures; asserts nothing. Run from the project root: `python benchmarks/replay.py`.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from pathlib import Path

from harness.cases import expand
from harness.runner import Runner, RunOptions
from harness.session import Project

ROUNDS = 3


def main() -> None:
    project = Project.find(Path(__file__).resolve().parents[1])
    config = project.config()
    cases = expand(project.scenarios)
    totals: list[float] = []
    per_phase: dict[str, list[float]] = defaultdict(list)
    for _ in range(ROUNDS):
        runner = Runner(config, RunOptions(fixtures=project.fixtures))
        started = time.perf_counter()
        for case in cases:
            result = runner.run(case)
            for phase, ms in result.timing_ms.items():
                per_phase[phase].append(ms)
        totals.append(time.perf_counter() - started)
    best = min(totals)
    print(f"cases: {len(cases)}   rounds: {ROUNDS}")
    print(f"whole corpus: best {best:.2f} s, median {statistics.median(totals):.2f} s")
    print(f"per case: {best / len(cases) * 1000:.1f} ms (best round)")
    for phase, values in sorted(per_phase.items()):
        print(
            f"  {phase:<10} median {statistics.median(values):7.2f} ms   "
            f"p95 {statistics.quantiles(values, n=20)[18]:7.2f} ms"
        )


if __name__ == "__main__":
    main()

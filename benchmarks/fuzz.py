"""Fuzz campaign: generated requests and mutated backend responses through every target.

For each target: ``--requests N`` generated requests (the corpus's calls, mutated), and
``--responses N`` mutated backend responses, half JSON bodies and half streams, taken from
the cassettes. Prints per target the inputs tried, Parity errors (TranslationError; of
those, how many only the adapter boundary's validity check caught, i.e. where a decoder was
silent), foreign exceptions with the site that raised them, and silent invalid outputs.
Exits 1 if there is any foreign exception or silent invalid output.

Run from the project root: ``python -m benchmarks.fuzz [--requests N] [--responses N]
[--seed S] [--target T]`` (or ``make fuzz``). The same seed gives the same inputs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from tests.adapters.fuzz_inputs import TARGETS, json_responses, requests, stream_responses
from tests.adapters.fuzz_outcomes import (
    Outcome,
    Tally,
    request_outcome,
    response_outcome,
    stream_outcome,
)


def campaign(
    strategy: st.SearchStrategy[Any], judge: Callable[[Any], Outcome], count: int, at: int
) -> Tally:
    """``count`` inputs drawn from ``strategy`` (seeded with ``at``), each judged."""
    tally = Tally()
    if count <= 0:
        return tally

    @seed(at)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def probe(item: Any) -> None:
        tally.add(judge(item))

    probe()
    return tally


def merged(tallies: list[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total.tried += tally.tried
        total.parity += tally.parity
        total.boundary.update(tally.boundary)
        total.foreign.update(tally.foreign)
        total.invalid.update(tally.invalid)
    return total


def report(target: str, tally: Tally, seconds: float) -> None:
    caught = sum(tally.boundary.values())
    print(
        f"{target:<17} tried {tally.tried:6}  parity errors {tally.parity:6} "
        f"(boundary {caught:5})  foreign {sum(tally.foreign.values()):4}  "
        f"silent invalid {sum(tally.invalid.values()):4}  {seconds:6.1f} s",
        flush=True,
    )
    for site, n in tally.foreign.most_common():
        print(f"    foreign {n:5} x {site}")
    for what, n in tally.invalid.most_common(10):
        print(f"    invalid {n:5} x {what[:160]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000, help="requests per target")
    parser.add_argument("--responses", type=int, default=10_000, help="responses per target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--target", choices=TARGETS, action="append")
    args = parser.parse_args(argv)
    failed = False
    for target in args.target or TARGETS:
        started = time.perf_counter()
        half = args.responses // 2
        tally = merged(
            [
                campaign(requests(target), request_outcome, args.requests, args.seed),
                campaign(json_responses(target), response_outcome, half, args.seed + 1),
                campaign(
                    stream_responses(target), stream_outcome, args.responses - half, args.seed + 2
                ),
            ]
        )
        report(target, tally, time.perf_counter() - started)
        failed = failed or bool(tally.foreign or tally.invalid)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

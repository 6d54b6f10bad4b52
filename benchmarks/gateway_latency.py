"""The latency a gateway adds: each case sent to the simulator directly and through a gateway.

Starts the simulator and a gateway from its profile (default: Parity's null gateway), as
`parity gateway run` does, and sends every case of the corpus that the gateway serves on the
Anthropic front, one at a time: the reference translator's wire request straight to the
simulator, then the client's request through the gateway (which translates it, sends it on
to the same simulator and translates the answer back). Both carry the scenario header, so the
simulator places them alike. Prints, per target and overall, p50 and p99 of each path (request
sent to the last body byte read) and of the difference per request: what the gateway adds.
Asserts nothing. Run from the project root:
`python benchmarks/gateway_latency.py [--gateway PROFILE] [--rounds N] [--target T]...`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from adapters.base import TranslationError
from harness import registry
from harness.cases import Case, expand
from harness.fronts import NATIVE_FRONT
from harness.session import Project
from harness.systems import Execution
from harness.systems.gateway.profile import load_profile
from harness.systems.gateway.system import GatewaySystem
from harness.systems.gateway.trial import gateway_under_test
from harness.transport import SCENARIO_HEADER

ROOT = Path(__file__).resolve().parents[1]


def timed(http: httpx.Client, url: str, headers: Mapping[str, str], body: bytes) -> float:
    """Seconds from sending the request to reading the last byte of the answer."""
    started = time.perf_counter()
    with http.stream("POST", url, content=body, headers=headers) as response:
        for _ in response.iter_raw():
            pass
    return time.perf_counter() - started


def direct(
    case: Case, project: Project, system: GatewaySystem
) -> tuple[str, dict[str, str], bytes]:
    """The reference translator's wire request for ``case``, aimed at the simulator."""
    config = project.config()
    wire = registry.adapter(case.target).encode_request(case.call(config), case.settings(config))
    parts = urlsplit(wire.url)
    url = system.simulator_url + parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {**wire.headers, SCENARIO_HEADER: case.scenario.id}
    return url, headers, wire.body or b""


def cases_served(project: Project, system: GatewaySystem, targets: list[str]) -> list[Case]:
    config = project.config()
    served = []
    for case in expand(list(project.valid_scenarios())):
        if targets and case.target not in targets:
            continue
        if case.front().name != NATIVE_FRONT or case.not_applicable_reason() is not None:
            continue
        if system.not_applicable(case) is not None:
            continue
        try:
            registry.adapter(case.target).encode_request(case.call(config), case.settings(config))
        except TranslationError:
            continue
        served.append(case)
    return served


def quantiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    cuts = statistics.quantiles(values, n=100)
    return cuts[49], cuts[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--gateway", default=str(ROOT / "gateways" / "null" / "profile.yaml"))
    parser.add_argument("--rounds", type=int, default=3, help="times each case is sent")
    parser.add_argument("--target", action="append", default=[])
    args = parser.parse_args()
    project = Project.find(ROOT)
    profile = load_profile(Path(args.gateway))
    scenarios = list(project.valid_scenarios())
    print(
        f"gateway: {profile.title}; machine: {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    with (
        tempfile.TemporaryDirectory(prefix="parity-bench-") as logs,
        gateway_under_test(
            profile, scenarios, project.config(), Path(logs), lambda case: Execution(), project.root
        ) as system,
        httpx.Client(timeout=60, trust_env=False) as http,
    ):
        cases = cases_served(project, system, args.target)
        pairs = []
        for case in cases:
            url, headers, request = system.client_call(case)
            pairs.append(
                (case, direct(case, project, system), (url, headers, json.dumps(request).encode()))
            )
        firsts = {case.target: (there, through) for case, there, through in reversed(pairs)}
        for there, through in firsts.values():  # each target's lazy imports, both paths
            timed(http, *there)
            timed(http, *through)
        by_target: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for _ in range(args.rounds):
            for case, there, through in pairs:
                by_target[case.target].append((timed(http, *there), timed(http, *through)))
    print(f"{len(pairs)} cases x {args.rounds} rounds, concurrency 1 (milliseconds)")
    print(f"{'target':<18}{'direct p50/p99':>18}{'gateway p50/p99':>18}{'added p50/p99':>18}")
    everything = [pair for pairs_ in by_target.values() for pair in pairs_]
    for name, rows in [*sorted(by_target.items()), ("all", everything)]:
        columns = (
            [a for a, _ in rows],
            [b for _, b in rows],
            [b - a for a, b in rows],
        )
        cells = ["{:>8.2f} / {:<7.2f}".format(*(q * 1000 for q in quantiles(c))) for c in columns]
        print(f"{name:<18}" + "".join(f"{cell:>18}" for cell in cells))


if __name__ == "__main__":
    main()

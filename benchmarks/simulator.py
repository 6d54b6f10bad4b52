"""Simulator benchmark: matched requests per second and latency, at concurrency 1 and 32.

Starts the simulator with the corpus scenarios (fixtures/scenarios) in a child process, and
drives it with the reference translator's wire requests of every applicable case (JSON and
streams, every target; no scenario header, so each request is placed by its canonical form)
from httpx keep-alive clients, one per worker thread: a first pass (each request new to the
server), then concurrency 1 and 32 from this process, then 32 connections shared by several
client processes. Prints requests per second, p50 and p99 latency (request sent to the last
body byte read), and the CPU seconds per request of the server and of the clients, so that a
run on a shared machine can be read for what the server itself costs. Asserts nothing. Run
from the project root: `python benchmarks/simulator.py [--seconds S] [--processes N]`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from adapters.base import TranslationError
from harness import registry
from harness.cases import expand
from harness.session import Project

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = (1, 32)


@dataclass(frozen=True)
class Planned:
    """One matched request: where it goes, its headers and body, and its case."""

    case: str
    path: str
    headers: dict[str, str]
    body: bytes
    stream: bool


def plan(project: Project) -> list[Planned]:
    """The wire request of every case the reference translator encodes (JSON and stream)."""
    config = project.config()
    planned: list[Planned] = []
    for case in expand(list(project.valid_scenarios())):
        if case.not_applicable_reason() is not None:
            continue
        try:
            wire = registry.adapter(case.target).encode_request(
                case.call(config), case.settings(config)
            )
        except TranslationError:
            continue
        parts = urlsplit(wire.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        planned.append(
            Planned(case.id, path, dict(wire.headers), wire.body or b"", case.mode == "stream")
        )
    return planned


def serve(root: str, pipe: Connection) -> None:
    """The child process: the simulator over the corpus, until the pipe says stop."""
    from harness.resolver import ScenarioResolver
    from harness.simulator.journal import Journal
    from harness.simulator.server import SimulatorServer

    project = Project.find(root)
    resolver = ScenarioResolver(project.valid_scenarios(), project.config())
    for target in registry.targets():
        resolver.index(target)  # built once per target, before the clock starts
    server = SimulatorServer(resolver, max_requests=10_000_000, journal=Journal(limit=1000))
    pipe.send(server.start())
    while True:
        message = pipe.recv()
        if message == "stop":
            break
        times = os.times()
        pipe.send((times.user, times.system))
    server.stop()


def drive(
    base_url: str,
    planned: list[Planned],
    concurrency: int,
    seconds: float | None,
    offset: int = 0,
    stride: int | None = None,
) -> tuple[list[float], Counter[int]]:
    """Send planned requests round-robin from ``concurrency`` threads for ``seconds`` (None:
    each planned request once). Thread ``i`` takes requests ``offset + i``, then every
    ``stride`` (default ``concurrency``) further on."""
    step = stride or concurrency
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    statuses: list[Counter[int]] = [Counter() for _ in range(concurrency)]
    deadline = time.perf_counter() + (seconds if seconds is not None else 1e9)

    def worker(index: int) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        with httpx.Client(base_url=base_url, timeout=30, limits=limits) as client:
            at = offset + index
            while time.perf_counter() < deadline and (seconds is not None or at < len(planned)):
                item = planned[at % len(planned)]
                at += step
                started = time.perf_counter()
                with client.stream("POST", item.path, content=item.body, headers=item.headers) as r:
                    for _ in r.iter_raw():
                        pass
                latencies[index].append(time.perf_counter() - started)
                statuses[index][r.status_code] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [x for part in latencies for x in part], sum(statuses, Counter())


def drive_part(
    base_url: str,
    planned: list[Planned],
    threads: int,
    seconds: float,
    offset: int,
    stride: int,
    start_at: float,
    out: Connection,
) -> None:
    """A client process: from ``start_at`` (wall clock), `drive` with its share of the
    connections; sends back the latencies, statuses and its own CPU seconds."""
    time.sleep(max(0.0, start_at - time.time()))
    before = os.times()
    latencies, statuses = drive(base_url, planned, threads, seconds, offset, stride)
    after = os.times()
    out.send((latencies, dict(statuses), sum(after[:2]) - sum(before[:2])))


def drive_processes(
    base_url: str, planned: list[Planned], concurrency: int, seconds: float, processes: int
) -> tuple[list[float], Counter[int], float]:
    """`drive` spread over ``processes`` client processes (so that the client's own Python
    does not cap what is measured); returns latencies, statuses and the clients' CPU."""
    context = multiprocessing.get_context("spawn")
    per = concurrency // processes
    pipes, children = [], []
    start_at = time.time() + 5.0  # every client process imported and ready
    for part in range(processes):
        ours, theirs = context.Pipe()
        args = (base_url, planned, per, seconds, part * per, concurrency, start_at, theirs)
        child = context.Process(target=drive_part, args=args, daemon=True)
        child.start()
        pipes.append(ours)
        children.append(child)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    cpu = 0.0
    for ours in pipes:
        got, counts, used = ours.recv()
        latencies.extend(got)
        statuses.update(counts)
        cpu += used
    for child in children:
        child.join(timeout=30)
    return latencies, statuses, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per concurrency level")
    parser.add_argument(
        "--processes",
        type=int,
        default=4,
        help="client processes sharing the 32 connections in the last measurement",
    )
    args = parser.parse_args()
    project = Project.find(ROOT)
    planned = plan(project)
    streams = sum(p.stream for p in planned)
    targets = Counter(p.case.split("[", 1)[1].split("-")[0] for p in planned)
    print(f"requests: {len(planned)} cases ({streams} streams), targets {dict(targets)}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=serve, args=(str(project.root), theirs), daemon=True)
    child.start()
    base_url = ours.recv()
    try:
        firsts = {p.case.split("[", 1)[1].rsplit("-", 1)[0]: p for p in reversed(planned)}
        drive(base_url, list(firsts.values()), 1, None)  # imports, one request a target
        # First pass: every request new to the server (placed, validated, rendered); then
        # the steady state a gateway trial repeating its cases sees.
        measure(ours, base_url, planned, 1, None, "first pass, concurrency 1")
        for concurrency in CONCURRENCY:
            measure(
                ours, base_url, planned, concurrency, args.seconds, f"concurrency {concurrency}"
            )
        label = f"concurrency 32, {args.processes} client processes"
        measure(ours, base_url, planned, 32, args.seconds, label, args.processes)
    finally:
        ours.send("stop")
        child.join(timeout=10)


def measure(
    pipe: Connection,
    base_url: str,
    planned: list[Planned],
    concurrency: int,
    seconds: float | None,
    label: str,
    processes: int = 1,
) -> None:
    pipe.send("cpu")
    user_before, sys_before = pipe.recv()
    if processes > 1 and seconds is not None:
        latencies, statuses, client = drive_processes(
            base_url, planned, concurrency, seconds, processes
        )
        elapsed = seconds
    else:
        started, client_before = time.perf_counter(), os.times()
        latencies, statuses = drive(base_url, planned, concurrency, seconds)
        elapsed, client_after = time.perf_counter() - started, os.times()
        client = sum(client_after[:2]) - sum(client_before[:2])
    pipe.send("cpu")
    user_after, sys_after = pipe.recv()
    cpu = (user_after - user_before, sys_after - sys_before)
    report(label, latencies, statuses, elapsed, cpu)
    print(f"{'':<41}client (httpx) CPU {client / len(latencies) * 1000:.3f} ms/request")


def report(
    label: str,
    latencies: list[float],
    statuses: Counter[int],
    elapsed: float,
    cpu: tuple[float, float],
) -> None:
    count = len(latencies)
    cuts = statistics.quantiles(latencies, n=100) if count > 1 else [latencies[0]] * 99
    per_request_ms = sum(cpu) / count * 1000
    user_share = cpu[0] / sum(cpu) if sum(cpu) else 0.0
    print(
        f"{label:<40} {count / elapsed:6.0f} req/s   "
        f"p50 {cuts[49] * 1000:6.2f} ms   p99 {cuts[98] * 1000:6.2f} ms   "
        f"server CPU {per_request_ms:.3f} ms/request "
        f"({user_share:.0%} user; = {1000 / per_request_ms:.0f} req/s per CPU)   "
        f"statuses {dict(statuses)}"
    )


if __name__ == "__main__":
    main()

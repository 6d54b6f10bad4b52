"""Simulator benchmark: matched requests per second and latency, at concurrency 1 and 32.

Starts the simulator with the corpus scenarios (fixtures/scenarios) in a child process, and
drives it with the reference translator's wire requests of every applicable case (JSON and
streams, every target; no scenario header, so each request is placed by its canonical form)
over kept-alive connections from one asyncio loop in this process (h11 frames the requests
and reads the answers, so the client costs a fraction of what the server does and the two
processes share the two cores fairly): a first pass (each request new to the server), then
concurrency 1 and 32 for a few seconds each (as fast as the server answers), and 32
connections offered a paced 1,000 requests per second (each request has a time slot and its
latency runs from that slot, so a request that waits for a late predecessor counts the
wait). Prints requests per second, p50 and p99 latency (request sent to the last body byte
read), and the CPU seconds per request of the server and of the client, so that a run on a
shared machine can be read for what the server itself costs. Asserts nothing. Run from the
project root: `python benchmarks/simulator.py
[--seconds S]`.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlsplit

import h11

from adapters.base import TranslationError
from harness import registry
from harness.cases import expand
from harness.session import Project

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = (1, 32)
PACED = (32, 1000.0)
"""Connections and offered requests per second of the paced run."""


@dataclass(frozen=True)
class Planned:
    """One matched request: its case, its head (path and headers, as h11 sends it) and body."""

    case: str
    request: h11.Request
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
        body = wire.body or b""
        headers = [(k, v) for k, v in wire.headers.items() if k.lower() != "host"]
        headers += [("host", "127.0.0.1"), ("content-length", str(len(body)))]
        head = h11.Request(method="POST", target=path, headers=headers)
        planned.append(Planned(case.id, head, body, case.mode == "stream"))
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


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, conn: h11.Connection, item: Planned
) -> int:
    """One request on a kept-alive connection, read to the last body byte; its status."""
    writer.write(conn.send(item.request) + conn.send(h11.Data(data=item.body)))
    writer.write(conn.send(h11.EndOfMessage()))
    status = 0
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            conn.receive_data(await reader.read(65536))
        elif isinstance(event, h11.Response):
            status = event.status_code
        elif isinstance(event, h11.EndOfMessage):
            conn.start_next_cycle()
            return status
        elif isinstance(event, h11.ConnectionClosed):
            raise ConnectionError("the simulator closed the connection")


async def _drive(
    host: str,
    port: int,
    planned: list[Planned],
    concurrency: int,
    seconds: float | None,
    rate: float | None,
) -> tuple[list[float], Counter[int]]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    origin = time.perf_counter()
    deadline = origin + (seconds if seconds is not None else 1e9)

    async def connection(index: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        conn = h11.Connection(h11.CLIENT)
        at = index
        try:
            while time.perf_counter() < deadline and (seconds is not None or at < len(planned)):
                item = planned[at % len(planned)]
                if rate is None:
                    started = time.perf_counter()
                else:  # request number ``at`` has the slot at/rate seconds after the start
                    started = origin + at / rate
                    await asyncio.sleep(max(0.0, started - time.perf_counter()))
                at += concurrency
                status = await _exchange(reader, writer, conn, item)
                latencies.append(time.perf_counter() - started)
                statuses[status] += 1
        finally:
            writer.close()

    await asyncio.gather(*(connection(i) for i in range(concurrency)))
    return latencies, statuses


def drive(
    base_url: str,
    planned: list[Planned],
    concurrency: int,
    seconds: float | None,
    rate: float | None = None,
) -> tuple[list[float], Counter[int]]:
    """Send planned requests round-robin over ``concurrency`` kept-alive connections for
    ``seconds`` (None: each planned request once), from one thread: an asyncio loop with h11
    framing the requests and reading the answers (each to its last body byte), so that the
    client costs a fraction of what the server does. ``rate`` paces them: request n is due
    n/rate seconds after the start, and its latency runs from then."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    return asyncio.run(_drive(host, port, planned, concurrency, seconds, rate))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per concurrency level")
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
        connections, rate = PACED
        label = f"concurrency {connections}, {rate:.0f} req/s offered"
        measure(ours, base_url, planned, connections, args.seconds, label, rate)
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
    rate: float | None = None,
) -> None:
    pipe.send("cpu")
    user_before, sys_before = pipe.recv()
    started, client_before = time.perf_counter(), os.times()
    latencies, statuses = drive(base_url, planned, concurrency, seconds, rate)
    elapsed, client_after = time.perf_counter() - started, os.times()
    client = sum(client_after[:2]) - sum(client_before[:2])
    pipe.send("cpu")
    user_after, sys_after = pipe.recv()
    cpu = (user_after - user_before, sys_after - sys_before)
    report(label, latencies, statuses, elapsed, cpu)
    print(f"{'':<41}client CPU {client / len(latencies) * 1000:.3f} ms/request")


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

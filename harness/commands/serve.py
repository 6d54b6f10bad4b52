"""`parity serve`: the backend simulator as a standalone loopback server."""

from __future__ import annotations

import argparse
import os

from harness.cli_output import OK, fail, say
from harness.session import Project


def serve(args: argparse.Namespace) -> int:
    from harness.resolver import ScenarioResolver
    from harness.simulator.journal import Journal, jsonl_sink
    from harness.simulator.server import SimulatorServer, verifying_backends

    project = Project.find(args.root)
    scenarios = project.valid_scenarios()
    for broken in project.broken_scenarios():
        say(f"skipped: {broken.error}")
    resolver = ScenarioResolver(scenarios, project.config())
    backends = verifying_backends(os.environ) if args.verify_credentials else None
    journal = Journal()
    if args.log is not None:
        try:
            log = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 (open while serving)
        except OSError as exc:
            fail(f"{args.log}: cannot write the request log: {exc.strerror or exc}")
        journal = Journal(sink=jsonl_sink(log))
    server = SimulatorServer(
        resolver,
        host=args.host,
        port=args.port,
        max_requests=args.max_requests,
        backends=backends,
        journal=journal,
    )
    try:
        url = server.bind()
    except OSError as exc:
        fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    print(f"Parity simulator: {len(scenarios)} scenarios at {url} (Ctrl-C stops it)", flush=True)
    for backend in server.backends:
        for route in backend.routes:
            print(f"  {backend.name:<18} {route}", flush=True)
    server.serve_forever()
    return OK

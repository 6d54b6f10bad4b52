"""`parity clients run`: real clients through the null gateway onto every target.

Every selected client scenario (fixtures/clients/) runs on every selected target; the cases
are written to a results file (reports/clients/results.json by default) with the report
beside it. Exit 0 when no case is red, 1 when one is, 2 when the client is not installed,
a scenario is broken or the gateway would not start."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness import results
from harness.cli_output import FINDINGS, OK, say
from harness.session import Project


def clients_run(args: argparse.Namespace) -> int:
    from harness.clients.run import ClientOptions, run_clients, summary
    from harness.report import write_reports

    project = Project.find(args.root)
    started = results.utc_now()
    options = ClientOptions(
        targets=tuple(args.target or ()), keyword=args.keyword, timeout=args.timeout
    )
    cases = run_clients(project, options, sys.stdout)
    path = Path(args.results) if args.results else project.reports / "clients" / "results.json"
    run = results.run_metadata("replay", started, args.keyword, project.root)
    data = results.build_from_cases(cases, run)
    results.write(path, data)
    if not args.no_report:
        write_reports(data, path.parent)
    say(f"{summary(cases)}; results in {path}")
    return FINDINGS if any(c["verdict"] == "red" for c in cases) else OK

"""`parity clients run`: real clients through the null gateway (or the gateway of
``--gateway PROFILE``) onto every target.

Every selected client scenario (fixtures/clients/) runs on every selected target; the cases
are written to a results file (reports/clients/results.json by default;
reports/clients/<gateway>/results.json through another gateway) with the report beside it.
Exit 0 when no case is red, 1 when one is, 2 when the client is not installed, a scenario
is broken or the gateway would not start. The client matrix of every client run's results
(reports/clients/matrix.html and matrix.md) is written beside them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness import results
from harness.cli_output import FINDINGS, OK, say
from harness.session import Project


def clients_run(args: argparse.Namespace) -> int:
    from harness.clients.case import summary
    from harness.clients.run import GATEWAY_PROFILE, ClientOptions, reports_dir, run_clients
    from harness.report import clients_matrix, write_reports
    from harness.systems.gateway.profile import load_profile

    project = Project.find(args.root)
    started = results.utc_now()
    options = ClientOptions(
        targets=tuple(args.target or ()),
        keyword=args.keyword,
        timeout=args.timeout,
        profile=Path(args.gateway) if args.gateway else GATEWAY_PROFILE,
    )
    cases = run_clients(project, options, sys.stdout)
    gateway = load_profile(project.root / options.profile).name
    path = Path(args.results) if args.results else reports_dir(project, gateway) / "results.json"
    run = results.run_metadata("replay", started, args.keyword, project.root)
    data = results.build_from_cases(cases, run)
    results.write(path, data)
    if not args.no_report:
        write_reports(data, path.parent)
        matrix_dir = project.reports / "clients"
        found = {path, *matrix_dir.glob("results.json"), *matrix_dir.glob("*/results.json")}
        clients_matrix.write(clients_matrix.load_cases(sorted(found)), matrix_dir)
    say(f"{summary(cases)}; results in {path}")
    return FINDINGS if any(c["verdict"] == "red" for c in cases) else OK

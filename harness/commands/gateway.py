"""`parity gateway run`: put a gateway on trial.

The selected cases run on Parity's reference translator (replayed) and through the gateway
the profile describes (started by Parity when the profile says how, its backends aimed at
Parity's simulator); results hold both systems side by side. Exit 0 when no case is red,
1 when one is, 2 for a bad profile, a gateway that would not start, or bad options."""

from __future__ import annotations

import argparse
import sys

from harness.cli_output import FINDINGS, OK
from harness.session import Project, SessionOptions, run_session


def gateway_run(args: argparse.Namespace) -> int:
    options = SessionOptions(
        mode="replay",
        keyword=args.keyword,
        targets=tuple(args.target or ()),
        results_path=args.results,
        write_report=not args.no_report,
        gateway=args.profile,
        concurrency=args.concurrency,
        strict=args.strict,
    )
    outcome = run_session(Project.find(args.root), options, out=sys.stdout)
    return FINDINGS if outcome.red else OK

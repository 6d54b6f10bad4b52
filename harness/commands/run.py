"""`parity run` and `parity record`: a session over the selected cases.

Exit 0 when no case is red, 1 when one is, 2 for a mistake in the project or the options."""

from __future__ import annotations

import argparse
import sys

from harness.cli_output import FINDINGS, OK
from harness.session import Project, SessionOptions, run_session


def run(args: argparse.Namespace) -> int:
    options = SessionOptions(
        mode="replay",
        keyword=args.keyword,
        targets=tuple(args.target or ()),
        update_golden=args.update_golden,
        results_path=args.results,
        write_report=not args.no_report,
        rechunk=args.rechunk,
    )
    outcome = run_session(Project.find(args.root), options, out=sys.stdout)
    return FINDINGS if outcome.red else OK


def record(args: argparse.Namespace) -> int:
    options = SessionOptions(
        mode="record-live" if args.live else "record-simulator",
        keyword=args.keyword,
        targets=tuple(args.target or ()),
        update_golden=args.update_golden,
        results_path=args.results,
        write_report=not args.no_report,
    )
    outcome = run_session(Project.find(args.root), options, out=sys.stdout)
    return FINDINGS if outcome.red else OK

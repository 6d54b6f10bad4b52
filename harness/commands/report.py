"""`parity report`: render alignment.html, junit.xml and summary.md from a results file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from harness.cli_output import OK, fail
from harness.session import Project


def report(args: argparse.Namespace) -> int:
    from harness.report import write_reports

    path = Path(args.results or Project.find(args.root).reports / "results.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail(f"{path}: no results file; run `parity run` first")
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        fail(f"{path}: cannot read results: {str(exc).splitlines()[0]}")
    out_dir = Path(args.out) if args.out else path.parent
    try:
        paths = write_reports(data, out_dir)
    except OSError as exc:
        fail(f"{out_dir}: cannot write the reports: {exc.strerror or exc}")
    print(f"wrote {paths.html}, {paths.junit}, {paths.summary}")
    return OK

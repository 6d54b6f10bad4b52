"""reports/results.json: run metadata, totals and every graded case (schema in docs)."""

from __future__ import annotations

import os
import platform
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import harness
from adapters.base import JSON
from harness import strict_json
from harness.case_result import CaseResult
from harness.errors import ParityError
from harness.secrets import scan
from harness.vocabulary import VERDICTS

SCHEMA_VERSION = 1
REPORT_NAMES = ("alignment.html", "junit.xml", "summary.md")
"""The reports `harness.report.write_reports` writes beside results.json."""
_PACKAGES = (
    "anthropic",
    "openai",
    "httpx",
    "vcrpy",
    "pytest-recording",
    "deepdiff",
    "boto3",
    "botocore",
    "google-auth",
    "jinja2",
    "pyyaml",
    "pydantic",
)


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_metadata(record_mode: str, started_at: str, selection: str | None, root: Path) -> JSON:
    return {
        "parity_version": harness.__version__,
        "git_commit": _git_commit(root),
        "started_at": started_at,
        "finished_at": utc_now(),
        "record_mode": record_mode,
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in _PACKAGES},
        "selection": selection,
    }


def build(results: list[CaseResult], run: JSON) -> JSON:
    return build_from_cases([r.to_dict() for r in results], run)


def build_from_cases(cases: list[JSON], run: JSON) -> JSON:
    """The results document for graded cases in their `CaseResult.to_dict` form (as pytest
    workers send them to the controller), in the order given."""
    counts: Counter[str] = Counter(c["verdict"] for c in cases)
    return {
        "schema": SCHEMA_VERSION,
        "run": run,
        "totals": {v: counts.get(v, 0) for v in VERDICTS},
        "cases": cases,
    }


def write(path: Path, data: JSON, known_secrets: Iterable[str] = ()) -> None:
    """Write results as strict JSON (see `harness.strict_json`), atomically: a failure
    leaves the previous file in place. Results that would hold a secret (a credential
    shape, or a value in ``known_secrets``) are refused with a one-line `ParityError`, and
    neither they nor the reports are written."""
    text = strict_json.dumps(data, indent=1, sort_keys=True) + "\n"
    leaks = scan(text, known_secrets)
    if leaks:
        raise ParityError(
            f"{path}: refusing to write results holding a secret "
            f"({', '.join(sorted(set(leaks)))}); nothing was written"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".results-", dir=path.parent)
    except OSError as exc:
        raise ParityError(f"{path}: cannot write results: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ParityError(f"{path}: cannot write results: {exc.strerror or exc}") from None
        raise


def discard(path: Path) -> list[Path]:
    """Remove results.json at ``path`` and the reports beside it, so that an earlier run's
    files do not pass for a run that graded nothing; returns what was removed."""
    removed = []
    for stale in (path, *(path.parent / name for name in REPORT_NAMES)):
        try:
            stale.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise ParityError(
                f"{stale}: cannot remove stale results: {exc.strerror or exc}"
            ) from None
        removed.append(stale)
    return removed


def summary_table(data: JSON) -> str:
    """The plain-text table `parity run` prints: verdicts per target, then what is red."""
    cases = data["cases"]
    targets = sorted({c["target"] for c in cases}, key=_target_order)
    header = f"{'target':<18}" + "".join(f"{v:>7}" for v in VERDICTS)
    lines = [header, "-" * len(header)]
    for target in targets:
        counts: Counter[str] = Counter(c["verdict"] for c in cases if c["target"] == target)
        lines.append(f"{target:<18}" + "".join(f"{counts.get(v, 0):>7}" for v in VERDICTS))
    totals = data["totals"]
    lines.append("-" * len(header))
    lines.append(f"{'all':<18}" + "".join(f"{totals[v]:>7}" for v in VERDICTS))
    red = [c for c in cases if c["verdict"] == "red"]
    if red:
        lines.append("")
        lines.append("red cases:")
        for c in red[:50]:
            first = c["findings"][0] if c["findings"] else {"check": "?", "message": ""}
            path = f" {first.get('path')}" if first.get("path") else ""
            lines.append(f"  {c['id']}: [{first['check']}]{path} {first['message']}")
        if len(red) > 50:
            lines.append(f"  ... and {len(red) - 50} more")
    return "\n".join(lines)


def _target_order(target: str) -> int:
    from harness.registry import targets

    TARGETS = targets()

    return TARGETS.index(target) if target in TARGETS else len(TARGETS)


def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _git_commit(root: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None

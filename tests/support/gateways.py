"""Third-party gateways in the tests: which ones a run must have installed
(``PARITY_REQUIRE_GATEWAYS``), and one trial of a gateway on a few scenarios.

Unset or empty: none (a gateway's tests skip when it is not installed). Otherwise a
comma-separated list of gateway names (``litellm,portkey``), ``all``, or ``1``, which means
``litellm`` (what CI has set since LiteLLM was the only one).
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Collection
from pathlib import Path

import pytest

from harness.session import Project, SessionOptions, run_session

ROOT = Path(__file__).resolve().parents[2]

VARIABLE = "PARITY_REQUIRE_GATEWAYS"


def required(name: str) -> bool:
    """Whether the run must have the gateway ``name`` installed."""
    names = {v.strip().lower() for v in os.environ.get(VARIABLE, "").split(",") if v.strip()}
    if "1" in names:
        names.add("litellm")
    return "all" in names or name in names


def require_installed(name: str, installed: bool, how: str) -> None:
    """Skip (or fail, when the run requires it) unless the gateway is installed."""
    if installed:
        return
    if required(name):
        pytest.fail(f"{name} is not installed but {VARIABLE} requires it; run {how}")
    pytest.skip(f"{name} is not installed ({how})")


def trial_cases(
    root: Path,
    profile: Path,
    scenarios: Collection[str],
    targets: tuple[str, ...],
    concurrency: int = 4,
) -> dict[str, dict[str, object]]:
    """The cases (by id, as results.json holds them) of one trial of ``profile`` on a copy of
    the project, under ``root``, that holds only ``scenarios``, on ``targets``."""
    shutil.copytree(ROOT / "fixtures", root / "fixtures")
    kept = root / "fixtures" / "scenarios"
    for path in kept.rglob("*.yaml"):
        if path.relative_to(kept).with_suffix("").as_posix() not in scenarios:
            path.unlink()
    options = SessionOptions(
        targets=targets, gateway=str(profile), write_report=False, concurrency=concurrency
    )
    project = Project(root)
    run_session(project, options, out=io.StringIO())
    data = json.loads((project.reports / "results.json").read_text())
    return {c["id"]: c for c in data["cases"]}

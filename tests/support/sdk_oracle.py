"""Run a driver script inside the official ``anthropic`` SDK of a given version.

The 0.125 SDK (on httpx) is the one installed; the 2.12 SDK (on httpx2, API version
2026-10-21) lives in ``.venv/sdk2`` and is put first on the driver's path. A driver reads
JSON calls on stdin and prints the requests the SDK made as JSON, bodies base64-encoded
under ``body_b64``; one subprocess runs a whole batch.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import pytest

Sdk = Literal["0.125", "2.12"]
SDK2_PATH = Path(sys.prefix) / "sdk2"


def run_driver(
    sdk: Sdk, driver: str, calls: list[dict[str, Any]], hide_env: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The requests ``driver`` recorded for ``calls`` under ``sdk``; the environment
    variables starting with ``hide_env`` are kept from the SDK (it reads them)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", *hide_env))}
    if sdk == "2.12":
        if not (SDK2_PATH / "anthropic").is_dir():
            pytest.fail(f"the anthropic 2.12 SDK is missing at {SDK2_PATH}; run make install")
        env["PYTHONPATH"] = str(SDK2_PATH)
    done = subprocess.run(
        [sys.executable, "-c", driver],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"the {sdk} SDK oracle failed:\n{done.stderr}")
    recorded: list[dict[str, Any]] = json.loads(done.stdout)
    for request in recorded:
        request["body"] = base64.b64decode(request.pop("body_b64"))
    return recorded

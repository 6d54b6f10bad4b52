"""Running the pytest gate on a test project: in this process where it can (pytest's own
``pytester``, which restores modules and paths after), else in a process of its own."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from typing import Protocol

import pytest

from harness.session import Project


@dataclass(frozen=True)
class Ran:
    """One run of the gate: its exit status and what it printed."""

    returncode: int
    stdout: str
    stderr: str


class Gate(Protocol):
    """Runs the gate with these arguments (and, if given, only this environment)."""

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Ran: ...


def gate_on(project: Project, pytester: pytest.Pytester) -> Gate:
    """The gate on ``project``. A run gets a process of its own when it needs one:
    pytest-xdist workers, or an environment of its own (with the network open, as a user's
    would be; in this process the suite's network block applies)."""

    def run(*args: str, env: dict[str, str] | None = None) -> Ran:
        common = ["-p", "no:cacheprovider", "-q", "-rs", "fixtures/scenarios", *args]
        if env is not None or "-n" in args:
            (project.root / "conftest.py").write_text(
                'pytest_plugins = ["harness.pytest_plugin"]\n'
            )
            done = subprocess.run(
                [sys.executable, "-m", "pytest", *common],
                cwd=project.root,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
                env=env,
            )
            return Ran(done.returncode, done.stdout, done.stderr)
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(project.root)
            ran = pytester.runpytest_inprocess("-p", "harness.pytest_plugin", *common)
        return Ran(int(ran.ret), ran.stdout.str(), ran.stderr.str())

    return run

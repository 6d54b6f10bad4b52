"""One long-lived interpreter per SDK version and test process, running scripts on demand.

Starting an interpreter and importing an ``anthropic`` SDK costs about a second and a half of
CPU; the suite asks an SDK for answers a dozen times. `run_script` runs a script as
``python -c`` would (its own globals, ``sys.argv``, standard input, environment; its output
and exit status captured), but in an interpreter kept for the SDK version, which imports the
SDK once. Scripts see the SDK's modules as the previous script left them, so a script must
not change them.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# Runs inside the kept interpreter. Reads one job a line on stdin: {"code", "argv", "stdin",
# "env"}; writes one answer a line, {"returncode", "stdout", "stderr"}, on the file descriptor
# that was its stdout (which now goes nowhere, so that nothing a script writes there, even
# from C or a child process, can garble an answer).
_SERVER = r"""
import contextlib, io, json, os, sys, traceback
answers = os.fdopen(os.dup(1), "w")
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
for line in sys.stdin:
    job = json.loads(line)
    os.environ.clear()
    os.environ.update(job["env"])
    sys.argv = ["-c", *job["argv"]]
    out, err, status = io.StringIO(), io.StringIO(), 0
    saved_stdin, sys.stdin = sys.stdin, io.StringIO(job["stdin"])
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            exec(compile(job["code"], "<string>", "exec"), {"__name__": "__main__"})
        except SystemExit as stop:
            code = stop.code
            status = code if isinstance(code, int) else (0 if code is None else 1)
            if not isinstance(code, int | None):
                print(code, file=err)
        except BaseException:
            traceback.print_exc()
            status = 1
    sys.stdin = saved_stdin
    answers.write(json.dumps(
        {"returncode": status, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\n")
    answers.flush()
"""


@dataclass(frozen=True)
class Ran:
    """What a script did: its exit status and its output."""

    returncode: int
    stdout: str
    stderr: str


_KEPT: dict[tuple[str, ...], subprocess.Popen[str]] = {}


def run_script(
    code: str,
    *,
    path: Sequence[Path] = (),
    argv: Sequence[str] = (),
    stdin: str = "",
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> Ran:
    """Run ``code`` as ``python -c code *argv`` with ``path`` first on ``sys.path`` (an SDK's
    site-packages), in the interpreter kept for that path; ``env`` (default: this process's
    environment) is the script's environment. A script running past ``timeout`` seconds
    kills the interpreter and raises `TimeoutError`."""
    key = tuple(str(p) for p in path)
    kept = _KEPT.get(key)
    if kept is None or kept.poll() is not None:
        kept = _KEPT[key] = _start(key)
    job = {"code": code, "argv": list(argv), "stdin": stdin, "env": dict(env or os.environ)}
    assert kept.stdin is not None and kept.stdout is not None
    kept.stdin.write(json.dumps(job) + "\n")
    kept.stdin.flush()
    ready, _, _ = select.select([kept.stdout], [], [], timeout)
    line = kept.stdout.readline() if ready else ""
    if not line:
        kept.kill()
        kept.wait()
        del _KEPT[key]
        raise TimeoutError(f"the script ran past {timeout} s or its interpreter died")
    answer = json.loads(line)
    return Ran(answer["returncode"], answer["stdout"], answer["stderr"])


def _start(path: tuple[str, ...]) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    if path:
        env["PYTHONPATH"] = os.pathsep.join(path)
    return subprocess.Popen(
        [sys.executable, "-c", _SERVER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )


@atexit.register
def _stop_all() -> None:
    for kept in _KEPT.values():  # all at once: each takes a second to wind its SDK down
        if kept.stdin is not None:
            kept.stdin.close()
    for kept in _KEPT.values():
        try:
            kept.wait(timeout=5)
        except subprocess.TimeoutExpired:
            kept.kill()
            kept.wait()
    _KEPT.clear()

"""A kept interpreter runs each script as ``python -c`` would, and is kept for the next."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.sdk_oracle import SDK2_PATH
from tests.support.sdk_process import run_script

ECHO = """
import json, os, sys
print(json.dumps({"argv": sys.argv[1:], "stdin": sys.stdin.read(), "env": os.environ.get("X"),
                  "pid": os.getpid()}))
"""


def test_a_script_gets_its_argv_stdin_and_environment_and_the_interpreter_is_kept() -> None:
    first = run_script(ECHO, argv=("a", "b"), stdin="in", env={"X": "1"})
    second = run_script(ECHO, env={})
    assert first.returncode == 0, first.stderr
    one, two = json.loads(first.stdout), json.loads(second.stdout)
    assert (one["argv"], one["stdin"], one["env"]) == (["a", "b"], "in", "1")
    assert (two["argv"], two["stdin"], two["env"]) == ([], "", None)
    assert one["pid"] == two["pid"]


def test_a_failing_script_reports_its_status_and_traceback_and_leaves_no_globals() -> None:
    failed = run_script("leftover = 1\nraise ValueError('boom')")
    assert failed.returncode == 1
    assert "ValueError: boom" in failed.stderr
    assert run_script("import sys; sys.exit(3)").returncode == 3
    assert run_script("print(leftover)").returncode == 1


def test_output_written_to_the_real_stdout_does_not_garble_the_answer() -> None:
    done = run_script("import os; os.write(1, b'noise\\n'); print('kept')")
    assert (done.returncode, done.stdout) == (0, "kept\n")


def test_each_sdk_path_has_its_own_interpreter_with_that_path_first() -> None:
    if not (SDK2_PATH / "anthropic").is_dir():
        pytest.skip(".venv/sdk2 is not installed (make install)")
    code = "import anthropic; print(anthropic.__version__)"
    assert run_script(code, path=(SDK2_PATH,)).stdout.startswith("2.")
    assert run_script(code).stdout.startswith("0.")


def test_a_script_past_its_timeout_is_stopped(tmp_path: Path) -> None:
    # an interpreter of its own (another path), so that the shared one is not stopped
    with pytest.raises(TimeoutError):
        run_script("import time; time.sleep(5)", path=(tmp_path,), timeout=0.2)
    assert run_script("print('again')", path=(tmp_path,)).stdout == "again\n"

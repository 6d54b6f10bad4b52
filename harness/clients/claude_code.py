"""The Claude Code CLI as a client: where the pinned install is, how it is run
non-interactively and confined, and what it printed.

It runs as ``claude -p <prompt> --model <model> --output-format stream-json --verbose``
with the tools the scenarios use allowed (``--allowedTools``), its ``cwd`` the throw-away
working directory and its ``HOME`` and ``TMPDIR`` beside it, so nothing it writes lands
elsewhere. ``ANTHROPIC_BASE_URL`` points at the system under test (through Parity's relay),
the key is a fake, telemetry, error reporting, auto-update and other non-essential traffic
are switched off, and every proxy variable points at a closed loopback port with
``NO_PROXY`` for loopback, so a request for any other host fails at once instead of leaving
the machine (docs/CLIENTS.md says what is and is not enforced).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.systems.gateway.process import free_port

NAME = "claude-code"
INSTALL_DIR = Path(".gateways/claude-code")
NODE_BIN = Path(".gateways/node/bin")
CLI = INSTALL_DIR / "node_modules/@anthropic-ai/claude-code/cli.js"
ALLOWED_TOOLS = "Bash,Read,Write,Edit"
FAKE_KEY = "parity-fake-client-key"
"""The key Claude Code sends; any gateway key check passes it, and it opens nothing."""

QUIET: Mapping[str, str] = {
    "DISABLE_TELEMETRY": "1",
    "DISABLE_ERROR_REPORTING": "1",
    "DISABLE_AUTOUPDATER": "1",
    "DISABLE_BUG_COMMAND": "1",
    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    "CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY": "1",
}
"""Claude Code's documented switches for traffic other than the model's requests."""


@dataclass(frozen=True)
class ClientRun:
    """What the client did: its exit status (None: killed at the time limit), what it
    printed, and the stream-json messages parsed from its output."""

    exit_status: int | None
    stdout: str
    stderr: str
    elapsed_s: float
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def result(self) -> dict[str, Any] | None:
        """The final ``{"type": "result", ...}`` message, when one came."""
        found = [m for m in self.messages if m.get("type") == "result"]
        return found[-1] if found else None


def missing(root: Path) -> str | None:
    """Why Claude Code cannot be run from ``root``, or None when its pinned install is there."""
    for path in (root / NODE_BIN / "node", root / CLI):
        if not path.is_file():
            return (
                f"{path.relative_to(root)} is missing (run `make .gateways/claude-code/.installed`)"
            )
    return None


def environment(root: Path, base_url: str, home: Path, extra: Mapping[str, str]) -> dict[str, str]:
    """The client's whole environment (nothing else of the machine's is passed on)."""
    closed = f"http://127.0.0.1:{free_port()}"
    shell = shutil.which("bash") or "/bin/sh"
    env = {
        "PATH": os.pathsep.join(
            [str((root / NODE_BIN).resolve()), "/usr/local/bin", "/usr/bin", "/bin"]
        ),
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "SHELL": shell,
        "LANG": "C.UTF-8",
        "ANTHROPIC_BASE_URL": base_url,
        "ANTHROPIC_API_KEY": FAKE_KEY,
        **{name: closed for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")},
        **{name.lower(): closed for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")},
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        **QUIET,
    }
    env.update(extra)
    if "ANTHROPIC_AUTH_TOKEN" in extra:
        del env["ANTHROPIC_API_KEY"]  # the gateway takes a Bearer token, and it alone
    return env


def command(root: Path, prompt: str, model: str) -> list[str]:
    return [
        str((root / NODE_BIN / "node").resolve()),
        str((root / CLI).resolve()),
        "-p",
        prompt,
        "--model",
        model,
        "--output-format",
        "stream-json",
        "--verbose",
        "--allowedTools",
        ALLOWED_TOOLS,
    ]


def run(
    root: Path,
    prompt: str,
    model: str,
    *,
    base_url: str,
    workdir: Path,
    home: Path,
    extra_env: Mapping[str, str],
    timeout: float,
) -> ClientRun:
    """Run Claude Code once in ``workdir``, ended (its whole process group) at ``timeout``."""
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    env = environment(root, base_url, home, extra_env)
    return run_bounded(command(root, prompt, model), workdir, env, timeout)


def run_bounded(
    argv: list[str], workdir: Path, env: Mapping[str, str], timeout: float
) -> ClientRun:
    """Run a client's command in ``workdir`` with exactly ``env``, ended (its whole process
    group) at ``timeout``; its stdout read as stream-json lines."""
    started = time.monotonic()
    process = subprocess.Popen(
        argv,
        cwd=workdir,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    status: int | None
    try:
        out, err = process.communicate(timeout=timeout)
        status = process.returncode
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        status = None
    stdout = out.decode("utf-8", "replace")
    return ClientRun(
        exit_status=status,
        stdout=stdout,
        stderr=err.decode("utf-8", "replace"),
        elapsed_s=time.monotonic() - started,
        messages=parse_messages(stdout),
    )


def parse_messages(stdout: str) -> list[dict[str, Any]]:
    """The JSON objects of stream-json output, one a line (other lines are skipped)."""
    messages: list[dict[str, Any]] = []
    for line in stdout.splitlines():
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(line)
            if isinstance(value, dict):
                messages.append(value)
    return messages


def tool_results(run: ClientRun) -> list[str]:
    """The text of every tool result the client reported sending back to the model."""
    found: list[str] = []
    for message in run.messages:
        if message.get("type") != "user":
            continue
        content = (message.get("message") or {}).get("content")
        for block in content if isinstance(content, list) else []:
            if isinstance(block, dict) and block.get("type") == "tool_result":
                found.append(_text_of(block.get("content")))
    return found


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(b.get("text", "")) for b in content if isinstance(b, dict))
    return ""

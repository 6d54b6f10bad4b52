"""The official SDKs as clients: the ``anthropic`` SDK (``messages.create``,
``messages.stream`` with its helpers, the beta tool runner) and the ``openai`` SDK against
an OpenAI front (``chat.completions.create`` and ``.stream``), each run as an application
runs it, in a process of its own (`sdk_driver`), with the pinned SDKs of Parity's
environment.

Its environment is built from nothing, as Claude Code's is: its ``HOME`` and ``TMPDIR`` in
the throw-away directory, every proxy variable at a closed loopback port with ``NO_PROXY``
for loopback, the gateway's key and headers as the settings it is given.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harness.clients.claude_code import ClientRun, run_bounded
from harness.systems.gateway.process import free_port

CLIENTS = (
    "anthropic-sdk",
    "anthropic-sdk-stream",
    "anthropic-sdk-tool-runner",
    "openai-sdk",
    "openai-sdk-stream",
)
DRIVER = Path(__file__).with_name("sdk_driver.py")
FAKE_KEY = "parity-fake-sdk-key"
_BEARER = "bearer "
MAX_TURNS = 8
"""Model turns one conversation may take before the program gives up."""


def front(client: str) -> str:
    """The API a client speaks: ``openai`` for the openai SDK, else ``anthropic``."""
    return "openai" if client.startswith("openai-") else "anthropic"


def mode(client: str) -> str:
    """``stream`` for a client that streams its answers (Claude Code does), else ``json``."""
    return "stream" if client == "claude-code" or client.endswith("-stream") else "json"


def environment(home: Path) -> dict[str, str]:
    closed = f"http://127.0.0.1:{free_port()}"
    return {
        "PATH": os.pathsep.join(["/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        **{name: closed for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")},
        **{name.lower(): closed for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")},
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }


def credentials(headers: Mapping[str, str], api: str) -> dict[str, Any]:
    """The gateway's key as an application gives it to the SDK of ``api``: an ``x-api-key``
    as ``api_key``; an ``authorization: Bearer`` token as the anthropic SDK's ``auth_token``
    or the openai SDK's ``api_key`` (which it sends so); every other header as a default
    header."""
    rest = dict(headers)
    key = rest.pop("x-api-key", None)
    bearer = rest.get("authorization", "")
    token = bearer[len(_BEARER) :] if bearer.lower().startswith(_BEARER) else None
    if token is not None:
        del rest["authorization"]
    found: dict[str, Any] = {"api_key": FAKE_KEY, "auth_token": None, "headers": rest}
    if api == "openai":
        found["api_key"] = token or key or FAKE_KEY
    elif key is not None:
        found["api_key"] = key
    elif token is not None:
        found.update(api_key=None, auth_token=token)
    return found


def run(
    client: str,
    prompt: str,
    model: str,
    *,
    options: Mapping[str, Any],
    base_url: str,
    headers: Mapping[str, str],
    workdir: Path,
    home: Path,
    timeout: float,
) -> ClientRun:
    """Run the SDK program once in ``workdir``, ended (its process group) at ``timeout``."""
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    settings = {
        "client": client,
        "base_url": base_url,
        **credentials(headers, front(client)),
        "model": model,
        "prompt": prompt,
        "max_turns": MAX_TURNS,
        **{k: v for k, v in options.items() if k != "count_tokens"},
        "count_tokens": "count_tokens" in options,
    }
    argv = [sys.executable, str(DRIVER), json.dumps(settings)]
    return run_bounded(argv, workdir, environment(home), timeout)

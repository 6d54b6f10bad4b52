"""Starting and stopping a gateway under test: its config rendered from the profile's
template, its process on loopback with its output in a log file, a bounded readiness probe,
and a stop that always ends the whole process group."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import httpx
import jinja2

from harness.errors import ParityError
from harness.systems.gateway.profile import GatewayProfile, StartSpec, resolve_env

_POLL_SECONDS = 0.25
_STOP_SECONDS = 10.0

PARITY_PATH = str(Path(__file__).resolve().parents[3])
"""The folder holding the running Parity's packages (``{parity_path}``): a gateway that is
Parity itself (the null gateway) gets it as ``PYTHONPATH`` and so runs the same code."""


class GatewayStartError(ParityError):
    """The gateway could not be started or did not become ready; names the log to read."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with ``{name}`` placeholders filled from ``values`` (unknown ones kept)."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


@contextlib.contextmanager
def running(
    profile: GatewayProfile,
    values: Mapping[str, str],
    log_dir: Path,
    env: Mapping[str, str] | None = None,
    template_context: Mapping[str, Any] | None = None,
) -> Iterator[dict[str, str]]:
    """Start the gateway the profile describes and yield its front base URLs; stop it after.

    ``values`` fill the command, the base URLs and the config template (``simulator_url``,
    fake credentials, ...); ``port`` is chosen here unless given. ``template_context`` adds
    structured values for the template only (``models``: the logical model names). Without a
    ``start``
    section the gateway is taken as already running at the profile's URLs."""
    fills = {"port": str(free_port()), **values}
    urls = {front: fill(url, fills) for front, url in profile.fronts.items()}
    if profile.start is None:
        _probe(urls, profile)
        yield urls
        return
    spec = profile.start
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_path(profile, log_dir)
    with tempfile.TemporaryDirectory(prefix=f"parity-{profile.name}-") as workdir:
        fills = {
            **fills,
            "python": sys.executable,
            "parity_path": PARITY_PATH,
            "profile_dir": str(profile.path.parent.resolve()),
            "workdir": workdir,
        }
        if spec.config is not None:
            context = {**(template_context or {}), **fills}
            fills["config"] = _render_config(profile, spec, context, Path(workdir))
        command = [fill(arg, fills) for arg in spec.command]
        process_env = _environment(spec, fills, env if env is not None else os.environ)
        with log_file.open("wb") as log:
            process = _spawn(command, process_env, workdir, log, profile)
            try:
                _wait_ready(process, urls, spec, log_file, profile)
                yield urls
            finally:
                _stop(process)


def _render_config(
    profile: GatewayProfile, spec: StartSpec, fills: Mapping[str, Any], workdir: Path
) -> str:
    assert spec.config is not None
    template_path = profile.path.parent / spec.config
    loader = jinja2.Environment(
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    try:
        text = loader.from_string(template_path.read_text(encoding="utf-8")).render(**fills)
    except jinja2.TemplateError as exc:
        raise GatewayStartError(f"{template_path}: cannot render the config: {exc}") from None
    target = workdir / (spec.config_path or Path(spec.config).name.removesuffix(".j2"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return str(target)


def _environment(
    spec: StartSpec, fills: Mapping[str, str], base: Mapping[str, str]
) -> dict[str, str]:
    env = dict(base)
    for name, value in spec.env.items():
        env[name] = fill(resolve_env(value, base), fills)
    return env


def _spawn(
    command: list[str], env: dict[str, str], cwd: str, log: IO[bytes], profile: GatewayProfile
) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as exc:
        raise GatewayStartError(
            f"{profile.path}: start.command: cannot run {command[0]}: {exc.strerror or exc}"
        ) from None


def _wait_ready(
    process: subprocess.Popen[bytes],
    urls: Mapping[str, str],
    spec: StartSpec,
    log_path: Path,
    profile: GatewayProfile,
) -> None:
    """Poll the readiness path until the gateway answers (any status below 500)."""
    base = next(iter(urls.values()))
    probe = _origin(base) + spec.ready_path
    deadline = time.monotonic() + spec.ready_timeout
    with httpx.Client(timeout=2.0, trust_env=False) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise GatewayStartError(
                    f"{profile.name} exited with status {process.returncode} before it was "
                    f"ready; see {log_path}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if client.get(probe).status_code < 500:
                    return
            time.sleep(_POLL_SECONDS)
    _stop(process)
    raise GatewayStartError(
        f"{profile.name} was not ready at {probe} within {spec.ready_timeout:g} s; see {log_path}"
    )


def log_path(profile: GatewayProfile, log_dir: Path) -> Path:
    """Where the gateway's output is written."""
    name = profile.start.log if profile.start is not None and profile.start.log else None
    return log_dir / (name or f"{profile.name}.log")


def _probe(urls: Mapping[str, str], profile: GatewayProfile) -> None:
    """A gateway Parity does not start must already answer (any HTTP status will do)."""
    with httpx.Client(timeout=5.0, trust_env=False) as client:
        for url in urls.values():
            try:
                client.get(_origin(url) + "/")
            except httpx.HTTPError as exc:
                raise GatewayStartError(
                    f"{profile.path}: no gateway answers at {url} ({type(exc).__name__}); "
                    "start it, or give the profile a start section"
                ) from None


def _origin(url: str) -> str:
    parsed = httpx.URL(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}"


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the gateway's whole process group (also what its leader left behind when it
    exited): TERM, a bounded wait, then KILL."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=_STOP_SECONDS)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=_STOP_SECONDS)

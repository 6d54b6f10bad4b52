"""Starting a gateway: config rendered from its template, the process on loopback with its
log, readiness awaited within a bound, and the whole process group stopped afterwards."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
import yaml

import harness
from harness.systems.gateway.process import PARITY_PATH, GatewayStartError, running
from harness.systems.gateway.profile import load_profile

# A stand-in gateway: serves its working folder (where the rendered config lands) over HTTP.
SERVER = ["{python}", "-m", "http.server", "{port}", "--bind", "127.0.0.1"]


def profile_at(tmp_path: Path, start: dict[str, object], template: str | None = None) -> Path:
    if template is not None:
        (tmp_path / "gateway.yaml.j2").write_text(template)
    data = {
        "name": "stand-in",
        "fronts": {"anthropic": "http://127.0.0.1:{port}"},
        "targets": {"anthropic": {"model": "m"}},
        "start": start,
    }
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_the_gateway_runs_with_its_rendered_config_and_stops_after(tmp_path: Path) -> None:
    template = "backend: {{ simulator_url }}\nport: {{ port }}\n"
    start = {"command": SERVER, "config": "gateway.yaml.j2", "ready": {"path": "/"}}
    profile = load_profile(profile_at(tmp_path, start, template))
    logs = tmp_path / "logs"
    with running(profile, {"simulator_url": "http://127.0.0.1:9"}, logs) as urls:
        base = urls["anthropic"]
        port = base.rsplit(":", 1)[1]
        config = httpx.get(f"{base}/gateway.yaml").text
        assert config == f"backend: http://127.0.0.1:9\nport: {port}\n"
    with pytest.raises(httpx.ConnectError):
        httpx.get(base, timeout=2)
    assert (logs / "stand-in.log").is_file()


def test_a_config_path_puts_the_config_where_the_gateway_looks(tmp_path: Path) -> None:
    # a gateway that reads $HOME/.gateway/config.json, its HOME being the working folder
    start = {
        "command": SERVER,
        "config": "gateway.yaml.j2",
        "config_path": ".gateway/config.json",
        "env": {"HOME": "{workdir}"},
        "ready": {"path": "/"},
    }
    profile = load_profile(profile_at(tmp_path, start, "port: {{ port }}\n"))
    with running(profile, {}, tmp_path / "logs") as urls:
        base = urls["anthropic"]
        config = httpx.get(f"{base}/.gateway/config.json").text
        assert config == f"port: {base.rsplit(':', 1)[1]}\n"
        assert httpx.get(f"{base}/gateway.yaml").status_code == 404


def test_a_gateway_that_exits_early_names_its_log(tmp_path: Path) -> None:
    start = {"command": ["{python}", "-c", "import sys; print('bad config'); sys.exit(3)"]}
    profile = load_profile(profile_at(tmp_path, start))
    with pytest.raises(GatewayStartError) as caught, running(profile, {}, tmp_path / "logs"):
        pass
    assert "stand-in exited with status 3 before it was ready" in str(caught.value)
    assert "bad config" in (tmp_path / "logs" / "stand-in.log").read_text()


def test_a_gateway_never_ready_is_stopped_within_the_bound(tmp_path: Path) -> None:
    sleeper = ["{python}", "-c", "import time; time.sleep(60)"]
    profile = load_profile(profile_at(tmp_path, {"command": sleeper, "ready": {"timeout": 1}}))
    with (
        pytest.raises(GatewayStartError, match=r"was not ready at http://127\.0\.0\.1:"),
        running(profile, {}, tmp_path / "logs"),
    ):
        pass


def test_a_command_that_cannot_run_is_one_line(tmp_path: Path) -> None:
    profile = load_profile(profile_at(tmp_path, {"command": ["/nonexistent/gateway"]}))
    with (
        pytest.raises(GatewayStartError, match=r"start\.command: cannot run /nonexistent/gateway"),
        running(profile, {}, tmp_path / "logs"),
    ):
        pass


def test_environment_values_reach_the_process(tmp_path: Path) -> None:
    script = (
        "import os, pathlib, runpy, sys; "
        "pathlib.Path('env.txt').write_text(os.environ['GW_MODE']); "
        "sys.argv = ['http.server', '{port}', '--bind', '127.0.0.1']; "
        "runpy.run_module('http.server', run_name='__main__')"
    )
    start = {
        "command": ["{python}", "-c", script],
        "env": {"GW_MODE": "${PARITY_TEST_MODE:-quiet}"},
    }
    profile = load_profile(profile_at(tmp_path, start))
    env = {k: v for k, v in os.environ.items() if k != "PARITY_TEST_MODE"}
    with running(profile, {}, tmp_path / "logs", env=env) as urls:
        assert httpx.get(f"{urls['anthropic']}/env.txt").text == "quiet"


def test_what_the_gateway_left_behind_is_stopped_too(tmp_path: Path) -> None:
    # a launcher that leaves a child running (its pid in child.pid) and exits at once
    script = (
        "import pathlib, subprocess, sys; "
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
        f"pathlib.Path({str(tmp_path / 'child.pid')!r}).write_text(str(child.pid))"
    )
    profile = load_profile(profile_at(tmp_path, {"command": ["{python}", "-c", script]}))
    with (
        pytest.raises(GatewayStartError, match="exited with status 0 before it was ready"),
        running(profile, {}, tmp_path / "logs"),
    ):
        pass
    child = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie not yet reaped by its (gone) parent counts as stopped
    status = Path(f"/proc/{pid}/stat")
    return not (status.is_file() and status.read_text().split()[2] == "Z")


def test_a_gateway_not_started_by_parity_must_already_answer(tmp_path: Path) -> None:
    data = {
        "name": "elsewhere",
        "fronts": {"anthropic": "http://127.0.0.1:9"},
        "targets": {"anthropic": {"model": "m"}},
    }
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data))
    with (
        pytest.raises(GatewayStartError, match=r"no gateway answers at http://127\.0\.0\.1:9"),
        running(load_profile(path), {}, tmp_path / "logs"),
    ):
        pass


def test_parity_path_holds_the_harness_package_that_is_running() -> None:
    # the null gateway gets it as PYTHONPATH, so that it serves the trial's own code
    running_package = Path(harness.__file__).resolve().parent
    assert (Path(PARITY_PATH) / "harness").resolve() == running_package
    null_profile = load_profile(Path(PARITY_PATH) / "gateways" / "null" / "profile.yaml")
    assert null_profile.start is not None
    assert null_profile.start.env["PYTHONPATH"] == "{parity_path}"

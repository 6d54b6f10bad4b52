"""`parity clients run`: a client that is not installed, or a broken client scenario, is one
line and exit status 2, before anything starts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.cli import main

ROOT = Path(__file__).resolve().parents[3]


def project(tmp_path: Path, installed: bool) -> Path:
    """A project with the targets file and a client scenario; Claude Code linked in when
    ``installed``."""
    (tmp_path / "fixtures" / "clients").mkdir(parents=True)
    (tmp_path / "fixtures" / "scenarios").mkdir()
    shutil.copy(ROOT / "fixtures" / "targets.yaml", tmp_path / "fixtures" / "targets.yaml")
    if installed:
        for part in ("node/bin/node", "claude-code/node_modules/@anthropic-ai/claude-code/cli.js"):
            path = tmp_path / ".gateways" / part
            path.parent.mkdir(parents=True)
            path.write_text("", encoding="utf-8")
    return tmp_path


def test_a_client_that_is_not_installed_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, installed=False)
    scenario = ROOT / "fixtures" / "clients" / "tool-round-trip.yaml"
    shutil.copy(scenario, root / "fixtures" / "clients" / "tool-round-trip.yaml")
    code = main(["clients", "run", "--root", str(root)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "parity: Claude Code cannot run: .gateways/node/bin/node is missing "
        "(run `make .gateways/claude-code/.installed`)\n"
    )


def test_a_broken_client_scenario_is_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, installed=True)
    (root / "fixtures" / "clients" / "bad.yaml").write_text("id: client/bad\ntitle: 3\n", "utf-8")
    code = main(["clients", "run", "--root", str(root)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == "parity: fixtures/clients/bad.yaml:1: missing required key 'client'\n"

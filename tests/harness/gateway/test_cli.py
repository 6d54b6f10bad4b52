"""``parity gateway serve``: its arguments, the configuration they make, one-line errors."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from harness.errors import ParityError
from harness.gateway.cli import add_serve_parser, gateway_config
from harness.targets import TargetsConfig


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="parity")
    gateway = parser.add_subparsers(dest="command", required=True).add_parser("gateway")
    add_serve_parser(gateway.add_subparsers(dest="action", required=True))
    return parser.parse_args(["gateway", "serve", *argv])


def test_backends_and_the_simulator_come_from_the_flags(targets_config: TargetsConfig) -> None:
    args = parse(
        "--port", "0", "--simulator", "http://127.0.0.1:8765",
        "--backend", "openai=http://127.0.0.1:9000/v1", "--default-target", "vertex",
    )  # fmt: skip
    config = gateway_config(args, targets_config)
    assert args.port == 0
    assert config.backends == {"openai": "http://127.0.0.1:9000/v1"}
    assert config.route("bedrock-invoke/sonnet").aim_at == "http://127.0.0.1:8765"
    assert config.route("sonnet").target == "vertex"


def test_flags_win_over_the_configuration_file(
    tmp_path: Path, targets_config: TargetsConfig
) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(
        "backends: {vertex: 'http://127.0.0.1:1/v1'}\nforward_headers: [x-parity-scenario]\n",
        encoding="utf-8",
    )
    args = parse("--config", str(path), "--backend", "vertex=http://127.0.0.1:2/v1")
    config = gateway_config(args, targets_config)
    assert config.backends == {"vertex": "http://127.0.0.1:2/v1"}
    assert config.forward_headers == ("x-parity-scenario",)


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--backend", "vertex"], "--backend 'vertex': expected TARGET=URL"),
        (["--backend", "mars=http://127.0.0.1:1"], "backends.mars: unknown target"),
        (["--simulator", "127.0.0.1:8765"], "simulator"),
        ([], "no backend"),
    ],
)
def test_a_bad_flag_is_one_line_naming_it(
    targets_config: TargetsConfig, argv: list[str], named: str
) -> None:
    with pytest.raises(ParityError) as caught:
        gateway_config(parse(*argv), targets_config)
    assert named in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bad_port_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse("--port", "70000")
    assert "expected a port" in capsys.readouterr().err

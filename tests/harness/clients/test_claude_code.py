"""Claude Code as a client: its confined environment, reading what it printed, and (marked
``clients``, skipped unless `make .gateways/claude-code/.installed` ran) one real run through
the null gateway onto Bedrock Converse."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

import pytest

from harness.clients import claude_code
from harness.clients.run import ClientOptions, run_clients
from harness.session import Project

ROOT = Path(__file__).resolve().parents[3]


def test_the_environment_holds_nothing_of_the_machine_and_blocks_other_hosts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "a-real-looking-secret")
    env = claude_code.environment(ROOT, "http://127.0.0.1:1234", tmp_path, {"EXTRA": "1"})
    assert "AWS_SECRET_ACCESS_KEY" not in env
    assert (env["HOME"], env["TMPDIR"]) == (str(tmp_path), str(tmp_path / "tmp"))
    assert env["ANTHROPIC_BASE_URL"] == "http://127.0.0.1:1234"
    assert env["NO_PROXY"] == "127.0.0.1,localhost"
    assert env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] == "1"
    assert env["EXTRA"] == "1"
    assert env["ANTHROPIC_API_KEY"] == claude_code.FAKE_KEY
    proxy = env["HTTPS_PROXY"]
    assert proxy == env["HTTP_PROXY"] == env["all_proxy"]
    port = int(proxy.rsplit(":", 1)[1])
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("127.0.0.1", port))  # nothing listens where other hosts would go


def test_a_gateway_taking_a_bearer_token_gets_it_alone(tmp_path: Path) -> None:
    env = claude_code.environment(
        ROOT, "http://127.0.0.1:1234", tmp_path, {"ANTHROPIC_AUTH_TOKEN": "gateway-key"}
    )
    assert env["ANTHROPIC_AUTH_TOKEN"] == "gateway-key"
    assert "ANTHROPIC_API_KEY" not in env


def test_a_missing_install_is_named(tmp_path: Path) -> None:
    reason = claude_code.missing(tmp_path)
    assert reason == (
        ".gateways/node/bin/node is missing (run `make .gateways/claude-code/.installed`)"
    )


def test_stream_json_output_gives_the_result_and_the_tool_results() -> None:
    lines = [
        {"type": "system", "subtype": "init"},
        {
            "type": "user",
            "message": {
                "content": [
                    {"type": "tool_result", "content": "plain"},
                    {"type": "tool_result", "content": [{"type": "text", "text": "blocks"}]},
                ]
            },
        },
        {"type": "result", "result": "Done.", "is_error": False},
    ]
    stdout = "\n".join(json.dumps(line) for line in lines) + "\nnot json\n"
    run = claude_code.ClientRun(0, stdout, "", 1.0, claude_code.parse_messages(stdout))
    assert run.result == lines[-1]
    assert claude_code.tool_results(run) == ["plain", "blocks"]


@pytest.mark.clients
def test_claude_code_completes_a_tool_round_trip_onto_bedrock_converse() -> None:
    reason = claude_code.missing(ROOT)
    if reason is not None:
        pytest.skip(f"Claude Code is not installed: {reason}")
    options = ClientOptions(targets=("bedrock-converse",), keyword="tool-round-trip")
    [case] = run_clients(Project.find(ROOT), options, io.StringIO())
    assert case["findings"] == []
    assert case["verdict"] == "amber"
    assert "claude-code-20250219" in case["reason"]
    assert (
        case["client"]["result"]
        == "The first line is: parity-canary-4817: seven lanterns, two maps"
    )
    answered = [t["upstream"][0]["answered_as"] for t in case["upstream"]["turns"]]
    assert answered == ["client/tool-round-trip/turn-1", "client/tool-round-trip/turn-2"]


BROKEN_PROFILE = """\
name: broken-null-gateway
title: The null gateway with a bug injected on Bedrock Converse
fronts:
  anthropic: http://127.0.0.1:{port}
forwards_headers: true
targets:
  vertex: {model: "vertex/{model}"}
  bedrock-converse: {model: "bedrock-converse/{model}"}
start:
  command: ["{python}", "{project_root}/tests/support/broken_gateway.py", "{bug}",
            "bedrock-converse", "--root", "{project_root}", "--port", "{port}",
            "--config", "{config}"]
  env: {PYTHONPATH: "{parity_path}"}
  config: gateway.yaml.j2
  ready: {path: /v1/models, timeout: 60}
"""


@pytest.mark.clients
@pytest.mark.parametrize(
    ("bug", "scenario", "path", "block"),
    [
        ("tool-input-dropped", "tool-round-trip", "response[1].content[1].input", "tool_use"),
        ("signature-dropped", "thinking-tool-turn", "response[1].content[0].signature", "thinking"),
    ],
)
def test_a_broken_gateway_turns_exactly_the_affected_cell_red_naming_the_cause(
    tmp_path: Path, bug: str, scenario: str, path: str, block: str
) -> None:
    reason = claude_code.missing(ROOT)
    if reason is not None:
        pytest.skip(f"Claude Code is not installed: {reason}")
    profile = tmp_path / "profile.yaml"
    profile.write_text(BROKEN_PROFILE.replace("{bug}", bug), encoding="utf-8")
    template = ROOT / "gateways" / "null" / "gateway.yaml.j2"
    (tmp_path / "gateway.yaml.j2").write_text(template.read_text("utf-8"), "utf-8")
    options = ClientOptions(
        targets=("vertex", "bedrock-converse"), keyword=scenario, profile=profile
    )
    vertex, converse = run_clients(Project.find(ROOT), options, io.StringIO())
    assert (vertex["verdict"], converse["verdict"]) == ("green", "red")
    [named] = [f for f in converse["findings"] if f["path"] == path]
    assert named["check"] == "events"
    field = path.rsplit(".", 1)[1]
    assert named["message"] == (
        f"the {block} block's {field} changed between the model's turn 1 and the client"
    )

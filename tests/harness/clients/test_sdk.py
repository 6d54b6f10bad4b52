"""The official SDKs as clients: the API and mode of each, the program's confined environment
and tools, and real runs through the null gateway (a correct one, and one with a bug
injected on one target)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from harness.clients import sdk, sdk_driver
from harness.clients.run import ClientOptions, run_clients
from harness.session import Project
from tests.harness.clients.test_claude_code import BROKEN_PROFILE

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def test_each_client_speaks_its_api_in_its_mode() -> None:
    assert [(sdk.front(c), sdk.mode(c)) for c in sdk.CLIENTS] == [
        ("anthropic", "json"),
        ("anthropic", "stream"),
        ("anthropic", "json"),
        ("openai", "json"),
        ("openai", "stream"),
    ]
    assert sdk.mode("claude-code") == "stream"


@pytest.mark.parametrize(
    ("headers", "api", "expected"),
    [
        ({"x-api-key": "k", "authorization": "Bearer k"}, "anthropic", ("k", None, {})),
        ({"authorization": "Bearer t"}, "anthropic", (None, "t", {})),
        ({"authorization": "Bearer t"}, "openai", ("t", None, {})),
        ({"x-route": "v"}, "openai", (sdk.FAKE_KEY, None, {"x-route": "v"})),
    ],
)
def test_the_gateways_key_is_given_to_the_sdk_as_an_application_gives_it(
    headers: dict[str, str], api: str, expected: tuple[object, object, object]
) -> None:
    found = sdk.credentials(headers, api)
    assert (found["api_key"], found["auth_token"], found["headers"]) == expected


def test_the_environment_holds_nothing_of_the_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "a-real-looking-key")
    env = sdk.environment(tmp_path)
    assert "ANTHROPIC_API_KEY" not in env
    assert env["HOME"] == str(tmp_path)
    assert env["NO_PROXY"] == "127.0.0.1,localhost"
    assert env["HTTPS_PROXY"].startswith("http://127.0.0.1:")


def test_the_programs_tools_stay_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert sdk_driver.run_tool("write_file", {"path": "a.txt", "content": "hé"}) == (
        "wrote 3 bytes"
    )
    assert sdk_driver.run_tool("read_file", {"path": "a.txt"}) == "hé"
    assert sdk_driver.run_tool("read_file", {"path": "../a.txt"}).endswith(
        "outside the working directory"
    )
    assert sdk_driver.run_tool("write_file", {"path": "/tmp/x"}).startswith("error:")
    assert not (tmp_path.parent / "a.txt").exists()


def test_the_program_attaches_images_and_marks_a_cached_system_prompt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.png").write_bytes(b"png")
    settings = {"prompt": "P", "attach": ["a.png"], "system": "S", "cache_system": True}
    assert sdk_driver.anthropic_prompt(settings) == [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "cG5n"}},
        {"type": "text", "text": "P"},
    ]
    assert sdk_driver.openai_prompt(settings)[1] == {
        "type": "image_url",
        "image_url": {"url": "data:image/png;base64,cG5n"},
    }
    assert sdk_driver.anthropic_system(settings) == {
        "system": [{"type": "text", "text": "S", "cache_control": {"type": "ephemeral"}}]
    }
    assert sdk_driver.anthropic_system({"system": "S"}) == {"system": "S"}
    assert sdk_driver.anthropic_prompt({"prompt": "P"}) == "P"


def test_a_failing_sdk_call_is_reported_as_the_clients_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = {
        "client": "anthropic-sdk",
        "base_url": "http://127.0.0.1:9",
        "api_key": "k",
        "auth_token": None,
        "headers": {},
        "model": "m",
        "prompt": "p",
        "max_turns": 1,
    }
    assert sdk_driver.main(["driver", json.dumps(settings)]) == 1
    result = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert result["type"] == "result" and result["is_error"] is True
    assert result["result"].startswith("APIConnectionError")


@pytest.mark.parametrize(
    ("keyword", "final"),
    [
        ("client/sdk-read-file", "It says: parity-canary-5303: three jars of honey"),
        ("openai-sdk-stream-write-file", "Wrote rain.txt."),
    ],
)
def test_an_sdk_client_completes_its_tool_round_trip_through_the_null_gateway(
    keyword: str, final: str
) -> None:
    options = ClientOptions(targets=("bedrock-converse",), keyword=keyword)
    [case] = run_clients(Project.find(ROOT), options, io.StringIO())
    assert (case["verdict"], case["findings"]) == ("green", [])
    assert case["client"]["result"] == final
    assert len(case["upstream"]["turns"]) == 2


def test_a_broken_gateway_turns_exactly_the_affected_sdk_cell_red_naming_the_input(
    tmp_path: Path,
) -> None:
    """The null gateway with every streamed tool-input fragment emptied on Converse: the
    openai SDK's streamed cell there is red, named at the tool call's input."""
    profile = tmp_path / "profile.yaml"
    text = BROKEN_PROFILE.replace("{bug}", "tool-input-dropped").replace(
        "fronts:\n", "fronts:\n  openai: http://127.0.0.1:{port}/v1\n"
    )
    profile.write_text(text, encoding="utf-8")
    template = ROOT / "gateways" / "null" / "gateway.yaml.j2"
    (tmp_path / "gateway.yaml.j2").write_text(template.read_text("utf-8"), "utf-8")
    options = ClientOptions(
        targets=("vertex", "bedrock-converse"),
        keyword="openai-sdk-stream-write-file",
        profile=profile,
    )
    vertex, converse = run_clients(Project.find(ROOT), options, io.StringIO())
    assert (vertex["verdict"], converse["verdict"]) == ("green", "red")
    [named] = [f for f in converse["findings"] if f["path"] == "response[1].content[1].input"]
    assert named["check"] == "events"
    assert named["message"] == (
        "the tool_use block's input changed between the model's turn 1 and the client"
    )

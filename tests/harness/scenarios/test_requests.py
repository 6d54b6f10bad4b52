"""A scenario's request holds only the API's own parameters: an unknown key is an error that
names the key and its line, and every parameter the official SDKs declare is accepted (so a
scenario can carry a field that a translator must refuse)."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from harness.errors import ScenarioError
from harness.scenarios import load_scenario, request_keys
from tests.support.sdk_oracle import SDK2_PATH
from tests.support.sdk_process import run_script

MESSAGES = """\
title: Hello
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: Hi}]
reply:
  content: [{type: text, text: Hello}]
  stop_reason: end_turn
  usage: {input_tokens: 1, output_tokens: 1}
"""
COUNT = """\
title: Count
endpoint: count_tokens
request:
  model: sonnet
  messages: [{role: user, content: Hi}]
reply: {input_tokens: 3}
"""
OPENAI = """\
title: Hello
front: openai
request:
  model: sonnet
  messages: [{role: user, content: Hi}]
reply:
  content: [{type: text, text: Hello}]
  stop_reason: end_turn
  usage: {input_tokens: 1, output_tokens: 1}
"""
SDK2 = SDK2_PATH
# Prints the keys of the SDK's request TypedDicts, beta namespace included.
DECLARED = r"""
import inspect
import json
from anthropic.types import message_count_tokens_params as c, message_create_params as m
from anthropic.types.beta import message_count_tokens_params as bc
from anthropic.types.beta import message_create_params as bm

def keys(*types):
    return sorted({k for t in types for b in t.__mro__ for k in getattr(b, "__annotations__", {})})

print(json.dumps({
    "messages": keys(m.MessageCreateParamsBase, bm.MessageCreateParamsBase),
    "count_tokens": keys(c.MessageCountTokensParams, bc.MessageCountTokensParams),
}))
"""


def error_for(tmp_path: Path, text: str) -> str:
    path = tmp_path / "t" / "bad.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, tmp_path, display_root=tmp_path)
    return str(info.value)


def declared(sdk_path: Path | None) -> dict[str, list[str]]:
    out = run_script(DECLARED, path=() if sdk_path is None else (sdk_path,))
    assert out.returncode == 0, out.stderr
    result: dict[str, list[str]] = json.loads(out.stdout)
    return result


def test_an_unknown_request_key_names_the_key_and_its_line(tmp_path: Path) -> None:
    text = MESSAGES.replace("  max_tokens: 64\n", "  max_tokens: 64\n  temprature: 0.5\n")
    assert error_for(tmp_path, text) == (
        "t/bad.yaml:5: request.temprature: unknown key: not a parameter of a Messages API request"
    )


def test_count_tokens_takes_no_max_tokens(tmp_path: Path) -> None:
    text = COUNT.replace("  model: sonnet\n", "  model: sonnet\n  max_tokens: 5\n")
    assert error_for(tmp_path, text) == (
        "t/bad.yaml:5: request.max_tokens: unknown key: not a parameter of a count_tokens request"
    )


def test_an_openai_request_holds_only_chat_completions_parameters(tmp_path: Path) -> None:
    text = OPENAI.replace("  model: sonnet\n", "  model: sonnet\n  max_output_tokens: 5\n")
    assert error_for(tmp_path, text) == (
        "t/bad.yaml:5: request.max_output_tokens: unknown key: "
        "not a parameter of an OpenAI chat-completions request"
    )


def test_betas_in_the_request_point_to_the_top_level_list(tmp_path: Path) -> None:
    text = MESSAGES.replace("  max_tokens: 64\n", "  max_tokens: 64\n  betas: [x]\n")
    assert "request.betas: not a request field; list betas in the top-level `betas`" in (
        error_for(tmp_path, text)
    )


def test_a_parameter_no_translator_maps_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "t" / "ok.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(MESSAGES.replace("  max_tokens: 64\n", "  max_tokens: 64\n  top_p: 0.9\n"))
    assert load_scenario(path, tmp_path).request["top_p"] == 0.9


def test_the_allowed_parameters_are_what_the_official_sdks_declare() -> None:
    """The union of the 0.125 and 2.12 SDKs (each drops or adds some parameters); `betas`
    is the top-level `betas` list, and `stream` is set by the mode."""
    if not (SDK2 / "anthropic").is_dir():
        pytest.skip(".venv/sdk2 is not installed (make install)")
    installed, sdk2 = declared(None), declared(SDK2)
    for endpoint, allowed in (
        ("messages", request_keys.MESSAGES),
        ("count_tokens", request_keys.COUNT_TOKENS),
    ):
        assert set(installed[endpoint]) | set(sdk2[endpoint]) == allowed | {"betas"}, endpoint


def test_every_openai_parameter_the_official_sdk_declares_is_allowed() -> None:
    from openai.types.chat import completion_create_params as params

    declared_keys = {
        k for b in params.CompletionCreateParamsBase.__mro__ for k in inspect.get_annotations(b)
    }
    assert declared_keys - {"stream"} <= request_keys.OPENAI_CHAT


MCP_SERVER = "  mcp_servers: [{type: url, url: 'https://mcp.example.com/mcp', name: s{token}}]\n"


def test_an_mcp_server_token_must_be_a_placeholder_since_it_is_a_credential(
    tmp_path: Path,
) -> None:
    real = MCP_SERVER.replace("{token}", ", authorization_token: tok_live_0123456789")
    text = MESSAGES.replace("  max_tokens: 64\n", "  max_tokens: 64\n" + real)
    assert error_for(tmp_path, text).startswith(
        "t/bad.yaml:5: request.mcp_servers[0].authorization_token: a credential"
    )
    path = tmp_path / "t" / "ok.yaml"
    placeholder = MCP_SERVER.replace("{token}", ", authorization_token: <MCP_TOKEN>")
    path.write_text(MESSAGES.replace("  max_tokens: 64\n", "  max_tokens: 64\n" + placeholder))
    assert load_scenario(path, tmp_path).request["mcp_servers"][0]["name"] == "s"

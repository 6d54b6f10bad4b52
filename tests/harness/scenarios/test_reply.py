"""A reply's server-tool parts: calls, result blocks, usage.server_tool_use, container."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import ScenarioError
from harness.scenarios import load_scenario

SERVER_TOOLS = """\
title: One web search
request:
  model: sonnet
  max_tokens: 256
  tools: [{type: web_search_20250305, name: web_search}]
  messages: [{role: user, content: "News?"}]
reply:
  content:
    - {type: server_tool_use, id: srvtoolu_01, name: web_search, input: {query: news}}
    - {type: web_search_tool_result, tool_use_id: srvtoolu_01, content: []}
  stop_reason: end_turn
  container: {id: container_01, expires_at: "2026-12-04T17:32:40Z"}
  usage:
    input_tokens: 412
    output_tokens: 57
    server_tool_use: {web_search_requests: 1, web_fetch_requests: 0}
"""


def load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "server-tools" / "one.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    load_scenario(path, tmp_path, display_root=tmp_path)


def error_for(tmp_path: Path, old: str, new: str) -> str:
    assert old in SERVER_TOOLS
    with pytest.raises(ScenarioError) as info:
        load(tmp_path, SERVER_TOOLS.replace(old, new))
    return str(info.value)


def test_server_tool_calls_results_usage_and_container_load(tmp_path: Path) -> None:
    load(tmp_path, SERVER_TOOLS)


def test_a_server_tool_the_sdk_does_not_name_is_rejected(tmp_path: Path) -> None:
    message = error_for(tmp_path, "name: web_search, input", "name: web_browse, input")
    assert "reply.content[0].name: must be one of web_search, web_fetch" in message


def test_a_result_block_needs_the_id_of_its_call(tmp_path: Path) -> None:
    message = error_for(tmp_path, "tool_use_id: srvtoolu_01, ", "")
    assert "web_search_tool_result block needs 'tool_use_id'" in message


def test_server_tool_usage_holds_both_counts_and_nothing_else(tmp_path: Path) -> None:
    message = error_for(tmp_path, ", web_fetch_requests: 0", "")
    assert "reply.usage.server_tool_use: missing required key 'web_fetch_requests'" in message
    message = error_for(tmp_path, "web_fetch_requests: 0", "code_execution_requests: 1")
    assert "reply.usage.server_tool_use" in message and "code_execution_requests" in message


def test_a_container_has_an_id_and_an_expiry_only(tmp_path: Path) -> None:
    message = error_for(tmp_path, ', expires_at: "2026-12-04T17:32:40Z"', "")
    assert "reply.container.expires_at: must be a non-empty string" in message

"""Server tools on platforms that run only some of them: refused by name, betas added."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.anthropic.server_tools import (
    ServerToolPolicy,
    check_server_tools,
    server_tool_betas,
    tool_family,
)
from adapters.base import Call, TranslationError
from adapters.bedrock.refused import SERVER_TOOLS as BEDROCK
from adapters.vertex.request import SERVER_TOOLS as VERTEX

SEARCH_ONLY = ServerToolPolicy("Platform X", {"web_search": "search-beta"}, "search only")


def _call(body: dict[str, Any], betas: tuple[str, ...] = ()) -> Call:
    base = {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    return Call(endpoint="messages", body={**base, **body}, betas=betas)


def _refusal(call: Call, policy: ServerToolPolicy) -> TranslationError:
    with pytest.raises(TranslationError) as caught:
        check_server_tools(call, policy)
    return caught.value


@pytest.mark.parametrize(
    ("tool_type", "family"),
    [
        ("web_search_20250305", "web_search"),
        ("web_fetch_20260318", "web_fetch"),
        ("code_execution_20260521", "code_execution"),
        ("tool_search_tool_regex_20251119", "tool_search_tool_regex"),
        ("tool_search_tool_bm25", "tool_search_tool_bm25"),
        ("custom", None),
        ("bash_20250124", None),
        ("web_search_2025", None),
        (None, None),
    ],
)
def test_a_tool_type_belongs_to_its_server_tool_family(tool_type: Any, family: str | None) -> None:
    assert tool_family(tool_type) == family


def test_a_tool_the_platform_does_not_run_is_refused_naming_tool_and_platform() -> None:
    call = _call({"tools": [{"name": "f", "input_schema": {}}, {"type": "web_fetch_20250910"}]})
    error = _refusal(call, SEARCH_ONLY)
    assert error.path == "tools[1].type"
    assert "Platform X" in str(error) and "'web_fetch_20250910'" in str(error)


def test_a_history_block_of_a_tool_the_platform_does_not_run_is_refused_by_name() -> None:
    turn = [
        {"type": "text", "text": "Running it."},
        {"type": "server_tool_use", "id": "srvtoolu_1", "name": "bash_code_execution"},
    ]
    call = _call(
        {"messages": [{"role": "user", "content": "go"}, {"role": "assistant", "content": turn}]}
    )
    error = _refusal(call, SEARCH_ONLY)
    assert error.path == "messages[1].content[1].name"
    assert "'bash_code_execution'" in str(error)
    result = [{"type": "code_execution_tool_result", "tool_use_id": "srvtoolu_1", "content": {}}]
    call = _call({"messages": [{"role": "assistant", "content": result}]})
    assert _refusal(call, SEARCH_ONLY).path == "messages[0].content[0].type"


def test_the_code_execution_container_and_uploads_need_code_execution() -> None:
    assert _refusal(_call({"container": "container_1"}), SEARCH_ONLY).path == "container"
    upload = [{"type": "container_upload", "file_id": "file_1"}]
    call = _call({"messages": [{"role": "user", "content": upload}]})
    assert _refusal(call, SEARCH_ONLY).path == "messages[0].content[0].type"


def test_what_the_platform_runs_passes_with_its_history() -> None:
    turn = [
        {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {}},
        {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": []},
    ]
    call = _call(
        {
            "tools": [{"type": "web_search_20260209"}],
            "messages": [{"role": "assistant", "content": turn}],
        }
    )
    check_server_tools(call, SEARCH_ONLY)


def test_the_platforms_beta_flags_are_added_once_after_the_clients_own() -> None:
    tools = [{"type": "web_search_20250305"}, {"type": "tool_search_tool_bm25_20251119"}]
    call = server_tool_betas(_call({"tools": tools}, betas=("files-api-2025-04-14",)), VERTEX)
    assert call.betas == (
        "files-api-2025-04-14",
        "web-search-2025-03-05",
        "tool-search-tool-2025-10-19",
    )
    already = _call({"tools": tools}, betas=("tool-search-tool-2025-10-19",))
    assert server_tool_betas(already, VERTEX).betas == (
        "tool-search-tool-2025-10-19",
        "web-search-2025-03-05",
    )
    plain = _call({})
    assert server_tool_betas(plain, VERTEX) is plain


@pytest.mark.parametrize(
    ("tool_type", "vertex", "bedrock"),
    [
        ("web_search_20250305", True, False),
        ("web_fetch_20250910", False, False),
        ("code_execution_20260521", False, False),
        ("tool_search_tool_regex_20251119", True, True),
        ("tool_search_tool_bm25_20251119", True, False),
    ],
)
def test_what_vertex_and_bedrock_run(tool_type: str, vertex: bool, bedrock: bool) -> None:
    for policy, runs in ((VERTEX, vertex), (BEDROCK, bedrock)):
        call = _call({"tools": [{"type": tool_type}]})
        if runs:
            check_server_tools(call, policy)
        else:
            assert _refusal(call, policy).path == "tools[0].type"

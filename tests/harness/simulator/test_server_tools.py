"""Which server tool a simulated platform does not run: the first, by family."""

from __future__ import annotations

from harness.simulator.server_tools import unrun_server_tool


def test_the_first_server_tool_outside_the_platforms_families_is_named() -> None:
    body = {
        "tools": [
            {"name": "lookup", "input_schema": {"type": "object"}},
            {"type": "bash_20250124", "name": "bash"},
            {"type": "tool_search_tool_regex_20251119", "name": "tool_search_tool_regex"},
            {"type": "code_execution_20260521", "name": "code_execution"},
            {"type": "web_fetch_20250910", "name": "web_fetch"},
        ]
    }
    assert unrun_server_tool(body, {"tool_search_tool_regex"}) == (3, "code_execution_20260521")
    assert unrun_server_tool(body, {"tool_search_tool_regex", "code_execution"}) == (
        4,
        "web_fetch_20250910",
    )


def test_a_body_without_server_tools_passes() -> None:
    assert unrun_server_tool({}, set()) is None
    assert unrun_server_tool({"tools": [{"type": "custom", "name": "f"}]}, set()) is None
    assert unrun_server_tool({"tools": [{"type": "web_search_latest"}]}, set()) is None

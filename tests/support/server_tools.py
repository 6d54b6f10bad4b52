"""A reply holding every server-tool block (calls, results, an error result) and
usage.server_tool_use, shared by the simulated backends' client tests: each backend's
official client must parse it, whole and streamed."""

from __future__ import annotations

from typing import Any

SERVER_TOOLS: dict[str, Any] = {
    "content": [
        {
            "type": "server_tool_use",
            "id": "srvtoolu_01canarySearch000000000",
            "name": "web_search",
            "input": {"query": "canary release date"},
        },
        {
            "type": "web_search_tool_result",
            "tool_use_id": "srvtoolu_01canarySearch000000000",
            "content": [
                {
                    "type": "web_search_result",
                    "url": "https://example.com/canary",
                    "title": "Canary",
                    "encrypted_content": "EqgfCioIARgBIiQcanary==",
                    "page_age": "3 days ago",
                }
            ],
        },
        {
            "type": "server_tool_use",
            "id": "srvtoolu_01canaryFetch0000000000",
            "name": "web_fetch",
            "input": {"url": "https://example.com/canary"},
        },
        {
            "type": "web_fetch_tool_result",
            "tool_use_id": "srvtoolu_01canaryFetch0000000000",
            "content": {"type": "web_fetch_tool_result_error", "error_code": "url_not_accessible"},
        },
        {
            "type": "server_tool_use",
            "id": "srvtoolu_01canaryBash00000000000",
            "name": "bash_code_execution",
            "input": {"command": "echo canary"},
        },
        {
            "type": "bash_code_execution_tool_result",
            "tool_use_id": "srvtoolu_01canaryBash00000000000",
            "content": {
                "type": "bash_code_execution_result",
                "stdout": "canary\n",
                "stderr": "",
                "return_code": 0,
                "content": [],
            },
        },
        {
            "type": "text_editor_code_execution_tool_result",
            "tool_use_id": "srvtoolu_01canaryEdit00000000000",
            "content": {
                "type": "text_editor_code_execution_view_result",
                "file_type": "text",
                "content": "canary\n",
                "num_lines": 1,
                "start_line": 1,
                "total_lines": 1,
            },
        },
        {
            "type": "tool_search_tool_result",
            "tool_use_id": "srvtoolu_01canarySeek00000000000",
            "content": {
                "type": "tool_search_tool_search_result",
                "tool_references": [{"type": "tool_reference", "tool_name": "get_weather"}],
            },
        },
        {"type": "text", "text": "The canary shipped three days ago."},
    ],
    "stop_reason": "pause_turn",
    "usage": {
        "input_tokens": 2400,
        "output_tokens": 90,
        "server_tool_use": {"web_search_requests": 1, "web_fetch_requests": 1},
    },
}

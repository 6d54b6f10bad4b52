"""Which server tools a simulated platform runs: the first ``tools[]`` entry naming a server
tool (web search, web fetch, code execution, tool search) of a family the platform does not
run. Each backend keeps its own table (`vertex.validate.SERVER_TOOLS`,
`bedrock_invoke.validate.SERVER_TOOLS`), held against the adapters' policies
(`adapters.vertex.request.SERVER_TOOLS`, `adapters.bedrock.refused.SERVER_TOOLS`) and never
derived from them."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

_SERVER_TOOL = re.compile(
    r"(web_search|web_fetch|code_execution|tool_search_tool_regex|tool_search_tool_bm25)"
    r"(_\d{8})?"
)


def unrun_server_tool(body: dict[str, Any], runs: Collection[str]) -> tuple[int, str] | None:
    """(index, type) of the first server tool in ``body["tools"]`` whose family is not in
    ``runs``; None when there is none."""
    tools = body.get("tools")
    for index, tool in enumerate(tools if isinstance(tools, list) else []):
        kind = tool.get("type") if isinstance(tool, dict) else None
        match = _SERVER_TOOL.fullmatch(kind) if isinstance(kind, str) else None
        if match is not None and match.group(1) not in runs:
            return index, str(kind)
    return None

"""Messages API fields Claude on Bedrock cannot honour, on both Bedrock targets: each is a
`TranslationError` naming it (`adapters.anthropic.request.refuse_fields`), never a field
dropped or sent for Bedrock to refuse in its own words."""

from __future__ import annotations

from adapters.anthropic.server_tools import ServerToolPolicy

# field -> why (the refusal's message)
REFUSED: dict[str, str] = {
    "inference_geo": (
        "Bedrock has no inference_geo: the inference profile (us., eu., global.) or the "
        "region decides where inference runs"
    ),
    "speed": "Bedrock has no fast mode (speed); Claude's fast mode is not offered there",
    "diagnostics": "cache diagnostics are offered on the Claude API only, not on Bedrock",
    "mcp_servers": (
        "the MCP connector is not available on Bedrock (the Claude API, Claude Platform on AWS "
        "and Microsoft Foundry offer it)"
    ),
    "workspace_id": (
        "Bedrock has no Claude API workspaces: the AWS account and its credentials decide "
        "whose request it is"
    ),
}

# The server tools Claude on Bedrock runs (InvokeModel only) -> the beta flag each needs:
# regex tool search (tool-search-tool-2025-10-19). Bedrock answers any other server tool type
# with 400 "Input tag ... does not match any of the expected tags" (anthropic-sdk-python#948);
# BM25 tool search is not offered there.
SERVER_TOOLS = ServerToolPolicy(
    platform="Bedrock",
    runs={"tool_search_tool_regex": "tool-search-tool-2025-10-19"},
    why_not=(
        "Claude on Bedrock runs regex tool search only (InvokeModel); web search, web fetch, "
        "code execution and BM25 tool search are Claude API tools"
    ),
)

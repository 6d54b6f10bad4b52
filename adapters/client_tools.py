"""Anthropic-defined client tools: the versioned tool types whose schema Claude carries
built in (``bash_20250124``, ``text_editor_*``, ``computer_*``, ``memory_20250818``, the
computer and browser toolsets). The client runs them and sends their results back as
``tool_result`` blocks, like a custom tool's, but the request declares them by ``type`` (and
the fixed ``name`` that type requires) without an ``input_schema``.

These are the service's own names (the SDK's ``ToolUnionParam`` and beta ``BetaToolUnionParam``
members); what each target does with them is decided in the target's adapter.
"""

from __future__ import annotations

from typing import Any

# type -> the name a tool of that type must carry (None: a toolset, which carries no name)
CLIENT_TOOL_TYPES: dict[str, str | None] = {
    "bash_20241022": "bash",
    "bash_20250124": "bash",
    "text_editor_20241022": "str_replace_editor",
    "text_editor_20250124": "str_replace_editor",
    "text_editor_20250429": "str_replace_based_edit_tool",
    "text_editor_20250728": "str_replace_based_edit_tool",
    "computer_20241022": "computer",
    "computer_20250124": "computer",
    "computer_20251124": "computer",
    "memory_20250818": "memory",
    "computer_toolset_20260801": None,
    "browser_toolset_20260801": None,
}


def client_tool_type(tool: Any) -> str | None:
    """The tool's type when ``tool`` is an Anthropic-defined client tool, else None."""
    if not isinstance(tool, dict):
        return None
    kind = tool.get("type")
    return kind if isinstance(kind, str) and kind in CLIENT_TOOL_TYPES else None

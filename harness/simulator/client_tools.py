"""Anthropic-defined client tools as Claude's services check them: a tool of a fixed type must
carry the name its type fixes (the Messages API, Vertex AI and Bedrock answer 400 naming the
tool otherwise), and the computer tools are known only behind their beta flags.

An independent oracle: held against `adapters/client_tools.py` (``CLIENT_TOOL_TYPES``),
written from the SDK types and the platforms' documentation, never imported from it.
"""

from __future__ import annotations

from typing import Any

# type -> the name the API requires (the SDK's Literal for ``name``)
_FIXED_NAMES: dict[str, str] = {
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
}


def tool_name_problem(tools: Any, field: str = "tools") -> tuple[str, str] | None:
    """The first Anthropic-defined tool whose name is not its type's, as (field, reason in
    the API's words); None when every such tool is named right."""
    for index, tool in enumerate(tools if isinstance(tools, list) else ()):
        kind = tool.get("type") if isinstance(tool, dict) else None
        name = _FIXED_NAMES.get(kind) if isinstance(kind, str) else None
        if name is not None and tool.get("name") != name:
            return (f"{field}.{index}.{kind}.name", f"Input should be '{name}'")
    return None


# Client tool types the API serves only behind a beta flag (the computer tools: beta types in
# the SDK); without the flag the type is unknown to the API.
BETA_GATED: dict[str, str] = {
    "computer_20241022": "computer-use-2024-10-22",
    "computer_20250124": "computer-use-2025-01-24",
    "computer_20251124": "computer-use-2025-11-24",
}


def header_betas(value: str | None) -> list[str]:
    """The flags of an ``anthropic-beta`` header (comma-separated)."""
    return [flag.strip() for flag in (value or "").split(",") if flag.strip()]


def beta_gated_problem(tools: Any, betas: Any, field: str = "tools") -> tuple[str, str] | None:
    """The first beta-gated tool sent without its beta flag, as (field, reason in the API's
    words: the type is not one the API knows then); None when every such tool has its flag."""
    flags = set(betas) if isinstance(betas, list | tuple) else set()
    for index, tool in enumerate(tools if isinstance(tools, list) else ()):
        kind = tool.get("type") if isinstance(tool, dict) else None
        beta = BETA_GATED.get(kind) if isinstance(kind, str) else None
        if beta is not None and beta not in flags:
            return (
                f"{field}.{index}",
                f"Input tag '{kind}' found using 'type' does not match any of the expected "
                f"tags (the tool needs the {beta} beta)",
            )
    return None

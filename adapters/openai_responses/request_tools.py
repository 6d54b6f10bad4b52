"""Anthropic ``tools`` and ``tool_choice`` -> Responses function tools and ``tool_choice``.

A custom tool becomes ``{type: function, name, description, parameters, strict}``; ``strict``
is always sent (the tool's own, else false), since the Responses API reads a missing one as
strict. Server tools cannot run on OpenAI (a TranslationError); tool fields with no
function-tool equivalent (`LOSSY_TOOL_FIELDS`) are losses. ``any`` becomes ``required``, a
named tool ``{type: function, name}``, and ``disable_parallel_tool_use``
``parallel_tool_calls: false``.
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai_responses.request_options import Options

LOSSY_TOOL_FIELDS = (
    "cache_control",
    "defer_loading",
    "eager_input_streaming",
    "input_examples",
    "allowed_callers",
)


def function_tools(tools: Any, options: Options) -> list[JSON]:
    """The function tools for Anthropic ``tools``."""
    if not isinstance(tools, list):
        raise TranslationError("tools must be a list", path="tools")
    out = []
    for i, tool in enumerate(tools):
        path = f"tools[{i}]"
        if not isinstance(tool, dict):
            raise TranslationError("a tool must be an object", path=path)
        kind = tool.get("type")
        if kind not in (None, "custom"):
            raise TranslationError(
                f"the server tool {kind!r} cannot run on OpenAI", path=f"{path}.type"
            )
        name = tool.get("name")
        if not isinstance(name, str) or not name:
            raise TranslationError("a tool needs a name", path=f"{path}.name")
        function: JSON = {"type": "function", "name": name}
        if isinstance(tool.get("description"), str):
            function["description"] = tool["description"]
        function["parameters"] = tool.get("input_schema", {"type": "object"})
        strict = tool.get("strict")
        function["strict"] = strict if isinstance(strict, bool) else False
        for key in LOSSY_TOOL_FIELDS:
            if key in tool:
                options.loss(f"{path}.{key}")
        out.append(function)
    return out


def tool_choice(choice: Any) -> JSON:
    """The ``tool_choice`` (and ``parallel_tool_calls``) fields for an Anthropic tool_choice."""
    if choice is None:
        return {}
    if not isinstance(choice, dict):
        raise TranslationError("tool_choice must be an object", path="tool_choice")
    kind = choice.get("type")
    out: JSON = {}
    if kind == "auto":
        out["tool_choice"] = "auto"
    elif kind == "any":
        out["tool_choice"] = "required"
    elif kind == "none":
        out["tool_choice"] = "none"
    elif kind == "tool" and isinstance(choice.get("name"), str):
        out["tool_choice"] = {"type": "function", "name": choice["name"]}
    else:
        raise TranslationError(f"unknown tool_choice type {kind!r}", path="tool_choice.type")
    if choice.get("disable_parallel_tool_use") is True:
        out["parallel_tool_calls"] = False
    return out

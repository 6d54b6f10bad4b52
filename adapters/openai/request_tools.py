"""Anthropic ``tools`` and ``tool_choice`` -> OpenAI function tools and ``tool_choice``.

Read by `adapters.openai_common.tools` (server tools refused, tool fields with no
function-tool equivalent declared as losses); here shaped for chat completions: a tool is
``{type: function, function: {name, description, parameters, strict}}`` (``strict`` only
when the tool says it), ``any`` becomes ``required``, a named tool a named function, and
``disable_parallel_tool_use`` ``parallel_tool_calls: false``.
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON
from adapters.openai.request_options import Options
from adapters.openai_common.tools import LOSSY_TOOL_FIELDS, custom_tools, read_tool_choice

__all__ = ["LOSSY_TOOL_FIELDS", "function_tools", "tool_choice"]


def function_tools(tools: Any, options: Options) -> list[JSON]:
    """The function tools for Anthropic ``tools``."""
    out = []
    for tool in custom_tools(tools, options):
        function: JSON = {"name": tool.name}
        if tool.description is not None:
            function["description"] = tool.description
        function["parameters"] = tool.parameters
        if tool.strict is not None:
            function["strict"] = tool.strict
        out.append({"type": "function", "function": function})
    return out


def tool_choice(choice: Any) -> JSON:
    """The ``tool_choice`` (and ``parallel_tool_calls``) fields for an Anthropic tool_choice."""
    read = read_tool_choice(choice)
    if read is None:
        return {}
    out: JSON = {"tool_choice": read.mode}
    if read.name is not None:
        out["tool_choice"] = {"type": "function", "function": {"name": read.name}}
    if not read.parallel:
        out["parallel_tool_calls"] = False
    return out

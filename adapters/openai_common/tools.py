"""Anthropic ``tools`` and ``tool_choice``, read once for both OpenAI targets, which then
shape them in their own API (chat completions nests a tool under ``function``, Responses
does not).

A custom tool is a `CustomTool` (name, description, ``input_schema`` as parameters,
``strict``, sent false with a declared loss when OpenAI's strict mode cannot take the
schema: `adapters.openai_common.strict`); server tools cannot run on OpenAI, and Anthropic-
defined client tools (bash, text editor, computer, memory: `adapters.client_tools`) have no
schema to send as a function (each a TranslationError naming the tool's type); tool fields
with no function-tool equivalent (`LOSSY_TOOL_FIELDS`) are losses. A ``tool_choice`` is a
`ToolChoice`: ``any`` is OpenAI's ``required``, a named tool a ``function`` choice, and
``disable_parallel_tool_use`` turns parallel tool calls off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.base import TranslationError
from adapters.client_tools import client_tool_type
from adapters.openai_common.options import LossPolicy
from adapters.openai_common.strict import relax

LOSSY_TOOL_FIELDS = (
    "cache_control",
    "defer_loading",
    "eager_input_streaming",
    "input_examples",
    "allowed_callers",
)
_CHOICE_MODES = {"auto": "auto", "any": "required", "none": "none"}


@dataclass(frozen=True)
class CustomTool:
    """A custom tool as OpenAI's function tools need it; ``strict`` is None when unset."""

    name: str
    description: str | None
    parameters: Any
    strict: bool | None


@dataclass(frozen=True)
class ToolChoice:
    """``mode`` is ``auto``, ``required``, ``none`` or ``function`` (then ``name`` is set)."""

    mode: str
    name: str | None = None
    parallel: bool = True


def custom_tools(tools: Any, options: LossPolicy) -> list[CustomTool]:
    """The custom tools in Anthropic ``tools``, their losses declared in order."""
    if not isinstance(tools, list):
        raise TranslationError("tools must be a list", path="tools")
    out = []
    for i, tool in enumerate(tools):
        path = f"tools[{i}]"
        if not isinstance(tool, dict):
            raise TranslationError("a tool must be an object", path=path)
        kind = tool.get("type")
        if client_tool_type(tool) is not None:
            raise TranslationError(
                f"the Anthropic-defined client tool {kind!r} cannot be sent to OpenAI: it has "
                "no function schema (Claude carries it built in); declare a custom tool instead",
                path=f"{path}.type",
            )
        if kind not in (None, "custom"):
            raise TranslationError(
                f"the server tool {kind!r} cannot run on OpenAI", path=f"{path}.type"
            )
        name = tool.get("name")
        if not isinstance(name, str) or not name:
            raise TranslationError("a tool needs a name", path=f"{path}.name")
        description = tool.get("description")
        strict = tool.get("strict")
        for key in LOSSY_TOOL_FIELDS:
            if key in tool:
                options.loss(f"{path}.{key}")
        parameters = tool.get("input_schema", {"type": "object"})
        if strict is True:
            strict = relax(parameters, options, f"{path}.strict")
        out.append(
            CustomTool(
                name=name,
                description=description if isinstance(description, str) else None,
                parameters=parameters,
                strict=strict if isinstance(strict, bool) else None,
            )
        )
    return out


def read_tool_choice(choice: Any) -> ToolChoice | None:
    """The Anthropic ``tool_choice``, checked; None when there is none."""
    if choice is None:
        return None
    if not isinstance(choice, dict):
        raise TranslationError("tool_choice must be an object", path="tool_choice")
    kind = choice.get("type")
    parallel = choice.get("disable_parallel_tool_use") is not True
    if isinstance(kind, str) and kind in _CHOICE_MODES:
        return ToolChoice(_CHOICE_MODES[kind], parallel=parallel)
    if kind == "tool" and isinstance(choice.get("name"), str):
        return ToolChoice("function", choice["name"], parallel)
    raise TranslationError(f"unknown tool_choice type {kind!r}", path="tool_choice.type")

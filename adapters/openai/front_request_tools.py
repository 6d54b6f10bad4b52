"""The front door's tools: OpenAI function tools, ``tool_choice`` and ``parallel_tool_calls``
-> Anthropic ``tools`` and ``tool_choice``.

Only function tools can be served; parameters default to an empty object schema.
``required`` becomes ``any``, a named function a named tool, and ``parallel_tool_calls:
false`` ``disable_parallel_tool_use`` (on ``auto`` when no choice is given; not on ``none``).
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError


def anthropic_tool(tool: Any, path: str) -> JSON:
    """The Anthropic tool for one function tool."""
    if not isinstance(tool, dict) or tool.get("type") != "function":
        kind = tool.get("type") if isinstance(tool, dict) else None
        raise TranslationError(f"only function tools can be served, got {kind!r}", f"{path}.type")
    function = tool.get("function")
    if not isinstance(function, dict):
        raise TranslationError("a function object is required", path=f"{path}.function")
    name = function.get("name")
    if not isinstance(name, str) or not name:
        raise TranslationError("a function name is required", path=f"{path}.function.name")
    out: JSON = {"name": name}
    if isinstance(function.get("description"), str):
        out["description"] = function["description"]
    parameters = function.get("parameters")
    if parameters is None:
        parameters = {"type": "object", "properties": {}}
    if not isinstance(parameters, dict):
        raise TranslationError("must be a JSON schema object", f"{path}.function.parameters")
    out["input_schema"] = parameters
    if isinstance(function.get("strict"), bool):
        out["strict"] = function["strict"]
    return out


def anthropic_tool_choice(choice: Any, parallel: Any) -> JSON | None:
    """The Anthropic ``tool_choice`` for OpenAI's ``tool_choice`` and ``parallel_tool_calls``
    (none when neither asks for anything)."""
    out: JSON | None
    if choice is None:
        out = None
    elif choice in ("none", "auto"):
        out = {"type": choice}
    elif choice == "required":
        out = {"type": "any"}
    elif isinstance(choice, dict) and choice.get("type") == "function":
        function = choice.get("function")
        name = function.get("name") if isinstance(function, dict) else None
        if not isinstance(name, str) or not name:
            raise TranslationError("a function name is required", "tool_choice.function.name")
        out = {"type": "tool", "name": name}
    else:
        raise TranslationError(f"{choice!r} has no Anthropic equivalent", path="tool_choice")
    if parallel is not None and not isinstance(parallel, bool):
        raise TranslationError("must be true or false", path="parallel_tool_calls")
    if parallel is False:
        if out is None:
            out = {"type": "auto"}
        if out["type"] != "none":
            out["disable_parallel_tool_use"] = True
    return out

"""Anthropic-defined client tools on Bedrock (both APIs): the types Claude on Bedrock does not
offer are a `TranslationError` naming the type and the tool's place, never a request sent for
Bedrock to refuse. Every other client tool type is sent as the client wrote it (InvokeModel:
in ``tools``; Converse: in ``additionalModelRequestFields.tools``), with the client's betas.
"""

from __future__ import annotations

from typing import Any

from adapters.base import TranslationError
from adapters.client_tools import client_tool_type

# type -> why Bedrock does not take it
REFUSED_TOOL_TYPES: dict[str, str] = {
    "computer_toolset_20260801": (
        "the computer toolset is offered on the Claude API and Vertex AI; on Bedrock computer "
        "use is the computer_20251124 tool with the computer-use beta"
    ),
    "browser_toolset_20260801": (
        "the browser toolset is offered on the Claude API and Vertex AI, not on Bedrock"
    ),
}


def check_client_tools(tools: Any, target: str) -> None:
    """A translation error on the first tool in ``tools`` whose type Bedrock does not offer."""
    if not isinstance(tools, list):
        return
    for index, tool in enumerate(tools):
        kind = client_tool_type(tool)
        reason = REFUSED_TOOL_TYPES.get(kind) if kind is not None else None
        if reason is not None:
            raise TranslationError(
                f"{target} does not offer the {kind!r} tool: {reason}",
                path=f"tools[{index}].type",
            )


def split_client_tools(tools: Any, target: str) -> tuple[Any, list[Any]]:
    """``tools`` as (the other tools, the Anthropic-defined client tools), each in the client's
    order, after `check_client_tools`; a ``tools`` that is not a list is left to the caller."""
    check_client_tools(tools, target)
    if not isinstance(tools, list):
        return tools, []
    client = [tool for tool in tools if client_tool_type(tool) is not None]
    others = [tool for tool in tools if client_tool_type(tool) is None]
    return others, client

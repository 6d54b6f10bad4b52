"""Anthropic-defined client tools on Bedrock (both APIs): Claude on Bedrock offers every
client tool type, the computer and browser toolsets too (generally available without a beta
value on the newer models, by AWS's computer-use page), so each is sent as the client wrote
it (InvokeModel: in ``tools``; Converse: in ``additionalModelRequestFields.tools``), with the
client's betas.
"""

from __future__ import annotations

from typing import Any

from adapters.client_tools import client_tool_type


def split_client_tools(tools: Any) -> tuple[Any, list[Any]]:
    """``tools`` as (the other tools, the Anthropic-defined client tools), each in the client's
    order; a ``tools`` that is not a list is left to the caller."""
    if not isinstance(tools, list):
        return tools, []
    client = [tool for tool in tools if client_tool_type(tool) is not None]
    others = [tool for tool in tools if client_tool_type(tool) is None]
    return others, client

"""Server tools on a platform that runs only some of them (Vertex AI, Bedrock InvokeModel).

A server tool runs where the model runs: web search, web fetch, code execution (whose turns
also hold ``bash_code_execution`` and ``text_editor_code_execution`` calls and results, and
whose files come as ``container_upload`` blocks and live in the ``container`` the request
names) and tool search (regex or BM25). A platform either runs a tool family, possibly behind
a beta flag of its own, or cannot: then every trace of that family in the request (the tool
in ``tools``, its ``server_tool_use`` calls and result blocks in the history, and for code
execution ``container`` and ``container_upload``) is a `TranslationError` naming the tool
and the platform, never sent for the platform to refuse in its own words.

`server_tool_betas` returns the call with the beta flags the platform needs for the tools
it runs added (after the client's own, each once): the Claude API runs these tools without
a beta, so a client written for it does not send the platform's flag.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from adapters.base import Call, TranslationError

_TOOL_TYPE = re.compile(
    r"(web_search|web_fetch|code_execution|tool_search_tool_regex|tool_search_tool_bm25)"
    r"(_\d{8})?"
)
# A server_tool_use block's name -> the family whose tool made the call.
_CALL_FAMILY: dict[str, str] = {
    "web_search": "web_search",
    "web_fetch": "web_fetch",
    "code_execution": "code_execution",
    "bash_code_execution": "code_execution",
    "text_editor_code_execution": "code_execution",
    "tool_search_tool_regex": "tool_search_tool_regex",
    "tool_search_tool_bm25": "tool_search_tool_bm25",
}
# A history block type -> the families that write it (tool search results come from either).
_BLOCK_FAMILIES: dict[str, tuple[str, ...]] = {
    "web_search_tool_result": ("web_search",),
    "web_fetch_tool_result": ("web_fetch",),
    "code_execution_tool_result": ("code_execution",),
    "bash_code_execution_tool_result": ("code_execution",),
    "text_editor_code_execution_tool_result": ("code_execution",),
    "container_upload": ("code_execution",),
    "tool_search_tool_result": ("tool_search_tool_regex", "tool_search_tool_bm25"),
}


@dataclass(frozen=True)
class ServerToolPolicy:
    """What a platform runs: family -> the beta flag it needs ("" for none); ``platform`` is
    its name in messages, ``why_not`` what follows the refusal of any other family."""

    platform: str
    runs: Mapping[str, str]
    why_not: str


def tool_family(tool_type: Any) -> str | None:
    """The server tool family of a ``tools[]`` entry's type, or None for any other tool."""
    match = _TOOL_TYPE.fullmatch(tool_type) if isinstance(tool_type, str) else None
    return match.group(1) if match else None


def check_server_tools(call: Call, policy: ServerToolPolicy) -> None:
    """A `TranslationError` on the first server tool, server-tool block or ``container``
    the platform cannot carry."""
    for path, label, families in _uses(call.body):
        if not any(family in policy.runs for family in families):
            raise TranslationError(
                f"{policy.platform} cannot carry {label}: {policy.why_not}",
                path=path,
            )


def server_tool_betas(call: Call, policy: ServerToolPolicy) -> Call:
    """``call`` with the beta flags its server tools need on the platform added."""
    families = [tool_family(tool.get("type")) for tool in _tools(call.body)]
    needed = [policy.runs.get(family, "") for family in families if family is not None]
    betas = tuple(dict.fromkeys([*call.betas, *filter(None, needed)]))
    return call if betas == call.betas else dataclasses.replace(call, betas=betas)


def _tools(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    tools = body.get("tools")
    return [t for t in tools if isinstance(t, dict)] if isinstance(tools, list) else []


def _uses(body: Mapping[str, Any]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(path, what it is, the families any of which it needs) for every server-tool trace."""
    for index, tool in enumerate(_tools(body)):
        family = tool_family(tool.get("type"))
        if family is not None:
            yield f"tools[{index}].type", f"the server tool {tool['type']!r}", (family,)
    if body.get("container") is not None:
        yield "container", "a code execution 'container'", ("code_execution",)
    messages = body.get("messages")
    for m, message in enumerate(messages if isinstance(messages, list) else []):
        content = message.get("content") if isinstance(message, dict) else None
        for b, block in enumerate(content if isinstance(content, list) else []):
            kind = block.get("type") if isinstance(block, dict) else None
            where = f"messages[{m}].content[{b}]"
            if kind == "server_tool_use":
                family = _CALL_FAMILY.get(str(block.get("name")), str(block.get("name")))
                yield f"{where}.name", f"a server_tool_use of {block.get('name')!r}", (family,)
            elif isinstance(kind, str) and kind in _BLOCK_FAMILIES:
                yield f"{where}.type", f"a {kind!r} block", _BLOCK_FAMILIES[kind]

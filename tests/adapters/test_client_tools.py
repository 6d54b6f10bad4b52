"""The Anthropic-defined client tool types, held against the official SDK's tool params: each
type Parity knows carries exactly the name the SDK's ``Literal`` fixes (none for a toolset),
and every SDK client tool type is known."""

from __future__ import annotations

import typing
from typing import Any

import anthropic.types
import anthropic.types.beta
import pytest

from adapters.client_tools import CLIENT_TOOL_TYPES, client_tool_type

_FAMILIES = ("bash_", "text_editor_", "computer_", "memory_", "browser_toolset_")


def _literal(annotation: Any) -> str | None:
    """The single string of a (possibly Required[...]) Literal annotation."""
    while typing.get_origin(annotation) is not typing.Literal and typing.get_args(annotation):
        annotation = typing.get_args(annotation)[0]
    args = typing.get_args(annotation)
    return args[0] if typing.get_origin(annotation) is typing.Literal and args else None


def _sdk_client_tools() -> dict[str, str | None]:
    """type -> fixed name, for every SDK tool param of a client tool family."""
    found: dict[str, str | None] = {}
    for module in (anthropic.types, anthropic.types.beta):
        for name in dir(module):
            cls = getattr(module, name)
            if not (isinstance(cls, type) and name.endswith("Param")):
                continue
            hints = (
                typing.get_type_hints(cls, include_extras=True)
                if hasattr(cls, "__annotations__")
                else {}
            )
            kind = _literal(hints.get("type"))
            if kind is None or not kind.startswith(_FAMILIES) or not kind[-8:].isdigit():
                continue
            found[kind] = _literal(hints["name"]) if "name" in hints else None
    return found


SDK_TOOLS = _sdk_client_tools()


def test_the_sdk_declares_the_client_tools_the_scenarios_use() -> None:
    for kind in (
        "bash_20250124",
        "text_editor_20250728",
        "memory_20250818",
        "computer_toolset_20260801",
        "computer_20250124",
    ):
        assert kind in SDK_TOOLS


@pytest.mark.parametrize("kind", sorted(SDK_TOOLS))
def test_each_sdk_client_tool_type_is_known_with_its_fixed_name(kind: str) -> None:
    assert kind in CLIENT_TOOL_TYPES
    assert CLIENT_TOOL_TYPES[kind] == SDK_TOOLS[kind]


def test_a_custom_tool_or_a_server_tool_is_not_a_client_tool() -> None:
    assert client_tool_type({"name": "f", "input_schema": {"type": "object"}}) is None
    assert client_tool_type({"type": "custom", "name": "f"}) is None
    assert client_tool_type({"type": "web_search_20250305", "name": "web_search"}) is None
    assert client_tool_type("bash_20250124") is None
    assert client_tool_type({"type": "bash_20250124", "name": "bash"}) == "bash_20250124"

"""Anthropic tools and ``tool_choice`` as both OpenAI targets read them: custom tools only,
fields OpenAI has no place for declared as losses, ``any`` as ``required``."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.openai.request_options import Options
from adapters.openai_common.tools import (
    LOSSY_TOOL_FIELDS,
    CustomTool,
    ToolChoice,
    custom_tools,
    read_tool_choice,
)

WEATHER = {
    "name": "get_weather",
    "description": "The weather in a city.",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}


CLOSED = {**WEATHER["input_schema"], "required": ["city"], "additionalProperties": False}  # type: ignore[dict-item]


def test_a_custom_tool_keeps_its_name_description_schema_and_strictness() -> None:
    strict = {**WEATHER, "type": "custom", "name": "b", "strict": True, "input_schema": CLOSED}
    assert custom_tools([WEATHER, strict], Options()) == [
        CustomTool("get_weather", "The weather in a city.", WEATHER["input_schema"], None),
        CustomTool("b", "The weather in a city.", CLOSED, True),
    ]


def test_a_strict_tool_openais_strict_mode_cannot_take_is_sent_loose_as_a_loss() -> None:
    optional = {**CLOSED, "required": []}
    tool = {**WEATHER, "strict": True, "input_schema": optional}
    assert custom_tools([tool], Options())[0].strict is False
    with pytest.raises(TranslationError) as caught:
        custom_tools([tool], Options(on_loss="error"))
    assert caught.value.path == "tools[0].strict"
    assert "every property required" in caught.value.message


def test_a_tool_without_a_schema_takes_any_object_and_has_no_description() -> None:
    assert custom_tools([{"name": "ping"}], Options()) == [
        CustomTool("ping", None, {"type": "object"}, None)
    ]


@pytest.mark.parametrize("key", LOSSY_TOOL_FIELDS)
def test_fields_with_no_function_tool_equivalent_are_losses(key: str) -> None:
    tool = {**WEATHER, key: True}
    assert custom_tools([tool], Options())[0].name == "get_weather"
    with pytest.raises(TranslationError) as caught:
        custom_tools([WEATHER, tool], Options(on_loss="error"))
    assert caught.value.path == f"tools[1].{key}"


@pytest.mark.parametrize(
    ("tools", "path"),
    [
        ({"name": "x"}, "tools"),
        (["x"], "tools[0]"),
        ([{"type": "web_search_20250305", "name": "web_search"}], "tools[0].type"),
        ([WEATHER, {"description": "no name"}], "tools[1].name"),
        ([{"name": ""}], "tools[0].name"),
    ],
)
def test_what_cannot_be_a_function_tool_is_named(tools: Any, path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        custom_tools(tools, Options())
    assert caught.value.path == path


@pytest.mark.parametrize(
    ("choice", "read"),
    [
        (None, None),
        ({"type": "auto"}, ToolChoice("auto")),
        ({"type": "any"}, ToolChoice("required")),
        ({"type": "none"}, ToolChoice("none")),
        ({"type": "tool", "name": "get_weather"}, ToolChoice("function", "get_weather")),
        ({"type": "any", "disable_parallel_tool_use": True}, ToolChoice("required", None, False)),
        ({"type": "auto", "disable_parallel_tool_use": False}, ToolChoice("auto")),
    ],
)
def test_tool_choice_is_read_as_openai_means_it(choice: Any, read: ToolChoice | None) -> None:
    assert read_tool_choice(choice) == read


@pytest.mark.parametrize(
    ("choice", "path"),
    [
        ("auto", "tool_choice"),
        ({"type": "tool"}, "tool_choice.type"),
        ({"type": "sometimes"}, "tool_choice.type"),
        ({"type": ["auto"]}, "tool_choice.type"),
    ],
)
def test_a_bad_tool_choice_is_named(choice: Any, path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        read_tool_choice(choice)
    assert caught.value.path == path


@pytest.mark.parametrize(
    "tool",
    [
        {"type": "bash_20250124", "name": "bash"},
        {"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"},
        {"type": "computer_toolset_20260801"},
    ],
)
def test_an_anthropic_defined_client_tool_is_refused_naming_its_type(tool: Any) -> None:
    with pytest.raises(TranslationError) as caught:
        custom_tools([WEATHER, tool], Options())
    assert caught.value.path == "tools[1].type"
    assert f"client tool {tool['type']!r} cannot be sent to OpenAI" in caught.value.message

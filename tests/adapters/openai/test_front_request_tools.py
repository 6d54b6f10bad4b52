"""The front door's tools: function tools become Anthropic tools, and ``tool_choice`` with
``parallel_tool_calls`` Anthropic's ``tool_choice``."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.openai.front_request_tools import anthropic_tool
from tests.adapters.openai.front_request_support import (
    TOOLS,
    USER,
    openai,
    translate,
)


@pytest.mark.parametrize(
    ("choice", "parallel", "expected"),
    [
        ("auto", None, {"type": "auto"}),
        ("required", None, {"type": "any"}),
        ("none", None, {"type": "none"}),
        (
            {"type": "function", "function": {"name": "get_weather"}},
            None,
            {"type": "tool", "name": "get_weather"},
        ),
        ("required", False, {"type": "any", "disable_parallel_tool_use": True}),
        (None, False, {"type": "auto", "disable_parallel_tool_use": True}),
        ("none", False, {"type": "none"}),
        (None, True, None),
    ],
)
def test_tool_choice_and_parallel_tool_calls_map_onto_anthropics(
    choice: Any, parallel: bool | None, expected: dict[str, Any] | None
) -> None:
    fields: dict[str, Any] = {"tools": TOOLS}
    if choice is not None:
        fields["tool_choice"] = choice
    if parallel is not None:
        fields["parallel_tool_calls"] = parallel
    body = translate(openai(USER, **fields))
    assert body.get("tool_choice") == expected
    assert body["tools"] == [
        {
            "name": "get_weather",
            "description": "Weather for a city.",
            "input_schema": TOOLS[0]["function"]["parameters"],
        }
    ]


def test_a_function_tool_keeps_its_description_and_strictness() -> None:
    body = translate(openai(USER, tools=TOOLS))
    assert body["tools"] == [
        {
            "name": "get_weather",
            "description": "Weather for a city.",
            "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
        }
    ]
    bare = {"type": "function", "function": {"name": "now", "strict": True}}
    assert anthropic_tool(bare, "tools[0]") == {
        "name": "now",
        "input_schema": {"type": "object", "properties": {}},
        "strict": True,
    }

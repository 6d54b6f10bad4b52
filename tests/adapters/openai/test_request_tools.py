"""Tools become function tools and tool_choice OpenAI's; every body passes the SDK's request
types."""

from __future__ import annotations

from typing import Any

import pytest

from tests.adapters.openai.request_support import (
    USER,
    WEATHER_TOOL,
    body_for,
    request,
)


def test_tools_become_function_tools() -> None:
    closed = {**WEATHER_TOOL["input_schema"], "required": ["city"], "additionalProperties": False}
    strict = {**WEATHER_TOOL, "name": "strict_tool", "strict": True, "input_schema": closed}
    body = body_for(request(USER, tools=[WEATHER_TOOL, strict]))
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Weather for a city.",
                "parameters": WEATHER_TOOL["input_schema"],
            },
        },
        {
            "type": "function",
            "function": {
                "name": "strict_tool",
                "description": "Weather for a city.",
                "parameters": closed,
                "strict": True,
            },
        },
    ]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"type": "auto"}, {"tool_choice": "auto"}),
        ({"type": "any"}, {"tool_choice": "required"}),
        ({"type": "none"}, {"tool_choice": "none"}),
        (
            {"type": "tool", "name": "get_weather"},
            {"tool_choice": {"type": "function", "function": {"name": "get_weather"}}},
        ),
        (
            {"type": "any", "disable_parallel_tool_use": True},
            {"tool_choice": "required", "parallel_tool_calls": False},
        ),
    ],
)
def test_tool_choice_maps_onto_openais(choice: dict[str, Any], expected: dict[str, Any]) -> None:
    body = body_for(request(USER, tools=[WEATHER_TOOL], tool_choice=choice))
    assert {k: body[k] for k in ("tool_choice", "parallel_tool_calls") if k in body} == expected


def test_tool_choice_is_not_sent_without_tools() -> None:
    body = body_for(request(USER, tool_choice={"type": "auto"}))
    assert "tool_choice" not in body

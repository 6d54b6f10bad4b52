"""Tools become Responses function tools, flat and always with ``strict`` (Responses reads a
missing one as strict); tool_choice forms map one to one."""

from __future__ import annotations

import pytest

from adapters.base import TranslationError
from adapters.openai_responses.request_options import Options
from adapters.openai_responses.request_tools import function_tools, tool_choice
from tests.adapters.openai_responses.request_support import WEATHER_TOOL


def test_a_tool_is_a_flat_function_tool_that_is_not_strict_unless_asked() -> None:
    assert function_tools([WEATHER_TOOL], Options()) == [
        {
            "type": "function",
            "name": "get_weather",
            "description": "Weather for a city.",
            "parameters": WEATHER_TOOL["input_schema"],
            "strict": False,
        }
    ]
    closed = {**WEATHER_TOOL["input_schema"], "required": ["city"], "additionalProperties": False}
    strict = function_tools([{**WEATHER_TOOL, "strict": True, "input_schema": closed}], Options())
    assert strict[0]["strict"] is True


@pytest.mark.parametrize(
    ("choice", "sent"),
    [
        ({"type": "auto"}, "auto"),
        ({"type": "any"}, "required"),
        ({"type": "none"}, "none"),
        ({"type": "tool", "name": "get_weather"}, {"type": "function", "name": "get_weather"}),
    ],
)
def test_each_tool_choice_has_its_responses_form(choice: dict[str, str], sent: object) -> None:
    assert tool_choice(choice) == {"tool_choice": sent}


def test_a_server_tool_cannot_run_on_openai() -> None:
    with pytest.raises(TranslationError) as caught:
        function_tools([{"type": "web_search_20250305", "name": "web_search"}], Options())
    assert caught.value.path == "tools[0].type"

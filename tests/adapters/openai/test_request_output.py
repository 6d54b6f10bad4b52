"""Thinking and ``output_config`` become ``reasoning_effort`` and ``response_format``; every body
passes the SDK's request types."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.openai.request_output import effort_for_budget
from tests.adapters.openai.request_support import (
    USER,
    body_for,
    request,
)


@pytest.mark.parametrize(
    ("thinking", "option", "expected"),
    [
        ({"type": "enabled", "budget_tokens": 2048}, None, None),
        ({"type": "enabled", "budget_tokens": 2048}, "high", "high"),
        ({"type": "adaptive"}, "low", "low"),
        ({"type": "disabled"}, "high", None),
        ({"type": "enabled", "budget_tokens": 1024}, "from_budget", "low"),
        ({"type": "enabled", "budget_tokens": 4096}, "from_budget", "medium"),
        ({"type": "enabled", "budget_tokens": 16384}, "from_budget", "high"),
        ({"type": "adaptive"}, "from_budget", "medium"),
    ],
)
def test_thinking_maps_to_reasoning_effort_only_when_configured(
    thinking: dict[str, Any], option: str | None, expected: str | None
) -> None:
    options: dict[str, Any] = {} if option is None else {"reasoning_effort": option}
    body = body_for(request(USER, max_tokens=32000, thinking=thinking), **options)
    assert body.get("reasoning_effort") == expected


def test_output_config_effort_wins_and_format_becomes_a_json_schema() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "required": ["a"],
        "additionalProperties": False,
    }
    config = {"effort": "xhigh", "format": {"type": "json_schema", "schema": schema}}
    body = body_for(
        request(USER, output_config=config, thinking={"type": "adaptive"}), reasoning_effort="low"
    )
    assert body["reasoning_effort"] == "xhigh"
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "response", "schema": schema, "strict": True},
    }


@pytest.mark.parametrize(
    ("budget", "effort"),
    [(1024, "low"), (4095, "low"), (4096, "medium"), (16383, "medium"), (16384, "high")],
)
def test_from_budget_picks_the_effort_by_the_thinking_budget(budget: int, effort: str) -> None:
    assert effort_for_budget(budget) == effort


def test_a_format_openais_strict_mode_cannot_take_is_sent_loose_as_a_loss() -> None:
    schema = {"type": "object", "properties": {"a": {}}, "additionalProperties": False}
    config = {"format": {"type": "json_schema", "schema": schema}}
    body = body_for(request(USER, output_config=config))
    assert body["response_format"]["json_schema"]["strict"] is False
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER, output_config=config), on_loss="error")
    assert caught.value.path == "output_config.format.schema"

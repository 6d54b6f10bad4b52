"""Thinking becomes ``reasoning`` (effort by budget, adaptive as medium, output_config.effort
winning) with a summary; a JSON-schema format becomes a strict ``text.format``."""

from __future__ import annotations

import pytest

from adapters.base import TranslationError
from adapters.openai_responses.request_options import Options
from adapters.openai_responses.request_output import reasoning, text_format


@pytest.mark.parametrize(("budget", "effort"), [(1024, "low"), (8000, "medium"), (32000, "high")])
def test_the_effort_follows_the_thinking_budget(budget: int, effort: str) -> None:
    body = {"thinking": {"type": "enabled", "budget_tokens": budget}}
    assert reasoning(body, Options()) == {"effort": effort, "summary": "auto"}


def test_adaptive_thinking_is_medium_and_output_config_effort_wins() -> None:
    assert reasoning({"thinking": {"type": "adaptive"}}, Options())["effort"] == "medium"  # type: ignore[index]
    body = {"thinking": {"type": "adaptive"}, "output_config": {"effort": "high"}}
    assert reasoning(body, Options(reasoning_summary="detailed")) == {
        "effort": "high",
        "summary": "detailed",
    }


def test_no_thinking_asks_for_no_reasoning() -> None:
    assert reasoning({}, Options()) is None
    assert reasoning({"thinking": {"type": "disabled"}}, Options()) is None


def test_a_json_schema_format_is_a_strict_text_format() -> None:
    schema = {"type": "object", "properties": {}, "additionalProperties": False}
    fmt = text_format({"format": {"type": "json_schema", "schema": schema}}, Options())
    assert fmt == {
        "format": {"type": "json_schema", "name": "response", "schema": schema, "strict": True}
    }


def test_a_format_openais_strict_mode_cannot_take_is_sent_loose_as_a_loss() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    config = {"format": {"type": "json_schema", "schema": schema}}
    assert text_format(config, Options())["format"]["strict"] is False  # type: ignore[index]
    with pytest.raises(TranslationError) as caught:
        text_format(config, Options(on_loss="error"))
    assert caught.value.path == "output_config.format.schema"


def test_an_unknown_output_config_key_is_an_error_naming_it() -> None:
    with pytest.raises(TranslationError) as caught:
        text_format({"task_budget": 5}, Options())
    assert caught.value.path == "output_config.task_budget"

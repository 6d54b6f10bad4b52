"""The reasoning effort thinking stands for, and the JSON-schema format ``output_config``
asks for, as both OpenAI targets read them."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.openai_common.output import (
    effort_for_budget,
    json_schema_format,
    thinking_effort,
    thinking_kind,
)

SCHEMA = {"type": "object", "properties": {"answer": {"type": "string"}}}


@pytest.mark.parametrize(
    ("budget", "effort"),
    [(1024, "low"), (4095, "low"), (4096, "medium"), (16383, "medium"), (16384, "high")],
)
def test_a_budget_picks_an_effort_by_its_bounds(budget: int, effort: str) -> None:
    assert effort_for_budget(budget) == effort
    assert thinking_effort({"type": "enabled", "budget_tokens": budget}) == effort


def test_adaptive_thinking_is_medium_effort_whatever_its_budget() -> None:
    assert thinking_effort({"type": "adaptive"}) == "medium"
    assert thinking_effort({"type": "adaptive", "budget_tokens": 64000}) == "medium"


@pytest.mark.parametrize("budget", [None, "2048", 2048.0, True])
def test_enabled_thinking_needs_an_integer_budget(budget: Any) -> None:
    with pytest.raises(TranslationError) as caught:
        thinking_effort({"type": "enabled", "budget_tokens": budget})
    assert caught.value.path == "thinking.budget_tokens"


@pytest.mark.parametrize("config", [None, {}, {"effort": "low"}])
def test_without_a_format_there_is_none(config: Any) -> None:
    assert json_schema_format(config, "OpenAI Responses") is None


def test_a_json_schema_format_is_given_back_whole() -> None:
    fmt = {"type": "json_schema", "schema": SCHEMA}
    assert json_schema_format({"format": fmt, "effort": "high"}, "OpenAI Responses") == fmt


@pytest.mark.parametrize(
    ("config", "path", "message"),
    [
        ("json", "output_config", "output_config must be an object"),
        ({"verbosity": "low"}, "output_config.verbosity", "has no OpenAI Responses equivalent"),
        ({"format": {"type": "text"}}, "output_config.format", "only a json_schema format"),
        ({"format": "json_schema"}, "output_config.format", "only a json_schema format"),
    ],
)
def test_what_cannot_be_sent_is_named(config: Any, path: str, message: str) -> None:
    with pytest.raises(TranslationError) as caught:
        json_schema_format(config, "OpenAI Responses")
    assert caught.value.path == path
    assert message in str(caught.value)


class Recorder:
    """A `LossPolicy` that notes each declared loss."""

    user_field = "safety_identifier"

    def __init__(self) -> None:
        self.losses: list[tuple[str, str]] = []

    def loss(self, path: str, why: str = "") -> None:
        self.losses.append((path, why))


@pytest.mark.parametrize("kind", ["enabled", "adaptive", "disabled"])
def test_the_thinking_forms_with_a_counterpart_are_read_without_a_loss(kind: str) -> None:
    policy = Recorder()
    assert thinking_kind({"type": kind}, policy) == kind
    assert policy.losses == []


def test_between_tools_declares_its_progress_updates_a_loss() -> None:
    policy = Recorder()
    assert thinking_kind({"type": "between_tools"}, policy) == "between_tools"
    assert [path for path, _ in policy.losses] == ["thinking"]
    assert "progress updates" in policy.losses[0][1]


@pytest.mark.parametrize(
    ("thinking", "path"), [("on", "thinking"), ({"type": "x"}, "thinking.type")]
)
def test_a_thinking_form_that_is_not_one_is_refused_by_name(thinking: Any, path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        thinking_kind(thinking, Recorder())
    assert caught.value.path == path

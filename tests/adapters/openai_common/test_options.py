"""The option checks and the ``on_loss`` policy both OpenAI targets use."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.openai_common.options import (
    LOSS_POLICIES,
    check_choice,
    check_known,
    declare_loss,
)


def test_a_loss_under_drop_is_dropped_quietly() -> None:
    assert (
        declare_loss("drop", "OpenAI Responses", "top_k", "no top-k sampling") is None
    )  # no raise


def test_a_loss_under_error_is_refused_naming_the_field_the_api_and_why() -> None:
    with pytest.raises(TranslationError) as caught:
        declare_loss("error", "OpenAI Responses", "top_k", "no top-k sampling")
    assert caught.value.path == "top_k"
    assert str(caught.value) == (
        "top_k: has no OpenAI Responses equivalent (no top-k sampling); refused because the "
        "target's on_loss is 'error'"
    )


def test_a_loss_without_a_reason_says_no_parenthesis() -> None:
    with pytest.raises(TranslationError) as caught:
        declare_loss("error", "OpenAI chat-completions", "metadata.tier")
    assert str(caught.value) == (
        "metadata.tier: has no OpenAI chat-completions equivalent; refused because the "
        "target's on_loss is 'error'"
    )


def test_known_options_pass_and_an_unknown_one_is_named_with_the_target() -> None:
    check_known({"on_loss": "drop"}, ("on_loss", "user_field"), "openai")
    with pytest.raises(TranslationError) as caught:
        check_known({"on_loss": "drop", "region": "us"}, ("on_loss", "user_field"), "openai")
    assert caught.value.path == "settings.options.region"
    assert "openai target; expected one of: on_loss, user_field" in str(caught.value)


@pytest.mark.parametrize("value", LOSS_POLICIES)
def test_a_listed_choice_passes(value: str) -> None:
    assert check_choice(value, LOSS_POLICIES, "on_loss") is None  # no raise


@pytest.mark.parametrize("value", ["ignore", "", None, 1, ["drop"]])
def test_anything_else_is_named_with_the_choices(value: Any) -> None:
    with pytest.raises(TranslationError) as caught:
        check_choice(value, LOSS_POLICIES, "on_loss")
    assert caught.value.path == "settings.options.on_loss"
    assert "is not one of: drop, error" in str(caught.value)

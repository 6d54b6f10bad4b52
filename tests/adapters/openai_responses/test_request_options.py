"""The target's options are checked where they enter; a bad one is an error naming it."""

from __future__ import annotations

import pytest

from adapters.base import TargetSettings, TranslationError
from adapters.openai_responses.request_options import Options, parse_options


def test_the_defaults_drop_losses_and_ask_for_an_automatic_summary() -> None:
    assert parse_options(TargetSettings("openai-responses")) == Options(
        "drop", "auto", "safety_identifier"
    )


@pytest.mark.parametrize(
    ("key", "value"), [("on_loss", "warn"), ("reasoning_summary", "none"), ("user_field", "id")]
)
def test_a_bad_value_is_an_error_naming_the_option(key: str, value: str) -> None:
    with pytest.raises(TranslationError) as caught:
        parse_options(TargetSettings("openai-responses", options={key: value}))
    assert caught.value.path == f"settings.options.{key}"

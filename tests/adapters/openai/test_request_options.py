"""The ``openai`` target's options: each is checked and a bad one is named; ``on_loss`` decides
whether a declared loss is dropped or refused."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import Call, TargetSettings, TranslationError
from adapters.openai.request import encode_request
from adapters.openai.request_options import Options, parse_options
from tests.adapters.openai.request_support import (
    USER,
    body_for,
    request,
)


@pytest.mark.parametrize("value", ["metadata", None, 7])
def test_an_unknown_user_field_option_is_refused_naming_it(value: Any) -> None:
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER), user_field=value)
    assert caught.value.path == "settings.options.user_field"


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"max_tokens_field": "max_output_tokens"}, "settings.options.max_tokens_field"),
        ({"reasoning_effort": "extreme"}, "settings.options.reasoning_effort"),
        ({"on_loss": "ignore"}, "settings.options.on_loss"),
        ({"region": "us"}, "settings.options.region"),
    ],
)
def test_bad_target_options_are_named(options: dict[str, Any], path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        encode_request(Call("messages", request(USER)), TargetSettings("openai", options=options))
    assert caught.value.path == path


def test_no_options_means_the_documented_defaults() -> None:
    assert parse_options(TargetSettings("openai")) == Options(
        max_tokens_field="max_completion_tokens",
        reasoning_effort=None,
        on_loss="drop",
        user_field="safety_identifier",
    )


def test_a_loss_is_dropped_unless_on_loss_is_error() -> None:
    assert Options(on_loss="drop").loss("top_k", "OpenAI has no top-k sampling") is None
    with pytest.raises(TranslationError) as caught:
        Options(on_loss="error").loss("top_k", "OpenAI has no top-k sampling")
    assert caught.value.path == "top_k"
    assert "(OpenAI has no top-k sampling)" in str(caught.value)
    assert "on_loss is 'error'" in str(caught.value)

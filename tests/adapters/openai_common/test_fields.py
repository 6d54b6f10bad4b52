"""The top-level screen both OpenAI targets put a Messages body through."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.openai_common.fields import screened_model
from adapters.openai_responses.request_options import Options

HANDLED = {"model", "max_tokens", "messages", "top_k"}
LOSSY = {"top_k": "no top-k sampling"}
API = "OpenAI Responses"


def test_a_body_of_handled_fields_gives_its_model() -> None:
    body = {"model": "gpt-5", "max_tokens": 10, "messages": []}
    assert screened_model(body, HANDLED, LOSSY, Options(on_loss="error"), API) == "gpt-5"


def test_an_unhandled_field_is_refused_by_name() -> None:
    with pytest.raises(TranslationError) as caught:
        screened_model({"model": "gpt-5", "container": "c"}, HANDLED, LOSSY, Options(), API)
    assert str(caught.value) == "container: has no OpenAI Responses equivalent"


def test_a_lossy_field_is_dropped_or_refused_with_its_reason() -> None:
    body = {"model": "gpt-5", "top_k": 5}
    assert screened_model(body, HANDLED, LOSSY, Options(), API) == "gpt-5"
    with pytest.raises(TranslationError) as caught:
        screened_model(body, HANDLED, LOSSY, Options(on_loss="error"), API)
    assert caught.value.path == "top_k" and "(no top-k sampling)" in str(caught.value)


@pytest.mark.parametrize("model", [None, "", 7])
def test_a_model_id_is_required(model: Any) -> None:
    body = {"messages": []} if model is None else {"model": model}
    with pytest.raises(TranslationError) as caught:
        screened_model(body, HANDLED, LOSSY, Options(), API)
    assert caught.value.path == "model"

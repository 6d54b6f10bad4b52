"""``metadata.user_id`` becomes the end-user id of either OpenAI target: checked against the
128-character ``safety_identifier`` limit unless it goes as ``user``; other metadata keys are
declared losses."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.openai import request_options as chat_options
from adapters.openai_common.end_user import end_user_id
from adapters.openai_common.options import LossPolicy
from adapters.openai_responses import request_options as responses_options


def policies(**fields: str) -> list[LossPolicy]:
    """Each target's own options, with the same fields set."""
    return [chat_options.Options(**fields), responses_options.Options(**fields)]


@pytest.mark.parametrize("options", policies())
def test_the_user_id_is_the_end_user_id(options: LossPolicy) -> None:
    assert end_user_id({"user_id": "user-42"}, options) == "user-42"


@pytest.mark.parametrize("metadata", [None, {}, {"user_id": None}, {"user_id": ""}])
def test_without_a_user_id_there_is_none(metadata: Any) -> None:
    assert end_user_id(metadata, chat_options.Options()) is None


@pytest.mark.parametrize("options", policies())
def test_safety_identifier_holds_at_most_128_characters(options: LossPolicy) -> None:
    # the SDKs' create params: safety_identifier has "a maximum length of 128 characters"
    assert end_user_id({"user_id": "u" * 128}, options) == "u" * 128
    with pytest.raises(TranslationError) as caught:
        end_user_id({"user_id": "u" * 129}, options)
    assert caught.value.path == "metadata.user_id"
    assert "129 characters" in str(caught.value) and "user_field: user" in str(caught.value)


@pytest.mark.parametrize("options", policies(user_field="user"))
def test_sent_as_user_a_long_id_is_kept(options: LossPolicy) -> None:
    assert end_user_id({"user_id": "u" * 300}, options) == "u" * 300


@pytest.mark.parametrize("options", policies())
def test_other_metadata_keys_are_dropped_by_default(options: LossPolicy) -> None:
    assert end_user_id({"user_id": "u1", "tier": "gold"}, options) == "u1"


@pytest.mark.parametrize("options", policies(on_loss="error"))
def test_other_metadata_keys_are_refused_under_on_loss_error(options: LossPolicy) -> None:
    with pytest.raises(TranslationError) as caught:
        end_user_id({"user_id": "u1", "tier": "gold"}, options)
    assert caught.value.path == "metadata.tier"


@pytest.mark.parametrize(
    ("metadata", "path"),
    [(["u1"], "metadata"), ("u1", "metadata"), ({"user_id": 42}, "metadata.user_id")],
)
def test_malformed_metadata_is_named(metadata: Any, path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        end_user_id(metadata, chat_options.Options())
    assert caught.value.path == path

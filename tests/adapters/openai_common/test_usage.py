"""Token counts as both OpenAI targets check them."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.openai_common.usage import (
    optional_token_count,
    reasoning_tokens,
    token_count,
    uncached_tokens,
)


def test_a_count_is_a_whole_number_and_an_absent_one_zero_or_none() -> None:
    assert token_count(12, "u.x") == 12
    assert token_count(None, "u.x") == 0
    assert optional_token_count(None, "u.x") is None
    assert optional_token_count(0, "u.x") == 0


@pytest.mark.parametrize("value", [-1, 1.5, "12", True])
def test_anything_else_is_named(value: Any) -> None:
    for count in (token_count, optional_token_count):
        with pytest.raises(TranslationError) as caught:
            count(value, "usage.prompt_tokens")
        assert caught.value.path == "usage.prompt_tokens"
        assert f"got {value!r}" in str(caught.value)


def test_the_uncached_tokens_are_what_the_cache_did_not_touch() -> None:
    assert uncached_tokens(100, 60, 30, "input_tokens", "u.d") == 10
    assert uncached_tokens(100, 60, 40, "input_tokens", "u.d") == 0


def test_cache_counts_beyond_the_total_are_refused_naming_the_total_field() -> None:
    with pytest.raises(TranslationError) as caught:
        uncached_tokens(100, 80, 30, "prompt_tokens", "usage.prompt_tokens_details")
    assert caught.value.path == "usage.prompt_tokens_details"
    assert "(80 + 30) exceed prompt_tokens (100)" in str(caught.value)


@pytest.mark.parametrize(
    ("details", "count"), [(None, 0), ("x", 0), ({}, 0), ({"reasoning_tokens": 64}, 64)]
)
def test_reasoning_tokens_come_from_the_details_if_any(details: Any, count: int) -> None:
    assert reasoning_tokens(details, "u.d.reasoning_tokens") == count


def test_a_bad_reasoning_count_is_named_by_the_path_given() -> None:
    with pytest.raises(TranslationError) as caught:
        reasoning_tokens({"reasoning_tokens": -3}, "u.d.reasoning_tokens")
    assert caught.value.path == "u.d.reasoning_tokens"

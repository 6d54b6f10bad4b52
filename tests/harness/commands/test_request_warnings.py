"""Warnings for requests the API or the target would refuse (translated all the same)."""

from __future__ import annotations

import pytest

from harness.commands.request_warnings import request_warnings

MESSAGES = [{"role": "user", "content": "Hi"}]


def test_a_complete_request_has_no_warning() -> None:
    body = {"model": "claude-sonnet-4-6", "max_tokens": 8, "messages": MESSAGES}
    assert request_warnings(body, "messages") == []


def test_count_tokens_needs_no_max_tokens_but_needs_messages() -> None:
    assert request_warnings({"model": "m", "messages": MESSAGES}, "count_tokens") == []
    assert request_warnings({"model": "m"}, "count_tokens") == [
        "messages: missing; the API refuses such a request"
    ]


@pytest.mark.parametrize(
    ("body", "warning"),
    [
        ({"max_tokens": 8, "messages": MESSAGES}, "model: missing"),
        ({"model": 7, "max_tokens": 8, "messages": MESSAGES}, "model: not a model id"),
        ({"model": "m", "messages": MESSAGES}, "max_tokens: missing"),
        (
            {"model": "m", "max_tokens": 0, "messages": MESSAGES},
            "max_tokens: 0 is not a whole number of at least 1",
        ),
        (
            {"model": "m", "max_tokens": True, "messages": MESSAGES},
            "max_tokens: True is not a whole number of at least 1",
        ),
        ({"model": "m", "max_tokens": 8, "messages": {}}, "messages: not a list"),
        (
            {"model": "m", "max_tokens": 8, "messages": []},
            "messages: empty (at least one message is required)",
        ),
    ],
)
def test_each_missing_or_unusable_required_field_is_named(
    body: dict[str, object], warning: str
) -> None:
    assert request_warnings(body, "messages") == [f"{warning}; the API refuses such a request"]

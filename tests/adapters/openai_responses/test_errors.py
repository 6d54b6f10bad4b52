"""Responses error codes become Anthropic error types: chat completions' codes first, then
the Responses codes, every other code being a problem with the input."""

from __future__ import annotations

import pytest

from adapters.openai_responses.errors import stream_error_event, type_for_code


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("server_error", "api_error"),
        ("rate_limit_exceeded", "rate_limit_error"),
        ("server_is_overloaded", "overloaded_error"),
        ("vector_store_timeout", "timeout_error"),
        ("invalid_image_url", "invalid_request_error"),
        (None, "api_error"),
    ],
)
def test_each_code_has_its_anthropic_type(code: str | None, kind: str) -> None:
    assert type_for_code(code) == kind


def test_an_error_event_becomes_an_anthropic_error_event() -> None:
    event = {"type": "error", "code": "server_error", "message": "Boom.", "param": None}
    assert stream_error_event(event) == {
        "type": "error",
        "error": {"type": "api_error", "message": "Boom."},
    }

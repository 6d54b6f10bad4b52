"""Anthropic's status -> error type table, as documented (plus the SDK schema's extras)."""

from __future__ import annotations

import pytest

from adapters.protocol.errors import error_type_for_status


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, "invalid_request_error"),
        (401, "authentication_error"),
        (403, "permission_error"),
        (404, "not_found_error"),
        (413, "request_too_large"),
        (418, "invalid_request_error"),
        (429, "rate_limit_error"),
        (500, "api_error"),
        (503, "api_error"),
        (529, "overloaded_error"),
    ],
)
def test_each_status_maps_to_its_documented_error_type(status: int, expected: str) -> None:
    assert error_type_for_status(status) == expected

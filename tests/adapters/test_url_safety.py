"""Values that go into a backend URL cannot move the request to another host or path."""

from __future__ import annotations

import pytest

from adapters import url_safety
from adapters.base import TranslationError


@pytest.mark.parametrize("region", ["us-east-1", "us-east5", "global", "eu", "us-gov-west-1"])
def test_a_region_that_is_one_dns_label_is_kept(region: str) -> None:
    assert url_safety.host_label(region, "settings.region") == region


@pytest.mark.parametrize(
    "region", ["x@evil.example#", "evil.example", "a/b", "", "-us", "us-", "123", "a" * 64]
)
def test_a_region_that_could_change_the_host_is_refused(region: str) -> None:
    with pytest.raises(TranslationError) as caught:
        url_safety.host_label(region, "settings.region")
    assert caught.value.path == "settings.region"


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_a_dot_segment_is_refused(value: str) -> None:
    with pytest.raises(TranslationError, match="path segment") as caught:
        url_safety.path_segment(value, "model")
    assert caught.value.path == "model"


@pytest.mark.parametrize("value", ["...", "a/..", "claude-sonnet-4-5@20250929", "m:1"])
def test_other_segments_are_kept_for_quoting(value: str) -> None:
    assert url_safety.path_segment(value, "model") == value


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1"),
        ("https://gateway.example", "https://gateway.example"),
        ("http://[::1]:9/", "http://[::1]:9"),
    ],
)
def test_a_plain_base_url_is_kept_without_trailing_slashes(url: str, kept: str) -> None:
    assert url_safety.base_url(url) == kept


@pytest.mark.parametrize(
    "url",
    [
        "https://x@evil.example#",
        "https://gateway.example/v1?key=1",
        "https://gateway.example/#frag",
        "ftp://gateway.example",
        "gateway.example/v1",
        "http://[::1",
        "http://host:99999",
    ],
)
def test_a_base_url_that_would_lose_the_path_or_carry_user_info_is_refused(url: str) -> None:
    with pytest.raises(TranslationError) as caught:
        url_safety.base_url(url)
    assert caught.value.path == "settings.base_url"

"""Vertex URLs: the regional host rules, a gateway root overriding them, and path values
percent-encoded as single path segments."""

from __future__ import annotations

import pytest

from adapters.base import TranslationError
from adapters.vertex import urls


@pytest.mark.parametrize(
    ("region", "root"),
    [
        ("global", "https://aiplatform.googleapis.com/v1"),
        ("us", "https://aiplatform.us.rep.googleapis.com/v1"),
        ("eu", "https://aiplatform.eu.rep.googleapis.com/v1"),
        ("us-east5", "https://us-east5-aiplatform.googleapis.com/v1"),
        ("europe-west1", "https://europe-west1-aiplatform.googleapis.com/v1"),
    ],
)
def test_each_region_has_its_host(region: str, root: str) -> None:
    assert urls.root_url(region) == root


def test_a_base_url_replaces_the_v1_root_whatever_the_region() -> None:
    assert urls.root_url("global", "http://127.0.0.1:8080/v1/") == "http://127.0.0.1:8080/v1"


def test_a_model_id_with_a_version_keeps_its_at_sign() -> None:
    url = urls.messages_url("R", "p", "us-east5", "claude-opus-4-1@20250805", stream=True)
    assert url == (
        "R/projects/p/locations/us-east5/publishers/anthropic/models/"
        "claude-opus-4-1@20250805:streamRawPredict"
    )


@pytest.mark.parametrize(
    ("raw", "quoted"),
    [
        ("a/b", "a%2Fb"),
        ("a;b", "a%3Bb"),
        ("a b", "a%20b"),
        ("a?b#c", "a%3Fb%23c"),
        ("m:1@2", "m:1@2"),
    ],
)
def test_path_values_cannot_escape_their_segment(raw: str, quoted: str) -> None:
    assert urls.quote_segment(raw) == quoted


def test_token_counting_uses_the_count_tokens_pseudo_model() -> None:
    assert urls.count_tokens_url("R", "p", "eu") == (
        "R/projects/p/locations/eu/publishers/anthropic/models/count-tokens:rawPredict"
    )


@pytest.mark.parametrize("region", ["x@evil.example#", "evil.example", "a/b"])
def test_a_region_that_would_change_the_host_is_a_translation_error(region: str) -> None:
    with pytest.raises(TranslationError) as caught:
        urls.root_url(region)
    assert caught.value.path == "settings.region"


@pytest.mark.parametrize(
    ("project", "model", "path"),
    [
        ("..", "claude-x", "settings.project"),
        ("p", "..", "model"),
        ("", "claude-x", "settings.project"),
    ],
)
def test_a_dot_segment_project_or_model_is_a_translation_error(
    project: str, model: str, path: str
) -> None:
    with pytest.raises(TranslationError) as caught:
        urls.messages_url("R", project, "us-east5", model, stream=False)
    assert caught.value.path == path


def test_a_base_url_with_user_info_is_a_translation_error() -> None:
    with pytest.raises(TranslationError) as caught:
        urls.root_url("us-east5", "https://x@evil.example#")
    assert caught.value.path == "settings.base_url"


def test_a_dated_anthropic_id_is_named_in_the_vertex_form() -> None:
    from adapters.vertex.urls import model_id_warnings

    assert model_id_warnings("claude-haiku-4-5-20251001") == (
        "model: 'claude-haiku-4-5-20251001' is an Anthropic API id; Vertex AI names it "
        "claude-haiku-4-5@20251001 and finds no other",
    )
    assert model_id_warnings("claude-haiku-4-5@20251001") == ()
    assert model_id_warnings("claude-sonnet-4-6") == ()

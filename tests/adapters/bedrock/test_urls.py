"""Bedrock runtime URLs: the host follows the region unless a base URL replaces it, every
kind of model id is one path segment (``:`` literal, ``/`` as ``%2F``, ``;`` literal only for
the 2026-10-21 API version, as each SDK generation quotes it), and the Claude model name is
recovered from every id form that holds one."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from adapters.base import TranslationError
from adapters.bedrock.urls import (
    is_cross_region_profile,
    model_id,
    model_id_warnings,
    model_name,
    model_url,
    quote_model_id,
    root_url,
    without_geography,
)

APP_PROFILE = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"


@pytest.mark.parametrize("region", ["us-east-1", "eu-central-1", "ap-northeast-1"])
def test_the_host_follows_the_region(region: str) -> None:
    assert root_url(region) == f"https://bedrock-runtime.{region}.amazonaws.com"


def test_a_base_url_replaces_the_host_without_its_trailing_slash() -> None:
    assert root_url("us-east-1", "http://127.0.0.1:9/bedrock/") == "http://127.0.0.1:9/bedrock"


@pytest.mark.parametrize(
    ("model", "segment"),
    [
        ("anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"),
        (
            "us.anthropic.claude-opus-4-1-20250805-v1:0",
            "us.anthropic.claude-opus-4-1-20250805-v1:0",
        ),
        (
            "global.anthropic.claude-haiku-4-5-20251001-v1:0",
            "global.anthropic.claude-haiku-4-5-20251001-v1:0",
        ),
        (
            "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-x-v1:0",
            "arn:aws:bedrock:eu-west-1:123456789012:inference-profile%2Feu.anthropic.claude-x-v1:0",
        ),
        (
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile%2Fabc123",
        ),
        ("weird id;v=1?x#y", "weird%20id%3Bv%3D1%3Fx%23y"),
    ],
)
def test_a_model_id_is_one_segment_with_colons_kept(model: str, segment: str) -> None:
    assert quote_model_id(model) == segment
    assert "/" not in segment
    assert unquote(segment) == model


@pytest.mark.parametrize(
    ("api_version", "segment"),
    [("2023-06-01", "a%3Bb%2Fc:0"), ("2026-10-21", "a;b%2Fc:0")],
)
def test_a_semicolon_is_kept_literal_only_for_the_newer_api_version(
    api_version: str, segment: str
) -> None:
    assert quote_model_id("a;b/c:0", api_version) == segment
    root = "https://bedrock-runtime.us-east-1.amazonaws.com"
    assert model_url(root, "a;b/c:0", "invoke", api_version) == f"{root}/model/{segment}/invoke"


def test_model_url_joins_root_id_and_operation() -> None:
    url = model_url("https://bedrock-runtime.us-east-1.amazonaws.com", "a/b:1", "converse-stream")
    assert url == "https://bedrock-runtime.us-east-1.amazonaws.com/model/a%2Fb:1/converse-stream"


@pytest.mark.parametrize("body", [{}, {"model": ""}, {"model": 7}])
def test_a_missing_model_is_a_translation_error(body: dict[str, object]) -> None:
    with pytest.raises(TranslationError) as caught:
        model_id(body)
    assert caught.value.path == "model"


@pytest.mark.parametrize(
    ("model", "name"),
    [
        ("anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929"),
        ("us.anthropic.claude-sonnet-4-6-v1:0", "claude-sonnet-4-6"),
        ("global.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001"),
        (
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-x-v2:0",
            "claude-x",
        ),
        (APP_PROFILE, APP_PROFILE),
        ("claude-sonnet-4-6", "claude-sonnet-4-6"),
        ("us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929"),
        ("anthropic.claude-3-haiku-20240307-v1:0:200k", "claude-3-haiku-20240307"),
        ("anthropic.claude-3-sonnet-20240229-v1:0:28k", "claude-3-sonnet-20240229"),
        ("apac.anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet-20240620"),
    ],
)
def test_model_name_recovers_the_claude_name_where_the_id_holds_one(model: str, name: str) -> None:
    assert model_name(model) == name


@pytest.mark.parametrize("region", ["x@evil.example#", "evil.example/", "us-east-1.evil.example"])
def test_a_region_that_would_change_the_host_is_a_translation_error(region: str) -> None:
    with pytest.raises(TranslationError) as caught:
        root_url(region)
    assert caught.value.path == "settings.region"


@pytest.mark.parametrize("model", ["..", "."])
def test_a_model_id_that_would_collapse_the_path_is_a_translation_error(model: str) -> None:
    with pytest.raises(TranslationError) as caught:
        model_url("R", model, "invoke")
    assert caught.value.path == "model"


@pytest.mark.parametrize(
    ("model", "path"),
    [
        ("anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"),
        (
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        ),
        (
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-x-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile%2Fus.anthropic.claude-x-v1:0",
        ),
    ],
)
def test_real_model_ids_keep_working(model: str, path: str) -> None:
    assert model_url(root_url("us-east-1"), model, "converse") == (
        f"https://bedrock-runtime.us-east-1.amazonaws.com/model/{path}/converse"
    )
    assert model_id_warnings(model) == ()


def test_a_bare_claude_name_is_sent_with_a_warning_naming_the_bedrock_forms() -> None:
    (warning,) = model_id_warnings("claude-sonnet-4-5-20250929")
    assert warning.startswith("model: 'claude-sonnet-4-5-20250929' is an Anthropic model name")
    assert "'us.anthropic.claude-sonnet-4-5-20250929-v1:0'" in warning


@pytest.mark.parametrize(
    ("given", "profile", "foundation"),
    [
        ("us.anthropic.claude-sonnet-4-6-v1:0", True, "anthropic.claude-sonnet-4-6-v1:0"),
        ("us-gov.anthropic.claude-3-haiku-v1:0", True, "anthropic.claude-3-haiku-v1:0"),
        ("anthropic.claude-sonnet-4-6-v1:0", False, "anthropic.claude-sonnet-4-6-v1:0"),
        ("claude-sonnet-4-6", False, "claude-sonnet-4-6"),
        (APP_PROFILE, False, APP_PROFILE),
    ],
)
def test_a_cross_region_profile_runs_on_the_foundation_model_after_its_geography(
    given: str, profile: bool, foundation: str
) -> None:
    assert is_cross_region_profile(given) is profile
    assert without_geography(given) == foundation

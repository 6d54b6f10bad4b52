"""The target registry: one entry per target, in display order, naming its translator, its
simulator backend and the environment that aims a live recording at it."""

from __future__ import annotations

import pytest

from harness import registry
from harness.registry import TargetEntry, UnknownTargetError


def test_the_built_in_targets_in_display_order_canonical_first() -> None:
    assert registry.targets() == (
        "anthropic",
        "vertex",
        "bedrock-invoke",
        "bedrock-converse",
        "openai",
        "openai-responses",
    )
    assert registry.targets()[0] == registry.CANONICAL_TARGET


@pytest.mark.parametrize("target", registry.targets())
def test_each_target_has_an_adapter_carrying_its_name(target: str) -> None:
    assert registry.adapter(target).name == target


def test_an_unknown_target_is_a_one_line_error_naming_the_known_ones() -> None:
    with pytest.raises(UnknownTargetError) as caught:
        registry.entry("azure")
    assert str(caught.value) == (
        "unknown target 'azure'; expected one of: anthropic, vertex, bedrock-invoke, "
        "bedrock-converse, openai, openai-responses"
    )


def test_credential_headers_are_those_the_adapters_declare() -> None:
    headers = registry.credential_headers()
    assert {"x-api-key", "authorization", "x-amz-security-token"} <= headers
    assert "content-type" not in headers


def test_live_recording_environment_per_target() -> None:
    vertex = registry.entry("vertex")
    assert vertex.base_url_env == ("PARITY_VERTEX_BASE_URL",)
    assert vertex.region_env == ("CLOUD_ML_REGION",)
    assert vertex.project_env == ("ANTHROPIC_VERTEX_PROJECT_ID",)
    assert registry.entry("bedrock-converse").region_env == ("AWS_REGION", "AWS_DEFAULT_REGION")
    assert registry.entry("openai").base_url_env == ("PARITY_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    assert registry.entry("openai-responses").base_url_env == (
        "PARITY_OPENAI_RESPONSES_BASE_URL",
        "OPENAI_BASE_URL",
    )


def test_the_first_variable_set_wins() -> None:
    names = ("AWS_REGION", "AWS_DEFAULT_REGION")
    assert registry.env_value(names, {"AWS_DEFAULT_REGION": "eu-west-1"}) == "eu-west-1"
    assert registry.env_value(names, {"AWS_REGION": "", "AWS_DEFAULT_REGION": "x"}) == "x"
    assert registry.env_value(names, {"AWS_REGION": "a", "AWS_DEFAULT_REGION": "b"}) == "a"
    assert registry.env_value(names, {}) is None


def test_a_registered_target_comes_last_and_can_be_removed_again() -> None:
    entry = TargetEntry(name="extra", title="Extra", adapter="x.adapter", simulator="x.sim")
    registry.register(entry)
    try:
        assert registry.targets()[-1] == "extra"
        assert registry.entry("extra") is entry
        with pytest.raises(ValueError, match="registered already"):
            registry.register(entry)
    finally:
        registry.unregister("extra")
    assert "extra" not in registry.targets()


def test_a_built_in_target_cannot_be_removed() -> None:
    with pytest.raises(ValueError, match="built in"):
        registry.unregister("vertex")

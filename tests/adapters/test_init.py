"""The target registry: every target has an adapter under its own name, in the canonical
order, and an unknown name is a one-line error listing the known ones."""

from __future__ import annotations

import pytest

from adapters import TARGETS, UnknownTargetError, available_targets, get_adapter


def test_every_target_is_available_in_the_canonical_order() -> None:
    assert available_targets() == (
        "anthropic",
        "vertex",
        "bedrock-invoke",
        "bedrock-converse",
        "openai",
    )


@pytest.mark.parametrize("target", TARGETS)
def test_each_target_has_an_adapter_carrying_its_name(target: str) -> None:
    assert get_adapter(target).name == target


def test_an_unknown_target_is_a_one_line_error_naming_the_known_ones() -> None:
    with pytest.raises(UnknownTargetError) as caught:
        get_adapter("azure")
    message = str(caught.value)
    assert "\n" not in message
    assert message == (
        "unknown target 'azure'; expected one of: anthropic, vertex, bedrock-invoke, "
        "bedrock-converse, openai"
    )

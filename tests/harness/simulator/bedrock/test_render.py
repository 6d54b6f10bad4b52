"""Bedrock's small habits: the bare Claude name in bodies, seeded padding and request ids."""

from __future__ import annotations

import uuid

import pytest

from harness.simulator.bedrock.render import claude_name, padding, request_id


@pytest.mark.parametrize(
    ("model_id", "name"),
    [
        ("anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929"),
        ("us.anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1-20250805"),
        ("global.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001"),
        ("apac.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet-20250219"),
        (
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-x-v2:0",
            "claude-x",
        ),
        ("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", "abc123"),
    ],
)
def test_bodies_report_the_bare_claude_name(model_id: str, name: str) -> None:
    assert claude_name(model_id) == name


def test_padding_is_a_seeded_prefix_of_the_alphabet() -> None:
    first = padding("seed-1")
    assert first == padding("seed-1")
    assert "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".startswith(first)
    assert len({len(padding(f"seed-{i}")) for i in range(20)}) > 5


def test_request_ids_are_seeded_uuids() -> None:
    assert request_id("a") == request_id("a") != request_id("b")
    assert uuid.UUID(request_id("a")).version == 4

"""Warnings for requests the API or the target would refuse (translated all the same)."""

from __future__ import annotations

import pytest

from harness.commands.request_warnings import request_warnings

MESSAGES = [{"role": "user", "content": "Hi"}]


def test_a_complete_request_has_no_warning() -> None:
    body = {"model": "claude-sonnet-4-6", "max_tokens": 8, "messages": MESSAGES}
    assert request_warnings(body, "messages", "anthropic") == []


def test_count_tokens_needs_no_max_tokens_but_needs_messages() -> None:
    assert request_warnings({"model": "m", "messages": MESSAGES}, "count_tokens", "vertex") == []
    assert request_warnings({"model": "m"}, "count_tokens", "anthropic") == [
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
    assert request_warnings(body, "messages", "anthropic") == [
        f"{warning}; the API refuses such a request"
    ]


@pytest.mark.parametrize(
    "model",
    [
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "us.anthropic.claude-sonnet-4-6-v1:0",
        "us-gov.anthropic.claude-3-haiku-20240307-v1:0",
        "global.anthropic.claude-opus-4-8-v1:0",
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/k7m2x9q4v1pz",
        "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-v2",
    ],
)
def test_every_form_of_bedrock_model_id_passes(model: str) -> None:
    body = {"model": model, "max_tokens": 8, "messages": MESSAGES}
    assert request_warnings(body, "messages", "bedrock-converse") == []


def test_an_anthropic_api_model_id_on_bedrock_is_named() -> None:
    body = {"model": "claude-sonnet-4-5-20250929", "max_tokens": 8, "messages": MESSAGES}
    (warning,) = request_warnings(body, "messages", "bedrock-invoke")
    assert warning.startswith("model: 'claude-sonnet-4-5-20250929' is not a Bedrock model id")


def test_a_dated_anthropic_id_on_vertex_names_the_vertex_form() -> None:
    body = {"model": "claude-haiku-4-5-20251001", "max_tokens": 8, "messages": MESSAGES}
    assert request_warnings(body, "messages", "vertex") == [
        "model: 'claude-haiku-4-5-20251001' is an Anthropic API id; Vertex AI names it "
        "claude-haiku-4-5@20251001 and finds no other"
    ]
    body["model"] = "claude-haiku-4-5@20251001"
    assert request_warnings(body, "messages", "vertex") == []

"""The gateway a client run goes through: the model names a client sends per target, where it
cannot go, and the key and headers configured the way Claude Code's users configure them."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.clients.system import ClientSystem, claude_code_credentials
from harness.systems.gateway.profile import load_profile
from harness.targets import load_targets

ROOT = Path(__file__).resolve().parents[3]


def system(name: str) -> ClientSystem:
    profile = load_profile(ROOT / "gateways" / name / "profile.yaml")
    return ClientSystem(profile, load_targets(ROOT / "fixtures" / "targets.yaml"))


def test_the_null_gateway_is_told_by_its_configuration_template() -> None:
    assert system("null").is_null_gateway
    assert not system("litellm").is_null_gateway
    assert not system("claude-code-router").is_null_gateway


def test_model_names_follow_the_profile_with_the_logical_model_or_its_id() -> None:
    assert system("null").model("vertex", "sonnet") == "vertex/sonnet"
    assert system("litellm").model("bedrock-converse", "haiku") == "parity-bedrock-converse-haiku"
    targets = load_targets(ROOT / "fixtures" / "targets.yaml")
    expected = f"parity-openai,{targets.model_id('sonnet', 'openai')}"
    assert system("claude-code-router").model("openai", "sonnet") == expected


def test_a_target_the_gateway_cannot_reach_gives_its_reason() -> None:
    ccr = system("claude-code-router")
    reason = ccr.unsupported("bedrock-invoke", "client/tool-round-trip")
    assert reason is not None and "no Bedrock provider" in reason
    assert ccr.unsupported("anthropic", "client/tool-round-trip") is None


def test_profile_headers_are_resolved_and_filled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITY_TEST_GATEWAY_KEY", "from-the-environment")
    profile = load_profile(ROOT / "gateways" / "null" / "profile.yaml")
    custom = ClientSystem(
        profile.__class__(
            **{
                **profile.__dict__,
                "headers": {
                    "Authorization": "Bearer ${PARITY_TEST_GATEWAY_KEY}",
                    "x-backend": "{simulator_url}/v1",
                },
            }
        ),
        load_targets(ROOT / "fixtures" / "targets.yaml"),
    )
    assert custom.headers("vertex", {"simulator_url": "http://127.0.0.1:9"}) == {
        "authorization": "Bearer from-the-environment",
        "x-backend": "http://127.0.0.1:9/v1",
    }


@pytest.mark.parametrize(
    ("headers", "env"),
    [
        ({"x-api-key": "k", "authorization": "Bearer t"}, {"ANTHROPIC_API_KEY": "k"}),
        ({"authorization": "Bearer t"}, {"ANTHROPIC_AUTH_TOKEN": "t"}),
        (
            {"authorization": "Basic abc", "x-route": "vertex"},
            {"ANTHROPIC_CUSTOM_HEADERS": "authorization: Basic abc\nx-route: vertex"},
        ),
        ({}, {}),
    ],
)
def test_claude_code_gets_the_key_in_the_variable_that_sends_it_as_the_gateway_expects(
    headers: dict[str, str], env: dict[str, str]
) -> None:
    assert claude_code_credentials(headers) == env

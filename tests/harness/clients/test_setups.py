"""The per-target setups of Claude Code through the null gateway: what the gateway is
configured with, and every setup has its reason."""

from __future__ import annotations

from harness.clients.setups import CLAUDE_CODE, TOOL_RUNNER, gateway_settings, setup_for

TARGETS = ("anthropic", "vertex", "bedrock-invoke", "bedrock-converse", "openai")


def test_the_native_api_and_vertex_take_claude_code_as_it_is() -> None:
    for target in ("anthropic", "vertex"):
        setup = setup_for("claude-code", target)
        assert (dict(setup.env), setup.gateway_drops_betas, setup.reasons) == ({}, (), ())


def test_the_gateway_is_configured_per_target() -> None:
    assert gateway_settings(["claude-code"], TARGETS) == {
        "drop_betas": {
            "bedrock-invoke": ["claude-code-20250219"],
            "bedrock-converse": ["claude-code-20250219"],
        },
        "target_options": {"openai": {"user_field": "user"}},
    }
    assert gateway_settings(["claude-code"], ("vertex",)) == {
        "drop_betas": {},
        "target_options": {},
    }


def test_the_gateway_drops_what_any_client_of_the_run_needs_dropped() -> None:
    settings = gateway_settings(["claude-code", "anthropic-sdk-tool-runner"], TARGETS)
    assert settings["drop_betas"] == {
        "bedrock-invoke": ["claude-code-20250219", "structured-outputs-2025-12-15"],
        "bedrock-converse": ["claude-code-20250219", "structured-outputs-2025-12-15"],
    }
    assert gateway_settings(["anthropic-sdk"], TARGETS) == {
        "drop_betas": {},
        "target_options": {},
    }


def test_another_gateway_keeps_the_client_side_alone() -> None:
    setup = setup_for("claude-code", "bedrock-invoke").client_side()
    assert setup.gateway_drops_betas == ()
    assert setup.env["CLAUDE_CODE_ATTRIBUTION_HEADER"] == "0"
    assert setup.reasons == setup_for("claude-code", "bedrock-invoke").client_reasons
    assert all("null gateway" not in reason for reason in setup.reasons)


def test_every_setup_changes_something_and_says_why() -> None:
    for target, setup in [*CLAUDE_CODE.items(), *TOOL_RUNNER.items()]:
        changes = bool(setup.env) or bool(setup.gateway_drops_betas) or bool(setup.gateway_options)
        assert changes, target
        assert setup.reasons, target

"""How a client is set up for each target through the null gateway, and why.

Claude Code sends what the native API accepts; some of it a backend refuses, and the
reference translator refuses it by name rather than send a request certain to fail. A
platform team routing Claude Code onto such a backend configures around it; these are the
settings Parity uses, each with its reason, and a cell run with one is amber with that
reason (docs/CLIENTS.md lists them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_NO_EXPERIMENTAL_BETAS = {"CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS": "1"}


@dataclass(frozen=True)
class Setup:
    """Extra client environment, beta flags the gateway drops for the target, adapter
    options the gateway sets for it, and why."""

    env: Mapping[str, str] = field(default_factory=dict)
    gateway_drops_betas: tuple[str, ...] = ()
    gateway_options: Mapping[str, Any] = field(default_factory=dict)
    client_reasons: tuple[str, ...] = ()
    """Why the client is run with ``env``."""
    gateway_reasons: tuple[str, ...] = ()
    """Why the null gateway drops those betas and sets those options."""

    @property
    def reasons(self) -> tuple[str, ...]:
        return (*self.gateway_reasons, *self.client_reasons)

    def client_side(self) -> Setup:
        """The client's part alone: how a platform team runs the client onto this target
        through a gateway other than the null gateway, which takes no such settings."""
        return Setup(env=self.env, client_reasons=self.client_reasons)


_BEDROCK_BETA = (
    "the null gateway drops the claude-code-20250219 beta flag, which Bedrock refuses "
    "(400 invalid beta flag) and the reference translator refuses by name"
)
_EXPERIMENTAL_BETAS = (
    "Claude Code runs with CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1, so that it sends "
    "neither the prompt-caching-scope-2026-01-05 and context-management-2025-06-27 flags, "
    "which Bedrock refuses (400 invalid beta flag), nor context_management"
)
_CONTEXT_MANAGEMENT = (
    "Claude Code runs with CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1, so that it sends no "
    "context_management, which the {target} translator refuses by name"
)
_USER_ID = (
    "the null gateway's {target} target sends metadata.user_id as `user` (adapter option "
    "user_field: user): Claude Code's user_id (a JSON text of about 150 characters) is over "
    "the 128 characters of OpenAI's safety_identifier, which the translator refuses"
)

_ATTRIBUTION = (
    "Claude Code runs with CLAUDE_CODE_ATTRIBUTION_HEADER=0, so that its system prompt does "
    "not start with its x-anthropic-billing-header attribution block, which Bedrock "
    "InvokeModel refuses (400 reserved keyword, anthropics/claude-code#24168)"
)

CLAUDE_CODE: Mapping[str, Setup] = {
    "bedrock-invoke": Setup(
        env={**_NO_EXPERIMENTAL_BETAS, "CLAUDE_CODE_ATTRIBUTION_HEADER": "0"},
        gateway_drops_betas=("claude-code-20250219",),
        gateway_reasons=(_BEDROCK_BETA,),
        client_reasons=(_EXPERIMENTAL_BETAS, _ATTRIBUTION),
    ),
    "bedrock-converse": Setup(
        env=_NO_EXPERIMENTAL_BETAS,
        gateway_drops_betas=("claude-code-20250219",),
        gateway_reasons=(_BEDROCK_BETA,),
        client_reasons=(_CONTEXT_MANAGEMENT.format(target="Converse"),),
    ),
    "openai": Setup(
        env=_NO_EXPERIMENTAL_BETAS,
        gateway_options={"user_field": "user"},
        gateway_reasons=(_USER_ID.format(target="openai"),),
        client_reasons=(_CONTEXT_MANAGEMENT.format(target="OpenAI chat-completions"),),
    ),
    "openai-responses": Setup(
        env=_NO_EXPERIMENTAL_BETAS,
        gateway_options={"user_field": "user"},
        gateway_reasons=(_USER_ID.format(target="openai-responses"),),
        client_reasons=(_CONTEXT_MANAGEMENT.format(target="OpenAI Responses"),),
    ),
}


_STRUCTURED_OUTPUTS = (
    "the null gateway drops the structured-outputs-2025-12-15 beta flag, which the anthropic "
    "SDK's tool runner adds to every request (it calls beta.messages.parse) and which Bedrock "
    "does not accept (400 invalid beta flag)"
)

TOOL_RUNNER: Mapping[str, Setup] = {
    target: Setup(
        gateway_drops_betas=("structured-outputs-2025-12-15",),
        gateway_reasons=(_STRUCTURED_OUTPUTS,),
    )
    for target in ("bedrock-invoke", "bedrock-converse")
}

_TABLES: Mapping[str, Mapping[str, Setup]] = {
    "claude-code": CLAUDE_CODE,
    "anthropic-sdk-tool-runner": TOOL_RUNNER,
}


def setup_for(client: str, target: str) -> Setup:
    """The setup of ``client`` on ``target`` (none: the client's defaults)."""
    return _TABLES.get(client, {}).get(target, Setup())


def gateway_settings(clients: Iterable[str], targets: Iterable[str]) -> dict[str, Any]:
    """The null gateway's configuration for ``clients`` on ``targets``: per target, the
    ``drop_betas`` of all of them and their ``target_options``."""
    drops: dict[str, list[str]] = {}
    options: dict[str, dict[str, Any]] = {}
    for client in clients:
        for target in targets:
            setup = setup_for(client, target)
            for flag in setup.gateway_drops_betas:
                drops.setdefault(target, [])
                if flag not in drops[target]:
                    drops[target].append(flag)
            if setup.gateway_options:
                options.setdefault(target, {}).update(setup.gateway_options)
    return {"drop_betas": drops, "target_options": options}

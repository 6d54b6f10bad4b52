"""How a client is set up for each target through the null gateway, and why.

Claude Code sends what the native API accepts; some of it a backend refuses, and the
reference translator refuses it by name rather than send a request certain to fail. A
platform team routing Claude Code onto such a backend configures around it; these are the
settings Parity uses, each with its reason, and a cell run with one is amber with that
reason (docs/CLIENTS.md lists them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

_NO_EXPERIMENTAL_BETAS = {"CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS": "1"}


@dataclass(frozen=True)
class Setup:
    """Extra client environment, beta flags the gateway drops for the target, and why."""

    env: Mapping[str, str] = field(default_factory=dict)
    gateway_drops_betas: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


_BEDROCK_BETA = (
    "the null gateway drops the claude-code-20250219 beta flag, which Bedrock refuses "
    "(400 invalid beta flag) and the reference translator refuses by name"
)
_CONTEXT_MANAGEMENT = (
    "Claude Code runs with CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1, so that it sends no "
    "context_management, which the {target} translator refuses by name"
)

CLAUDE_CODE: Mapping[str, Setup] = {
    "bedrock-invoke": Setup(
        gateway_drops_betas=("claude-code-20250219",), reasons=(_BEDROCK_BETA,)
    ),
    "bedrock-converse": Setup(
        env=_NO_EXPERIMENTAL_BETAS,
        gateway_drops_betas=("claude-code-20250219",),
        reasons=(_BEDROCK_BETA, _CONTEXT_MANAGEMENT.format(target="Converse")),
    ),
    "openai": Setup(
        env=_NO_EXPERIMENTAL_BETAS,
        reasons=(_CONTEXT_MANAGEMENT.format(target="OpenAI chat-completions"),),
    ),
}


def setup_for(client: str, target: str) -> Setup:
    """The setup of ``client`` on ``target`` (none: the client's defaults)."""
    table = CLAUDE_CODE if client == "claude-code" else {}
    return table.get(target, Setup())


def dropped_betas(client: str, targets: tuple[str, ...]) -> dict[str, list[str]]:
    """The gateway's ``drop_betas`` configuration for ``client`` on ``targets``."""
    drops = {t: list(setup_for(client, t).gateway_drops_betas) for t in targets}
    return {t: flags for t, flags in drops.items() if flags}

"""The system under test a client run goes through: a gateway profile (the null gateway by
default, or a third-party gateway such as LiteLLM or claude-code-router), and what a client
needs from it: the model name that reaches each target, the credentials the gateway takes,
and where it cannot go.

A client is configured as its users configure it for a gateway: Claude Code gets the
profile's key as ``ANTHROPIC_API_KEY`` (an ``x-api-key`` header) or ``ANTHROPIC_AUTH_TOKEN``
(``authorization: Bearer``), and any other header of the profile in
``ANTHROPIC_CUSTOM_HEADERS``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from harness.systems.gateway.profile import GatewayProfile, resolve_env
from harness.targets import TargetsConfig

NULL_TEMPLATE = "gateway.yaml.j2"
"""The null gateway's configuration template: a profile rendering it is a null gateway (it
takes the gateway-side setups, `setups.Setup.gateway_drops_betas` and options)."""

_BEARER = "bearer "


@dataclass(frozen=True)
class ClientSystem:
    profile: GatewayProfile
    config: TargetsConfig

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def is_null_gateway(self) -> bool:
        """Whether the gateway is Parity's null gateway (its setups can be configured)."""
        start = self.profile.start
        return start is not None and start.config == NULL_TEMPLATE

    def unsupported(self, target: str, scenario: str, front: str = "anthropic") -> str | None:
        """Why a client of ``front`` cannot reach ``target`` through the gateway, if so (a
        grey case)."""
        if front not in self.profile.fronts:
            return f"the {self.name} profile names no {front} front"
        return self.profile.route(target).unsupported_for(front, scenario)

    def model(self, target: str, logical: str) -> str:
        """The model name a client sends to reach ``logical`` on ``target``."""
        pattern = self.profile.route(target).model or "{model}"
        return pattern.replace("{model}", logical).replace(
            "{model_id}", self.config.model_id(logical, target)
        )

    def headers(self, target: str, values: Mapping[str, str]) -> dict[str, str]:
        """The profile's headers for ``target``, environment references resolved and
        placeholders (``{simulator_url}``, the fake credentials) filled."""
        raw = {**self.profile.headers, **self.profile.route(target).headers}
        filled: dict[str, str] = {}
        for name, value in raw.items():
            text = resolve_env(value, os.environ)
            for key, replacement in values.items():
                text = text.replace("{" + key + "}", replacement)
            filled[name.lower()] = text
        return filled


def claude_code_credentials(headers: Mapping[str, str]) -> dict[str, str]:
    """Claude Code's environment for a gateway taking ``headers``: the key in the variable
    that sends it as the gateway expects, the other headers as custom headers."""
    env: dict[str, str] = {}
    rest = dict(headers)
    bearer = rest.get("authorization", "")
    if "x-api-key" in rest:
        env["ANTHROPIC_API_KEY"] = rest.pop("x-api-key")
        rest.pop("authorization", None)
    elif bearer.lower().startswith(_BEARER):
        env["ANTHROPIC_AUTH_TOKEN"] = bearer[len(_BEARER) :]
        del rest["authorization"]
    if rest:
        env["ANTHROPIC_CUSTOM_HEADERS"] = "\n".join(f"{k}: {v}" for k, v in rest.items())
    return env

"""The reference translator: one package per backend, and the registry of targets."""

from __future__ import annotations

import importlib

from adapters.base import Adapter

TARGETS: tuple[str, ...] = ("anthropic", "vertex", "bedrock-invoke", "bedrock-converse", "openai")
CANONICAL_TARGET = "anthropic"

# target name -> module holding ``ADAPTER``; a target absent here is not built yet.
_MODULES: dict[str, str] = {
    "anthropic": "adapters.anthropic.adapter",
    "vertex": "adapters.vertex.adapter",
    "bedrock-invoke": "adapters.bedrock.invoke.adapter",
    "bedrock-converse": "adapters.bedrock.converse.adapter",
    "openai": "adapters.openai.adapter",
}


class UnknownTargetError(ValueError):
    """The target name is not one Parity knows, or its adapter is not available yet."""


def available_targets() -> tuple[str, ...]:
    """The targets whose adapters exist, in the canonical order."""
    return tuple(t for t in TARGETS if t in _MODULES)


def get_adapter(target: str) -> Adapter:
    """The adapter for ``target``; a clear error for unknown or not-yet-built targets."""
    if target not in TARGETS:
        raise UnknownTargetError(
            f"unknown target {target!r}; expected one of: {', '.join(TARGETS)}"
        )
    module = _MODULES.get(target)
    if module is None:
        raise UnknownTargetError(f"target {target!r} is not available in this version of Parity")
    adapter: Adapter = importlib.import_module(module).ADAPTER
    return adapter

"""The reference translator: one package per backend, and the registry of targets."""

from __future__ import annotations

import importlib

from adapters.base import Adapter

TARGETS: tuple[str, ...] = ("anthropic", "vertex", "bedrock-invoke", "bedrock-converse", "openai")
CANONICAL_TARGET = "anthropic"

# target name -> the module holding its ``ADAPTER``
_MODULES: dict[str, str] = {
    "anthropic": "adapters.anthropic.adapter",
    "vertex": "adapters.vertex.adapter",
    "bedrock-invoke": "adapters.bedrock.invoke.adapter",
    "bedrock-converse": "adapters.bedrock.converse.adapter",
    "openai": "adapters.openai.adapter",
}


class UnknownTargetError(ValueError):
    """The target name is not one Parity knows."""


def available_targets() -> tuple[str, ...]:
    """Every target, in the canonical order (`TARGETS`)."""
    return TARGETS


def get_adapter(target: str) -> Adapter:
    """The adapter for ``target``; `UnknownTargetError` for a name Parity does not know."""
    module = _MODULES.get(target)
    if module is None:
        raise UnknownTargetError(
            f"unknown target {target!r}; expected one of: {', '.join(TARGETS)}"
        )
    adapter: Adapter = importlib.import_module(module).ADAPTER
    return adapter

"""Fronts: the API a scenario's request is written in, and the way back to it.

A front says how a scenario's request becomes what a client sends in a mode, how the front
door turns that into an Anthropic request, and how the Anthropic outcome is shown back to
the client (``None`` for the native front: the client sees the outcome itself). One entry
per front; adding one is: write its module (an object with the `Front` methods, as
``FRONT``) and `register` it.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from harness.errors import ParityError
from harness.findings import Finding
from harness.vocabulary import JSON

NATIVE_FRONT = "anthropic"


class Front(Protocol):
    """One client-facing API."""

    name: str
    title: str

    def client_request(self, request: JSON, mode: str) -> JSON:
        """What the client sends in ``mode`` for a scenario's ``request``."""
        ...

    def to_anthropic(self, request: JSON) -> JSON:
        """The Anthropic request the front door makes of a client request (a
        ``TranslationError`` names the field it cannot map)."""
        ...

    def client_outcome(self, request: JSON, outcome: JSON) -> JSON | None:
        """What the client sees for an Anthropic ``outcome`` (``{"status", "body"}`` or
        ``{"status", "events"}``); None when that is the outcome itself."""
        ...

    def check(self, shown: JSON) -> list[Finding]:
        """A client outcome against the front's official types."""
        ...

    def normalize(self, shown: JSON) -> JSON:
        """The golden form of a client outcome."""
        ...

    def parity(self, shown: JSON) -> JSON:
        """What of a client outcome must agree with the canonical target's."""
        ...


class UnknownFrontError(ParityError):
    """The front name is not one Parity knows."""


_MODULES: dict[str, str] = {
    "anthropic": "harness.fronts.anthropic",
    "openai": "harness.fronts.openai",
}


def fronts() -> tuple[str, ...]:
    """Every front's name, the native one first."""
    return tuple(_MODULES)


def register(name: str, module: str) -> None:
    """Add a front whose module holds its ``FRONT``."""
    if name in _MODULES:
        raise ValueError(f"front {name!r} is registered already")
    _MODULES[name] = module


def get_front(name: str) -> Front:
    """The front called ``name``; `UnknownFrontError` lists the known ones otherwise."""
    module = _MODULES.get(name)
    if module is None:
        raise UnknownFrontError(f"unknown front {name!r}; expected one of: {', '.join(_MODULES)}")
    front: Front = importlib.import_module(module).FRONT
    return front

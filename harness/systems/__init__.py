"""Systems under test: what turns a case's request into what its client receives.

Parity's reference translator runs in-process (``reference``, in `SYSTEMS`); a gateway under
test is a `harness.systems.gateway.system.GatewaySystem`, built by the session from a
profile (docs/GATEWAYS.md), since it needs a running simulator and gateway. A system
returns an `Execution`: the Anthropic request, the wire request the backend got, the
decoded `Outcome` and, for a non-native front, the client's view of it, with the findings of
the stages that ran. The runner grades an execution the same way whatever system made it.

Adding a system (e.g. a gateway reached over HTTP): write a module with a class following
`System` and add it to `SYSTEMS`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Protocol

from adapters.base import WireRequest
from harness.cases import REFERENCE_SYSTEM, Case
from harness.errors import ParityError
from harness.findings import Finding
from harness.outcome import Outcome
from harness.run_options import RunOptions
from harness.targets import TargetsConfig
from harness.vocabulary import JSON


@dataclass
class Execution:
    """What happened for one case, before any check."""

    request: JSON | None = None
    """The Anthropic request of the case (what the front door made of the client's)."""
    wire: WireRequest | None = None
    outcome: Outcome | None = None
    front: JSON | None = None
    """What the client sees, for a non-native front."""
    findings: list[Finding] = field(default_factory=list)
    provenance: JSON | None = None
    transport_ms: float = 0.0
    upstream: JSON | None = None
    """For a gateway: what its backend received (requests, canonicalizations applied)."""


class System(Protocol):
    """A system under test for one run."""

    name: str
    secrets: set[str]
    """Every credential value it sent: never to be written anywhere."""

    def execute(self, case: Case) -> Execution: ...

    def not_applicable(self, case: Case) -> str | None:
        """Why this system cannot run ``case`` (the case is grey), or None."""
        ...


class SystemFactory(Protocol):
    def __call__(self, config: TargetsConfig, options: RunOptions) -> System: ...


class UnknownSystemError(ParityError):
    """The system name is not one Parity knows."""


REFERENCE = REFERENCE_SYSTEM

SYSTEMS: dict[str, str] = {REFERENCE: "harness.systems.reference:ReferenceSystem"}
"""System name -> ``module:class`` of its factory."""


def make_system(name: str, config: TargetsConfig, options: RunOptions) -> System:
    """The system under test called ``name`` for a run with ``config`` and ``options``."""
    where = SYSTEMS.get(name)
    if where is None:
        raise UnknownSystemError(
            f"unknown system under test {name!r}; expected one of: {', '.join(SYSTEMS)}"
        )
    module, _, attr = where.partition(":")
    factory: SystemFactory = getattr(importlib.import_module(module), attr)
    return factory(config, options)

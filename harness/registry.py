"""The registry of targets: everything the engine knows about a target, in one entry.

A target is a backend route Parity translates onto. Its entry names the modules that serve
it (the reference translator's ``ADAPTER`` and the simulator backend's ``make_backend``), the
environment variables that aim a live recording at it, its display title and its place in
every listing. The credential headers it sends are declared by its adapter
(``Adapter.credential_headers``) and scrubbed everywhere through `credential_headers`.

Adding a target: write its adapter package and simulator backend, call `register` with one
`TargetEntry` (built-in targets are listed below), and add its column to
``fixtures/targets.yaml``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from adapters.base import Adapter
from harness.errors import ParityError

if TYPE_CHECKING:
    from harness.simulator import Backend

CANONICAL_TARGET = "anthropic"
"""The native API: every other target's outcome is compared with this one's."""


class UnknownTargetError(ParityError):
    """The target name is not one Parity knows; the message lists the known ones."""


@dataclass(frozen=True)
class TargetEntry:
    """One target. ``adapter`` is the module holding the reference translator's ``ADAPTER``;
    ``simulator`` the module whose ``make_backend(verify_env)`` builds its simulator backend.
    The ``*_env`` tuples name the variables that override the base URL, region and project
    when recording live (the first one set wins)."""

    name: str
    title: str
    adapter: str
    simulator: str
    base_url_env: tuple[str, ...] = ()
    region_env: tuple[str, ...] = ()
    project_env: tuple[str, ...] = ()


_ENTRIES: dict[str, TargetEntry] = {}
_HEADERS: list[frozenset[str]] = []  # `credential_headers`, once computed


def register(entry: TargetEntry) -> None:
    """Add a target after the ones already known (a name may be registered only once)."""
    if entry.name in _ENTRIES:
        raise ValueError(f"target {entry.name!r} is registered already")
    _ENTRIES[entry.name] = entry
    _HEADERS.clear()


def unregister(name: str) -> None:
    """Remove a target added with `register` (built-in targets stay)."""
    if name in _BUILT_IN_NAMES:
        raise ValueError(f"target {name!r} is built in")
    _ENTRIES.pop(name, None)
    _HEADERS.clear()


def targets() -> tuple[str, ...]:
    """Every registered target, in display order (the canonical target first)."""
    return tuple(_ENTRIES)


def entry(name: str) -> TargetEntry:
    """The entry of ``name``; `UnknownTargetError` names the known targets otherwise."""
    found = _ENTRIES.get(name)
    if found is None:
        raise UnknownTargetError(f"unknown target {name!r}; expected one of: {', '.join(_ENTRIES)}")
    return found


def adapter(name: str) -> Adapter:
    """The reference translator for target ``name``."""
    found: Adapter = importlib.import_module(entry(name).adapter).ADAPTER
    return found


def simulator_backend(name: str, verify_env: Mapping[str, str] | None = None) -> Backend:
    """The simulator backend of target ``name`` (a `harness.simulator.Backend`; verifying
    credentials against ``verify_env`` when given)."""
    backend: Backend = importlib.import_module(entry(name).simulator).make_backend(verify_env)
    return backend


def credential_headers() -> frozenset[str]:
    """Every header any registered target's adapter declares as carrying credentials (asked
    for every header scrubbed or scanned, so kept until a target is added or removed)."""
    if not _HEADERS:
        _HEADERS.append(
            frozenset(h.lower() for name in _ENTRIES for h in adapter(name).credential_headers)
        )
    return _HEADERS[0]


def env_value(names: tuple[str, ...], env: Mapping[str, str]) -> str | None:
    """The value of the first of ``names`` set (non-empty) in ``env``."""
    for name in names:
        if env.get(name):
            return env[name]
    return None


def _base_url_env(target: str, *more: str) -> tuple[str, ...]:
    return (f"PARITY_{target.upper().replace('-', '_')}_BASE_URL", *more)


_AWS_REGION = ("AWS_REGION", "AWS_DEFAULT_REGION")
_BUILT_IN: tuple[TargetEntry, ...] = (
    TargetEntry(
        name="anthropic",
        title="Anthropic",
        adapter="adapters.anthropic.adapter",
        simulator="harness.simulator.anthropic",
        base_url_env=_base_url_env("anthropic"),
    ),
    TargetEntry(
        name="vertex",
        title="Vertex AI",
        adapter="adapters.vertex.adapter",
        simulator="harness.simulator.vertex",
        base_url_env=_base_url_env("vertex"),
        region_env=("CLOUD_ML_REGION",),
        project_env=("ANTHROPIC_VERTEX_PROJECT_ID",),
    ),
    TargetEntry(
        name="bedrock-invoke",
        title="Bedrock InvokeModel",
        adapter="adapters.bedrock.invoke.adapter",
        simulator="harness.simulator.bedrock_invoke",
        base_url_env=_base_url_env("bedrock-invoke"),
        region_env=_AWS_REGION,
    ),
    TargetEntry(
        name="bedrock-converse",
        title="Bedrock Converse",
        adapter="adapters.bedrock.converse.adapter",
        simulator="harness.simulator.bedrock_converse",
        base_url_env=_base_url_env("bedrock-converse"),
        region_env=_AWS_REGION,
    ),
    TargetEntry(
        name="openai",
        title="OpenAI chat completions",
        adapter="adapters.openai.adapter",
        simulator="harness.simulator.openai",
        # OPENAI_BASE_URL: the variable OpenAI's own clients read
        base_url_env=_base_url_env("openai", "OPENAI_BASE_URL"),
    ),
    TargetEntry(
        name="openai-responses",
        title="OpenAI Responses",
        adapter="adapters.openai_responses.adapter",
        simulator="harness.simulator.openai_responses",
        base_url_env=_base_url_env("openai-responses", "OPENAI_BASE_URL"),
    ),
)
for _entry in _BUILT_IN:
    register(_entry)
_BUILT_IN_NAMES = frozenset(e.name for e in _BUILT_IN)

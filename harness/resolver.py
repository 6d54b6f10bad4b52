"""Which scenario answers a request the simulator receives.

A request that names its scenario in the ``x-parity-scenario`` header (Parity's recordings,
a gateway that forwards the header) gets that scenario. Any other request is placed by its
canonical form (`harness.canonical`): the reference translator's wire request of every
scenario and mode is put in canonical form once per target, and a request is looked up by
its `Canonical.key`. A reference request that wraps another (Bedrock's CountTokens) is
indexed by the request it wraps, as the server resolves such a request (`Route.resolve_as`);
a Bedrock request naming a cross-region profile is also found under the foundation model it
runs on, the only id CountTokens takes (an exact match wins).
A request that cannot be placed (no such scenario, no match) gets an `Unplaced` rejection:
the client sees only a neutral 400 in the backend's own shape; the journal gets why, the
closest scenario and every difference from its request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from adapters.base import TranslationError, WireRequest
from adapters.bedrock import urls
from harness import registry
from harness.canonical import Canonical, Difference, canonical_request, compare_requests
from harness.cases import Case
from harness.scenarios import Scenario
from harness.simulator import Backend, Rejection, Script, SimRequest, Unplaced
from harness.simulator.memo import BoundedCache
from harness.targets import TargetsConfig
from harness.transport import SCENARIO_HEADER


@dataclass(frozen=True)
class _Reference:
    scenario: Scenario
    canonical: Canonical


@dataclass(frozen=True)
class _Index:
    by_key: dict[tuple[str, str, bytes], _Reference]
    references: tuple[_Reference, ...]


class ScenarioResolver:
    """A simulator resolver over a set of scenarios and one targets configuration (safe to
    call from several threads)."""

    def __init__(self, scenarios: list[Scenario], config: TargetsConfig) -> None:
        self._by_id = {s.id: s for s in scenarios}
        self._config = config
        self._indexes: dict[str, _Index] = {}
        self._lock = threading.Lock()
        self._placed: BoundedCache[Script | Rejection] = BoundedCache()

    def __call__(self, target: str, request: SimRequest) -> Script | Rejection:
        named = request.headers.get(SCENARIO_HEADER)
        if named:
            scenario = self._by_id.get(named)
            if scenario is None:
                return Unplaced.because(f"{SCENARIO_HEADER} names no known scenario: {named!r}")
            return Script(scenario.id, scenario.reply)
        return self.place(target, request)

    def place(self, target: str, request: SimRequest) -> Script | Rejection:
        """The scenario whose reference wire request ``request`` is, canonically (worked
        out once per distinct request)."""
        key = (target, request.method, request.path, request.query, request.body)
        return self._placed.get(key, lambda: self._place(target, request))

    def _place(self, target: str, request: SimRequest) -> Script | Rejection:
        path = f"{request.path}?{request.query}" if request.query else request.path
        canonical = canonical_request(target, request.method, path, request.body)
        index = self.index(target)
        found = index.by_key.get(canonical.key)
        if found is not None:
            return Script(found.scenario.id, found.scenario.reply)
        if not index.references:
            return Unplaced.because(f"no scenario runs on target {target!r}")
        return _closest(canonical, index.references)

    def index(self, target: str) -> _Index:
        """The canonical reference requests of ``target``, built on first use."""
        index = self._indexes.get(target)
        if index is None:
            with self._lock:
                index = self._indexes.get(target)
                if index is None:
                    index = self._indexes[target] = self._build(target)
        return index

    def _build(self, target: str) -> _Index:
        adapter = registry.adapter(target)
        backend = registry.simulator_backend(target)
        refs: list[_Reference] = []
        for scenario in self._by_id.values():
            for mode in scenario.modes:
                case = Case(scenario, target, mode)
                if case.not_applicable_reason() is not None:
                    continue
                try:
                    wire = adapter.encode_request(
                        case.call(self._config), case.settings(self._config)
                    )
                except TranslationError:
                    continue
                placed = _placed_as(backend, wire)
                refs.append(
                    _Reference(
                        scenario,
                        canonical_request(target, placed.method, placed.path, placed.body),
                    )
                )
        by_key: dict[tuple[str, str, bytes], _Reference] = {}
        for ref in refs:
            by_key.setdefault(ref.canonical.key, ref)  # the first scenario wins a tie
        for ref in refs:  # after every exact key, so that an exact match always wins
            method, path, body = ref.canonical.key
            for other in _foundation_paths(path):
                by_key.setdefault((method, other, body), ref)
        return _Index(by_key, tuple(refs))


def _foundation_paths(path: str) -> list[str]:
    """A Bedrock path naming a cross-region profile (``/model/us.anthropic.x-v1:0/invoke``)
    also as the foundation model it runs on (``/model/anthropic.x-v1:0/invoke``): CountTokens
    takes only a foundation model id, so the request a counting client wraps names that."""
    parts = path.split("/")  # "", "model", the model id, the operation
    if len(parts) != 4 or parts[1] != "model" or not urls.is_cross_region_profile(parts[2]):
        return []
    return ["/".join(["", "model", urls.without_geography(parts[2]), parts[3]])]


def _placed_as(backend: Backend, wire: WireRequest) -> SimRequest:
    """The request ``wire`` is placed by when the simulator receives it: itself, or the
    request it wraps."""
    headers = {name.lower(): value for name, value in wire.headers.items()}
    request = SimRequest(wire.method, urlsplit(wire.url).path, "", headers, wire.body or b"")
    route = backend.route(request)
    return route.resolve_as if route is not None and route.resolve_as is not None else request


def _closest(canonical: Canonical, references: tuple[_Reference, ...]) -> Unplaced:
    best: tuple[int, _Reference, list[Difference]] | None = None
    for ref in references:
        found = compare_requests(ref.canonical, canonical)
        score = len(found) + (1000 if ref.canonical.path != canonical.path else 0)
        if best is None or score < best[0]:
            best = (score, ref, found)
    assert best is not None
    _, ref, found = best
    return Unplaced.because(
        f"no scenario matches; the closest is {ref.scenario.id!r} "
        f"({len(found)} difference{'' if len(found) == 1 else 's'})",
        ref.scenario.id,
        tuple(found),
    )

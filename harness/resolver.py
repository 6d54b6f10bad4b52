"""Which scenario answers a request the simulator receives.

When Parity records, it names the scenario in a header. When anything else talks to
`parity serve` (a gateway under test, an SDK), the request is matched against every
scenario's reference wire request for that target, after normalization; a request that
matches none is answered with the backend's own error shape, naming the closest scenario and
the first difference.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from adapters.base import JSON, TranslationError
from harness import registry
from harness.cases import Case
from harness.compare import diff
from harness.scenarios import Scenario
from harness.simulator.server import Rejection, Script, SimRequest
from harness.targets import TargetsConfig
from harness.transport import SCENARIO_HEADER


@dataclass(frozen=True)
class _Reference:
    scenario: Scenario
    path: str
    body: object


class ScenarioResolver:
    """A simulator resolver over a set of scenarios and one targets configuration."""

    def __init__(self, scenarios: list[Scenario], config: TargetsConfig) -> None:
        self._by_id = {s.id: s for s in scenarios}
        self._config = config
        self._references: dict[str, list[_Reference]] = {}

    def __call__(self, target: str, request: SimRequest) -> Script | Rejection:
        named = request.headers.get(SCENARIO_HEADER)
        if named:
            scenario = self._by_id.get(named)
            if scenario is None:
                return Rejection(404, f"Parity simulator: no scenario named {named!r}")
            return Script(scenario.id, scenario.reply)
        return self._match(target, request)

    def _match(self, target: str, request: SimRequest) -> Script | Rejection:
        try:
            body: object = json.loads(request.body) if request.body else None
        except ValueError:
            return Rejection(400, "Parity simulator: the request body is not JSON")
        path = unquote(request.path)
        best: tuple[int, _Reference, str] | None = None
        for ref in self._references_for(target):
            if ref.path == path and ref.body == body:
                return Script(ref.scenario.id, ref.scenario.reply)
            found = diff(ref.body, body, check="serve", against="the scenario's request")
            score = len(found) + (0 if ref.path == path else 1000)
            if best is None or score < best[0]:
                first = found[0] if found else None
                detail = (
                    f"path {path} differs from {ref.path}"
                    if ref.path != path
                    else f"{first.path or 'body'}: {first.message}"
                    if first
                    else "differs"
                )
                best = (score, ref, detail)
        if best is None:
            return Rejection(404, f"Parity simulator: no scenario runs on target {target!r}")
        return Rejection(
            400,
            f"Parity simulator: no scenario matches this request; the closest is "
            f"{best[1].scenario.id!r} ({best[2]})",
        )

    def _references_for(self, target: str) -> list[_Reference]:
        cached = self._references.get(target)
        if cached is not None:
            return cached
        adapter = registry.adapter(target)
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
                body: JSON | None = wire.json()
                refs.append(_Reference(scenario, unquote(urlsplit(wire.url).path), body))
        self._references[target] = refs
        return refs

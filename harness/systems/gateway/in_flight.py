"""The case in flight, for a gateway that does not pass Parity's headers on to its backend.

Such a gateway's cases run one at a time. Placing its requests by content alone (the
simulator's way for a request that names no scenario) fails for every request the gateway
changed in any way, even by a field the backend ignores: the simulator then answers a
neutral 400, and the client side would be judged on an answer no real backend gives. So
while a case is in flight, the simulator answers every request that names no scenario with
that case's scenario, exactly as if the gateway had forwarded ``x-parity-scenario``. What
the gateway changed in the request is still judged, upstream, against the reference
translator's request; the simulated service still refuses what the real one would.
"""

from __future__ import annotations

import collections
import contextlib
import threading
from collections.abc import Iterator

from harness.scenarios import Scenario
from harness.simulator import Rejection, Resolver, Script, SimRequest, Unplaced
from harness.transport import SCENARIO_HEADER


class CaseInFlight:
    """A simulator resolver: the scenario of the case in flight, else ``resolver``'s answer
    (a request that names its scenario, or one that arrives between cases)."""

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver
        self._scenario: Scenario | None = None

    def __call__(self, target: str, request: SimRequest) -> Script | Rejection:
        scenario = self._scenario
        if scenario is None or request.headers.get(SCENARIO_HEADER):
            return self._resolver(target, request)
        return Script(scenario.id, scenario.reply)

    @contextlib.contextmanager
    def case(self, scenario: Scenario) -> Iterator[None]:
        """``scenario`` answers while the block runs (one case at a time)."""
        self._scenario = scenario
        try:
            yield
        finally:
            self._scenario = None


class CasesInFlight:
    """A simulator resolver for a gateway that forwards Parity's headers on most routes but
    not all (LiteLLM's count_tokens): its cases run several at a time, so a request without
    the scenario header cannot be given to one case by time alone. One the simulator cannot
    place, but finds closest to the scenario of a case in flight, gets that scenario's
    answer, as it would have with the header (a real backend answers what the gateway
    changed; the change is judged upstream); any other is answered as before."""

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver
        self._flying: collections.Counter[str] = collections.Counter()
        self._scenarios: dict[str, Scenario] = {}
        self._lock = threading.Lock()

    def __call__(self, target: str, request: SimRequest) -> Script | Rejection:
        answer = self._resolver(target, request)
        if request.headers.get(SCENARIO_HEADER) or not isinstance(answer, Unplaced):
            return answer
        with self._lock:
            scenario = self._scenarios.get(answer.closest or "")
            flying = scenario is not None and self._flying[scenario.id] > 0
        return Script(scenario.id, scenario.reply) if scenario and flying else answer

    @contextlib.contextmanager
    def case(self, scenario: Scenario) -> Iterator[None]:
        """``scenario`` is in flight while the block runs (other cases may be too)."""
        with self._lock:
            self._flying[scenario.id] += 1
            self._scenarios[scenario.id] = scenario
        try:
            yield
        finally:
            with self._lock:
                self._flying[scenario.id] -= 1

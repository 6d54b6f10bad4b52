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

import contextlib
from collections.abc import Iterator

from harness.scenarios import Scenario
from harness.simulator import Rejection, Resolver, Script, SimRequest
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

"""A simulator resolver for tests: answers the scenario named in ``x-parity-scenario`` from a
fixed set of replies, and remembers each (target, request) it was asked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.simulator import Rejection, Script, SimRequest

EXPLODE = "explode"
"""A scenario name that makes the resolver raise, to test the server's own failures."""


class ScriptedResolver:
    def __init__(self, replies: Mapping[str, dict[str, Any]]) -> None:
        self.replies = replies
        self.calls: list[tuple[str, SimRequest]] = []

    @property
    def requests(self) -> list[SimRequest]:
        return [request for _, request in self.calls]

    def __call__(self, target: str, request: SimRequest) -> Script | Rejection:
        self.calls.append((target, request))
        name = request.headers.get("x-parity-scenario", "")
        if name == EXPLODE:
            raise RuntimeError("resolver exploded")
        if name not in self.replies:
            return Rejection(404, f"no scenario matches {name!r}")
        return Script(name, dict(self.replies[name]))

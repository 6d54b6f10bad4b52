"""The native front: the scenario's request is an Anthropic request and the client sees the
Anthropic outcome itself."""

from __future__ import annotations

import copy

from harness.findings import Finding
from harness.vocabulary import JSON


class AnthropicFront:
    name = "anthropic"
    title = "Anthropic"

    def client_request(self, request: JSON, mode: str) -> JSON:
        body = copy.deepcopy(request)
        if mode == "stream":
            body["stream"] = True
        return body

    def to_anthropic(self, request: JSON) -> JSON:
        return copy.deepcopy(request)

    def client_outcome(self, request: JSON, outcome: JSON) -> JSON | None:
        return None

    def check(self, shown: JSON) -> list[Finding]:
        return []

    def normalize(self, shown: JSON) -> JSON:
        return shown

    def parity(self, shown: JSON) -> JSON:
        return shown


FRONT = AnthropicFront()

"""Findings: one named difference or violation, with its path and both values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Finding:
    """What a check found. ``expected``/``actual`` are JSON values (None when not applicable).

    ``check`` is one of: scenario, translate, transport, cassette, schema, grammar, golden,
    golden-request, reply, usage, parity, expectation; for a gateway's cases also upstream,
    client, refusal and front-door (see docs/ARCHITECTURE.md and docs/GATEWAYS.md); for a client run
    also tool, request, conversation and events (docs/CLIENTS.md).
    """

    check: str
    path: str
    expected: Any
    actual: Any
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "path": self.path,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }

    def line(self) -> str:
        """One readable line, as pytest failures and the CLI show it."""
        where = f" at {self.path}" if self.path else ""
        values = ""
        if self.expected is not None or self.actual is not None:
            values = f" (expected {_short(self.expected)}, got {_short(self.actual)})"
        return f"[{self.check}]{where}: {self.message}{values}"


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."

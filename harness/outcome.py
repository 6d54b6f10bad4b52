"""The outcome: what an Anthropic client receives for a call, in one typed value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harness.vocabulary import JSON


@dataclass(frozen=True)
class Outcome:
    """A complete answer (``status`` and ``body``: a Message, a count_tokens result or an
    error envelope) or a stream (``status`` and ``events``, with their SSE ``names``)."""

    status: int
    body: Any = None
    events: list[JSON] | None = None
    names: list[str] = field(default_factory=list)

    @property
    def is_stream(self) -> bool:
        return self.events is not None

    def to_dict(self) -> JSON:
        """The plain form checks, goldens and results use: ``{"status", "body"}`` or
        ``{"status", "events"}``."""
        if self.events is not None:
            return {"status": self.status, "events": self.events}
        return {"status": self.status, "body": self.body}

"""The finding every protocol check returns: where something is wrong, and what."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    """One breach of the protocol.

    ``path`` locates it (``events[3].delta``, ``content[1].input``, ``usage.output_tokens``;
    ``""`` for the whole stream or body); ``message`` is one readable sentence.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

"""The Anthropic side of a Responses stream: content blocks opened, filled and closed one at
a time (each under the key of what it carries: an item id, or ``item/content_index`` for a
message part), and the output items seen so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.base import JSON


@dataclass
class Item:
    """One output item as it streams: its id, type, Anthropic block (once opened) and, for
    a function call, its argument fragments."""

    id: str
    kind: str
    block: int | None = None
    fragments: list[str] = field(default_factory=list)


@dataclass
class Blocks:
    """The Anthropic events so far and the one open block."""

    events: list[JSON] = field(default_factory=list)
    open_key: str | None = None
    _open_index: int | None = None
    _next: int = 0

    def open(self, block: JSON, key: str) -> int:
        """Close the open block, open ``block`` under ``key``; its index."""
        self.close_open()
        index = self._next
        self._next += 1
        self.events.append({"type": "content_block_start", "index": index, "content_block": block})
        self.open_key, self._open_index = key, index
        return index

    def delta(self, delta: JSON) -> None:
        """A delta on the open block."""
        self.events.append(
            {"type": "content_block_delta", "index": self._open_index, "delta": delta}
        )

    def close_key(self, key: str) -> None:
        """Close the open block if it is the one under ``key``."""
        if self.open_key == key:
            self.close_open()

    def close_open(self) -> None:
        """Close the open block, if any."""
        if self._open_index is not None:
            self.events.append({"type": "content_block_stop", "index": self._open_index})
        self.open_key, self._open_index = None, None

"""The simulator's journal: one record per request received, kept in memory (bounded, safe
to use from several threads), and optionally written as JSON lines.

A record holds what arrived (time, method, path, query, headers with credential values
redacted, body bytes, the ``x-parity-case`` correlation header when a client sent one), the
target whose route it took, the scenario that answered it or why none did (with the closest
scenario and every difference from its request), the status sent and the latency. The JSON
line of a record (`JournalRecord.log_entry`) holds no body, no header and no value from
either (a difference is given by its kind and path only), so no credential.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from harness.secrets import REDACTED, is_secret_header

if TYPE_CHECKING:
    from harness.canonical import Difference

CASE_HEADER = "x-parity-case"
"""A correlation id a client may send (through a gateway that forwards headers), kept with
the journal record so that a judge can find the requests of its case."""

DEFAULT_LIMIT = 10_000


@dataclass(frozen=True)
class Resolution:
    """How the simulator answered a request: the target whose route it took (None: no
    backend's), and the scenario that answered it, or why none did."""

    target: str | None = None
    scenario: str | None = None
    reason: str | None = None
    closest: str | None = None
    differences: tuple[Difference, ...] = ()


@dataclass(frozen=True)
class JournalRecord:
    """One request received and what was sent back."""

    time: float  # seconds since the epoch, when the request arrived
    method: str
    path: str
    query: str
    headers: Mapping[str, str]  # credential values redacted
    body: bytes
    case: str | None
    resolution: Resolution
    status: int
    latency_ms: float  # from the request's arrival to its answer ready to send

    @property
    def target(self) -> str | None:
        return self.resolution.target

    @property
    def scenario(self) -> str | None:
        return self.resolution.scenario

    def log_entry(self) -> dict[str, Any]:
        """The JSON line of this record: route, target, scenario or why none, status,
        latency (no body, no header value)."""
        entry: dict[str, Any] = {
            "time": round(self.time, 6),
            "route": f"{self.method} {self.path}",
            "target": self.resolution.target,
            "scenario": self.resolution.scenario,
            "status": self.status,
            "latency_ms": round(self.latency_ms, 3),
        }
        if self.resolution.reason is not None:
            entry["why"] = self.resolution.reason
        if self.resolution.differences:
            entry["differences"] = [f"{d.kind} {d.path}" for d in self.resolution.differences]
        if self.case is not None:
            entry["case"] = self.case
        return entry


class Journal:
    """The records of the last ``limit`` requests (the oldest dropped first); each record is
    also handed to ``sink`` when one is given."""

    def __init__(
        self, limit: int = DEFAULT_LIMIT, sink: Callable[[JournalRecord], None] | None = None
    ) -> None:
        if limit < 1:
            raise ValueError(f"the journal limit must be at least 1, got {limit}")
        self._records: deque[JournalRecord] = deque(maxlen=limit)
        self._is_secret = functools.lru_cache(maxsize=1024)(is_secret_header)
        self._lock = threading.Lock()
        self._sink = sink

    def redacted(self, headers: Mapping[str, str]) -> dict[str, str]:
        """``headers`` with the value of every credential header
        (`harness.secrets.is_secret_header`) replaced."""
        return {k: REDACTED if self._is_secret(k) else v for k, v in headers.items()}

    def add(self, record: JournalRecord) -> None:
        with self._lock:
            self._records.append(record)
            if self._sink is not None:
                self._sink(record)

    def records(self) -> list[JournalRecord]:
        """Every record kept, oldest first."""
        with self._lock:
            return list(self._records)

    def take(self, predicate: Callable[[JournalRecord], bool]) -> list[JournalRecord]:
        """Remove and return the records ``predicate`` holds for, oldest first."""
        with self._lock:
            taken: list[JournalRecord] = []
            kept: list[JournalRecord] = []
            for record in self._records:
                (taken if predicate(record) else kept).append(record)
            if taken:
                self._records.clear()
                self._records.extend(kept)
            return taken

    def for_case(self, case: str) -> list[JournalRecord]:
        """Remove and return the records of the requests that carried ``case`` in the
        ``x-parity-case`` header."""
        return self.take(lambda record: record.case == case)

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)


def jsonl_sink(stream: TextIO) -> Callable[[JournalRecord], None]:
    """A journal sink writing each record's `JournalRecord.log_entry` as one JSON line to
    ``stream`` (flushed per line). Call it under the journal's lock only."""

    def write(record: JournalRecord) -> None:
        stream.write(json.dumps(record.log_entry(), ensure_ascii=False, sort_keys=True) + "\n")
        stream.flush()

    return write

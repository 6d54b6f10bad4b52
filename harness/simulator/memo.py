"""A small bounded cache, safe to use from several threads: what the simulator computes from
a request's bytes alone (placements, renderings) is computed once per distinct request.

Every value cached is a deterministic function of its key, so a hit sends exactly the bytes a
miss would have sent."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """The last ``size`` values computed, by key (the least recently used dropped first)."""

    def __init__(self, size: int = 2048) -> None:
        if size < 1:
            raise ValueError(f"a cache holds at least one value, got size {size}")
        self._size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value for ``key``, computed (outside the lock) when not cached."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

"""One analysis per workshop revision, shared by every session of the app process.

The projector, the facilitator's laptop and a co-facilitator's tablet all show the same
dashboard; each auto-refreshes every few seconds. Keyed by what the analysis depends on (the
workshop, its database revision and the weight profile), the group analysis is computed once per
change of the room, not once per session and refresh. Concurrent misses on one key wait for
the first to finish (one computation, not three). Access control stays with the caller: it
checks the facilitator key before it asks, and keys carry the workshop's database id.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class SharedCache(Generic[T]):
    """A small least-recently-used map with one builder per key at a time (thread-safe)."""

    def __init__(self, size: int = 16) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.builds = 0  # how many times a value was computed (for tests and benchmarks)

    def peek(self, key: Hashable) -> T | None:
        """The value for ``key`` if it is here (marks it recently used), else None."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return None

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value for ``key``, built by ``build()`` once if missing.

        Sessions asking for the same missing key meanwhile wait for that one build. A build
        that raises caches nothing, and the next caller tries again.
        """
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._items:  # built by the session we waited for
                    self._items.move_to_end(key)
                    return self._items[key]
            try:
                value = build()
            except BaseException:
                with self._lock:
                    self._building.pop(key, None)
                raise
            with self._lock:
                self.builds += 1
                self._items[key] = value
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
                self._building.pop(key, None)
            return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

"""Throttle join attempts with wrong codes, per client, in this app process.

Six-character codes from 31 symbols are 887 million; at ~10 tries a second an open workshop
could still be found by chance over days. After ``limit`` wrong codes within ``window`` seconds a
client waits ``pause`` seconds before the next try, and every wrong code is logged with the
client, so a facilitator or an operator can see a scan. Each app process counts on its own
(several replicas behind a proxy with sticky sessions keep a client on one of them).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

LOG = logging.getLogger("wizard.workshop")


class JoinThrottle:
    """Counts wrong join codes per client; thread-safe (``Throttles`` logs them)."""

    def __init__(
        self,
        limit: int = 5,
        window: float = 60.0,
        pause: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self.pause = min(pause, window)  # a pause longer than the window would never end
        self.clock = clock
        self.max_clients = max_clients
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, client: str) -> float:
        """How long ``client`` must still wait before trying a code (0: go ahead)."""
        now = self.clock()
        with self._lock:
            recent = self._recent(client, now)
            if len(recent) < self.limit:
                return 0.0
            return max(0.0, recent[-1] + self.pause - now)

    def failed(self, client: str) -> int:
        """Record a wrong try from ``client``; returns how many it made in the window."""
        now = self.clock()
        with self._lock:
            if client not in self._failures and len(self._failures) >= self.max_clients:
                # bounded memory: forget the client whose last failure is oldest
                oldest = min(self._failures, key=lambda c: self._failures[c][-1])
                del self._failures[oldest]
            recent = self._recent(client, now)
            recent.append(now)
            self._failures[client] = recent
            return len(recent)

    def succeeded(self, client: str) -> None:
        """A right code: the client's count starts again."""
        with self._lock:
            self._failures.pop(client, None)

    def _recent(self, client: str, now: float) -> deque[float]:
        recent = self._failures.get(client, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        return recent


class Throttles:
    """A session's limit and its address's limit, checked together."""

    def __init__(self, session: JoinThrottle, address: JoinThrottle) -> None:
        self.session = session
        self.address = address

    def wait_seconds(self, session: str, address: str | None) -> float:
        """How long this client must still wait (the longer of both limits).

        An unknown address (None) is not counted: a shared bucket would lock everyone out.
        """
        by_address = self.address.wait_seconds(address) if address else 0.0
        return max(self.session.wait_seconds(session), by_address)

    def failed(self, session: str, address: str | None, code: str) -> None:
        """A wrong code: counted for both, logged once with the session and the address."""
        count = self.session.failed(session)
        if address:
            count = self.address.failed(address)
        LOG.warning(
            "wrong workshop code %r from %s, %s (%d from this %s in the last %.0f s)",
            code[:16],
            address or "address unknown",
            session,
            count,
            "address" if address else "session",
            self.address.window,
        )

    def succeeded(self, session: str) -> None:
        """A right code: the session's count starts again (the address's does not)."""
        self.session.succeeded(session)

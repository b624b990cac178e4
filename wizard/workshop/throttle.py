"""Slow down workshop-code guessing without locking anyone else out.

Six-character codes from 31 symbols are 887 million; at ~10 tries a second an open workshop
could still be found by chance over days. Two limits, checked only where a code is guessed
(joining by code, or opening a join link):

- **per browser session**: after ``limit`` wrong codes within ``window`` seconds the session
  waits ``pause`` seconds before its next code;
- **per client address** (a whole office behind one NAT may share it): never a lockout. Once
  an address has made ``limit`` wrong codes within ``window`` seconds, its code checks are
  *paced*: one every ``spacing`` seconds, whoever sends them. A person typing the right code
  behind that address waits a moment, never half a minute; a script opening many sessions gets
  no more than one guess per ``spacing`` seconds.

Nothing else is throttled by these counts: a valid participant or resume link, or a
facilitator's code and key, always opens (their secrets are random tokens, not guessable), and
the pages answer a wrong link, or a wrong code and key, with one message that does not say
which part was wrong, so neither path is a way to find codes. Every wrong code is logged with
the client, so an operator can see a scan. Each app process counts on its own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

LOG = logging.getLogger("wizard.workshop")


class JoinThrottle:
    """Counts wrong codes per client (a session, or an address); thread-safe."""

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

    def over_limit(self, client: str) -> bool:
        """Whether ``client`` made ``limit`` or more wrong codes within the window."""
        now = self.clock()
        with self._lock:
            return len(self._recent(client, now)) >= self.limit

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


class AddressPacer:
    """Spaces the code checks of an address that made too many wrong codes (never refuses long).

    ``delay(address)`` reserves the address's next slot and says how long to wait for it: 0
    while the address is under its limit; ``spacing`` apart once over it. A slot further away
    than ``max_wait`` is not reserved (None): the check is refused for now, with the seconds
    to wait, which only happens while many checks from one address queue at once.
    """

    def __init__(
        self,
        limit: int = 30,
        window: float = 60.0,
        spacing: float = 2.0,
        max_wait: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        self.counts = JoinThrottle(limit, window, window, clock, max_clients)
        self.spacing = spacing
        self.max_wait = max_wait
        self.clock = clock
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def window(self) -> float:
        """How long a wrong code counts against its address (seconds)."""
        return self.counts.window

    def delay(self, address: str) -> float | None:
        """Seconds to wait before this check (0: now); None: too many waiting, try later."""
        if not self.counts.over_limit(address):
            return 0.0
        now = self.clock()
        with self._lock:
            slot = max(now, self._next.get(address, now))
            wait = slot - now
            if wait > self.max_wait:
                return None
            if len(self._next) >= self.counts.max_clients and address not in self._next:
                self._next.pop(next(iter(self._next)))
            self._next[address] = slot + self.spacing
            return wait

    def retry_after(self, address: str) -> float:
        """When a refused check may come back (seconds)."""
        now = self.clock()
        with self._lock:
            return max(0.0, self._next.get(address, now) - now - self.max_wait)

    def failed(self, address: str) -> int:
        """Record a wrong code from ``address``; returns how many it made in the window."""
        return self.counts.failed(address)


class Throttles:
    """A session's limit and its address's pacing, checked together for code guesses."""

    def __init__(self, session: JoinThrottle, address: AddressPacer) -> None:
        self.session = session
        self.address = address

    def wait_seconds(self, session: str) -> float:
        """How long this session must still wait before guessing another code (0: go ahead)."""
        return self.session.wait_seconds(session)

    def pace(self, address: str | None) -> float | None:
        """Seconds this code check waits for its address's slot; None: refused for now.

        An unknown address (None) is never paced: a shared bucket would slow everyone.
        """
        return self.address.delay(address) if address else 0.0

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

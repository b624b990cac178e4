"""The process-wide dashboard cache: one build per key, shared, bounded, errors not kept."""

from __future__ import annotations

import threading
import time

import pytest

from wizard.workshop.shared_cache import SharedCache


def test_sessions_asking_at_once_share_one_build() -> None:
    cache: SharedCache[int] = SharedCache(size=4)
    calls = []
    start = threading.Barrier(8)

    def build() -> int:
        calls.append(1)
        time.sleep(0.2)  # long enough for every other thread to arrive meanwhile
        return 42

    results = []

    def ask() -> None:
        start.wait()
        results.append(cache.get("room", build))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == [42] * 8
    assert len(calls) == 1 and cache.builds == 1


def test_least_recently_used_goes_first_and_size_is_kept() -> None:
    cache: SharedCache[str] = SharedCache(size=2)
    cache.get("a", lambda: "A")
    cache.get("b", lambda: "B")
    assert cache.get("a", lambda: "rebuilt") == "A"  # a is now the most recent
    cache.get("c", lambda: "C")  # evicts b
    assert len(cache) == 2
    assert cache.peek("b") is None and cache.peek("a") == "A" and cache.peek("c") == "C"


def test_a_failed_build_is_not_kept_and_the_next_caller_tries_again() -> None:
    cache: SharedCache[int] = SharedCache()

    def broken() -> int:
        raise RuntimeError("database away")

    with pytest.raises(RuntimeError, match="database away"):
        cache.get("k", broken)
    assert cache.peek("k") is None
    assert cache.get("k", lambda: 7) == 7 and cache.builds == 1

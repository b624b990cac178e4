"""Wrong join codes: throttled per session and per address, logged, memory bounded."""

from __future__ import annotations

import logging

from wizard.workshop.throttle import JoinThrottle, Throttles


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_waits_after_the_limit_and_may_try_again_after_the_pause() -> None:
    clock = Clock()
    throttle = JoinThrottle(limit=3, window=60, pause=30, clock=clock)
    for _ in range(2):
        throttle.failed("a")
    assert throttle.wait_seconds("a") == 0
    throttle.failed("a")
    assert throttle.wait_seconds("a") == 30
    assert throttle.wait_seconds("b") == 0  # per client
    clock.now += 31
    assert throttle.wait_seconds("a") == 0
    clock.now += 60  # the window has passed: the count starts again
    throttle.failed("a")
    assert throttle.wait_seconds("a") == 0


def test_a_right_code_resets_the_session_but_not_the_address() -> None:
    clock = Clock()
    both = Throttles(
        session=JoinThrottle(limit=2, clock=clock), address=JoinThrottle(limit=3, clock=clock)
    )
    both.failed("s1", "10.0.0.1", "X")
    both.succeeded("s1")
    both.failed("s1", "10.0.0.1", "X")
    assert both.wait_seconds("s1", "10.0.0.1") == 0
    # a scripted client opening new sessions still meets the address's limit
    both.failed("s2", "10.0.0.1", "X")
    assert both.wait_seconds("s3", "10.0.0.1") > 0
    assert both.wait_seconds("s3", "10.0.0.2") == 0


def test_every_wrong_code_is_logged_with_the_client(caplog) -> None:
    both = Throttles(session=JoinThrottle(), address=JoinThrottle())
    with caplog.at_level(logging.WARNING, logger="wizard.workshop"):
        both.failed("session:abc", "address:203.0.113.9", "ABCDEF" + "x" * 100)
    [line] = [r.getMessage() for r in caplog.records]
    assert "'ABCDEFxxxxxxxxxx'" in line and "203.0.113.9" in line and "session:abc" in line


def test_memory_stays_bounded_under_a_scan_from_many_clients() -> None:
    throttle = JoinThrottle(max_clients=100)
    for i in range(1_000):
        throttle.failed(f"c{i}")
    assert len(throttle._failures) <= 100


def test_an_unknown_address_is_not_one_shared_bucket() -> None:
    """Streamlit reports no address for local clients: only the session counts then, so 30
    wrong codes from one person never lock out the whole room."""
    both = Throttles(session=JoinThrottle(limit=5), address=JoinThrottle(limit=30))
    for i in range(40):
        both.failed(f"s{i}", None, "X")
    assert both.wait_seconds("fresh-session", None) == 0

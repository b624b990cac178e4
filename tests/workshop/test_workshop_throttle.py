"""Wrong join codes: held back per session, paced per address, logged, memory bounded."""

from __future__ import annotations

import logging

import pytest

from wizard.workshop.throttle import AddressPacer, JoinThrottle, Throttles


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
        session=JoinThrottle(limit=2, clock=clock),
        address=AddressPacer(limit=3, spacing=2, clock=clock),
    )
    both.failed("s1", "10.0.0.1", "X")
    both.succeeded("s1")
    both.failed("s1", "10.0.0.1", "X")
    assert both.wait_seconds("s1") == 0
    assert both.pace("10.0.0.1") == 0  # under the address's limit: no pacing yet
    # a scripted client opening new sessions meets the address's pacing, not a fresh start
    both.failed("s2", "10.0.0.1", "X")
    assert both.wait_seconds("s3") == 0
    assert both.pace("10.0.0.1") == 0  # the first paced check takes the free slot
    assert both.pace("10.0.0.1") == 2  # the next waits its turn
    assert both.pace("10.0.0.2") == 0  # another address is not slowed


def test_an_address_over_its_limit_is_paced_never_locked_out() -> None:
    """35 wrong codes from one address in two seconds: someone else behind it still gets a
    code checked within the spacing, and a queue longer than the wait cap is said, not hung."""
    clock = Clock()
    pacer = AddressPacer(limit=30, spacing=2, max_wait=10, clock=clock)
    for _ in range(35):
        pacer.failed("203.0.113.9")
        clock.now += 2 / 35
    assert pacer.delay("203.0.113.9") == 0  # the colleague's check goes right away
    waits = [pacer.delay("203.0.113.9") for _ in range(6)]
    assert waits[:5] == [2, 4, 6, 8, 10] and waits[5] is None  # a queue: refused for now
    assert pacer.retry_after("203.0.113.9") > 0
    clock.now += 61  # a minute without wrong codes: not paced any more
    assert pacer.delay("203.0.113.9") == 0


def test_every_wrong_code_is_logged_with_the_client(caplog) -> None:
    both = Throttles(session=JoinThrottle(), address=AddressPacer())
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
    both = Throttles(session=JoinThrottle(limit=5), address=AddressPacer(limit=30))
    for i in range(40):
        both.failed(f"s{i}", None, "X")
    assert both.wait_seconds("fresh-session") == 0
    assert both.pace(None) == 0


@pytest.mark.parametrize(
    ("peer", "header", "trusted", "expected"),
    [
        ("203.0.113.9", "", "", "address:203.0.113.9"),
        # a client that sends its own address in the header is not let off the pacing
        ("203.0.113.9", "203.0.113.9", "", "address:unvouched-forwarded"),
        ("198.51.100.7", "10.0.0.1, 198.51.100.7", "", "address:unvouched-forwarded"),
        ("198.51.100.7", "198.51.100.7", "127.0.0.1", "address:198.51.100.7"),
        ("", "", "", None),
    ],
)
def test_the_address_counted_is_never_one_the_client_picks(
    monkeypatch, peer, header, trusted, expected
) -> None:
    """Without a named proxy, an address rewritten from X-Forwarded-For is counted in one shared
    bucket: never the header's value, never 'unknown' (which would escape the pacing)."""
    from types import SimpleNamespace

    from wizard.ui import loaders

    fake = SimpleNamespace(
        context=SimpleNamespace(ip_address=peer or None, headers={"X-Forwarded-For": header})
    )
    monkeypatch.setattr(loaders, "st", fake)
    monkeypatch.setenv("WIZARD_TRUSTED_PROXIES", trusted)
    assert loaders.client_ids()[1] == expected

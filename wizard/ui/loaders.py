"""Cached loaders for configs and reference data (shared by every user: nothing per-user here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from wizard.config import Catalog, load_catalog
from wizard.i18n import config_root

# Looked up many times in every run: a plain dict in front of st.cache_resource, whose
# hashing, locks and statistics cost more than the lookup itself (benchmarks/bench_load.py).
_FAST: dict[tuple[str, str], Any] = {}


def _fast(kind: str, key: str, build: Callable[[str], Any]) -> Any:
    found = _FAST.get((kind, key))
    if found is None:
        found = build(key)  # st.cache_resource: one object per key, even across threads
        _FAST[(kind, key)] = found
    return found


@st.cache_resource(show_spinner=False)
def _catalog(root: str) -> Catalog:
    return load_catalog(Path(root))


def catalog() -> Catalog:
    """Every config under the config root, validated together; raises ConfigError if broken.

    A ConfigError is not cached, so fixing the file and reloading the page recovers.
    """
    return _fast("catalog", str(config_root()), _catalog)


@st.cache_resource(show_spinner=False)
def _store(url: str):
    # SQLAlchemy only once a workshop is used: the question steps start without it
    from wizard.storage import Store

    return Store(url)


def store():
    """The shared workshop store: a connection pool, shared by every user (no user data cached).

    ``WIZARD_DATABASE_URL`` (environment or Streamlit secret) selects PostgreSQL; the default is
    the embedded SQLite file.
    """
    from wizard.settings import DATABASE_URL_ENV
    from wizard.storage import database_url  # see _store

    url = None if database_url_set() else _secret(DATABASE_URL_ENV)
    return _fast("store", database_url(url), _store)


def database_url_set() -> bool:
    """Whether the environment names the workshop database (then secrets are not read)."""
    from wizard.settings import database_url

    return bool(database_url())


def _secret(name: str) -> str | None:
    """A value of ``.streamlit/secrets.toml`` (None without the file or the key)."""
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file, or one Streamlit cannot read: none given
        return None
    return value if isinstance(value, str) and value else None


@st.cache_resource(show_spinner=False)
def dashboard_cache():
    """The live dashboards' analyses, one per workshop revision, shared by every session.

    Keys carry the workshop's database id and revision; the dashboard checks the facilitator
    key before it asks, so a session only ever reads the workshop it may see.
    """
    from wizard.workshop.shared_cache import SharedCache

    return SharedCache(size=32)


@st.cache_resource(show_spinner=False)
def join_throttle():
    """The process's count of wrong workshop codes: per browser session and per address.

    A session waits 30 s after 5 wrong codes in a minute. An address (a whole office behind one
    NAT may share it) is never locked out: after 30 wrong codes in a minute its code checks are
    paced, one every 2 s, so a script opening many sessions gains nothing.
    """
    from wizard.workshop.throttle import AddressPacer, JoinThrottle, Throttles

    return Throttles(session=JoinThrottle(limit=5), address=AddressPacer(limit=30))


def _forwarded_for() -> list[str]:
    """The X-Forwarded-For addresses of this session's request (empty without the header)."""
    try:
        value = st.context.headers.get("X-Forwarded-For") or ""
    except (AttributeError, RuntimeError):
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


def client_ids() -> tuple[str, str | None]:
    """(this browser session, the client's address or None) as the throttle counts them.

    The address is the peer Streamlit's server reports. Its server (uvicorn) takes a proxy's
    ``X-Forwarded-For`` from 127.0.0.1 unless told otherwise; the deploy recipe names the
    proxy in ``WIZARD_TRUSTED_PROXIES`` (and tells uvicorn the same). Without a proxy named
    there, an address that came from the header is not believed: it is counted in one shared
    bucket of unvouched addresses, so a client can neither pick the address it is counted under
    nor escape the pacing by sending the header. Unknown (None, no address at all) counts only
    the session.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from wizard.settings import trusted_proxies

    ctx = get_script_run_ctx()
    session = f"session:{ctx.session_id}" if ctx is not None else "session:?"
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        address = None
    if not isinstance(address, str) or not address:
        return session, None
    forwarded = _forwarded_for()
    if forwarded and not trusted_proxies() and address == forwarded[-1]:
        # Rewritten from a header nobody vouches for: counted in one shared bucket, so the
        # header can neither pick an address nor escape the pacing.
        return session, "address:unvouched-forwarded"
    return session, f"address:{address}"


def code_wait() -> float:
    """Seconds this browser session must wait before guessing another workshop code."""
    return join_throttle().wait_seconds(client_ids()[0])


def code_pace() -> float | None:
    """Wait for this address's turn to check a code (paced only after many wrong codes).

    Returns the seconds waited, or None when too many checks from this address queue right now
    (the caller says to try again in a few seconds).
    """
    import time

    delay = join_throttle().pace(client_ids()[1])
    if delay:
        time.sleep(delay)
    return delay


def code_paced() -> bool:
    """Whether this client's address made so many wrong codes that its checks are paced."""
    address = client_ids()[1]
    return bool(address) and join_throttle().address.counts.over_limit(address)


def pace_retry() -> float:
    """Seconds until this address may send another code check (after a refused one)."""
    address = client_ids()[1]
    return join_throttle().address.retry_after(address) if address else 0.0


def code_failed(code: str, *, guessed: bool = True) -> None:
    """A wrong workshop code from this client: counted and logged.

    ``guessed=False`` for a wrong participant link or facilitator key: counted against the
    session only (for the log); the address's pacing is for code guessing alone.
    """
    session, address = client_ids()
    join_throttle().failed(session, address if guessed else None, code)


def code_ok() -> None:
    """A right code: this session's count starts again."""
    join_throttle().succeeded(client_ids()[0])

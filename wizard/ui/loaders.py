"""Cached loaders for configs and reference data (shared by every user: nothing per-user here)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from wizard.config import Catalog, load_catalog
from wizard.i18n import config_root

# Looked up many times in every run: a plain dict in front of st.cache_resource, whose
# hashing, locks and statistics cost more than the lookup itself (issue 14, bench_load.py).
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
    from wizard.workshop.store import Store

    return Store(url)


def store():
    """The shared workshop store: a connection pool, shared by every user (no user data cached).

    ``WIZARD_DATABASE_URL`` (environment or Streamlit secret) selects PostgreSQL; the default is
    the embedded SQLite file.
    """
    from wizard.workshop.store import DATABASE_URL_ENV, database_url  # see _store

    url = os.environ.get(DATABASE_URL_ENV)
    if not url:
        try:
            url = st.secrets.get(DATABASE_URL_ENV)
        except (FileNotFoundError, KeyError, AttributeError):
            url = None
        except Exception:
            url = None
    return _fast("store", database_url(url), _store)


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
    """The process's count of wrong join codes: per browser session and per address.

    A session waits after 5 wrong codes in a minute; an address (a whole office behind one NAT
    may share it) after 30, so one scripted client cannot dodge the limit by opening sessions.
    """
    from wizard.workshop.throttle import JoinThrottle, Throttles

    return Throttles(session=JoinThrottle(limit=5), address=JoinThrottle(limit=30))


def client_ids() -> tuple[str, str | None]:
    """(this browser session, the client's address or None) as the throttle counts them.

    The address is what Streamlit's server reports: behind a reverse proxy on the same host it
    already takes the proxy's ``X-Forwarded-For`` (uvicorn trusts only 127.0.0.1 for that), so
    no header is read here. Unknown (None) counts no address: one shared bucket would let 30
    wrong codes from anyone lock everyone out.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    session = f"session:{ctx.session_id}" if ctx is not None else "session:?"
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        address = None
    return session, (f"address:{address}" if isinstance(address, str) and address else None)


def code_wait() -> float:
    """Seconds this client must wait before trying another workshop code (0: go ahead)."""
    session, address = client_ids()
    return join_throttle().wait_seconds(session, address)


def code_failed(code: str) -> None:
    """A wrong workshop code (or key, or participant link) from this client: counted, logged."""
    session, address = client_ids()
    join_throttle().failed(session, address, code)


def code_ok() -> None:
    """A right code: this session's count starts again."""
    join_throttle().succeeded(client_ids()[0])

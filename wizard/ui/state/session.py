"""The session store itself: seeding widgets, forgetting them, the per-user memo, reruns."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

from wizard.ui.state.keys import FIRST_RUN, MEMO, PENDING_SEEDS, RERUN, UPLOAD_WIDGET


def _forget_widgets(belongs: Callable[[str], bool]) -> None:
    """Drop the state of every widget whose key ``belongs``, so each is seeded anew from ours."""
    for key in [k for k in st.session_state if belongs(str(k))]:
        del st.session_state[key]


def seed(key: str, value: Any) -> None:
    """Give a widget its value from our own state when Streamlit has none for it."""
    if key not in st.session_state:
        st.session_state[key] = value


def first_run() -> bool:
    """Whether this is the session's first script run.

    A session that starts because the server restarted (or the old one timed out) gets the
    browser's widget values with its first run, the click that woke it included. Seeding the
    question widgets would overwrite them, so on that run they are drawn unseeded and their
    values adopted (``adopt_single``, ``adopt_multi``).
    """
    return bool(st.session_state.get(FIRST_RUN))


def end_first_run() -> None:
    """The first run is over (called last in each run)."""
    st.session_state[FIRST_RUN] = False


def _seed_next_run(key: str, value: Any) -> None:
    st.session_state.setdefault(PENDING_SEEDS, {})[key] = value
    st.session_state[RERUN] = True


def take_rerun() -> bool:
    """Whether this run asked for one more (to show seeded widgets), once."""
    return bool(st.session_state.pop(RERUN, False))


def upload_widget_value() -> Any:
    """The resume uploader's file, if any."""
    return st.session_state.get(UPLOAD_WIDGET)


T = TypeVar("T")


def memo(name: str, key: Hashable, build: Callable[[], T]) -> T:
    """This user's last ``build()`` for ``name``, rebuilt only when ``key`` changes.

    Lives in the session (never in st.cache_*, which every user shares), one value per name.
    """
    store = st.session_state[MEMO]
    hit = store.get(name)
    if hit is not None and hit[0] == key:
        return hit[1]
    value = build()
    store[name] = (key, value)
    return value


def forget_memo(name: str) -> None:
    """Drop this user's kept ``name`` (it is built again on the next ``memo`` call)."""
    st.session_state[MEMO].pop(name, None)


def request_rerun() -> None:
    """Ask for one more run once this one is over (to show answers changed by a save)."""
    st.session_state[RERUN] = True


def set_form_value(key: str, value: Any) -> None:
    """Reset a form widget's value (from its form's callback)."""
    st.session_state[key] = value


def form_value(key: str) -> Any:
    """A form widget's value, read in its submit callback."""
    return st.session_state.get(key)

"""Messages to the user: notices in place, toasts, and where the page scrolls next."""

from __future__ import annotations

import streamlit as st

from wizard.ui.state.keys import NOTICE, NOTICE_SHOWN, SCROLL


def request_scroll(target: str = "top") -> None:
    """Ask the next run to bring ``target`` into view ("top", or a container key)."""
    previous = st.session_state[SCROLL]
    nonce = (previous[1] + 1) if previous else 1
    st.session_state[SCROLL] = (target, nonce)


def scroll_pending() -> bool:
    """Whether a scroll waits for the page's helpers (``components.page_chrome``)."""
    pending = st.session_state[SCROLL]
    return bool(pending and pending[0])


def take_scroll() -> tuple[str, int] | None:
    """The pending scroll request, once."""
    pending = st.session_state[SCROLL]
    if pending is not None:
        st.session_state[SCROLL] = (None, pending[1])
    return pending if pending and pending[0] else None


def notice(place: str = "top") -> tuple[str, list[str]] | None:
    """The message to show at ``place``: (kind, lines), or None.

    ``place`` is "top" or "nav" (beside the Back/Next buttons); kind is error, success,
    warning or missing.
    """
    pending = st.session_state[NOTICE]
    if pending is None or pending[2] != place:
        return None
    return pending[0], pending[1]


def set_notice(kind: str, lines: list[str], place: str = "top") -> None:
    """Show a message once at ``place``."""
    st.session_state[NOTICE] = (kind, list(lines), place)


def toast(text: str) -> None:
    """A short message that shows where the user looks (a toast), on the next draw."""
    st.session_state.setdefault("toasts", []).append(text)


def take_toasts() -> list[str]:
    """The pending toasts, once."""
    return st.session_state.pop("toasts", [])


def clear_notice() -> None:
    """Drop the pending message."""
    st.session_state[NOTICE] = None


def fragment_run() -> bool:
    """Whether this script run reruns fragments only (not the whole page)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def mark_notice_shown(shown: bool = True) -> None:
    """Say that the page shows a notice now (outside the questions' fragment).

    False: a new full run starts and shows none yet.
    """
    st.session_state[NOTICE_SHOWN] = shown


def notice_outdated() -> bool:
    """Whether a notice on the page was meanwhile cleared (an answer changed in the fragment).

    Only a full run takes it off the page.
    """
    if st.session_state.get(NOTICE_SHOWN) and st.session_state.get(NOTICE) is None:
        st.session_state[NOTICE_SHOWN] = False  # said once: the full run it asks for redraws
        return True
    return False

"""Links and copies kept on the server, as typed frozen values.

A participant's link, a facilitator's session, the private resume link, what the store last
had of the answers, and the participant's gut call.
"""

from __future__ import annotations

import streamlit as st

from wizard.ui.state.keys import (
    FACILITATOR,
    GUT,
    GUT_WIDGET,
    JOINED,
    KEEP_PARAM,
    PENDING_LINK,
    RESUME,
    RESUME_OFF,
    SYNC,
    WORKSHOP,
)
from wizard.ui.state.session import _forget_widgets
from wizard.ui.state.values import FacilitatorSession, ResumeLink, SyncedCopy, WorkshopLink


def synced() -> SyncedCopy | None:
    """What the store last had for this session's answers (participant or resume link)."""
    return st.session_state[SYNC]


def set_synced(value: SyncedCopy | None) -> None:
    """Record what the store holds now (after a load or a save), or forget it (None)."""
    st.session_state[SYNC] = value


def resume() -> ResumeLink | None:
    """The private resume link of a self-service assessment, once answers are kept."""
    return st.session_state[RESUME]


def set_resume(value: ResumeLink | None) -> None:
    """Keep or forget (None) the private resume link."""
    st.session_state[RESUME] = value


def resume_off() -> bool:
    """Whether the user switched the private resume link off."""
    return bool(st.session_state[RESUME_OFF])


def set_resume_off(value: bool, *, remember: bool = True) -> None:
    """Switch the private resume link off (True) or back on (False).

    The user's own choice is remembered in the URL (``remember``), so a reload keeps it.
    """
    st.session_state[RESUME_OFF] = value
    if not remember:
        return
    if value:
        st.query_params[KEEP_PARAM] = "0"
    elif KEEP_PARAM in st.query_params:
        del st.query_params[KEEP_PARAM]


def keep_choice_in_url() -> None:
    """Put ``?keep=0`` back in the URL when a page switch dropped it (see keep_lang_in_url)."""
    if resume_off() and st.query_params.get(KEEP_PARAM) != "0":
        st.query_params[KEEP_PARAM] = "0"


def pending_link() -> WorkshopLink | None:
    """A participant link (code, token) whose check waits for the store to answer."""
    return st.session_state[PENDING_LINK]


def set_pending_link(value: WorkshopLink | None) -> None:
    """Keep or drop (None) the participant link waiting for the store."""
    st.session_state[PENDING_LINK] = value


def joined(code: str) -> str | None:
    """This browser session's token for workshop ``code``, if it joined it before."""
    return st.session_state[JOINED].get(code)


def set_cookie_pending() -> None:
    """The next draw of the participant's view sets the browser cookie of the join."""
    st.session_state["cookie_pending"] = True


def take_cookie_pending() -> bool:
    """Whether the participant's cookie is still to be set, once."""
    return bool(st.session_state.pop("cookie_pending", False))


def any_joined() -> bool:
    """Whether this browser session joined any workshop before."""
    return bool(st.session_state[JOINED])


def remember_join(code: str, token: str | None) -> None:
    """Remember (or forget, with None) this session's participant of workshop ``code``."""
    if token is None:
        st.session_state[JOINED].pop(code, None)
    else:
        st.session_state[JOINED][code] = token


def workshop() -> WorkshopLink | None:
    """The workshop this user joined as a participant, if any."""
    return st.session_state[WORKSHOP]


def set_workshop(value: WorkshopLink | None) -> None:
    """Join (the participant's link) or leave (None) a workshop."""
    st.session_state[WORKSHOP] = value


def facilitator() -> FacilitatorSession | None:
    """The workshop this user runs (code and key), if any."""
    return st.session_state[FACILITATOR]


def set_facilitator(value: FacilitatorSession | None) -> None:
    """Run (its session) or leave (None) a workshop."""
    st.session_state[FACILITATOR] = value


def gut_call() -> str | None:
    """This participant's own call before seeing the result."""
    return st.session_state[GUT]


def set_gut_call(value: str | None) -> None:
    """Set this participant's gut call (restored from the store)."""
    st.session_state[GUT] = value if value in ("act_now", "wait") else None


def adopt_gut_call(value: str | None) -> None:
    """Take the gut call another tab saved.

    The question is drawn anew from it, not from the value this page's widget still holds.
    """
    set_gut_call(value)
    _forget_widgets(lambda k: k.startswith(GUT_WIDGET))


def copy_gut(key: str) -> None:
    """on_change of the gut-call question (widget ``key``)."""
    value = st.session_state.get(key)
    st.session_state[GUT] = value if value in ("act_now", "wait") else None

"""Where the user is: the step, Start over, the open tabs and panels."""

from __future__ import annotations

import streamlit as st

from wizard.ui.state.answers import clear_question_marks, replace_answers, set_earlier
from wizard.ui.state.keys import (
    CONFIRM_RESET,
    GUT,
    PANELS,
    RESTARTED,
    RESULTS_TAB,
    STEP,
    WORKSHOP_TAB,
    WORKSHOP_TAB_WIDGET,
    panel_key,
)
from wizard.ui.state.notices import clear_notice, request_scroll
from wizard.ui.state.profiles import set_custom
from wizard.ui.state.session import _forget_widgets
from wizard.ui.state.use_cases import set_use_cases


def confirming_reset() -> bool:
    """Whether Start over is waiting for its confirmation."""
    return bool(st.session_state[CONFIRM_RESET])


def ask_reset(value: bool = True) -> None:
    """on_click of "Start over" (True) and of its Cancel (False)."""
    st.session_state[CONFIRM_RESET] = value


def start_over() -> None:
    """on_click of the confirmed "Start over": clear the answers and go back to the first step.

    The language, the weight profile and a workshop the user joined are kept.
    """
    replace_answers({})
    set_use_cases([])
    set_earlier(None)
    st.session_state[CONFIRM_RESET] = False
    st.session_state[GUT] = None
    st.session_state[RESTARTED] = True  # the next save resets the stored progress and gut call
    set_custom(None)
    open_step(0)


def restarted() -> bool:
    """Whether "Start over" was confirmed and the store has not been told yet."""
    return bool(st.session_state.get(RESTARTED))


def end_restart() -> None:
    """The store has the restart (called after the save that carried it)."""
    st.session_state.pop(RESTARTED, None)


def open_step(index: int, scroll_to: str = "top") -> None:
    """Go to step ``index`` (from a callback): messages of the old step go, the page scrolls.

    The question widgets are forgotten, so the step's widgets are seeded from the answers. Next
    and Back rerun only the step's fragment, and Streamlit keeps the state of a widget the
    fragment stopped drawing while the browser forgets it: seeding would skip it, the browser
    would draw the question empty, and its next click would erase the answer.
    """
    clear_notice()
    clear_question_marks()
    _forget_widgets(lambda k: k.startswith("q::"))
    set_step(index)
    request_scroll(scroll_to)


def step() -> int:
    """The current step's position."""
    return int(st.session_state[STEP])


def set_step(value: int) -> None:
    """Go to step ``value``."""
    st.session_state[STEP] = value


def results_tab() -> int:
    """The open results tab, by position."""
    return int(st.session_state[RESULTS_TAB])


def copy_tab(labels: list[str], key: str, slot: str = RESULTS_TAB) -> None:
    """on_change of a tab bar (widget ``key``): remember the open tab by position in ``slot``.

    By position, because the labels change with the language.
    """
    label = st.session_state.get(key)
    if label in labels:
        st.session_state[slot] = labels.index(label)


def workshop_tab() -> int:
    """The open workshop tab, by position."""
    return int(st.session_state[WORKSHOP_TAB])


def set_workshop_tab(index: int) -> None:
    """Open tab ``index`` of the workshop page on the next run (from a callback)."""
    st.session_state[WORKSHOP_TAB] = index
    _forget_widgets(lambda k: k.startswith(WORKSHOP_TAB_WIDGET))


def panel_open(name: str) -> bool:
    """Whether the user left the expander ``name`` open (kept across steps and languages)."""
    return bool(st.session_state[PANELS].get(name, False))


def copy_panel(name: str, lang: str) -> None:
    """on_change of an expander: remember whether it is open."""
    st.session_state[PANELS][name] = bool(st.session_state.get(panel_key(name, lang)))

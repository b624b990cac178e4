"""The language: chosen, kept in the URL, and every localised widget drawn anew on a switch."""

from __future__ import annotations

import streamlit as st

from wizard.languages import DEFAULT_LANGUAGE
from wizard.ui.state.keys import LANG, LANG_PARAM, LANG_WIDGET
from wizard.ui.state.notices import clear_notice
from wizard.ui.state.session import _forget_widgets
from wizard.ui.state.use_cases import redraw_use_cases


def lang() -> str:
    """The chosen language."""
    return str(st.session_state[LANG])


def set_lang(value: str) -> None:
    """Use language ``value`` (widgets: see :func:`switch_lang`)."""
    st.session_state[LANG] = value


def sync_lang() -> None:
    """on_change of the language switch.

    The widgets of the new language are seeded anew from our state, those of the old one are
    forgotten.
    """
    value = st.session_state.get(LANG_WIDGET)
    if value:
        switch_lang(value)


def keep_lang_in_url() -> None:
    """Put the chosen language back in the URL when a page switch dropped it.

    Streamlit's navigation clears the query string; without ``?lang=`` a reload, a reopened
    link or a reconnect after a restart would start in English.
    """
    current = lang()
    if st.query_params.get(LANG_PARAM) == current:
        return
    if current != DEFAULT_LANGUAGE or LANG_PARAM in st.query_params:  # no ?lang=en added
        st.query_params[LANG_PARAM] = current


def switch_lang(value: str) -> None:
    """Change the language; every localised widget is drawn anew from our state."""
    old = lang()
    if value == old:
        return
    _forget_widgets(
        lambda k: k.startswith(f"q::{old}::") or (k.startswith("w::") and k.endswith(f"::{old}"))
    )
    set_lang(value)
    redraw_use_cases()  # the new language's table starts from the rows as they are now
    clear_notice()  # a message already worded in the old language is not shown again
    st.session_state[LANG_WIDGET] = value
    st.query_params[LANG_PARAM] = value

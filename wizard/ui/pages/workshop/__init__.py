"""Workshops: join as a participant, run one as a facilitator, or analyse answer files offline."""

from __future__ import annotations

from datetime import date

import streamlit as st

from wizard.config import Catalog
from wizard.i18n import date_text, t
from wizard.ui import state
from wizard.ui.components import show_notice
from wizard.ui.nav import WORKSHOP_TABS
from wizard.ui.pages.workshop.facilitator import render_facilitator
from wizard.ui.pages.workshop.offline import render_offline
from wizard.ui.pages.workshop.participant import render_join

# --------------------------------------------------------------------------- callbacks


# --------------------------------------------------------------------------- participant side


# --------------------------------------------------------------------------- facilitator side


# --------------------------------------------------------------------------- offline


# --------------------------------------------------------------------------- page


def page(catalog: Catalog) -> None:
    """The workshop page: Join, Facilitate and Analyse files tabs."""
    lang = state.lang()
    st.title(t("workshop.page_title", lang))
    if state.notice("top") is not None:
        show_notice()
        state.clear_notice()  # shown once: a workshop page has no answers to clear it later
    labels = [t(f"workshop.tab_{name}", lang) for name in WORKSHOP_TABS]
    # the open tab lives in our state, so creating or opening a workshop (which reruns the
    # page) stays on Facilitate, and a language switch keeps the tab
    key = state.lang_key(state.WORKSHOP_TAB_WIDGET, lang)
    state.seed(key, labels[state.workshop_tab()])
    join, facilitate, offline = st.tabs(
        labels, key=key, on_change=state.copy_tab, args=(labels, key, state.WORKSHOP_TAB)
    )
    with join:
        render_join(catalog, lang)
    with facilitate:
        render_facilitator(catalog, lang)
    with offline:
        render_offline(catalog, lang)
    st.caption(t("workshop.today", lang, today=date_text(date.today().isoformat(), lang)))

"""The app's pages by name, for links and buttons that move between them."""

from __future__ import annotations

import streamlit as st

ASSESSMENT, METHOD, WORKSHOP = "assessment", "method", "workshop"
#: The key of the verdict box on the results step: "See results" scrolls to it.
VERDICT = "verdict"
#: The workshop page's tabs, in order (callbacks open one by position).
WORKSHOP_TABS = ("join", "facilitate", "offline")


def _elsewhere() -> None:
    """Stand-in body: Streamlit runs the page registered under the same url_path."""


def page(name: str) -> st.Page:
    """A handle on page ``name`` for ``st.switch_page`` (pages are identified by url_path)."""
    return st.Page(_elsewhere, title=name, url_path=name)

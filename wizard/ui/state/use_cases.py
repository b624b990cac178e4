"""The candidate use cases of this session: plain attribute mappings, replaced as a whole.

The table widget edits them; a replacement from outside the table (a template added, a CSV
imported, an answers file opened, another language) counts the revision up, so the table is
drawn again from them under a new key and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from wizard.ui.state.keys import (
    RATINGS,
    RATINGS_SYNCED,
    USE_CASES,
    USE_CASES_ON,
    USE_CASES_REVISION,
    USE_CASES_SYNCED,
    W_USE_CASES_ON,
)


def use_cases() -> list[dict[str, Any]]:
    """The use cases as the person gave them (a copy)."""
    return [dict(c) for c in st.session_state.get(USE_CASES) or []]


def set_use_cases(cases: list[dict[str, Any]], *, from_table: bool = False) -> None:
    """Keep ``cases``; from outside the table, also redraw the table from them."""
    st.session_state[USE_CASES] = [dict(c) for c in cases]
    if not from_table:
        st.session_state[USE_CASES_REVISION] = use_case_revision() + 1
    if cases:
        st.session_state[USE_CASES_ON] = True


def localise_use_cases(rename: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> None:
    """Keep the rows as ``rename`` words them (a template's name in the reader's language).

    Only when that changes a name; the table is then drawn anew from them.
    """
    rows = use_cases()
    if not rows:
        return
    named = rename(rows)
    if named != rows:
        set_use_cases(named)


def redraw_use_cases() -> None:
    """Draw the table anew from the kept rows (a new key and seed).

    A table's edits live only in its widget, which a language switch drops.
    """
    st.session_state[USE_CASES_REVISION] = use_case_revision() + 1


def use_case_revision() -> int:
    """How many times the use cases were replaced from outside the table."""
    return int(st.session_state.get(USE_CASES_REVISION, 0))


def use_cases_on() -> bool:
    """Whether the use-case editor is open (it is while any case is listed)."""
    return bool(st.session_state.get(USE_CASES_ON)) or bool(st.session_state.get(USE_CASES))


def copy_use_cases_on() -> None:
    """on_change of the editor's switch."""
    st.session_state[USE_CASES_ON] = bool(st.session_state.get(W_USE_CASES_ON))


def use_cases_synced() -> str | None:
    """The use cases as last kept on the server (their JSON), or None."""
    return st.session_state.get(USE_CASES_SYNCED)


def set_use_cases_synced(stamp: str | None) -> None:
    """Remember what the server keeps now."""
    st.session_state[USE_CASES_SYNCED] = stamp


def seed_use_cases_switch() -> None:
    """Draw the editor's switch on while any case is listed (a file or a link brought them)."""
    if st.session_state.get(USE_CASES) or W_USE_CASES_ON not in st.session_state:
        st.session_state[W_USE_CASES_ON] = use_cases_on()


def ratings() -> dict[str, dict[str, int]]:
    """This participant's ratings of the workshop's use cases (a copy)."""
    return {k: dict(v) for k, v in (st.session_state.get(RATINGS) or {}).items()}


def set_ratings(value: dict[str, dict[str, int]]) -> None:
    """Replace the ratings (from the store, on joining or resuming)."""
    st.session_state[RATINGS] = {k: dict(v) for k, v in value.items()}


def copy_rating(key: str, case_id: str, kind: str) -> None:
    """on_change of a rating widget: a whole number 1-5 into the ratings, or none."""
    value = st.session_state.get(key)
    current = ratings()
    given = current.setdefault(case_id, {})
    if isinstance(value, int) and 1 <= value <= 5:
        given[kind] = value
    else:
        given.pop(kind, None)
    if not given:
        current.pop(case_id, None)
    set_ratings(current)


def ratings_synced() -> str | None:
    """The ratings as last kept in the workshop (their JSON), or None."""
    return st.session_state.get(RATINGS_SYNCED)


def set_ratings_synced(stamp: str | None) -> None:
    """Remember what the workshop keeps now."""
    st.session_state[RATINGS_SYNCED] = stamp

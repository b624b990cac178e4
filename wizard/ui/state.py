"""The only module that touches ``st.session_state``.

Answers live in one ``answers`` dict, copied from widgets in ``on_change`` callbacks, because
Streamlit deletes a widget's state on any run where the widget is not rendered. Widgets are
seeded from that dict (``seed``) each time they are drawn, so Back/Next and language switches
never lose an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

from wizard.answers import UNKNOWN, AnswerValue

ANSWERS = "answers"
STEP = "step"
LANG = "lang"
PROFILE = "profile_id"
CUSTOM = "custom_weights"
NOTICE = "notice"
RESPONDENT = "respondent"
COST = "cost_usage"
MEMO = "memo"
RESULTS_TAB = "results_tab"
PANELS = "panels"
WORKSHOP = "workshop"  # participant: {"code", "token"} once joined
FACILITATOR = "facilitator"  # {"code", "key", "fresh"} once created or opened
GUT = "gut_call"
PRICES = "price_overrides"

LANG_WIDGET = "w::lang"
PROFILE_WIDGET = "w::profile"
UPLOAD_WIDGET = "w::upload"


def init(default_profile: str) -> None:
    """Create every key once per session (``setdefault``: never overwrites)."""
    ss = st.session_state
    ss.setdefault(ANSWERS, {})
    ss.setdefault(STEP, 0)
    ss.setdefault(LANG, "en")
    ss.setdefault(PROFILE, default_profile)
    ss.setdefault(CUSTOM, None)
    ss.setdefault(NOTICE, None)
    ss.setdefault(RESPONDENT, {"name": "", "role": ""})
    ss.setdefault(COST, {})
    ss.setdefault(MEMO, {})
    ss.setdefault(RESULTS_TAB, 0)
    ss.setdefault(PANELS, {})
    ss.setdefault(WORKSHOP, None)
    ss.setdefault(FACILITATOR, None)
    ss.setdefault(GUT, None)
    ss.setdefault(PRICES, {})


# --------------------------------------------------------------------------- plain values
def answers() -> dict[str, AnswerValue]:
    """The live answers dict (question id -> option id, list, or "unknown")."""
    return st.session_state[ANSWERS]


def replace_answers(new: dict[str, AnswerValue]) -> None:
    """Swap in a whole answer set (after a successful upload) and drop stale widget state."""
    st.session_state[ANSWERS] = dict(new)
    for key in [k for k in st.session_state if str(k).startswith("q::")]:
        del st.session_state[key]


def step() -> int:
    return int(st.session_state[STEP])


def set_step(value: int) -> None:
    st.session_state[STEP] = value


def lang() -> str:
    return str(st.session_state[LANG])


def set_lang(value: str) -> None:
    st.session_state[LANG] = value


def profile_id() -> str:
    return str(st.session_state[PROFILE])


def set_profile_id(value: str) -> None:
    st.session_state[PROFILE] = value


def custom() -> dict[str, Any] | None:
    """Slider overrides of the chosen profile, or None when the profile is used as shipped."""
    return st.session_state[CUSTOM]


def set_custom(value: dict[str, Any] | None) -> None:
    st.session_state[CUSTOM] = value
    if value is None:
        for key in [k for k in st.session_state if str(k).startswith("w::weight::")]:
            del st.session_state[key]


def notice() -> tuple[str, list[str]] | None:
    """A message to show once: (kind, lines), kind in error | success | warning."""
    return st.session_state[NOTICE]


def set_notice(kind: str, lines: list[str]) -> None:
    st.session_state[NOTICE] = (kind, list(lines))


def clear_notice() -> None:
    st.session_state[NOTICE] = None


def respondent() -> dict[str, str]:
    return st.session_state[RESPONDENT]


def set_respondent(name: str, role: str) -> None:
    st.session_state[RESPONDENT] = {"name": name, "role": role}


# --------------------------------------------------------------------------- widgets
def question_key(qid: str) -> str:
    return f"q::{qid}"


def unknown_key(qid: str) -> str:
    return f"q::{qid}::unknown"


def weight_key(name: str) -> str:
    return f"w::weight::{name}"


def seed(key: str, value: Any) -> None:
    """Give a widget its value from our own state when Streamlit has none for it."""
    if key not in st.session_state:
        st.session_state[key] = value


def copy_single(qid: str) -> None:
    """on_change of a single-choice question: the widget's option id (or None) -> answers."""
    value = st.session_state.get(question_key(qid))
    _store(qid, value)


def copy_multi(qid: str) -> None:
    """on_change of a multi-choice question or its "don't know" box -> answers."""
    if st.session_state.get(unknown_key(qid)):
        _store(qid, UNKNOWN)
    else:
        chosen = list(st.session_state.get(question_key(qid)) or [])
        _store(qid, chosen or None)


def _store(qid: str, value: AnswerValue | None) -> None:
    if value is None:
        st.session_state[ANSWERS].pop(qid, None)
    else:
        st.session_state[ANSWERS][qid] = value
    clear_notice()


def sync_lang() -> None:
    """on_change of the language switch."""
    value = st.session_state.get(LANG_WIDGET)
    if value:
        set_lang(value)


def sync_profile() -> None:
    """on_change of the profile select: a new base profile drops slider overrides."""
    value = st.session_state.get(PROFILE_WIDGET)
    if value:
        set_profile_id(value)
        set_custom(None)


def store_custom_from_sliders(dimension_ids: list[str]) -> None:
    """on_change of any weight slider: read all of them into the custom overrides."""
    ss = st.session_state
    floors = {d: float(ss[weight_key(f"floor::{d}")]) for d in dimension_ids}
    ss[CUSTOM] = {
        "dimension_weights": {d: float(ss[weight_key(d)]) for d in dimension_ids},
        "threshold": float(ss[weight_key("threshold")]),
        "floors": {d: v for d, v in floors.items() if v > 0},  # 0 means no floor
    }


def upload_widget_value() -> Any:
    return st.session_state.get(UPLOAD_WIDGET)


# --------------------------------------------------------------------------- cost calculator
def cost_key(name: str) -> str:
    return f"w::cost::{name}"


def price_key(model_id: str, field: str) -> str:
    return f"w::price::{model_id}::{field}"


def cost_usage() -> dict[str, float]:
    """The calculator's usage inputs the user changed (the rest keep their defaults)."""
    return st.session_state[COST]


def copy_cost(name: str) -> None:
    """on_change of a calculator input."""
    st.session_state[COST][name] = float(st.session_state[cost_key(name)])


def price_overrides() -> dict[str, dict[str, float]]:
    """``{model_id: {field: price}}`` the user typed over the published prices."""
    return st.session_state[PRICES]


def copy_price(model_id: str, field: str) -> None:
    """on_change of a price input."""
    st.session_state[PRICES].setdefault(model_id, {})[field] = float(
        st.session_state[price_key(model_id, field)]
    )


# --------------------------------------------------------------------------- per-user memo
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


# --------------------------------------------------------------------------- results tabs
def tab_key(lang: str) -> str:
    return f"w::results_tab::{lang}"


def results_tab() -> int:
    return int(st.session_state[RESULTS_TAB])


def copy_tab(labels: list[str], lang: str) -> None:
    """on_change of the results tabs: remember the open tab by position (labels are localised)."""
    label = st.session_state.get(tab_key(lang))
    if label in labels:
        st.session_state[RESULTS_TAB] = labels.index(label)


def panel_key(name: str, lang: str) -> str:
    return f"w::panel::{name}::{lang}"


def panel_open(name: str) -> bool:
    """Whether the user left the expander ``name`` open (kept across steps and languages)."""
    return bool(st.session_state[PANELS].get(name, False))


def copy_panel(name: str, lang: str) -> None:
    """on_change of an expander: remember whether it is open."""
    st.session_state[PANELS][name] = bool(st.session_state.get(panel_key(name, lang)))


# --------------------------------------------------------------------------- workshop
def workshop() -> dict[str, str] | None:
    """The workshop this user joined as a participant, if any."""
    return st.session_state[WORKSHOP]


def set_workshop(value: dict[str, str] | None) -> None:
    st.session_state[WORKSHOP] = value


def facilitator() -> dict[str, Any] | None:
    """The workshop this user runs (code and key), if any."""
    return st.session_state[FACILITATOR]


def set_facilitator(value: dict[str, Any] | None) -> None:
    st.session_state[FACILITATOR] = value


def gut_call() -> str | None:
    return st.session_state[GUT]


def copy_gut() -> None:
    """on_change of the gut-call question."""
    st.session_state[GUT] = st.session_state.get(GUT_WIDGET)


GUT_WIDGET = "w::gut"


def form_value(key: str) -> Any:
    """A form widget's value, read in its submit callback."""
    return st.session_state.get(key)

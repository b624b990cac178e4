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
from wizard.config import Question
from wizard.i18n import DEFAULT_LANGUAGE, languages

ANSWERS = "answers"
STEP = "step"
LANG = "lang"
PROFILE = "profile_id"
CUSTOM = "custom_weights"
NOTICE = "notice"
QMSG = "question_messages"  # question id -> message kind shown under it
SCROLL = "scroll"  # (target, nonce) for the next run: "top", or a container key to show
CONFIRM_RESET = "confirm_reset"
RESTARTED = "_restarted"  # Start over, not yet saved to the store
WORKSHOP_TAB = "workshop_tab"  # open tab of the workshop page, by position
WORKSHOP_TAB_WIDGET = "w::workshop_tab"
RESPONDENT = "respondent"
COST = "cost_usage"
MEMO = "memo"
LATEST = "latest"  # what a deferred download builds from (see ``publish_latest``)
NOTICE_SHOWN = "notice_shown"  # the last full run drew a notice outside the questions
RESULTS_TAB = "results_tab"
PANELS = "panels"
WORKSHOP = "workshop"  # participant: {"code", "token"} once joined
FACILITATOR = "facilitator"  # {"code", "key", "fresh"} once created or opened
GUT = "gut_call"
PRICES = "price_overrides"
SYNC = "sync"  # what the store last had: {"answers", "revision", "progress", "gut", "submitted"}
RESUME = "resume"  # self-service: {"token"} once answers are kept behind a private link
RESUME_OFF = "resume_off"  # the user switched the private resume link off
KEEP_PARAM = "keep"  # ?keep=0 in the URL: the resume link stays off after a reload
PENDING_LINK = "pending_link"  # a participant link the store could not check yet
FIRST_RUN = "first_run"  # True during a session's first script run (see adopt_widget)
PENDING_SEEDS = "pending_seeds"  # widget values to set at the start of the next run
RERUN = "rerun_wanted"
JOINED = "joined"  # code -> token of every workshop this browser session joined

LANG_WIDGET = "w::lang"
LANG_PARAM = "lang"  # the URL parameter that keeps the language across reloads
PROFILE_WIDGET = "w::profile"
UPLOAD_WIDGET = "w::upload"


def init(default_profile: str) -> None:
    """Create every key once per session (``setdefault``: never overwrites).

    A new session starts in the language the URL names (``?lang=zh-TW``), so a reload or a
    reopened link keeps the language the user chose.
    """
    ss = st.session_state
    ss[FIRST_RUN] = FIRST_RUN not in ss
    for key, value in ss.pop(PENDING_SEEDS, {}).items():
        ss[key] = value  # before any widget of this run: allowed, and shown
    ss.setdefault(ANSWERS, {})
    ss.setdefault(STEP, 0)
    if LANG not in ss:
        asked = st.query_params.get(LANG_PARAM)
        ss[LANG] = asked if asked in languages() else DEFAULT_LANGUAGE
    ss.setdefault(PROFILE, default_profile)
    ss.setdefault(CUSTOM, None)
    ss.setdefault(NOTICE, None)
    ss.setdefault(QMSG, {})
    ss.setdefault(SCROLL, None)
    ss.setdefault(CONFIRM_RESET, False)
    ss.setdefault(WORKSHOP_TAB, 0)
    ss.setdefault(RESPONDENT, {"name": "", "role": ""})
    ss.setdefault(COST, {})
    ss.setdefault(MEMO, {})
    ss.setdefault(RESULTS_TAB, 0)
    ss.setdefault(PANELS, {})
    ss.setdefault(WORKSHOP, None)
    ss.setdefault(FACILITATOR, None)
    ss.setdefault(GUT, None)
    ss.setdefault(PRICES, {})
    ss.setdefault(SYNC, None)
    ss.setdefault(RESUME, None)
    ss.setdefault(RESUME_OFF, st.query_params.get(KEEP_PARAM) == "0")
    ss.setdefault(PENDING_LINK, None)
    ss.setdefault(JOINED, {})


# --------------------------------------------------------------------------- plain values
def answers() -> dict[str, AnswerValue]:
    """The live answers dict (question id -> option id, list, or "unknown")."""
    return st.session_state[ANSWERS]


def _forget_widgets(belongs: Callable[[str], bool]) -> None:
    """Drop the state of every widget whose key ``belongs``, so each is seeded anew from ours."""
    for key in [k for k in st.session_state if belongs(str(k))]:
        del st.session_state[key]


def replace_answers(new: dict[str, AnswerValue]) -> None:
    """Swap in a whole answer set (after a successful upload) and drop stale widget state."""
    st.session_state[ANSWERS] = dict(new)
    st.session_state[QMSG] = {}
    _forget_widgets(lambda k: k.startswith("q::"))


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


def lang() -> str:
    """The chosen language."""
    return str(st.session_state[LANG])


def set_lang(value: str) -> None:
    """Use language ``value`` (widgets: see :func:`switch_lang`)."""
    st.session_state[LANG] = value


def profile_id() -> str:
    """The chosen weight profile's id."""
    return str(st.session_state[PROFILE])


def set_profile_id(value: str) -> None:
    """Use weight profile ``value``."""
    st.session_state[PROFILE] = value


def custom() -> dict[str, Any] | None:
    """Slider overrides of the chosen profile, or None when the profile is used as shipped."""
    return st.session_state[CUSTOM]


def set_custom(value: dict[str, Any] | None) -> None:
    """Set the slider overrides; None returns to the profile as shipped."""
    st.session_state[CUSTOM] = value
    if value is None:
        _forget_widgets(lambda k: k.startswith("w::weight::"))


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


class Latest:
    """The answers, respondent and profile as of the end of the last run, fragment runs included.

    A deferred download (the sidebar's) is built after its run, from this; the sidebar is not
    redrawn when only the questions rerun.
    """

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: tuple[dict, dict, str] = ({}, {"name": "", "role": ""}, "")


def latest() -> Latest:
    """This session's holder of the latest answers (one object for the session's life)."""
    found = st.session_state.get(LATEST)
    if not isinstance(found, Latest):
        found = st.session_state[LATEST] = Latest()
    return found


def publish_latest() -> None:
    """Copy what a download would save now into ``latest()`` (replaced whole, never edited)."""
    current = {k: list(v) if isinstance(v, list) else v for k, v in answers().items()}
    latest().value = (current, dict(respondent()), profile_id())


def respondent() -> dict[str, str]:
    """Name and role of who answers."""
    return st.session_state[RESPONDENT]


def set_respondent(name: str, role: str) -> None:
    """Set who answers."""
    st.session_state[RESPONDENT] = {"name": name, "role": role}


# --------------------------------------------------------------------------- widgets
# Every widget whose labels depend on the language carries the language in its key: after a
# switch Streamlit sees a new widget, which is seeded from our own state (option ids), so no
# widget ever holds display strings of the other language (DESIGN.md, "More traps").
def question_key(qid: str, lang: str) -> str:
    """The key of question ``qid``'s widget in ``lang``."""
    return f"q::{lang}::{qid}"


def unknown_key(qid: str, lang: str) -> str:
    """The key of question ``qid``'s "don't know" box in ``lang``."""
    return f"q::{lang}::{qid}::unknown"


def lang_key(name: str, lang: str) -> str:
    """The key of a non-question widget whose labels are localised (``name`` is a ``w::`` key)."""
    return f"{name}::{lang}"


def weight_key(name: str) -> str:
    """The key of a weights-panel slider."""
    return f"w::weight::{name}"


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


def adopt_single(question: Question, lang: str, shown: Any) -> None:
    """First run: the browser's value of a single-choice widget becomes the answer.

    A widget the browser had no value for shows ours from the next run on.
    """
    value = answers().get(question.id)
    allowed = {*question.option_ids, *([UNKNOWN] if question.unknown else [])}
    if shown is not None and shown in allowed:
        if shown != value:
            _store(question.id, shown)
    elif value is not None:
        _seed_next_run(question_key(question.id, lang), value)


def adopt_multi(question: Question, lang: str, shown: list[str], unknown: bool) -> None:
    """First run: the browser's values of a multi-choice widget (and its "don't know")."""
    value = answers().get(question.id)
    key = question_key(question.id, lang)
    if unknown:
        if value != UNKNOWN:
            _store(question.id, UNKNOWN)
        return
    chosen = [v for v in shown if v in question.options_by_id]
    if chosen:
        if chosen != value:
            _store(question.id, chosen)
        return
    if value == UNKNOWN:
        _seed_next_run(unknown_key(question.id, lang), True)
    elif isinstance(value, list) and value:
        _seed_next_run(key, list(value))


def copy_single(question: Question, lang: str) -> None:
    """on_change of a single-choice question: the widget's option id (or None) -> answers.

    Anything that is not one of the question's option ids (or "don't know" where offered) is
    refused with a message and never stored.
    """
    value = st.session_state.get(question_key(question.id, lang))
    allowed = {*question.option_ids, *([UNKNOWN] if question.unknown else [])}
    if value is not None and value not in allowed:
        _refuse(question, lang)
        return
    _store(question.id, value)


def copy_multi(question: Question, lang: str) -> None:
    """on_change of a multi-choice question or its "don't know" box -> answers.

    Values outside the option ids are refused. An exclusive option ("None", "None yet") cannot
    stand with others: the newest pick wins and the widget says what happened.
    """
    key = question_key(question.id, lang)
    if st.session_state.get(unknown_key(question.id, lang)):
        _store(question.id, UNKNOWN)
        return
    chosen = list(st.session_state.get(key) or [])
    if any(v not in question.options_by_id for v in chosen):
        _refuse(question, lang)
        return
    before = answers().get(question.id)
    kept = exclusive_choice(question, chosen, before if isinstance(before, list) else [])
    _store(question.id, kept or None)
    if kept != chosen:
        st.session_state[key] = kept
        st.session_state[QMSG][question.id] = "exclusive"


def exclusive_choice(question: Question, chosen: list[str], before: list[str]) -> list[str]:
    """Resolve exclusive options in ``chosen``.

    A newly picked exclusive option clears the others; a newly picked ordinary option clears
    the exclusive ones.
    """
    exclusive = {o.id for o in question.options if o.exclusive}
    if not exclusive & set(chosen) or len(chosen) < 2:
        return chosen
    added = [v for v in chosen if v not in before]
    if any(v in exclusive for v in added):
        return [v for v in added if v in exclusive][-1:]
    return [v for v in chosen if v not in exclusive]


def _refuse(question: Question, lang: str) -> None:
    st.session_state.pop(question_key(question.id, lang), None)
    st.session_state[QMSG][question.id] = "refused"


def mark_questions(qids: list[str], kind: str) -> None:
    """Show message ``kind`` under each of these questions until it is answered."""
    st.session_state[QMSG] = {qid: kind for qid in qids}


def clear_question_marks() -> None:
    """Drop every message under the questions."""
    st.session_state[QMSG] = {}


def question_message(qid: str) -> str | None:
    """A message kind to show under question ``qid`` (refused, exclusive), if any."""
    return st.session_state[QMSG].get(qid)


def _store(qid: str, value: AnswerValue | None) -> None:
    st.session_state[QMSG].pop(qid, None)
    if value is None:
        st.session_state[ANSWERS].pop(qid, None)
    else:
        st.session_state[ANSWERS][qid] = value
    clear_notice()


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
    st.session_state[LANG_WIDGET] = value
    st.query_params[LANG_PARAM] = value


def sync_profile(key: str) -> None:
    """on_change of a profile choice (widget ``key``): a new base profile drops slider overrides."""
    value = st.session_state.get(key)
    if value:
        choose_profile(value, keep=key)


def choose_profile(value: str, keep: str | None = None) -> None:
    """Use weight profile ``value`` as shipped; the other profile widgets are seeded anew."""
    set_profile_id(value)
    set_custom(None)
    _forget_widgets(lambda k: k.startswith(PROFILE_WIDGET) and k != keep)


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
    """The resume uploader's file, if any."""
    return st.session_state.get(UPLOAD_WIDGET)


# --------------------------------------------------------------------------- cost calculator
def cost_key(name: str) -> str:
    """The key of a cost-calculator input."""
    return f"w::cost::{name}"


def price_key(model_id: str, field: str) -> str:
    """The key of a price input."""
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


def forget_memo(name: str) -> None:
    """Drop this user's kept ``name`` (it is built again on the next ``memo`` call)."""
    st.session_state[MEMO].pop(name, None)


# --------------------------------------------------------------------------- results tabs
def tab_key(lang: str) -> str:
    """The key of the results tabs in ``lang``."""
    return f"w::results_tab::{lang}"


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


def panel_key(name: str, lang: str) -> str:
    """The key of expander ``name`` in ``lang``."""
    return f"w::panel::{name}::{lang}"


def panel_open(name: str) -> bool:
    """Whether the user left the expander ``name`` open (kept across steps and languages)."""
    return bool(st.session_state[PANELS].get(name, False))


def copy_panel(name: str, lang: str) -> None:
    """on_change of an expander: remember whether it is open."""
    st.session_state[PANELS][name] = bool(st.session_state.get(panel_key(name, lang)))


# --------------------------------------------------------------------------- saving as one goes
def synced() -> dict[str, Any] | None:
    """What the store last had for this session's answers (participant or resume link)."""
    return st.session_state[SYNC]


def set_synced(value: dict[str, Any] | None) -> None:
    """Record what the store holds now (after a load or a save), or forget it (None)."""
    st.session_state[SYNC] = value


def resume() -> dict[str, str] | None:
    """The private resume link of a self-service assessment, once answers are kept."""
    return st.session_state[RESUME]


def set_resume(value: dict[str, str] | None) -> None:
    """Keep (a dict with the token) or forget (None) the private resume link."""
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


def pending_link() -> dict[str, str] | None:
    """A participant link (code, token) whose check waits for the store to answer."""
    return st.session_state[PENDING_LINK]


def set_pending_link(value: dict[str, str] | None) -> None:
    """Keep (code and token) or drop (None) the participant link waiting for the store."""
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


# --------------------------------------------------------------------------- workshop
def workshop() -> dict[str, str] | None:
    """The workshop this user joined as a participant, if any."""
    return st.session_state[WORKSHOP]


def set_workshop(value: dict[str, str] | None) -> None:
    """Join (a dict with code and token) or leave (None) a workshop."""
    st.session_state[WORKSHOP] = value


def facilitator() -> dict[str, Any] | None:
    """The workshop this user runs (code and key), if any."""
    return st.session_state[FACILITATOR]


def set_facilitator(value: dict[str, Any] | None) -> None:
    """Run (a dict with code, key, fresh) or leave (None) a workshop."""
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


def request_rerun() -> None:
    """Ask for one more run once this one is over (to show answers changed by a save)."""
    st.session_state[RERUN] = True


def copy_gut(key: str) -> None:
    """on_change of the gut-call question (widget ``key``)."""
    value = st.session_state.get(key)
    st.session_state[GUT] = value if value in ("act_now", "wait") else None


GUT_WIDGET = "w::gut"


def set_form_value(key: str, value: Any) -> None:
    """Reset a form widget's value (from its form's callback)."""
    st.session_state[key] = value


def form_value(key: str) -> Any:
    """A form widget's value, read in its submit callback."""
    return st.session_state.get(key)

"""The only place that touches ``st.session_state``: session state as a small package.

Answers live in one ``answers`` dict, copied from widgets in ``on_change`` callbacks, because
Streamlit deletes a widget's state on any run where the widget is not rendered. Widgets are
seeded from that dict each time they are drawn, so Back/Next and language switches never lose
an answer.

``keys`` every session and widget key (one constant, or key builder, each) · ``values`` the
typed frozen values a session keeps (links, a facilitator's session, the store's copy) ·
``session`` seeding, forgetting widgets, the per-user memo · ``notices`` messages and scrolling ·
``answers`` the answers and who answers · ``navigation`` steps, tabs, panels, Start over ·
``language`` · ``profiles`` weights and the cost calculator · ``sessions`` what is kept on the
server. Pages use ``from wizard.ui import state`` and call these functions; none reads
``st.session_state`` itself (the architecture test checks this).
"""

from __future__ import annotations

import re

import streamlit as st

from wizard.languages import DEFAULT_LANGUAGE, languages
from wizard.ui.state.answers import (
    Latest,
    adopt_multi,
    adopt_single,
    answers,
    clear_question_marks,
    copy_multi,
    copy_single,
    earlier,
    exclusive_choice,
    latest,
    mark_questions,
    publish_latest,
    question_message,
    replace_answers,
    respondent,
    set_earlier,
    set_respondent,
)
from wizard.ui.state.keys import (
    ANSWERS,
    CONFIRM_RESET,
    COST,
    CUSTOM,
    EARLIER,
    FACILITATOR,
    FIRST_RUN,
    GUT,
    GUT_WIDGET,
    JOINED,
    KEEP_PARAM,
    LANG,
    LANG_PARAM,
    LANG_WIDGET,
    LATEST,
    MEMO,
    NOTICE,
    NOTICE_SHOWN,
    PANELS,
    PENDING_LINK,
    PENDING_SEEDS,
    PRICES,
    PROFILE,
    PROFILE_WIDGET,
    QMSG,
    RATINGS,
    RERUN,
    RESPONDENT,
    RESTARTED,
    RESULTS_TAB,
    RESUME,
    RESUME_OFF,
    SCROLL,
    STEP,
    SYNC,
    UPLOAD_WIDGET,
    USE_CASES,
    W_CAP,
    W_CAP_N,
    W_CLOSE,
    W_COMPARE_FILES,
    W_CONTINUE,
    W_CREATE,
    W_CREATE_ANONYMOUS,
    W_CREATE_BLIND,
    W_CREATE_CAP,
    W_CREATE_PROFILE,
    W_CREATE_TITLE,
    W_JOIN,
    W_JOIN_CODE,
    W_JOIN_NAME,
    W_JOIN_NEW,
    W_JOIN_ROLE,
    W_KEY_SAVED,
    W_LEAVE,
    W_LINK,
    W_LINK_CODE,
    W_LINK_KEY,
    W_OFFLINE,
    W_OFFLINE_PROFILE,
    W_OPEN,
    W_OPEN_CODE,
    W_OPEN_KEY,
    W_PROFILE_SUGGESTED,
    W_REMOVE,
    W_REMOVE_SURE,
    W_REMOVE_WHO,
    W_REOPEN,
    W_RESUME,
    W_REVEAL,
    W_SEED_NAMES,
    W_SEED_TEMPLATES,
    W_USE_CASE_ADD,
    W_USE_CASE_DOWNLOAD,
    W_USE_CASE_TEMPLATE,
    W_USE_CASE_UPLOAD,
    W_USE_CASES_ON,
    WEIGHTS_PARAM,
    WORKSHOP,
    WORKSHOP_TAB,
    WORKSHOP_TAB_WIDGET,
    cost_key,
    lang_key,
    panel_key,
    price_key,
    question_key,
    rating_key,
    tab_key,
    unknown_key,
    use_case_editor_key,
    weight_key,
)
from wizard.ui.state.language import (
    keep_lang_in_url,
    lang,
    set_lang,
    switch_lang,
    sync_lang,
)
from wizard.ui.state.navigation import (
    ask_reset,
    confirming_reset,
    copy_panel,
    copy_tab,
    end_restart,
    open_step,
    panel_open,
    restarted,
    results_tab,
    set_step,
    set_workshop_tab,
    start_over,
    step,
    workshop_tab,
)
from wizard.ui.state.notices import (
    clear_notice,
    fragment_run,
    mark_notice_shown,
    notice,
    notice_outdated,
    request_scroll,
    scroll_pending,
    set_notice,
    take_scroll,
    take_toasts,
    toast,
)
from wizard.ui.state.profiles import (
    choose_profile,
    copy_cost,
    copy_price,
    cost_usage,
    custom,
    price_overrides,
    profile_id,
    set_custom,
    set_profile_id,
    store_custom_from_sliders,
    sync_profile,
)
from wizard.ui.state.session import (
    end_first_run,
    first_run,
    forget_memo,
    form_value,
    memo,
    request_rerun,
    seed,
    set_form_value,
    take_rerun,
    upload_widget_value,
)
from wizard.ui.state.sessions import (
    adopt_gut_call,
    any_joined,
    copy_gut,
    facilitator,
    gut_call,
    joined,
    keep_choice_in_url,
    pending_link,
    remember_join,
    resume,
    resume_off,
    set_cookie_pending,
    set_facilitator,
    set_gut_call,
    set_pending_link,
    set_resume,
    set_resume_off,
    set_synced,
    set_workshop,
    synced,
    take_cookie_pending,
    workshop,
)
from wizard.ui.state.use_cases import (
    copy_rating,
    copy_use_cases_on,
    localise_use_cases,
    ratings,
    ratings_synced,
    seed_use_cases_switch,
    set_ratings,
    set_ratings_synced,
    set_use_cases,
    set_use_cases_synced,
    use_case_revision,
    use_cases,
    use_cases_on,
    use_cases_synced,
)
from wizard.ui.state.values import (
    EarlierAssessment,
    FacilitatorSession,
    ResumeLink,
    SyncedCopy,
    WorkshopLink,
)

_PROFILE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def keep_known_profile(known: object, default_profile: str) -> None:
    """A profile the URL named that the catalog does not hold: the default instead.

    The URL then names the profile in use, so a copied link does not carry the bad one on.
    """
    if profile_id() not in known:  # type: ignore[operator]
        set_profile_id(default_profile)
    asked = st.query_params.get(WEIGHTS_PARAM)
    if asked is not None and asked != profile_id():
        st.query_params[WEIGHTS_PARAM] = profile_id()


def init(default_profile: str) -> None:
    """Create every key once per session (``setdefault``: never overwrites).

    A new session starts in the language the URL names (``?lang=zh-TW``) and with the weight
    profile it names (``?weights=``; the app checks it against the catalog once loaded, see
    ``keep_known_profile``), so a reload or a reopened link keeps what the user chose.
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
    if PROFILE not in ss:
        asked = str(st.query_params.get(WEIGHTS_PARAM) or "")
        ss[PROFILE] = asked if _PROFILE_ID.match(asked) else default_profile
    ss.setdefault(CUSTOM, None)
    ss.setdefault(NOTICE, None)
    ss.setdefault(QMSG, {})
    ss.setdefault(SCROLL, None)
    ss.setdefault(CONFIRM_RESET, False)
    ss.setdefault(WORKSHOP_TAB, 0)
    ss.setdefault(RESPONDENT, {"name": "", "role": ""})
    ss.setdefault(EARLIER, None)
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


__all__ = [
    "copy_rating",
    "ratings",
    "set_ratings",
    "ratings_synced",
    "set_ratings_synced",
    "RATINGS",
    "W_SEED_TEMPLATES",
    "W_SEED_NAMES",
    "rating_key",
    "seed_use_cases_switch",
    "set_use_cases_synced",
    "use_cases_synced",
    "USE_CASES",
    "W_USE_CASE_ADD",
    "W_USE_CASE_DOWNLOAD",
    "W_USE_CASE_TEMPLATE",
    "W_USE_CASE_UPLOAD",
    "W_USE_CASES_ON",
    "use_case_editor_key",
    "copy_use_cases_on",
    "set_use_cases",
    "localise_use_cases",
    "use_case_revision",
    "use_cases",
    "use_cases_on",
    "ANSWERS",
    "CONFIRM_RESET",
    "COST",
    "CUSTOM",
    "FACILITATOR",
    "FIRST_RUN",
    "FacilitatorSession",
    "GUT",
    "GUT_WIDGET",
    "JOINED",
    "KEEP_PARAM",
    "LANG",
    "LANG_PARAM",
    "keep_known_profile",
    "LANG_WIDGET",
    "LATEST",
    "Latest",
    "MEMO",
    "NOTICE",
    "NOTICE_SHOWN",
    "PANELS",
    "PENDING_LINK",
    "PENDING_SEEDS",
    "PRICES",
    "PROFILE",
    "PROFILE_WIDGET",
    "QMSG",
    "RERUN",
    "RESPONDENT",
    "RESTARTED",
    "RESULTS_TAB",
    "RESUME",
    "RESUME_OFF",
    "ResumeLink",
    "SCROLL",
    "STEP",
    "SYNC",
    "SyncedCopy",
    "UPLOAD_WIDGET",
    "WORKSHOP",
    "WORKSHOP_TAB",
    "WORKSHOP_TAB_WIDGET",
    "W_CAP",
    "W_CAP_N",
    "W_CLOSE",
    "W_COMPARE_FILES",
    "W_CONTINUE",
    "W_CREATE",
    "W_CREATE_ANONYMOUS",
    "W_CREATE_BLIND",
    "W_CREATE_CAP",
    "W_CREATE_PROFILE",
    "W_CREATE_TITLE",
    "W_JOIN",
    "W_JOIN_CODE",
    "W_JOIN_NAME",
    "W_JOIN_NEW",
    "W_JOIN_ROLE",
    "W_KEY_SAVED",
    "W_LEAVE",
    "W_LINK",
    "W_LINK_CODE",
    "W_LINK_KEY",
    "W_OFFLINE",
    "W_OFFLINE_PROFILE",
    "W_OPEN",
    "W_OPEN_CODE",
    "W_OPEN_KEY",
    "W_PROFILE_SUGGESTED",
    "W_REMOVE",
    "W_REMOVE_SURE",
    "W_REMOVE_WHO",
    "W_REOPEN",
    "W_RESUME",
    "W_REVEAL",
    "WorkshopLink",
    "adopt_gut_call",
    "adopt_multi",
    "adopt_single",
    "answers",
    "any_joined",
    "ask_reset",
    "choose_profile",
    "clear_notice",
    "clear_question_marks",
    "confirming_reset",
    "copy_cost",
    "copy_gut",
    "copy_multi",
    "copy_panel",
    "copy_price",
    "copy_single",
    "copy_tab",
    "cost_key",
    "cost_usage",
    "custom",
    "end_first_run",
    "end_restart",
    "exclusive_choice",
    "facilitator",
    "first_run",
    "forget_memo",
    "form_value",
    "fragment_run",
    "gut_call",
    "init",
    "joined",
    "keep_choice_in_url",
    "keep_lang_in_url",
    "lang",
    "lang_key",
    "latest",
    "mark_notice_shown",
    "mark_questions",
    "memo",
    "notice",
    "notice_outdated",
    "open_step",
    "panel_key",
    "panel_open",
    "pending_link",
    "price_key",
    "price_overrides",
    "profile_id",
    "publish_latest",
    "question_key",
    "question_message",
    "remember_join",
    "replace_answers",
    "request_rerun",
    "request_scroll",
    "respondent",
    "restarted",
    "results_tab",
    "resume",
    "resume_off",
    "scroll_pending",
    "seed",
    "set_cookie_pending",
    "set_custom",
    "set_facilitator",
    "set_form_value",
    "set_gut_call",
    "set_lang",
    "set_notice",
    "set_pending_link",
    "set_profile_id",
    "set_respondent",
    "earlier",
    "set_earlier",
    "EarlierAssessment",
    "set_resume",
    "set_resume_off",
    "set_step",
    "set_synced",
    "set_workshop",
    "set_workshop_tab",
    "start_over",
    "step",
    "store_custom_from_sliders",
    "switch_lang",
    "sync_lang",
    "sync_profile",
    "synced",
    "tab_key",
    "take_cookie_pending",
    "take_rerun",
    "take_scroll",
    "take_toasts",
    "toast",
    "unknown_key",
    "upload_widget_value",
    "weight_key",
    "workshop",
    "workshop_tab",
]

"""Every session key and widget key, one constant (or key builder) each."""

from __future__ import annotations

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
EARLIER = "earlier_assessment"  # the file resumed from (EarlierAssessment or None)


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
WEIGHTS_PARAM = "weights"  # ?weights=regulated: the chosen weight profile survives a reload


PROFILE_WIDGET = "w::profile"


UPLOAD_WIDGET = "w::upload"


# Every widget whose labels depend on the language carries the language in its key: after a
# switch Streamlit sees a new widget, which is seeded from our own state (option ids), so no
# widget ever holds display strings of the other language.
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


def cost_key(name: str) -> str:
    """The key of a cost-calculator input."""
    return f"w::cost::{name}"


def price_key(model_id: str, field: str) -> str:
    """The key of a price input."""
    return f"w::price::{model_id}::{field}"


def tab_key(lang: str) -> str:
    """The key of the results tabs in ``lang``."""
    return f"w::results_tab::{lang}"


def panel_key(name: str, lang: str) -> str:
    """The key of expander ``name`` in ``lang``."""
    return f"w::panel::{name}::{lang}"


GUT_WIDGET = "w::gut"


# ------------------------------------------------------------------ widget keys of the pages
W_CAP = "w::cap"
W_CAP_N = "w::cap::n"
W_CLOSE = "w::close"
W_COMPARE_FILES = "w::compare::files"
W_CONTINUE = "w::continue"
W_CREATE = "w::create"
W_CREATE_ANONYMOUS = "w::create::anonymous"
W_CREATE_BLIND = "w::create::blind"
W_CREATE_CAP = "w::create::cap"
W_CREATE_PROFILE = "w::create::profile"
W_CREATE_TITLE = "w::create::title"
W_JOIN = "w::join"
W_JOIN_CODE = "w::join::code"
W_JOIN_NAME = "w::join::name"
W_JOIN_NEW = "w::join::new"
W_JOIN_ROLE = "w::join::role"
W_KEY_SAVED = "w::key_saved"
W_LEAVE = "w::leave"
W_LINK = "w::link"
W_LINK_CODE = "w::link::code"
W_LINK_KEY = "w::link::key"
W_OFFLINE = "w::offline"
W_OFFLINE_PROFILE = "w::offline::profile"
W_OPEN = "w::open"
W_OPEN_CODE = "w::open::code"
W_OPEN_KEY = "w::open::key"
W_PROFILE_SUGGESTED = "w::profile_suggested"
W_REMOVE = "w::remove"
W_REMOVE_SURE = "w::remove::sure"
W_REMOVE_WHO = "w::remove::who"
W_REOPEN = "w::reopen"
W_RESUME = "w::resume"
W_REVEAL = "w::reveal"


USE_CASES = "use_cases"  # the candidate use cases: a list of attribute mappings (plain values)
USE_CASES_REVISION = "use_cases_revision"  # counts replacements (a template, an import, a file)
USE_CASES_ON = "use_cases_on"  # the person opened the use-case editor
USE_CASES_SYNCED = "use_cases_synced"  # the use cases as last kept on the server (JSON)
W_USE_CASES_ON = "w::use_cases::on"
W_USE_CASE_TEMPLATE = "w::use_cases::template"
W_USE_CASE_ADD = "w::use_cases::add"
W_USE_CASE_UPLOAD = "w::use_cases::upload"
W_USE_CASE_DOWNLOAD = "w::use_cases::download"


def use_case_editor_key(lang: str, revision: int) -> str:
    """The key of the use-case table in ``lang`` at ``revision`` (new after a replacement)."""
    return f"w::use_cases::table::{lang}::{revision}"


RATINGS = "use_case_ratings"  # a participant's {case id: {"value": 1-5, "feasibility": 1-5}}
RATINGS_SYNCED = "use_case_ratings_synced"  # the ratings as last kept in the workshop (JSON)
W_SEED_TEMPLATES = "w::create::use_case_templates"
W_SEED_NAMES = "w::create::use_case_names"


def rating_key(case_id: str, kind: str, lang: str) -> str:
    """The key of a participant's rating widget of one use case (value or feasibility)."""
    return f"w::rate::{case_id}::{kind}::{lang}"

"""App shell: page config, the config-error page, the sidebar and the navigation."""

from __future__ import annotations

import base64
from pathlib import Path

import streamlit as st

from wizard.answers import added_since, load_answers
from wizard.config import DEFAULT_QUESTIONNAIRE, DEFAULT_WEIGHTS, Catalog, Questionnaire
from wizard.errors import AnswersError, ConfigError
from wizard.i18n import language_name, languages, t
from wizard.steps import review_index
from wizard.ui import loaders, nav, state
from wizard.ui.components import answers_download, error_boundary, page_chrome, show_toasts
from wizard.ui.pages import assessment
from wizard.ui.workshop_session import (
    autosave,
    keep_step_in_url,
    resume_from_query,
)
from wizard.words.answers import problem_lines
from wizard.words.markdown import md_escape_user

# A file of our own: a Material icon or emoji as page_icon makes every browser fetch it from
# an outside server on each page load (and fail offline). As a data URL (508 bytes), read once:
# a file path is read and registered with the media manager on every full run.
ICON = "data:image/png;base64," + base64.b64encode(
    (Path(__file__).resolve().parent / "static" / "icon.png").read_bytes()
).decode("ascii")


def render_config_error(exc: ConfigError, lang: str) -> None:
    """A readable page instead of a traceback: which file, which key, what is wrong."""
    st.title(t("config_error.title", lang))
    st.error(t("config_error.intro", lang))
    st.code("\n".join(exc.lines), language=None, wrap_lines=True)
    st.caption(t("config_error.hint", lang))


def handle_upload(catalog: Catalog) -> None:
    """on_change of the resume uploader: all-or-nothing, current answers kept on any error."""
    upload = state.upload_widget_value()
    lang = state.lang()
    if upload is None:
        return
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    from wizard.portfolio import read_use_cases  # only when a file is opened

    try:
        doc = load_answers(upload.getvalue(), q, source=upload.name)
        cases = read_use_cases(doc.use_cases, q, catalog.use_cases, upload.name)
    except AnswersError as exc:
        state.set_notice(
            "error",
            [
                t("upload.rejected", lang, name=md_escape_user(upload.name)),
                *problem_lines(exc, lang),
                t("upload.kept", lang),
            ],
        )
        return
    state.replace_answers(doc.answers)  # the language stays the one the user chose
    state.set_use_cases([c.as_dict() for c in cases])
    # a file the app saved (dated) is an earlier assessment; one filled in by hand is a first one
    earlier = doc.data_version is not None or doc.saved_on is not None
    state.set_earlier(
        state.EarlierAssessment(dict(doc.answers), doc.data_version, doc.decision)
        if earlier
        else None
    )
    lines = [t("upload.loaded", lang, count=len(doc.answers))]
    added = added_since(q, doc)
    if added:
        lines.append(
            t(
                "upload.new_questions",
                lang,
                version=doc.questionnaire_version,
                current=q.version,
                questions=t("wizard.list_sep", lang).join(
                    q.questions_by_id[qid].text.get(lang) for qid in added
                ),
            )
        )
    in_workshop = state.workshop() is not None
    if in_workshop:  # the room scores everyone under its profile and knows them by their name
        if doc.weights != state.profile_id():
            lines.append(t("upload.workshop_profile_kept", lang))
    elif doc.weights in catalog.weights:
        state.choose_profile(doc.weights)
    else:
        lines.append(t("upload.unknown_profile", lang, profile=doc.weights))  # escaped when shown
    if doc.respondent is not None and not in_workshop:
        state.set_respondent(doc.respondent.name, doc.respondent.role)
    if earlier and doc.data_version != catalog.data_version:
        lines.append(t("upload.world_changed", lang))  # listed first on the results
    state.set_step(review_index(q))
    state.set_notice("success" if len(lines) == 1 else "warning", lines)


def sidebar(catalog: Catalog) -> None:
    """The sidebar: language, save and resume, start over, disclaimer."""
    lang = state.lang()
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    with st.sidebar:
        state.seed(state.LANG_WIDGET, lang)
        st.radio(
            t("sidebar.language", lang),
            languages(),
            format_func=language_name,
            key=state.LANG_WIDGET,
            on_change=state.sync_lang,
            horizontal=True,
        )
        # a heading with its own rule, not a divider above it: every element of the sidebar is
        # sent on each full run
        st.subheader(t("sidebar.save_title", lang), divider="gray")
        st.caption(t("sidebar.save_help", lang))
        answers_download(q, lang, "dl::answers::sidebar", deferred=True)
        st.file_uploader(
            t("sidebar.upload", lang),
            type=["yaml", "yml", "json"],
            key=state.UPLOAD_WIDGET,
            on_change=handle_upload,
            args=(catalog,),
            help=t("sidebar.upload_help", lang),
            max_upload_size=1,
        )
        render_start_over(lang)
        st.caption(t("sidebar.disclaimer", lang))
        reconnect_marker()


# Seconds between the marker's own (empty) reruns: rare, it only has to exist.
MARKER_SECONDS = 3600


@st.fragment(run_every=MARKER_SECONDS)
def reconnect_marker() -> None:
    """Draws nothing; its timer makes a reconnecting page rerun in full.

    Streamlit's page asks for a full run when its websocket comes back only if the page has a
    timed fragment or its last run was a fragment's. Without this, a browser whose last click
    was Next and whose server restarted (or whose process behind the balancer died) would send
    its next answer as a rerun of a fragment the new session does not know, and the server
    drops it: the page shows the answer, nothing saves it. With it, the reconnect's full run
    carries every widget's value, adopted and saved as on any new session.
    """


def render_start_over(lang: str) -> None:
    """The Start over button: it clears the answers after a confirmation, never on one click."""
    if not state.confirming_reset():
        st.button(
            t("sidebar.start_over", lang),
            key="start_over",
            on_click=state.ask_reset,
            icon=":material/restart_alt:",
            # never disabled: answering reruns only the questions, not this sidebar
        )
        return
    in_workshop = state.workshop() is not None  # the workshop's copy is cleared too
    confirm = "sidebar.start_over_confirm_workshop" if in_workshop else "sidebar.start_over_confirm"
    st.warning(t(confirm, lang), icon=":material/warning:")
    with st.container(horizontal=True):
        st.button(
            t("sidebar.start_over_yes", lang),
            key="start_over_yes",
            type="primary",
            on_click=state.start_over,
        )
        st.button(
            t("sidebar.start_over_no", lang),
            key="start_over_no",
            on_click=state.ask_reset,
            args=(False,),
        )


def workshop_page(catalog: Catalog) -> None:
    """The workshop page, imported when opened.

    The dashboard needs pandas and Altair: importing it here, not at the top, keeps them off
    the question steps (the same reason the assessment imports its results step lazily).
    """
    from wizard.ui.pages import workshop

    workshop.page(catalog)


def _favicon_as_given() -> None:
    """Let ``set_page_config`` pass our data URL through without numpy and Pillow.

    Streamlit's ``image_to_url`` imports numpy and Pillow (about 100 ms in a fresh process)
    before it sees that a data URL is returned as it is; the first page of a new replica pays
    for that. The wrap answers data URLs itself and hands anything else to Streamlit; a
    Streamlit without the private hook keeps its own (slower) path.
    """
    from streamlit.commands import page_config

    original = getattr(page_config, "_get_favicon_string", None)
    if original is None or getattr(original, "passes_data_urls", False):
        return

    def favicon(page_icon: object) -> str:
        if isinstance(page_icon, str) and page_icon.startswith("data:image/"):
            return page_icon
        return original(page_icon)

    favicon.passes_data_urls = True  # type: ignore[attr-defined]
    page_config._get_favicon_string = favicon


def method_page(catalog: Catalog) -> None:
    """The method page, imported when opened: the first step never draws it."""
    from wizard.ui.pages import method

    method.page(catalog)


def main() -> None:
    """Run one script pass of the app."""
    state.init(DEFAULT_WEIGHTS)
    state.mark_notice_shown(False)
    _favicon_as_given()
    st.set_page_config(page_title=t("app.title", state.lang()), page_icon=ICON, layout="wide")
    try:
        catalog = loaders.catalog()
    except ConfigError as exc:
        render_config_error(exc, state.lang())
        return
    state.keep_known_profile(catalog.weights, DEFAULT_WEIGHTS)
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    resume_from_query(q)
    sidebar(catalog)
    lang = state.lang()
    page = st.navigation(
        [
            st.Page(
                lambda: assessment.page(catalog),
                title=t("nav.assessment", lang),
                icon=":material/explore:",
                url_path=nav.ASSESSMENT,
                default=True,
            ),
            st.Page(
                lambda: method_page(catalog),
                title=t("method.nav", lang),
                icon=":material/menu_book:",
                url_path=nav.METHOD,
            ),
            st.Page(
                lambda: workshop_page(catalog),
                title=t("workshop.nav", lang),
                icon=":material/groups:",
                url_path=nav.WORKSHOP,
            ),
        ]
    )
    with error_boundary(lang, f"page {page.url_path or 'assessment'}"):
        page.run()
    finish_run(q)
    page_chrome(lang)  # last on every page: styles, <html lang>, a pending scroll
    if state.take_rerun():
        st.rerun()  # show what a merge or a first run brought in


def finish_run(q: Questionnaire) -> None:
    """After the page: save what changed, keep the open step in the URL.

    The callbacks' changes and the first run's adopted values are all in the answers by now.
    """
    autosave(q)
    keep_step_in_url()
    state.keep_lang_in_url()
    state.keep_choice_in_url()
    state.end_first_run()
    show_toasts()

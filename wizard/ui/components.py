"""Reusable pieces of the pages: question widgets, notices, escaping."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

import streamlit as st

from wizard.answers import UNKNOWN, Respondent, dump_answers, make_answers_file
from wizard.config import Question, Questionnaire
from wizard.i18n import t
from wizard.report import option_text
from wizard.ui import state

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Escape text from users or files so Markdown shows it literally (no links, no HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def show_notice() -> None:
    """Show the pending notice (upload result, blocked Next) until the next answer changes."""
    pending = state.notice()
    if pending is None:
        return
    kind, lines = pending
    head, *rest = lines
    body = head + ("\n\n" + "\n".join(f"- {md_escape(line)}" for line in rest) if rest else "")
    {"error": st.error, "success": st.success, "warning": st.warning}.get(kind, st.info)(body)


def option_label(question: Question, lang: str) -> Callable[[str], str]:
    """format_func for a question's widget: option id -> label in ``lang``."""
    return partial(option_text, question, lang=lang)


def render_question(question: Question, number: int, lang: str) -> None:
    """Draw one question from the answers dict; changes flow back through on_change."""
    answers = state.answers()
    value = answers.get(question.id)
    label = f"{number}. {question.text.get(lang)}"
    helptext = question.help.get(lang)
    if question.refs:
        helptext += "\n\n" + t("wizard.refs", lang) + " " + ", ".join(question.refs)
    key = state.question_key(question.id)
    if question.type == "single":
        options = [*question.option_ids, *([UNKNOWN] if question.unknown else [])]
        state.seed(key, value if value in options else None)
        st.radio(
            label,
            options,
            index=None,
            format_func=option_label(question, lang),
            key=key,
            help=helptext,
            on_change=state.copy_single,
            args=(question.id,),
        )
        return
    is_unknown = value == UNKNOWN
    state.seed(key, [] if is_unknown or not isinstance(value, list) else list(value))
    st.multiselect(
        label,
        list(question.option_ids),
        format_func=option_label(question, lang),
        key=key,
        help=helptext,
        on_change=state.copy_multi,
        args=(question.id,),
        placeholder=t("wizard.choose_several", lang),
        disabled=is_unknown,
    )
    if question.unknown:
        ukey = state.unknown_key(question.id)
        state.seed(ukey, is_unknown)
        st.checkbox(
            t("wizard.dont_know", lang), key=ukey, on_change=state.copy_multi, args=(question.id,)
        )


def answers_download(q: Questionnaire, lang: str, key: str, *, deferred: bool = False) -> None:
    """A download button for the current answers file (save now, resume later).

    ``deferred`` builds the file only when clicked (for the sidebar, drawn on every rerun).
    """
    who = dict(state.respondent())
    answers = dict(state.answers())  # a snapshot: a deferred build runs after this script run
    profile = state.profile_id()

    def build() -> str:
        respondent = Respondent(name=who["name"], role=who["role"]) if who["name"] else None
        doc = make_answers_file(q, answers, language=lang, weights=profile, respondent=respondent)
        return dump_answers(doc)

    st.download_button(
        t("sidebar.download_answers", lang),
        build if deferred else build(),
        file_name="genai-answers.yaml",
        mime="application/x-yaml",
        key=key,
        on_click="ignore",
        icon=":material/save:",
    )


def lazy_expander(name: str, label: str, lang: str, icon: str):  # noqa: ANN201
    """An expander whose content the caller draws only while it is open (``.open``).

    Its open state lives in our own state, so leaving the step or switching language keeps it.
    The label must not change while open, or Streamlit would reset the panel.
    """
    key = state.panel_key(name, lang)
    state.seed(key, state.panel_open(name))
    return st.expander(label, icon=icon, key=key, on_change=state.copy_panel, args=(name, lang))

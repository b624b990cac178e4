"""Reusable pieces of the pages: question widgets, notices, escaping."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial

import streamlit as st

from wizard.answers import (
    UNKNOWN,
    AnswersFile,
    Respondent,
    answer_issues,
    dump_answers,
    holds,
    load_answers,
    make_answers_file,
)
from wizard.config import Question, Questionnaire
from wizard.errors import WizardError
from wizard.i18n import t
from wizard.ui import state
from wizard.words.answers import option_text, problem_lines
from wizard.words.markdown import md_escape, md_escape_user  # noqa: F401 (pages import md_escape here)

LOG = logging.getLogger("wizard.ui")


@contextmanager
def error_boundary(lang: str, where: str) -> Iterator[None]:
    """Contain an unexpected error: a short message in the user's language, details in the log.

    The page around it (navigation, sidebar, answers) keeps working; no traceback, file path
    or stack frame reaches the browser.
    """
    try:
        yield
    except Exception:
        LOG.exception("unexpected error while drawing %s", where)
        st.error(t("error.unexpected", lang), icon=":material/error:")


# Styles the theme cannot set: captions dark enough for WCAG AA (4.5:1) on white, this helper
# out of the layout, scroll targets clear of the header, and the roadmap as a list instead of a
# Gantt on narrow screens. The script below puts them in <head> once (they outlive reruns).
_PAGE_CSS = """
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] [data-testid="stMarkdownContainer"] small,
.stProgress [data-testid="stMarkdownContainer"] p {
  color: #4a4f5c !important; opacity: 1 !important;
}
[data-testid="stElementContainer"]:has(.wizard-chrome) { display: none; }
[class*="st-key-q--"], .st-key-verdict, h1 { scroll-margin-top: 4rem; }
.st-key-roadmap-list { display: none; }
@media (max-width: 640px) {
  .st-key-roadmap-gantt { display: none; }
  [data-testid="stElementToolbar"] { display: none; }
  .st-key-roadmap-list { display: block; }
}
"""

_PAGE_JS = """<span class="wizard-chrome"></span><script>
(() => {
  const lang = %(lang)s, target = %(target)s, nonce = %(nonce)s, css = %(css)s;
  let style = document.getElementById("wizard-style");
  if (!style) {
    style = document.createElement("style");
    style.id = "wizard-style";
    document.head.appendChild(style);
  }
  if (style.textContent !== css) style.textContent = css;
  document.documentElement.lang = lang;
  if (!target) return;
  let tries = 0;
  const go = () => {
    const el = target === "top"
      ? document.querySelector("[data-testid=stMainBlockContainer] h1")
      : document.querySelector(".st-key-" + target);
    if (!el && tries++ < 40) { setTimeout(go, 50); return; }
    if (!el) return;
    el.scrollIntoView({block: "start", behavior: "instant"});
    if (target !== "top") {
      const input = el.querySelector("input");
      if (input) input.focus({preventScroll: true});
    }
  };
  setTimeout(go, 30);
})();
</script>"""


def page_chrome(lang: str) -> None:
    """Per-run page helpers, in one element: the styles above, ``<html lang>``, a pending scroll.

    Draw it last on the page, so the element it scrolls to already exists.
    """
    pending = state.take_scroll()
    target, nonce = pending if pending else ("", 0)
    script = _PAGE_JS % {
        "lang": json.dumps(lang),
        "target": json.dumps(target),
        "nonce": json.dumps(nonce),
        "css": json.dumps(_PAGE_CSS),
    }
    st.html(script, unsafe_allow_javascript=True)


def show_toasts() -> None:
    """The toasts this run asked for: near the user on a phone too, however scrolled.

    Long: a privacy notice (where the answers are kept) can be among them.
    """
    for text in state.take_toasts():
        st.toast(text, duration="long")


def show_notice(place: str = "top") -> None:
    """Show the pending notice for ``place`` until the next answer changes.

    An upload's result shows at the top, a refused Next beside the buttons.
    """
    pending = state.notice(place)
    if pending is None:
        return
    state.mark_notice_shown()
    kind, lines = pending
    head, *rest = lines
    # the lines after the head quote files and what users typed: shown as text, no links
    body = head + ("\n\n" + "\n".join(f"- {md_escape_user(line)}" for line in rest) if rest else "")
    {"error": st.error, "success": st.success, "warning": st.warning}.get(kind, st.info)(body)


def option_label(question: Question, lang: str) -> Callable[[str], str]:
    """format_func for a question's widget: option id -> label in ``lang``."""
    return partial(option_text, question, lang=lang)


def question_anchor(qid: str, lang: str) -> str:
    """The CSS class suffix of a question's widget (``st-key-<key>``): a scroll target.

    Streamlit gives every keyed widget that class, its key's other characters turned into
    dashes; no extra container is needed (each would cost every rerun).
    """
    return re.sub(r"[^A-Za-z0-9_-]", "-", state.question_key(qid, lang))


def render_question(question: Question, number: int, lang: str) -> None:
    """Draw one question from the answers dict; changes flow back through on_change.

    The widget keys carry the language, so a switch draws fresh widgets seeded from the
    answers (option ids), never widgets still holding the other language's labels.
    """
    _question_widget(question, number, lang)
    answers = state.answers()
    for note in question.notes:
        if holds(note.show_if, answers):
            st.caption(note.text.get(lang))
    message = state.question_message(question.id)
    if message is not None:
        st.warning(
            t(f"wizard.answer_{message}", lang, options=_exclusive_labels(question, lang)),
            icon=":material/info:",
        )


def _exclusive_labels(question: Question, lang: str) -> str:
    sep = t("wizard.list_sep", lang)
    return sep.join(o.label.get(lang) for o in question.options if o.exclusive)


def _question_widget(question: Question, number: int, lang: str) -> None:
    answers = state.answers()
    value = answers.get(question.id)
    label = f"{number}. {question.text.get(lang)}"
    helptext = question.help.get(lang)
    if question.refs:
        helptext += "\n\n" + t("wizard.refs", lang) + " " + ", ".join(question.refs)
    key = state.question_key(question.id, lang)
    adopting = state.first_run()  # the browser's values win on a session's first run
    if question.type == "single":
        options = [*question.option_ids, *([UNKNOWN] if question.unknown else [])]
        if not adopting:
            state.seed(key, value if value in options else None)
        shown = st.radio(
            label,
            options,
            index=None,
            format_func=option_label(question, lang),
            key=key,
            help=helptext,
            on_change=state.copy_single,
            args=(question, lang),
        )
        if adopting:
            state.adopt_single(question, lang, shown)
        return
    is_unknown = value == UNKNOWN
    if not adopting:
        state.seed(key, [] if is_unknown or not isinstance(value, list) else list(value))
    if any(o.exclusive for o in question.options):
        helptext += "\n\n" + t(
            "wizard.exclusive_help", lang, options=_exclusive_labels(question, lang)
        )
    chosen = st.multiselect(
        label,
        list(question.option_ids),
        format_func=option_label(question, lang),
        key=key,
        help=helptext,
        on_change=state.copy_multi,
        args=(question, lang),
        placeholder=t("wizard.choose_several", lang),
        disabled=is_unknown,
        select_all=False,  # "all" would add "None" and blockers (a prohibited use case)
    )
    unknown = False
    if question.unknown:
        ukey = state.unknown_key(question.id, lang)
        if not adopting:
            state.seed(ukey, is_unknown)
        unknown = st.checkbox(
            t("wizard.dont_know", lang), key=ukey, on_change=state.copy_multi, args=(question, lang)
        )
    if adopting:
        state.adopt_multi(question, lang, list(chosen or []), bool(unknown))


def _fitting_use_cases(q: Questionnaire, rows: list[dict]) -> list[dict]:
    """The use cases that read without a problem (a row still being typed is left out)."""
    from wizard.errors import AnswersError
    from wizard.portfolio import read_use_cases
    from wizard.ui import loaders

    data = loaders.catalog().use_cases
    out = []
    for row in rows:
        try:
            out.extend(c.as_dict() for c in read_use_cases([row], q, data))
        except AnswersError:
            continue
    return out


def answers_download(q: Questionnaire, lang: str, key: str, *, deferred: bool = False) -> None:
    """A download button for the current answers file (save now, resume later).

    ``deferred`` builds the file only when clicked (for the sidebar, drawn on every rerun).
    """
    state.publish_latest()
    holder = state.latest()  # read when clicked: the questions may have rerun alone since

    def build() -> str:
        from wizard.guidance import decision_of
        from wizard.ui import loaders

        answers, who, profile = holder.value
        cases = _fitting_use_cases(q, holder.use_cases)
        respondent = Respondent(name=who["name"], role=who["role"]) if who["name"] else None
        # never an empty download: an answer that does not fit (none should) is left out
        fitting = {k: v for k, v in answers.items() if not answer_issues(q, {k: v})}
        catalog = loaders.catalog()
        doc = make_answers_file(
            q,
            fitting,
            language=lang,
            weights=profile,
            respondent=respondent,
            saved_on=date.today(),
            # the data and the verdict they were scored with: a later look tells what changed
            data_version=catalog.data_version,
            decision=decision_of(catalog, q, catalog.profile(profile), fitting),
            use_cases=cases,
        )
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


def lazy_expander(name: str, label: str, lang: str, icon: str):
    """An expander whose content the caller draws only while it is open (``.open``).

    Its open state lives in our own state, so leaving the step or switching language keeps it.
    The label must not change while open, or Streamlit would reset the panel.
    """
    key = state.panel_key(name, lang)
    state.seed(key, state.panel_open(name))
    return st.expander(label, icon=icon, key=key, on_change=state.copy_panel, args=(name, lang))


def load_uploads(files: list, q: Questionnaire, lang: str) -> list[tuple[object, AnswersFile]]:
    """The uploaded answers files that load, with their uploads; the others listed as skipped.

    One bad file (an alias, a 950-deep JSON) never hides the good ones.
    """
    loaded, problems = [], []
    for upload in files:
        try:
            loaded.append((upload, load_answers(upload.getvalue(), q, source=upload.name)))
        except WizardError as exc:
            problems.extend(problem_lines(exc, lang))
    if problems:
        st.error(
            t("workshop.offline_skipped", lang)
            + "\n\n"
            + "\n".join(f"- {md_escape_user(line)}" for line in problems)
        )
    return loaded


def no_font_text(lang: str, target: str) -> str:
    """Why the report comes in ``target`` instead of ``lang`` (no font for it here)."""
    from wizard.i18n import language_name
    from wizard.words.fonts import FONT_PACKAGES, font_family

    return t(
        "report.no_font",
        lang,
        language=language_name(lang),
        package=FONT_PACKAGES.get(font_family(lang), ""),
        fallback=language_name(target),
    )

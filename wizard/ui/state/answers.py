"""The answers dict, copied from widgets in callbacks, and who answers."""

from __future__ import annotations

from typing import Any

import streamlit as st

from wizard.answers import UNKNOWN, AnswerValue
from wizard.config import Question
from wizard.ui.state.keys import (
    ANSWERS,
    EARLIER,
    LATEST,
    QMSG,
    RESPONDENT,
    question_key,
    unknown_key,
)
from wizard.ui.state.notices import clear_notice
from wizard.ui.state.profiles import profile_id
from wizard.ui.state.session import _forget_widgets, _seed_next_run
from wizard.ui.state.use_cases import use_cases
from wizard.ui.state.values import EarlierAssessment


def answers() -> dict[str, AnswerValue]:
    """The live answers dict (question id -> option id, list, or "unknown")."""
    return st.session_state[ANSWERS]


def replace_answers(new: dict[str, AnswerValue]) -> None:
    """Swap in a whole answer set (after a successful upload) and drop stale widget state."""
    st.session_state[ANSWERS] = dict(new)
    st.session_state[QMSG] = {}
    _forget_widgets(lambda k: k.startswith("q::"))


class Latest:
    """The answers, respondent and profile as of the end of the last run, fragment runs included.

    A deferred download (the sidebar's) is built after its run, from this; the sidebar is not
    redrawn when only the questions rerun.
    """

    __slots__ = ("value", "use_cases")

    def __init__(self) -> None:
        self.value: tuple[dict, dict, str] = ({}, {"name": "", "role": ""}, "")
        self.use_cases: list[dict] = []


def latest() -> Latest:
    """This session's holder of the latest answers (one object for the session's life)."""
    found = st.session_state.get(LATEST)
    if not isinstance(found, Latest):
        found = st.session_state[LATEST] = Latest()
    return found


def publish_latest() -> None:
    """Copy what a download would save now into ``latest()`` (replaced whole, never edited)."""
    current = {k: list(v) if isinstance(v, list) else v for k, v in answers().items()}
    holder = latest()
    holder.value = (current, dict(respondent()), profile_id())
    holder.use_cases = use_cases()


def respondent() -> dict[str, str]:
    """Name and role of who answers."""
    return st.session_state[RESPONDENT]


def earlier() -> EarlierAssessment | None:
    """The answers file this session was resumed from (for "since your last assessment")."""
    return st.session_state.get(EARLIER)


def set_earlier(value: EarlierAssessment | None) -> None:
    """Remember the file resumed from (None: a fresh start)."""
    st.session_state[EARLIER] = value


def set_respondent(name: str, role: str) -> None:
    """Set who answers."""
    st.session_state[RESPONDENT] = {"name": name, "role": role}


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

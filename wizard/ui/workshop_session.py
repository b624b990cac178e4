"""Answers kept on the server as one goes: a participant's link, or a private resume link.

A workshop participant's answers are saved to the workshop on every change (``?w=CODE&p=TOKEN``
in the URL); a self-service user's are kept behind a private resume link (``?r=TOKEN``) unless
they switch it off. Every save is merged per question with what the store has (another tab or
device may have saved since), and a new session (reload, a server restart, a phone that slept)
merges what the page still shows over the stored copy instead of replacing it.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import streamlit as st

from wizard.answers import AnswerValue, upgrade_answers
from wizard.config import Questionnaire
from wizard.config.ids import ROLE
from wizard.errors import WizardError
from wizard.i18n import t
from wizard.steps import RESULTS, results_index, steps_of
from wizard.ui import loaders, state
from wizard.ui.state import ResumeLink, SyncedCopy, WorkshopLink

PARTICIPANT_PARAMS = ("w", "p")
RESUME_PARAM = "r"
STEP_PARAM = "s"


def error_text(exc: WizardError, lang: str) -> str:
    """A workshop error as the user reads it: its reason translated, else its lines."""
    reason = getattr(exc, "reason", None)
    if reason:
        return t(f"workshop.error.{reason}", lang)
    return "; ".join(exc.lines)


def use_workshop_profile(code: str) -> None:
    """Participants score under the workshop's weight profile, as the dashboard does."""
    with contextlib.suppress(WizardError):  # an unknown code: the message comes elsewhere
        state.choose_profile(loaders.store().workshop(code).weights)


def _snapshot(answers: dict[str, AnswerValue]) -> dict[str, AnswerValue]:
    """A copy that later edits of the live dict (lists included) cannot change."""
    return {k: list(v) if isinstance(v, list) else v for k, v in answers.items()}


def mark_synced(
    answers: dict[str, AnswerValue], revision: int, progress: int, submitted: bool = False
) -> None:
    """Remember what the store holds now: the base of the next save's merge."""
    state.set_synced(
        SyncedCopy(_snapshot(answers), revision, progress, state.gut_call(), submitted)
    )


def _drop_dead_link(exc: WizardError) -> bool:
    """Let go of a link that no longer works (the participant removed, the copy deleted).

    The page stops saying answers are kept, and the URL stops carrying the link.
    """
    reason = getattr(exc, "reason", None)
    if reason == "unknown_resume":
        state.set_resume(None)
        state.set_resume_off(True, remember=False)
        params = (RESUME_PARAM, STEP_PARAM)
    elif reason == "unknown_participant" and state.workshop() is not None:
        state.remember_join(state.workshop().code, None)
        state.set_workshop(None)
        params = (*PARTICIPANT_PARAMS, STEP_PARAM)
    else:
        return False
    state.set_synced(None)
    for param in params:
        with contextlib.suppress(KeyError):
            del st.query_params[param]
    return True


def _attempt() -> tuple[Any, ...]:
    """What a save attempt carries, to recognise the same attempt again."""
    return (_snapshot(state.answers()), state.step(), state.gut_call())


#: after a save failed because the store did not answer, the same answers are tried again on
#: the next run at least this many seconds later (not in the rerun that shows the message)
RETRY_SECONDS = 5.0


def save_refused() -> bool:
    """Whether the last save failed (a closed workshop, the store unreachable), none passing since.

    Then the page must not claim the answers are saved.
    """
    copy = state.synced()
    return (copy is not None and copy.failed is not None) or state.pending_link() is not None


def _retry_due(copy: SyncedCopy) -> bool:
    """Whether a failed save is tried again now: only an outage, and not right after it."""
    return copy.transient and time.monotonic() - copy.failed_at >= RETRY_SECONDS


def _pending(q: Questionnaire, *, first: bool = False) -> dict[str, Any] | None:
    """What changed since the last save (None: nothing to save).

    ``first``: a private copy is made now even with nothing changed (use cases listed before
    any answer: the link keeps them too).
    """
    synced = state.synced() or SyncedCopy()
    answers = state.answers()
    step = state.step()
    finishing = steps_of(q)[step] == RESULTS
    gut = state.gut_call()
    if synced.failed == _attempt() and not _retry_due(synced):
        return None  # this very change could not be saved: said once, not retried each run
    restart = state.restarted()
    if (
        not first
        and not restart
        and answers == synced.answers
        and step <= synced.progress
        and gut == synced.gut
        and (not finishing or synced.submitted)
    ):
        return None
    return {
        "base": synced.answers,
        "base_revision": synced.revision,
        "progress": step,
        "submitted": finishing,
        "gut": gut if gut != synced.gut else None,
        "restart": restart,  # Start over: the stored progress and gut call go too
    }


def autosave(q: Questionnaire, *, full_page: bool = True) -> None:
    """Save what changed since the last save (answers, then use cases); once per run."""
    _autosave_answers(q, full_page=full_page)
    _save_use_cases()
    _save_ratings()


def _stamp(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def adopt_ratings(ratings: Mapping[str, Mapping[str, int]]) -> None:
    """This participant's ratings as the workshop keeps them (on joining or coming back)."""
    state.set_ratings({k: dict(v) for k, v in ratings.items()})
    state.set_ratings_synced(_stamp(state.ratings()))


def _save_ratings() -> None:
    """Send a participant's use-case ratings to the workshop when they changed."""
    context = state.workshop()
    if context is None:
        return
    current = state.ratings()
    stamp = _stamp(current)
    if stamp == (state.ratings_synced() or _stamp({})):
        return
    state.set_ratings_synced(stamp)  # tried once per change, never in a loop
    try:
        loaders.store().rate(context.code, context.token, current)
    except WizardError as exc:
        lang = state.lang()
        state.toast(t("workshop.not_saved", lang) + " " + error_text(exc, lang))


def _save_use_cases() -> None:
    """Keep the candidate use cases behind the private resume link when they changed."""
    link = state.resume()
    if state.workshop() is not None or link is None or state.resume_off():
        return
    rows = state.use_cases()
    stamp = json.dumps(rows, sort_keys=True, default=str)
    if stamp == state.use_cases_synced():
        return
    state.set_use_cases_synced(stamp)  # tried once per change, never in a loop
    try:
        loaders.store().resume_save_use_cases(link.token, rows)
    except WizardError as exc:
        lang = state.lang()
        state.toast(t("resume.not_saved", lang) + " " + error_text(exc, lang))


def _autosave_answers(q: Questionnaire, *, full_page: bool = True) -> None:
    """Save the answers changed since the last save.

    Callbacks (a click) run before the script and the first run of a new session adopts what
    the page shows, so by the end of the run the answers dict holds every change. A stale save
    (another tab or device saved in between) brings the newest answers back to this page.
    From the questions' fragment (``full_page=False``) the first save of a resume link says so
    in a toast instead of rerunning the whole page; the line under the questions follows on the
    next full run.
    """
    if state.pending_link() is not None:
        _retry_link(q)  # a participant link the store could not check: never a private copy
        if state.workshop() is None:
            return
    context = state.workshop()
    listed = bool(state.use_cases())
    if context is None and (
        state.resume_off() or (not state.answers() and not listed and not state.resume())
    ):
        return
    change = _pending(q, first=context is None and listed and state.resume() is None)
    if change is None:
        return
    lang = state.lang()
    try:
        store = loaders.store()
        if context is not None:
            saved = store.save(
                context.code,
                context.token,
                q,
                state.answers(),
                progress=change["progress"],
                submitted=change["submitted"],
                gut_call=change["gut"],
                base=change["base"],
                base_revision=change["base_revision"],
                restart=change["restart"],
            )
        elif state.resume() is None:
            token, saved = store.resume_create(q, state.answers(), change["progress"])
            state.set_resume(ResumeLink(token))
            st.query_params[RESUME_PARAM] = token
            if full_page:
                state.request_rerun()  # the page then says where the answers are kept
            else:
                state.toast(t("resume.where_server", lang))
        else:
            saved = store.resume_save(
                state.resume().token,
                q,
                state.answers(),
                progress=change["progress"],
                base=change["base"],
                base_revision=change["base_revision"],
                restart=change["restart"],
            )
    except WizardError as exc:
        key = "workshop.not_saved" if context is not None else "resume.not_saved"
        state.set_notice("error", [t(key, lang), error_text(exc, lang)])
        if (state.synced() or SyncedCopy()).failed != _attempt():  # not on a retry of the same
            state.toast(t(key, lang) + " " + error_text(exc, lang))  # the reason, not a bare colon
        if _drop_dead_link(exc):
            state.request_rerun()  # the page then says where the answers are (this tab)
            return
        # not again for the same answers right away (no loop), but one more run shows the
        # message; an outage is tried again on a later run, a refusal only with new answers
        state.set_synced(
            replace(
                state.synced() or SyncedCopy(),
                failed=_attempt(),
                failed_at=time.monotonic(),
                transient=getattr(exc, "reason", None) == "unavailable",
            )
        )
        state.request_rerun()
        return
    state.end_restart()
    # another tab saved in between: its answers, and its gut call when this one set none
    newer_answers = saved.answers != state.answers()
    newer_gut = context is not None and saved.gut_call != state.gut_call()
    if saved.stale and (newer_answers or newer_gut):
        if newer_answers:
            state.replace_answers(saved.answers)
        if newer_gut:
            state.adopt_gut_call(saved.gut_call)
        state.set_notice("info", [t("resume.merged", lang)])
        state.toast(t("resume.merged", lang))
        state.request_rerun()
    mark_synced(saved.answers, saved.revision, saved.progress, saved.submitted)


def keep_step_in_url() -> None:
    """While answers are kept on the server, the URL names the open step (a restart reopens it)."""
    if state.workshop() is None and state.resume() is None:
        return
    step = str(state.step())
    if st.query_params.get(STEP_PARAM) != step:
        st.query_params[STEP_PARAM] = step


def _resume_step(q: Questionnaire, progress: int) -> int:
    """The step to reopen: the one in the URL if reached before, else the furthest one."""
    furthest = min(progress, results_index(q))
    asked = st.query_params.get(STEP_PARAM, "")
    if asked.isdigit() and int(asked) <= furthest:
        return int(asked)
    return furthest


def merge_over(
    q: Questionnaire, stored: dict[str, AnswerValue], role: str = ""
) -> dict[str, AnswerValue]:
    """What a new session shows (adopted from the page) over the stored copy.

    A participant's role from the join form is their profile's role answer until they change
    it (one role per person).
    """
    merged = {**upgrade_answers(q, stored), **state.answers()}
    question = q.questions_by_id.get(ROLE)
    if ROLE not in merged and question is not None and role in question.options_by_id:
        merged[ROLE] = role
    return merged


def resume_from_query(q: Questionnaire) -> None:
    """Reopen a participant's link or a private resume link, merged under this session's answers.

    ``?w=CODE&p=TOKEN`` or ``?r=TOKEN`` restore the saved answers; what this session already
    has (adopted from the page after a restart) stays on top.

    While a participant is in a workshop (or a resume link is on), every page keeps those
    parameters in the URL, so a reload or a reopened tab resumes where they were.
    """
    context = state.workshop()
    if context is not None:
        if st.query_params.get("w") != context.code:
            st.query_params.update({"w": context.code, "p": context.token})
        return
    resumed = state.resume()
    if resumed is not None:
        if st.query_params.get(RESUME_PARAM) != resumed.token:
            st.query_params[RESUME_PARAM] = resumed.token
        return
    code, token = st.query_params.get("w"), st.query_params.get("p")
    if code and token:
        _resume_participant(q, code, token)
        return
    private = st.query_params.get(RESUME_PARAM)
    if private and not state.resume_off():
        _resume_private(q, private)


def _resume_participant(q: Questionnaire, code: str, token: str) -> bool:
    """Open a participant's link; True once it is open.

    A valid link always opens: no one else's wrong codes slow it (its token is a secret no one
    guesses). A wrong one gets one message whether its code or its token is wrong, so it tells
    nothing about which codes exist. While the store cannot be reached the link is kept
    pending: the answers given meanwhile stay on the page, never in a private copy, and go to
    the workshop as soon as the store answers.
    """
    lang = state.lang()
    try:
        me = loaders.store().me(code, token)
    except WizardError as exc:
        if getattr(exc, "reason", None) == "unavailable":
            state.set_pending_link(WorkshopLink(code, token))
            state.set_notice("error", [error_text(exc, lang)])
            return False
        state.set_pending_link(None)
        loaders.code_failed(code, guessed=False)
        state.set_notice("error", [t("workshop.error.bad_link", lang)])
        for param in (*PARTICIPANT_PARAMS, STEP_PARAM):  # tried once, not on every rerun
            with contextlib.suppress(KeyError):
                del st.query_params[param]
        return False
    state.set_pending_link(None)
    state.set_workshop(WorkshopLink(code, token))
    state.remember_join(code, token)
    use_workshop_profile(code)
    state.replace_answers(merge_over(q, me.answers, me.role))
    if state.gut_call() is None and me.gut_call:
        state.set_gut_call(me.gut_call)
    state.set_respondent(me.name, me.role)
    state.set_step(_resume_step(q, me.progress))
    mark_synced(me.answers, me.revision, me.progress, me.submitted)
    adopt_ratings(me.ratings)
    return True


def _retry_link(q: Questionnaire) -> None:
    """Try a pending participant link again (the store did not answer before)."""
    pending = state.pending_link()
    if pending is None:
        return
    keep = state.step()
    if _resume_participant(q, pending.code, pending.token):
        state.set_step(max(keep, state.step()))  # where the person is now, not where they were
        state.clear_notice()
        state.request_rerun()  # the page then says the answers go to the workshop again


def _resume_private(q: Questionnaire, token: str) -> None:
    try:
        found = loaders.store().resume_load(token)
    except WizardError as exc:
        state.set_notice("error", [error_text(exc, state.lang())])
        with contextlib.suppress(KeyError):
            del st.query_params[RESUME_PARAM]
        return
    state.set_resume(ResumeLink(token))
    state.replace_answers(merge_over(q, found.answers))
    state.set_use_cases(list(found.use_cases))
    state.set_use_cases_synced(json.dumps(list(found.use_cases), sort_keys=True, default=str))
    state.set_step(_resume_step(q, found.progress))
    mark_synced(found.answers, found.revision, found.progress)


def switch_resume(on: bool) -> None:
    """on_change of "Keep my answers on this server": off deletes the stored copy at once."""
    state.set_resume_off(not on)
    if on:
        return
    resumed = state.resume()
    if resumed is not None:
        with contextlib.suppress(WizardError):
            loaders.store().resume_delete(resumed.token)
    state.set_resume(None)
    state.set_synced(None)
    for param in (RESUME_PARAM, STEP_PARAM):
        with contextlib.suppress(KeyError):
            del st.query_params[param]
    state.set_notice("info", [t("resume.deleted", state.lang())])
    state.toast(t("resume.deleted", state.lang()))


def render_where_kept(lang: str) -> None:
    """The "where are my answers" line under the questions, and the switch for the resume link.

    Never "saved" while the last save failed: then it says the answers are on this page only.
    """
    if state.workshop() is not None or state.pending_link() is not None:
        return  # the page says so at the top ("saved to workshop ... as you go")
    on = not state.resume_off()
    key = state.lang_key(state.W_RESUME, lang)
    st.toggle(
        t("resume.toggle", lang),
        value=on,
        key=key,
        on_change=lambda: switch_resume(bool(state.form_value(key))),
        help=t("resume.toggle_help", lang),
    )
    if not on:
        st.caption(t("resume.where_session", lang))
    elif save_refused():
        st.caption(t("resume.where_unsaved", lang))
    elif state.resume() is not None:
        st.caption(t("resume.where_server", lang))
    else:
        st.caption(t("resume.where_first", lang))

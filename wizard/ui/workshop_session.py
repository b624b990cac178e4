"""A participant's link to the workshop store: resume from the URL, save as they go."""

from __future__ import annotations

import contextlib

import streamlit as st

from wizard.answers import upgrade_answers
from wizard.config import Questionnaire
from wizard.errors import WizardError
from wizard.i18n import t
from wizard.steps import results_index
from wizard.ui import loaders, state


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


def save_progress(q: Questionnaire, step: int, submitted: bool = False) -> None:
    """Autosave of a participant's answers; the wizard calls it on every step change."""
    context = state.workshop()
    if context is None:
        return
    lang = state.lang()
    try:
        loaders.store().save(
            context["code"],
            context["token"],
            q,
            state.answers(),
            progress=step,
            submitted=submitted,
            gut_call=state.gut_call(),
        )
    except WizardError as exc:
        state.set_notice("error", [t("workshop.not_saved", lang), error_text(exc, lang)])


def resume_from_query(q: Questionnaire) -> None:
    """Reopening a participant's link (``?w=CODE&p=TOKEN``) restores their saved answers.

    While a participant is in a workshop, every page keeps those parameters in the URL, so a
    reload or a reopened tab resumes where they were.
    """
    context = state.workshop()
    if context is not None:
        if st.query_params.get("w") != context["code"]:
            st.query_params.update({"w": context["code"], "p": context["token"]})
        return
    code, token = st.query_params.get("w"), st.query_params.get("p")
    if not code or not token:
        return
    try:
        me = loaders.store().me(code, token)
    except WizardError as exc:
        state.set_notice("error", [error_text(exc, state.lang())])
        return
    state.set_workshop({"code": code, "token": token})
    use_workshop_profile(code)
    state.replace_answers(upgrade_answers(q, me.answers))
    state.set_respondent(me.name, me.role)
    state.set_step(min(me.progress, results_index(q)))

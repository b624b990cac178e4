"""The participant's side: join by code or link, then see where the room stands."""

from __future__ import annotations

import streamlit as st

from wizard.answers import clean_name
from wizard.config import DEFAULT_QUESTIONNAIRE, Catalog, Questionnaire
from wizard.config.ids import ROLE
from wizard.errors import WizardError
from wizard.i18n import t
from wizard.steps import results_index
from wizard.storage import Workshop, normalise_code
from wizard.ui import loaders, nav, state
from wizard.ui.group_view import render_group_for_participant
from wizard.ui.state import WorkshopLink
from wizard.ui.workshop_session import (
    adopt_ratings,
    error_text,
    mark_synced,
    merge_over,
    use_workshop_profile,
)
from wizard.words.markdown import md_escape_user
from wizard.words.workshop import role_label


def role_options(q: Questionnaire) -> tuple[str, ...]:
    """The roles people join with: the options of the questionnaire's role question."""
    return q.questions_by_id[ROLE].option_ids


COOKIE_PREFIX = "wizard_p_"
COOKIE_DAYS = 7


def browser_token(code: str) -> str | None:
    """The participant token this browser kept for workshop ``code`` (a cookie), if any."""
    try:
        value = st.context.cookies.get(COOKIE_PREFIX + code)
    except (AttributeError, RuntimeError):
        return None
    if not isinstance(value, str) or not value.replace("-", "").replace("_", "").isalnum():
        return None
    return value


def keep_in_browser(code: str, token: str) -> None:
    """Set the cookie that brings a reopened join link back to this participant.

    Streamlit cannot set cookies itself: a tiny same-origin component does, once after a join.
    The token is as secret as the participant link in the address bar; the cookie is strict
    same-site and lasts a week.
    """
    st.iframe(
        "<script>document.cookie = "
        f"'{COOKIE_PREFIX}{code}={token}; Max-Age={COOKIE_DAYS * 86400}; Path=/; "
        "SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        height=1,
    )


def _earlier_name(q: Questionnaire, code: str, token: str, lang: str) -> str | None:
    """The name (or role) this browser joined ``code`` under, to say who it comes back as."""
    try:
        me = loaders.store().me(code, token)
    except WizardError:
        return None
    return me.name or (role_label(q, me.role, lang) if me.role else None)


def _rejoin(q: Questionnaire, code: str, token: str, name: str | None) -> bool:
    """Back into the participant this browser already is in workshop ``code``.

    From the browser's cookie (``name`` given), in a named workshop, only when the name typed
    is that participant's: someone else on a shared computer joins as themselves, never into
    another person's answers. This browser session's own join (``name`` None) always returns.
    """
    try:
        me = loaders.store().me(code, token)
    except WizardError:
        state.remember_join(code, None)  # removed by the facilitator, or the room is gone
        return False
    if name is not None and me.name and clean_name(name).casefold() != me.name.casefold():
        return False
    state.set_workshop(WorkshopLink(code, token))
    use_workshop_profile(code)
    st.query_params.update({"w": code, "p": token})
    state.replace_answers(merge_over(q, me.answers, me.role))
    state.set_respondent(me.name, me.role)
    mark_synced(me.answers, me.revision, me.progress, me.submitted)
    adopt_ratings(me.ratings)
    state.set_step(min(me.progress, results_index(q)))  # where they were, as their link does
    state.set_notice("success", [t("workshop.rejoined", state.lang())])
    return True


def do_join(q: Questionnaire) -> None:
    """Submit of the join form: join, keep the resume link in the URL, start at step 1.

    A browser session that joined this workshop before is taken back to the same participant
    (unless "join as someone else" is ticked); wrong codes are throttled per client.
    """
    lang = state.lang()
    code = state.form_value(state.W_JOIN_CODE) or ""
    name = state.form_value(state.W_JOIN_NAME) or ""
    role = state.form_value(state.lang_key(state.W_JOIN_ROLE, lang)) or ""

    def refuse(line: str) -> None:
        state.set_notice("error", [t("workshop.join_refused", lang), line])

    # coming back holds a secret token: no one's wrong codes slow it
    in_session = state.joined(normalise_code(code))
    earlier = in_session or browser_token(normalise_code(code))
    if (
        earlier
        and not state.form_value(state.W_JOIN_NEW)
        and _rejoin(q, normalise_code(code), earlier, None if in_session else name)
    ):
        return
    wait = loaders.code_wait()
    if wait > 0:
        refuse(t("workshop.throttled", lang, seconds=f"{wait:.0f}"))
        return
    if loaders.code_pace() is None:
        refuse(t("workshop.paced", lang, seconds=f"{max(2, loaders.pace_retry()):.0f}"))
        return
    try:  # the code first: a wrong code is said before anything else is asked for
        loaders.store().workshop(code)
    except WizardError as exc:
        if getattr(exc, "reason", None) == "unknown_code":
            loaders.code_failed(code)
        refuse(error_text(exc, lang))
        return
    if role not in role_options(q):
        refuse(t("workshop.role_missing", lang))
        return
    try:
        participant, token = loaders.store().join(code, name, role)
    except WizardError as exc:
        refuse(error_text(exc, lang))
        return
    loaders.code_ok()
    code = normalise_code(code)
    state.remember_join(code, token)
    state.set_cookie_pending()
    mark_synced({}, 0, 0)
    adopt_ratings({})  # ratings made in another workshop are not this room's
    state.set_workshop(WorkshopLink(code, token))
    use_workshop_profile(code)
    st.query_params.update({"w": code, "p": token})
    state.set_respondent(participant.name, role)
    # one role per person: the join form's role is the profile answer (the profile step shows
    # it, and a change there changes the participant's role in the workshop too)
    state.replace_answers({**state.answers(), ROLE: role})
    state.set_step(0)
    state.set_notice("success", [t("workshop.joined", lang)])


def _look_up(code: str) -> tuple[Workshop | None, WizardError | None]:
    """A join link's workshop, or why not; a wrong code is counted once per session and code."""
    try:
        return loaders.store().workshop(code), None
    except WizardError as exc:
        if getattr(exc, "reason", None) == "unknown_code":
            loaders.code_failed(code)
        return None, exc


def render_join(catalog: Catalog, lang: str) -> None:
    """The Join tab: the join form, or where the participant stands."""
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    context = state.workshop()
    if context is not None:
        if state.take_cookie_pending():
            keep_in_browser(context.code, context.token)
        render_participant_status(catalog, context, lang)
        return
    prefill = st.query_params.get("join", "")
    anonymous = False
    if prefill and loaders.code_wait() <= 0 and not loaders.code_paced():
        # the join link's lookup is a code check too: while this session or its address is
        # held back it shows no title (no free code oracle), and the form still works
        found, problem = state.memo(
            "join_prefill", normalise_code(prefill), lambda: _look_up(prefill)
        )
        if found is not None:
            st.info(t("workshop.joining", lang, title=md_escape_user(found.title)))
            anonymous = found.anonymous
        elif problem is not None:
            st.error(error_text(problem, lang))
            if getattr(problem, "reason", None) == "unavailable":
                state.forget_memo("join_prefill")  # asked again on the next run
    with st.form(state.W_JOIN):
        state.seed(state.W_JOIN_CODE, prefill)
        st.text_input(t("workshop.code", lang), key=state.W_JOIN_CODE, max_chars=16)
        if not anonymous:
            st.text_input(
                t("workshop.name", lang),
                key=state.W_JOIN_NAME,
                max_chars=80,
                help=t("workshop.name_help", lang),
            )
        st.selectbox(
            t("workshop.role", lang),
            role_options(q),
            index=None,
            key=state.lang_key(state.W_JOIN_ROLE, lang),
            format_func=lambda r: q.questions_by_id[ROLE].options_by_id[r].label.get(lang),
            placeholder=t("workshop.role_placeholder", lang),
        )
        code = normalise_code(prefill)
        in_session = state.joined(code) if code else None
        earlier = in_session or (browser_token(code) if code else None)
        if earlier or state.any_joined():
            who = _earlier_name(q, code, earlier, lang) if earlier else None
            if who:
                # from the browser's cookie, a named workshop asks for the same name (do_join):
                # the hint says so rather than promise that Join alone will do
                hint = "rejoin_hint" if in_session or anonymous else "rejoin_hint_name"
                st.caption(t(f"workshop.{hint}", lang, name=md_escape_user(who)))
            st.checkbox(t("workshop.join_as_new", lang), key=state.W_JOIN_NEW)
        st.form_submit_button(t("workshop.join", lang), type="primary", on_click=do_join, args=(q,))


def render_participant_status(catalog: Catalog, context: WorkshopLink, lang: str) -> None:
    """A joined participant's view: progress of the room and a way into the assessment."""
    try:
        store = loaders.store()
        found, total, done = store.summary_counts(context.code)
        me = store.me(context.code, context.token)
    except WizardError as exc:
        st.error(error_text(exc, lang))
        return
    st.header(md_escape_user(found.title))
    st.write(t("workshop.you_are_in", lang, code=found.code, total=total, done=done))
    if me.submitted:
        st.success(t("workshop.submitted", lang))
    else:
        st.info(t("workshop.continue_hint", lang))
    if st.button(
        t("workshop.see_results" if me.submitted else "workshop.continue", lang),
        key=state.W_CONTINUE,
        type="primary",
        icon=":material/arrow_forward:",
    ):
        st.switch_page(nav.page("assessment"))
    if found.closed:
        st.warning(t("workshop.error.closed", lang))
    if found.group_visible and not me.submitted:
        # shown after their own answers, so the room's result does not anchor them
        st.info(t("workshop.group_after_yours", lang), icon=":material/visibility_off:")
    else:
        render_group_for_participant(catalog, found, lang)

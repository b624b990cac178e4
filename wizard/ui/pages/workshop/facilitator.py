"""The facilitator's side: create or open a workshop, the key step, the presenter view."""

from __future__ import annotations

import io
from dataclasses import replace
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from wizard.config import DEFAULT_QUESTIONNAIRE, Catalog, Questionnaire
from wizard.errors import WizardError
from wizard.i18n import t
from wizard.steps import results_index
from wizard.storage import DEFAULT_CAP, MAX_CAP, Participant, Workshop
from wizard.ui import loaders, state
from wizard.ui.components import lazy_expander, show_notice
from wizard.ui.dashboard import render_dashboard
from wizard.ui.nav import WORKSHOP_TABS
from wizard.ui.state import FacilitatorSession
from wizard.ui.workshop_session import error_text
from wizard.words.answers import problem_lines
from wizard.words.markdown import md_escape_user
from wizard.words.workshop import role_label
from wizard.workshop.analytics import persons_from

REFRESH_SECONDS = 5


def join_link(code: str) -> str:
    """The link participants open: this app's workshop page with the code filled in."""
    try:
        base = urlsplit(st.context.url or "")
    except AttributeError:
        base = urlsplit("")
    if not base.scheme:
        return f"/workshop?{urlencode({'join': code})}"
    return urlunsplit((base.scheme, base.netloc, "/workshop", urlencode({"join": code}), ""))


def qr_png(text: str) -> bytes:
    """A QR code of ``text`` as PNG bytes, for the projector."""
    import qrcode

    image = qrcode.make(text, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def do_create(catalog: Catalog) -> None:
    """Submit of the create form: a new workshop, then its key step."""
    lang = state.lang()
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    try:
        seeded = seeded_use_cases(catalog, q, lang)
    except WizardError as exc:
        lines = [t("workshop.seed_refused", lang), *problem_lines(exc, lang)]
        state.set_notice("error", lines)
        return
    try:
        created = loaders.store().create_workshop(
            state.form_value(state.W_CREATE_TITLE) or "",
            q,
            state.form_value(state.W_CREATE_PROFILE) or state.profile_id(),
            anonymous=bool(state.form_value(state.W_CREATE_ANONYMOUS)),
            blind=bool(state.form_value(state.W_CREATE_BLIND)),
            max_participants=int(state.form_value(state.W_CREATE_CAP) or DEFAULT_CAP),
            use_cases=seeded,
        )
    except WizardError as exc:
        state.set_notice("error", [t("workshop.create_refused", lang), error_text(exc, lang)])
        return
    state.set_facilitator(FacilitatorSession(created.code, created.key, fresh=True))
    state.clear_notice()
    state.set_workshop_tab(WORKSHOP_TABS.index("facilitate"))
    state.request_scroll("top")


def seeded_use_cases(catalog: Catalog, q: Questionnaire, lang: str) -> list[dict]:
    """The create form's use cases: the templates ticked, then one per line typed.

    Raises:
        AnswersError: more than the most a portfolio holds, a name too long, one repeated.
    """
    from wizard.portfolio import read_use_cases

    data = catalog.use_cases
    rows = []
    for ident in state.form_value(state.W_SEED_TEMPLATES) or []:
        if data is not None and ident in data.templates_by_id:
            rows.append({"name": data.templates_by_id[ident].name.get(lang), "template": ident})
    typed = str(state.form_value(state.W_SEED_NAMES) or "")
    rows += [{"name": line.strip()} for line in typed.splitlines() if line.strip()]
    return [c.as_dict() for c in read_use_cases(rows, q, data, t("workshop.seed_title", lang))]


def do_open() -> None:
    """Submit of the open form: the dashboard of an existing workshop."""
    lang = state.lang()
    code = state.form_value(state.W_OPEN_CODE) or ""
    key = state.form_value(state.W_OPEN_KEY) or ""
    # a right code and key always open, whoever else typed wrong codes; a wrong pair is one
    # message whichever part is wrong, so this form tells nothing about which codes exist
    try:
        found = loaders.store().facilitator(code, key)
    except WizardError as exc:
        state.set_notice("error", [t("workshop.open_refused", lang), _pair_error(exc, code, lang)])
        return
    state.set_facilitator(FacilitatorSession(found.code, key))
    state.clear_notice()
    state.set_workshop_tab(WORKSHOP_TABS.index("facilitate"))


def _pair_error(exc: WizardError, code: str, lang: str) -> str:
    """A refused code-and-key pair: one message for a wrong code or a wrong key (counted)."""
    if getattr(exc, "reason", None) in ("unknown_code", "wrong_key"):
        loaders.code_failed(code, guessed=False)
        return t("workshop.error.bad_code_or_key", lang)
    return error_text(exc, lang)


def do_flags(revealed: bool | None = None, closed: bool | None = None) -> None:
    """on_click of Reveal, Close and Reopen."""
    context = state.facilitator()
    if context is None:
        return
    try:
        loaders.store().set_flags(context.code, context.key, revealed=revealed, closed=closed)
    except WizardError as exc:
        state.set_notice("error", [error_text(exc, state.lang())])


def hide_key() -> None:
    """The facilitator confirmed they saved the key: stop showing it."""
    context = state.facilitator()
    if context is not None:
        state.set_facilitator(replace(context, fresh=False))


def leave_facilitator() -> None:
    """on_click of Leave: back to the create and open forms."""
    state.set_facilitator(None)


def render_facilitator(catalog: Catalog, lang: str) -> None:
    """The Facilitate tab: forms, the key step, or the presenter view and dashboard."""
    context = state.facilitator()
    if context is None:
        left, right = st.columns(2)
        with left, st.form(state.W_CREATE):
            st.markdown(f"**{t('workshop.create_title', lang)}**")
            st.text_input(t("workshop.title", lang), key=state.W_CREATE_TITLE, max_chars=120)
            st.selectbox(
                t("weights.profile", lang),
                sorted(catalog.weights),
                key=state.W_CREATE_PROFILE,
                format_func=lambda i: catalog.weights[i].title.get(lang),
            )
            st.checkbox(t("workshop.anonymous", lang), key=state.W_CREATE_ANONYMOUS)
            st.checkbox(t("workshop.blind_mode", lang), key=state.W_CREATE_BLIND, value=True)
            st.number_input(
                t("workshop.cap", lang),
                min_value=1,
                max_value=MAX_CAP,
                value=DEFAULT_CAP,
                step=1,
                key=state.W_CREATE_CAP,
                help=t("workshop.cap_help", lang),
            )
            templates = catalog.use_cases.templates if catalog.use_cases is not None else ()
            st.markdown(f"**{t('workshop.seed_title', lang)}**", help=t("workshop.seed_help", lang))
            st.multiselect(
                t("workshop.seed_templates", lang),
                [x.id for x in templates],
                key=state.W_SEED_TEMPLATES,
                format_func=lambda i: next(x.name.get(lang) for x in templates if x.id == i),
            )
            st.text_area(t("workshop.seed_names", lang), key=state.W_SEED_NAMES, height=90)
            st.form_submit_button(
                t("workshop.create", lang), type="primary", on_click=do_create, args=(catalog,)
            )
        with right, st.form(state.W_OPEN):
            st.markdown(f"**{t('workshop.open_title', lang)}**")
            st.text_input(t("workshop.code", lang), key=state.W_OPEN_CODE, max_chars=16)
            st.text_input(t("workshop.key", lang), key=state.W_OPEN_KEY, type="password")
            st.form_submit_button(t("workshop.open", lang), on_click=do_open)
        return
    try:
        found = loaders.store().facilitator(context.code, context.key)
    except WizardError as exc:
        st.error(error_text(exc, lang))
        st.button(t("workshop.leave", lang), on_click=leave_facilitator)
        return
    if context.fresh:
        render_key_step(found.code, context.key, lang)
        return
    st.header(md_escape_user(found.title))
    link = join_link(found.code)
    left, right = st.columns([2, 1])
    with left:
        st.markdown(t("workshop.code_big", lang, code=found.code))
        st.markdown(t("workshop.link", lang, link=link))
        flags = [
            t("workshop.mode_anonymous" if found.anonymous else "workshop.mode_named", lang),
        ]
        if found.blind and not found.revealed:
            flags.append(t("workshop.mode_blind", lang))
        else:
            flags.append(t("workshop.revealed" if found.blind else "workshop.mode_open", lang))
        if found.closed:
            flags.append(t("workshop.closed", lang))
        flags.append(t("workshop.cap_flag", lang, cap=found.max_participants))
        st.caption(" · ".join(flags))
        b1, b2, b3 = st.columns(3)
        if found.blind and not found.revealed:
            b1.button(
                t("workshop.reveal", lang),
                key=state.W_REVEAL,
                on_click=do_flags,
                kwargs={"revealed": True},
                icon=":material/visibility:",
            )
        if not found.closed:
            b2.button(
                t("workshop.close", lang),
                key=state.W_CLOSE,
                on_click=do_flags,
                kwargs={"closed": True},
                icon=":material/lock:",
            )
        else:
            b2.button(
                t("workshop.reopen", lang),
                key=state.W_REOPEN,
                on_click=do_flags,
                kwargs={"closed": False},
                icon=":material/lock_open:",
            )
        b3.button(t("workshop.leave", lang), key=state.W_LEAVE, on_click=leave_facilitator)
    with right:
        st.image(
            qr_png(link),
            caption=t("workshop.qr", lang),
            width=180,
            alt=t("workshop.qr_alt", lang, link=link),
        )
    live_dashboard(catalog, found.code, context.key, found.title, lang)
    render_manage(catalog.questionnaire(found.questionnaire), found, context.key, lang)


def render_key_step(code: str, key: str, lang: str) -> None:
    """Show the facilitator key alone, right after the workshop is created.

    As literal text with a copy button and as a small file, before the presenter view (which
    never shows it).
    """
    st.header(t("workshop.key_step_title", lang))
    st.warning(t("workshop.key_once_plain", lang), icon=":material/key:")
    st.code(key, language=None)
    with st.container(horizontal=True):
        st.download_button(
            t("workshop.key_download", lang),
            f"{t('workshop.key_file_line', lang, code=code)}\n{key}\n",
            file_name=f"workshop-{code}-facilitator-key.txt",
            mime="text/plain",
            key="dl::ws::key",
            on_click="ignore",
            icon=":material/download:",
        )
        st.button(
            t("workshop.key_saved", lang),
            key=state.W_KEY_SAVED,
            type="primary",
            on_click=hide_key,
            icon=":material/arrow_forward:",
        )


@st.fragment(run_every=REFRESH_SECONDS)
def live_dashboard(catalog: Catalog, code: str, key: str, title: str, lang: str) -> None:
    """The dashboard, re-read every few seconds: cheap unless the workshop's revision moved.

    Only then are the answers read and analysed again, once for every session showing this
    workshop (projector, laptop, tablet).
    """
    try:
        store = loaders.store()
        found = store.facilitator(code, key)  # the key is checked on every refresh
        version = store.room_version(code)  # the one "the room changed" (RoomVersion)
    except WizardError as exc:
        st.error(error_text(exc, lang))
        return
    q = catalog.questionnaire(found.questionnaire)
    profile = catalog.profile(found.weights)
    cache = loaders.dashboard_cache()

    def load() -> tuple[list, tuple | None, list]:
        _, people = store.participants(code, key)
        previous = store.previous(code) if found.previous_id is not None else None
        rated = [dict(p.ratings) for p in people if p.submitted]  # as every group figure
        return persons_from(q, people), previous, rated

    try:
        persons, previous, ratings = cache.get(("room", *version), load)
    except WizardError as exc:
        st.error(error_text(exc, lang))
        return
    render_dashboard(
        catalog,
        q,
        profile,
        persons,
        title,
        lang,
        version,
        "live",
        previous,
        memo=lambda name, facts, build: cache.get((name, facts), build),
        blind=found.blind and not found.revealed,
        use_cases=(found.use_cases, ratings),
    )


def participant_label(
    q: Questionnaire, person: Participant, number: int, anonymous: bool, lang: str
) -> str:
    """How the facilitator tells participants apart (plain text: widgets never parse it).

    The number (#1, #2, ... in the order they joined this room) tells two people of the same
    name apart; steps count as the participant's page does ("step 2 of 7").
    """
    who = t("workshop.anonymous_person", lang, n=number) if anonymous else person.name
    total = results_index(q) + 1
    status = t(
        "workshop.finished_flag" if person.submitted else "workshop.step_flag",
        lang,
        n=min(person.progress, results_index(q)) + 1,
        total=total,
    )
    return f"#{number} {who} · {role_label(q, person.role, lang)} · {status}"


def do_remove(code: str, key: str) -> None:
    """on_click of Remove: the chosen participant and their answers leave the workshop."""
    lang = state.lang()
    chosen = state.form_value(state.W_REMOVE_WHO)
    # messages show beside the Remove button (place "remove"), not at the top of the page,
    # which may be on the projector and out of view
    if chosen is None or not state.form_value(state.W_REMOVE_SURE):
        state.set_notice("error", [t("workshop.remove_confirm_missing", lang)], place="remove")
        return
    try:
        loaders.store().remove_participant(code, key, int(chosen))
    except WizardError as exc:
        state.set_notice("error", [error_text(exc, lang)], place="remove")
        return
    state.set_notice("success", [t("workshop.removed", lang)], place="remove")
    # the next removal needs its own choice and tick (also without the browser's form reset)
    state.set_form_value(state.W_REMOVE_SURE, False)
    state.set_form_value(state.W_REMOVE_WHO, None)


def do_link(code: str, key: str) -> None:
    """on_click of "Compare": link an earlier workshop of this facilitator (its key proves it)."""
    lang = state.lang()
    earlier = state.form_value(state.W_LINK_CODE) or ""
    try:
        loaders.store().link_previous(code, key, earlier, state.form_value(state.W_LINK_KEY) or "")
    except WizardError as exc:
        line = _pair_error(exc, earlier, lang)
        state.set_notice("error", [line])
        state.toast(line)
        return
    state.toast(t("workshop.linked" if earlier.strip() else "workshop.unlinked", lang))


def do_cap(code: str, key: str) -> None:
    """on_click of "Set the cap"."""
    lang = state.lang()
    try:
        found = loaders.store().set_cap(code, key, int(state.form_value(state.W_CAP_N) or 0))
    except WizardError as exc:
        state.toast(error_text(exc, lang))
        return
    state.toast(t("workshop.cap_set", lang, cap=found.max_participants))


def render_manage(q: Questionnaire, found: Workshop, key: str, lang: str) -> None:
    """Below the dashboard, folded: the participant cap, and removing a participant.

    A removed participant's answers leave every figure.
    """
    panel = lazy_expander("manage", t("workshop.manage", lang), lang, ":material/manage_accounts:")
    with panel:
        if not panel.open:
            return
        try:
            _, people = loaders.store().participants(found.code, key)
        except WizardError as exc:
            st.error(error_text(exc, lang))
            return
        st.caption(t("workshop.cap_line", lang, n=len(people), cap=found.max_participants))
        with st.form(state.W_CAP, border=False):
            st.number_input(
                t("workshop.cap", lang),
                min_value=1,
                max_value=MAX_CAP,
                value=found.max_participants,
                step=1,
                key=state.W_CAP_N,
                help=t("workshop.cap_help", lang),
            )
            st.form_submit_button(
                t("workshop.cap_change", lang), on_click=do_cap, args=(found.code, key)
            )
        with st.form(state.W_LINK, border=False):
            st.markdown(f"**{t('workshop.link_title', lang)}**")
            st.caption(t("workshop.link_help", lang))
            left, right = st.columns(2)
            left.text_input(t("workshop.code", lang), key=state.W_LINK_CODE, max_chars=16)
            right.text_input(t("workshop.key", lang), key=state.W_LINK_KEY, type="password")
            st.form_submit_button(
                t("workshop.link_do", lang), on_click=do_link, args=(found.code, key)
            )
        if not people:
            return
        labels = {
            # the seat is the person's number in this room, kept when others leave
            p.id: participant_label(q, p, p.seat or number, found.anonymous, lang)
            for number, p in enumerate(people, start=1)
        }
        # not cleared on submit: a removal refused (no tick) keeps the choice for the next try
        with st.form(state.W_REMOVE):
            st.selectbox(
                t("workshop.remove_who", lang),
                list(labels),
                index=None,
                key=state.W_REMOVE_WHO,
                format_func=labels.get,
            )
            st.checkbox(t("workshop.remove_sure", lang), key=state.W_REMOVE_SURE)
            st.form_submit_button(
                t("workshop.remove", lang),
                on_click=do_remove,
                args=(found.code, key),
                icon=":material/person_remove:",
            )
        show_notice("remove")
        if state.notice("remove") is not None:
            state.clear_notice()  # said once, beside the button

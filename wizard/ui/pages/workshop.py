"""Workshops: join as a participant, run one as a facilitator, or analyse answer files offline."""

from __future__ import annotations

import io
import json
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from wizard.answers import load_answers, problem_lines
from wizard.config import DEFAULT_QUESTIONNAIRE, Catalog, Questionnaire
from wizard.errors import AnswersError, WizardError
from wizard.i18n import t
from wizard.ui import loaders, nav, state
from wizard.ui.components import md_escape, page_chrome, show_notice
from wizard.ui.pages.assessment import results_index

ROLES = ("cio", "ciso", "dpo_legal", "cfo", "business_lead", "data_ml_lead", "other")
REFRESH_SECONDS = 5


def _error_text(exc: WizardError, lang: str) -> str:
    reason = getattr(exc, "reason", None)
    if reason:
        return t(f"workshop.error.{reason}", lang)
    return "; ".join(exc.lines)


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


def role_label(q: Questionnaire, role: str, lang: str) -> str:
    """A role id as people read it (the profile question's option label), else as given."""
    option = (
        q.questions_by_id["role"].options_by_id.get(role) if "role" in q.questions_by_id else None
    )
    return option.label.get(lang) if option is not None else role


# --------------------------------------------------------------------------- callbacks
def do_join(q: Questionnaire) -> None:
    lang = state.lang()
    code = state.form_value("w::join::code") or ""
    name = state.form_value("w::join::name") or ""
    role = state.form_value(state.lang_key("w::join::role", lang)) or ""
    if role not in ROLES:
        state.set_notice(
            "error", [t("workshop.join_refused", lang), t("workshop.role_missing", lang)]
        )
        return
    try:
        participant, token = loaders.store().join(code, name, role)
    except WizardError as exc:
        state.set_notice("error", [t("workshop.join_refused", lang), _error_text(exc, lang)])
        return
    from wizard.workshop.store import normalise_code

    code = normalise_code(code)
    state.set_workshop({"code": code, "token": token})
    _use_workshop_profile(code)
    st.query_params.update({"w": code, "p": token})
    state.set_respondent(participant.name, role)
    answers = {**state.answers()}
    if role in q.questions_by_id["role"].options_by_id:
        answers["role"] = role
    state.replace_answers(answers)
    state.set_step(0)
    state.set_notice("success", [t("workshop.joined", lang)])


def _use_workshop_profile(code: str) -> None:
    """Participants score under the workshop's weight profile, as the dashboard does."""
    try:
        state.set_profile_id(loaders.store().workshop(code).weights)
        state.set_custom(None)
    except WizardError:
        pass


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
        state.set_notice("error", [t("workshop.not_saved", lang), _error_text(exc, lang)])


def do_create(catalog: Catalog) -> None:
    lang = state.lang()
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    try:
        created = loaders.store().create_workshop(
            state.form_value("w::create::title") or "",
            q,
            state.form_value("w::create::profile") or state.profile_id(),
            anonymous=bool(state.form_value("w::create::anonymous")),
            blind=bool(state.form_value("w::create::blind")),
        )
    except WizardError as exc:
        state.set_notice("error", [t("workshop.create_refused", lang), _error_text(exc, lang)])
        return
    state.set_facilitator({"code": created.code, "key": created.key, "fresh": True})
    state.clear_notice()
    state.set_workshop_tab(WORKSHOP_TABS.index("facilitate"))
    state.request_scroll("top")


def do_open() -> None:
    lang = state.lang()
    code = state.form_value("w::open::code") or ""
    key = state.form_value("w::open::key") or ""
    try:
        found = loaders.store().facilitator(code, key)
    except WizardError as exc:
        state.set_notice("error", [t("workshop.open_refused", lang), _error_text(exc, lang)])
        return
    state.set_facilitator({"code": found.code, "key": key, "fresh": False})
    state.clear_notice()
    state.set_workshop_tab(WORKSHOP_TABS.index("facilitate"))


def do_flags(revealed: bool | None = None, closed: bool | None = None) -> None:
    context = state.facilitator()
    if context is None:
        return
    try:
        loaders.store().set_flags(context["code"], context["key"], revealed=revealed, closed=closed)
    except WizardError as exc:
        state.set_notice("error", [_error_text(exc, state.lang())])


def hide_key() -> None:
    """The facilitator confirmed they saved the key: stop showing it."""
    context = state.facilitator()
    if context is not None:
        state.set_facilitator({**context, "fresh": False})


def leave_facilitator() -> None:
    state.set_facilitator(None)


# --------------------------------------------------------------------------- participant side
def render_join(catalog: Catalog, lang: str) -> None:
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    context = state.workshop()
    if context is not None:
        render_participant_status(catalog, context, lang)
        return
    prefill = st.query_params.get("join", "")
    anonymous = False
    if prefill:
        try:
            found = loaders.store().workshop(prefill)
            st.info(t("workshop.joining", lang, title=md_escape(found.title)))
            anonymous = found.anonymous
        except WizardError as exc:
            st.error(_error_text(exc, lang))
    with st.form("w::join"):
        state.seed("w::join::code", prefill)
        st.text_input(t("workshop.code", lang), key="w::join::code", max_chars=16)
        if not anonymous:
            st.text_input(
                t("workshop.name", lang),
                key="w::join::name",
                max_chars=80,
                help=t("workshop.name_help", lang),
            )
        st.selectbox(
            t("workshop.role", lang),
            ROLES,
            index=None,
            key=state.lang_key("w::join::role", lang),
            format_func=lambda r: q.questions_by_id["role"].options_by_id[r].label.get(lang),
            placeholder=t("workshop.role_placeholder", lang),
        )
        st.form_submit_button(t("workshop.join", lang), type="primary", on_click=do_join, args=(q,))


def render_participant_status(catalog: Catalog, context: dict[str, str], lang: str) -> None:
    store = loaders.store()
    try:
        found, total, done = store.summary_counts(context["code"])
        me = store.me(context["code"], context["token"])
    except WizardError as exc:
        st.error(_error_text(exc, lang))
        return
    st.header(md_escape(found.title))
    st.write(t("workshop.you_are_in", lang, code=found.code, total=total, done=done))
    if me.submitted:
        st.success(t("workshop.submitted", lang))
    else:
        st.info(t("workshop.continue_hint", lang))
    if st.button(
        t("workshop.continue", lang),
        key="w::continue",
        type="primary",
        icon=":material/arrow_forward:",
    ):
        st.switch_page(nav.page("assessment"))
    if found.closed:
        st.warning(t("workshop.error.closed", lang))
    render_group_for_participant(catalog, found, lang)


def render_group_for_participant(catalog: Catalog, found, lang: str) -> None:  # noqa: ANN001
    """The group result a participant may see: aggregates only, and only once visible."""
    if not found.group_visible:
        st.info(t("workshop.blind", lang))
        return
    q = catalog.questionnaire(found.questionnaire)
    profile = catalog.profile(found.weights)
    store = loaders.store()

    def decide() -> tuple | None:
        from wizard.workshop.analytics import Person, group_decision

        _, people = store.all_participants(found.code)
        persons = [Person("", p.role, p.answers, p.submitted, p.progress) for p in people]
        return group_decision(q, profile, persons)

    # re-read the room only when someone's answers changed, not on every rerun of this page
    decided = state.memo("workshop_room", (found.code, store.version(found.code)), decide)
    if decided is None:
        st.info(t("workshop.waiting_finished", lang), icon=":material/hourglass_top:")
        return
    from wizard.workshop.export import decision_lines

    st.markdown(f"**{t('workshop.group_result', lang)}**")
    st.markdown("\n".join(f"- {line}" for line in decision_lines(*decided[:3], lang, *decided[3:])))


# --------------------------------------------------------------------------- facilitator side
def render_facilitator(catalog: Catalog, lang: str) -> None:
    context = state.facilitator()
    if context is None:
        left, right = st.columns(2)
        with left, st.form("w::create"):
            st.markdown(f"**{t('workshop.create_title', lang)}**")
            st.text_input(t("workshop.title", lang), key="w::create::title", max_chars=120)
            st.selectbox(
                t("weights.profile", lang),
                sorted(catalog.weights),
                key="w::create::profile",
                format_func=lambda i: catalog.weights[i].title.get(lang),
            )
            st.checkbox(t("workshop.anonymous", lang), key="w::create::anonymous")
            st.checkbox(t("workshop.blind_mode", lang), key="w::create::blind", value=True)
            st.form_submit_button(
                t("workshop.create", lang), type="primary", on_click=do_create, args=(catalog,)
            )
        with right, st.form("w::open"):
            st.markdown(f"**{t('workshop.open_title', lang)}**")
            st.text_input(t("workshop.code", lang), key="w::open::code", max_chars=16)
            st.text_input(t("workshop.key", lang), key="w::open::key", type="password")
            st.form_submit_button(t("workshop.open", lang), on_click=do_open)
        return
    store = loaders.store()
    try:
        found = store.facilitator(context["code"], context["key"])
    except WizardError as exc:
        st.error(_error_text(exc, lang))
        st.button(t("workshop.leave", lang), on_click=leave_facilitator)
        return
    if context.get("fresh"):
        render_key_step(found.code, context["key"], lang)
        return
    st.header(md_escape(found.title))
    link = join_link(found.code)
    left, right = st.columns([2, 1])
    with left:
        st.markdown(t("workshop.code_big", lang, code=found.code))
        st.markdown(t("workshop.link", lang, link=link))
        flags = [
            t("workshop.mode_anonymous" if found.anonymous else "workshop.mode_named", lang),
            t("workshop.mode_blind" if found.blind else "workshop.mode_open", lang),
        ]
        if found.revealed:
            flags.append(t("workshop.revealed", lang))
        if found.closed:
            flags.append(t("workshop.closed", lang))
        st.caption(" · ".join(flags))
        b1, b2, b3 = st.columns(3)
        if found.blind and not found.revealed:
            b1.button(
                t("workshop.reveal", lang),
                key="w::reveal",
                on_click=do_flags,
                kwargs={"revealed": True},
                icon=":material/visibility:",
            )
        if not found.closed:
            b2.button(
                t("workshop.close", lang),
                key="w::close",
                on_click=do_flags,
                kwargs={"closed": True},
                icon=":material/lock:",
            )
        else:
            b2.button(
                t("workshop.reopen", lang),
                key="w::reopen",
                on_click=do_flags,
                kwargs={"closed": False},
                icon=":material/lock_open:",
            )
        b3.button(t("workshop.leave", lang), key="w::leave", on_click=leave_facilitator)
    with right:
        st.image(
            qr_png(link),
            caption=t("workshop.qr", lang),
            width=180,
            alt=t("workshop.qr_alt", lang, link=link),
        )
    live_dashboard(catalog, found.code, context["key"], found.title, lang)


def render_key_step(code: str, key: str, lang: str) -> None:
    """Right after creating a workshop, the facilitator key alone on the page: as literal text
    with a copy button and as a small file, before the presenter view (which never shows it)."""
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
            key="w::key_saved",
            type="primary",
            on_click=hide_key,
            icon=":material/arrow_forward:",
        )


@st.fragment(run_every=REFRESH_SECONDS)
def live_dashboard(catalog: Catalog, code: str, key: str, title: str, lang: str) -> None:
    """Re-reads the store every few seconds; recomputes only when answers changed."""
    from wizard.workshop.analytics import Person

    try:
        found, people = loaders.store().participants(code, key)
    except WizardError as exc:
        st.error(_error_text(exc, lang))
        return
    q = catalog.questionnaire(found.questionnaire)
    profile = catalog.profile(found.weights)
    persons = [
        Person(
            p.name or f"P{i}",
            role_label(q, p.role, lang),
            p.answers,
            p.submitted,
            p.progress,
            p.gut_call,
        )
        for i, p in enumerate(people, start=1)
    ]
    version = (len(people), max((p.updated_at.isoformat() for p in people), default=""))
    render_dashboard(catalog, q, profile, persons, title, lang, version)


def render_dashboard(
    catalog: Catalog,
    q: Questionnaire,
    profile,
    persons,
    title: str,  # noqa: ANN001
    lang: str,
    version: object,
) -> None:
    """The group analytics (shared by the live and the offline dashboard)."""
    from wizard.ui.pages.workshop_dashboard import dashboard

    dashboard(catalog, q, profile, persons, title, lang, version)


# --------------------------------------------------------------------------- offline
def render_offline(catalog: Catalog, lang: str) -> None:
    from wizard.workshop.analytics import Person

    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    st.caption(t("workshop.offline_intro", lang))
    files = st.file_uploader(
        t("workshop.offline_upload", lang),
        type=["yaml", "yml", "json"],
        accept_multiple_files=True,
        key="w::offline",
    )
    if not files:
        return
    persons, problems = [], []
    for i, upload in enumerate(files, start=1):
        try:
            doc = load_answers(upload.getvalue(), q, source=upload.name)
        except AnswersError as exc:
            problems.extend(problem_lines(exc, lang))
            continue
        who = doc.respondent
        role = (who.role if who and who.role else doc.answers.get("role")) or ""
        label = who.name if who and who.name else f"P{i}"
        done = results_index(q)  # an answers file is a finished assessment
        persons.append(Person(label, role_label(q, str(role), lang), doc.answers, True, done))
    if problems:
        st.error(
            t("workshop.offline_skipped", lang)
            + "\n\n"
            + "\n".join(f"- {md_escape(line)}" for line in problems)
        )
    if not persons:
        return
    profile_id = st.selectbox(
        t("weights.profile", lang),
        sorted(catalog.weights),
        key="w::offline::profile",
        format_func=lambda i: catalog.weights[i].title.get(lang),
    )
    profile = catalog.weights[profile_id]
    version = ("offline", json.dumps([p.answers for p in persons], sort_keys=True), profile_id)
    render_dashboard(catalog, q, profile, persons, t("workshop.offline_title", lang), lang, version)


# --------------------------------------------------------------------------- page
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
        state.set_notice("error", [_error_text(exc, state.lang())])
        return
    state.set_workshop({"code": code, "token": token})
    _use_workshop_profile(code)
    state.replace_answers(me.answers)
    state.set_respondent(me.name, me.role)
    state.set_step(min(me.progress, results_index(q)))


WORKSHOP_TABS = ("join", "facilitate", "offline")


def page(catalog: Catalog) -> None:
    lang = state.lang()
    st.title(t("workshop.page_title", lang))
    show_notice()
    labels = [t(f"workshop.tab_{name}", lang) for name in WORKSHOP_TABS]
    # the open tab lives in our state, so creating or opening a workshop (which reruns the
    # page) stays on Facilitate, and a language switch keeps the tab
    key = state.lang_key(state.WORKSHOP_TAB_WIDGET, lang)
    state.seed(key, labels[state.workshop_tab()])
    join, facilitate, offline = st.tabs(
        labels, key=key, on_change=state.copy_workshop_tab, args=(labels, key)
    )
    with join:
        render_join(catalog, lang)
    with facilitate:
        render_facilitator(catalog, lang)
    with offline:
        render_offline(catalog, lang)
    st.caption(t("workshop.today", lang, today=date.today().isoformat()))
    page_chrome(lang)

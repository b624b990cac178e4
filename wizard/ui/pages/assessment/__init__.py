"""The assessment wizard: profile, one step per dimension, review, results."""

from __future__ import annotations

import streamlit as st

from wizard.answers import holds
from wizard.config import DEFAULT_QUESTIONNAIRE, PROFILE, Catalog, Questionnaire
from wizard.errors import WizardError
from wizard.i18n import t
from wizard.scoring import unanswered, visible_ids
from wizard.steps import RESULTS, REVIEW, steps_of
from wizard.ui import loaders, state
from wizard.ui.components import (
    error_boundary,
    md_escape,
    md_escape_user,
    page_chrome,
    question_anchor,
    render_question,
    show_notice,
    show_toasts,
)
from wizard.ui.nav import VERDICT
from wizard.ui.workshop_session import (
    autosave,
    keep_step_in_url,
    render_where_kept,
    save_refused,
)
from wizard.words.answers import answer_label


def step_title(q: Questionnaire, step_id: str, lang: str) -> str:
    """A step's title in ``lang``: the dimension's, or the step's own."""
    if step_id in q.dimensions_by_id:
        return q.dimensions_by_id[step_id].title.get(lang)
    return t(f"step.{step_id}", lang)


# --------------------------------------------------------------------------- navigation
def go_next(q: Questionnaire) -> None:
    """on_click of Next: advance only when the step's required questions are answered."""
    steps = steps_of(q)
    current = steps[state.step()]
    if current == REVIEW:
        missing = unanswered(q, state.answers())
    elif current in steps[:-2]:
        missing = unanswered(q, state.answers(), current)
    else:
        missing = []
    if missing:
        # beside the button, in the language of the moment (ids, not sentences, are kept)
        state.set_notice("missing", [x.id for x in missing], place="nav")
        if current != REVIEW:
            state.mark_questions([x.id for x in missing], "missing")
            state.request_scroll(question_anchor(missing[0].id, state.lang()))
        return
    following = min(state.step() + 1, len(steps) - 1)
    state.open_step(following, VERDICT if steps[following] == RESULTS else "top")
    # saved at the end of this run (workshop_session.autosave); the results step submits


def go_back() -> None:
    """on_click of Back."""
    state.open_step(max(state.step() - 1, 0))


def go_to(index: int) -> None:
    """on_click of Edit on the review step: open step ``index``."""
    state.open_step(index)


def render_missing(q: Questionnaire, lang: str, *, in_fragment: bool = False) -> None:
    """A refused Next: which questions are still open, next to the button that was pressed.

    On a question step it is drawn at the end of the questions' fragment (the same place, just
    above the buttons): the answer that settles it reruns the fragment, which drops it.
    """
    pending = state.notice("nav")
    if pending is None:
        return
    if not in_fragment:
        state.mark_notice_shown()
    _, qids = pending
    texts = [q.questions_by_id[i].text.get(lang) for i in qids if i in q.questions_by_id]
    st.error(
        t("wizard.missing", lang, count=len(texts))
        + "\n\n"
        + "\n".join(f"- {md_escape(x)}" for x in texts),
        icon=":material/error:",
    )


def header(q: Questionnaire, lang: str) -> None:
    """The title, the progress bar and the trail of steps."""
    steps = steps_of(q)
    current = state.step()
    st.title(q.title.get(lang))
    names = []
    for i, step_id in enumerate(steps):
        name = step_title(q, step_id, lang)
        names.append(f"**{name}**" if i == current else (f"✓ {name}" if i < current else name))
    step_of = t(
        "wizard.step_of",
        lang,
        n=current + 1,
        total=len(steps),
        title=step_title(q, steps[current], lang),
    )
    # the trail on the bar's own second line: one element fewer on every run
    st.progress((current + 1) / len(steps), text=step_of + "  \n" + "  ›  ".join(names))


def nav_buttons(q: Questionnaire, lang: str) -> None:
    """Back and Next (or See results) in one row."""
    steps = steps_of(q)
    current = state.step()
    # one flex row (not three columns): Back on the left, Next pushed to the right
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        st.button(
            t("wizard.back", lang),
            key="nav_back",
            on_click=go_back,
            disabled=current == 0,
            icon=":material/arrow_back:",
            width=160,
        )
        if current < len(steps) - 1:
            label = (
                t("wizard.see_results", lang)
                if steps[current] == REVIEW
                else t("wizard.next", lang)
            )
            st.button(
                label,
                key="nav_next",
                type="primary",
                on_click=go_next,
                args=(q,),
                icon=":material/arrow_forward:",
                icon_position="right",
                width=160,
            )


# --------------------------------------------------------------------------- steps
def render_step_intro(q: Questionnaire, step_id: str, lang: str) -> None:
    """The step's title and introduction (outside the questions' fragment: a click keeps them)."""
    if step_id in q.dimensions_by_id:
        st.header(q.dimensions_by_id[step_id].title.get(lang))
        st.caption(t("wizard.dimension_intro", lang))
    else:
        st.header(t("step.profile", lang))
        st.caption(t("wizard.profile_intro", lang))
        if q.description is not None:
            st.info(q.description.get(lang))


def render_questions(q: Questionnaire, step_id: str, lang: str) -> None:
    """The questions of one step that branching shows, numbered."""
    shown = visible_ids(q, state.answers())
    number = 0
    for question in q.questions_of(step_id):
        if question.id not in shown:
            continue
        number += 1
        render_question(question, number, lang)


@st.fragment
def question_block(q: Questionnaire, step_id: str, lang: str) -> None:
    """One step's questions as a fragment: a click reruns only them, not the whole page.

    A workshop's burst is clicks on answers; the sidebar, the navigation and the rest of the
    page need no rerun for them. What the click changed is saved here (the page's end, where
    ``finish_run`` saves on a full run, is not reached on a fragment rerun); anything that needs
    the whole page (a merge from another tab, a message) asks for a full rerun. The first save of
    a resume link only puts the link in the URL and says so in a toast.
    """
    render_questions(q, step_id, lang)
    render_missing(q, lang, in_fragment=True)
    if state.first_run():
        return  # the full first run saves and reruns at its end (adopted values)
    autosave(q, full_page=False)
    keep_step_in_url()
    state.publish_latest()  # the sidebar's download saves these answers, not the last full run's
    if state.notice_outdated():
        state.request_rerun()  # a message outside the questions no longer holds: off the page
    if state.take_rerun():
        st.rerun(scope="app")
    show_toasts()


def render_profile_choice(catalog: Catalog, lang: str) -> None:
    """The weight profile the results use, chosen here with each profile's one-line description.

    In a workshop everyone scores under the facilitator's profile, so it is named, not chosen.
    """
    st.header(t("review.profile_title", lang))
    if state.workshop() is not None:
        chosen = catalog.profile(state.profile_id())
        st.markdown(t("review.profile_workshop", lang, profile=md_escape(chosen.title.get(lang))))
        st.caption(chosen.description.get(lang))
        return
    answers = state.answers()
    suggested = next(
        (
            p
            for p in sorted(catalog.weights.values(), key=lambda p: p.id)
            if any(holds(c, answers) for c in p.suits)
        ),
        None,
    )
    if suggested is not None and suggested.id != state.profile_id():
        st.info(
            t("review.profile_suggested", lang, profile=md_escape(suggested.title.get(lang))),
            icon=":material/lightbulb:",
        )
        st.button(
            t("review.profile_use", lang, profile=suggested.title.get(lang)),
            key=state.lang_key(state.W_PROFILE_SUGGESTED, lang),
            on_click=state.choose_profile,
            args=(suggested.id,),
        )
    key = state.lang_key(state.PROFILE_WIDGET, lang)
    ids = sorted(catalog.weights)
    state.seed(key, state.profile_id() if state.profile_id() in ids else ids[0])
    st.radio(
        t("review.profile_question", lang),
        ids,
        key=key,
        format_func=lambda i: catalog.weights[i].title.get(lang),
        captions=[catalog.weights[i].description.get(lang) for i in ids],
        on_change=state.sync_profile,
        args=(key,),
        help=t("review.profile_help", lang),
    )


def render_gut_call(lang: str) -> None:
    """In a workshop, each participant's own call before seeing the result."""
    key = state.lang_key(state.GUT_WIDGET, lang)
    state.seed(key, state.gut_call())
    st.radio(
        t("workshop.gut", lang),
        ["act_now", "wait"],
        index=None,
        key=key,
        format_func=lambda d: t(f"decision.{d}", lang),
        on_change=state.copy_gut,
        args=(key,),
        horizontal=True,
        help=t("workshop.gut_help", lang),
    )


def render_ratings(lang: str) -> None:
    """In a workshop with seeded use cases: this participant's value and feasibility of each.

    Each rating can be taken back ("not rated"); each label names its case, so a screen reader
    says which case a rating belongs to.
    """
    context = state.workshop()
    try:
        found = loaders.store().workshop(context.code) if context is not None else None
    except WizardError:
        return  # the store is out: the page says so elsewhere; ratings wait for it
    if found is None or not found.use_cases:
        return
    from wizard.words.charts import short_label
    from wizard.words.portfolio import shown_cases

    st.header(t("workshop.uc.rate_title", lang))
    st.caption(t("workshop.uc.rate_intro", lang))
    given = state.ratings()
    unrated = t("workshop.uc.unrated", lang)
    for case in shown_cases(found.use_cases, loaders.catalog().use_cases, lang):
        case_id = str(case.get("id"))
        name = str(case.get("name", case_id))
        with st.container(border=True):
            st.text(name)  # the facilitator's own text, never Markdown
            columns = st.columns(2)
            for column, kind in zip(columns, ("value", "feasibility"), strict=True):
                key = state.rating_key(case_id, kind, lang)
                state.seed(key, given.get(case_id, {}).get(kind, 0))
                column.radio(
                    # the name in the label too (escaped: a label reads Markdown)
                    t(f"workshop.uc.{kind}_of", lang, name=md_escape_user(short_label(name, 40))),
                    [0, 1, 2, 3, 4, 5],
                    format_func=lambda v, none=unrated: none if v == 0 else str(v),
                    index=None,
                    key=key,
                    horizontal=True,
                    on_change=state.copy_rating,
                    args=(key, case_id, kind),
                )


def render_review(q: Questionnaire, lang: str) -> None:
    """Every answer by step, with an Edit button per step."""
    st.header(t("step.review", lang))
    st.caption(t("review.intro", lang))
    answers = state.answers()
    shown = visible_ids(q, answers)
    for index, step_id in enumerate(steps_of(q)[:-2]):
        questions = [x for x in q.questions_of(step_id) if x.id in shown]
        missing = sum(answers.get(x.id) in (None, []) for x in questions)
        with st.container(border=True):
            left, right = st.columns([5, 1])
            title = step_title(q, step_id, lang)
            left.markdown(
                f"**{title}** · "
                + (
                    t("review.missing", lang, count=missing)
                    if missing
                    else t("review.complete", lang)
                )
            )
            right.button(
                t("review.edit", lang),
                key=f"edit::{step_id}",
                on_click=go_to,
                args=(index,),
                width="stretch",
            )
            lines = []
            for x in questions:
                value = answers.get(x.id)
                shown_answer = answer_label(q, x.id, value, lang)
                mark = ":red[" + shown_answer + "]" if value in (None, []) else shown_answer
                lines.append(f"- {x.text.get(lang)}  \n  → **{mark}**")
            st.markdown("\n".join(lines))
            if index == 0 and state.use_cases():  # the cases listed on the profile step
                names = [str(c.get("name") or "") for c in state.use_cases()]
                st.markdown(
                    f"- {t('review.use_cases', lang, count=len(names))}  \n  → "
                    + md_escape_user(t("wizard.item_sep", lang).join(n for n in names if n))
                )


# --------------------------------------------------------------------------- page
def page(catalog: Catalog) -> None:
    """The wizard page."""
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    lang = state.lang()
    if state.use_cases():  # a template's name in this language, wherever it is still its own
        from wizard.words.portfolio import shown_cases

        state.localise_use_cases(lambda rows: shown_cases(rows, catalog.use_cases, lang))
    steps = steps_of(q)
    if state.step() >= len(steps):
        state.set_step(len(steps) - 1)
    current = steps[state.step()]
    if current not in (REVIEW, RESULTS):
        step_body(q, lang)
        return
    header(q, lang)
    show_notice()
    in_workshop_line(lang)
    with error_boundary(lang, f"step {current}"):
        if current == REVIEW:
            render_review(q, lang)
            render_profile_choice(catalog, lang)
            if state.workshop() is not None:
                render_ratings(lang)
                render_gut_call(lang)
        else:
            # the one lazy import between pages: it keeps numpy, pandas and Altair (which the
            # results need) off the question steps, so they start fast
            from wizard.ui.pages.assessment.results import render_results

            render_results(catalog, q, lang)
    render_missing(q, lang)
    nav_buttons(q, lang)
    render_where_kept(lang)  # on the page, not the sidebar: phones hide the sidebar


def in_workshop_line(lang: str) -> None:
    """Which workshop the answers go to, while in one; never "saved" when the last save failed."""
    pending = state.pending_link()
    if pending is not None:
        st.caption(t("workshop.in_workshop_pending", lang, code=pending.code))
    elif state.workshop() is not None:
        key = "workshop.in_workshop_unsaved" if save_refused() else "workshop.in_workshop"
        st.caption(t(key, lang, code=state.workshop().code))


@st.fragment
def step_body(q: Questionnaire, lang: str) -> None:
    """A question step's whole main area as a fragment: Next and Back rerun only it.

    The sidebar, the navigation and the page's helpers stay as they are (a workshop's burst is
    answers and Next). An answer reruns only the inner ``question_block``. The step is
    read from the state, not passed in: a rerun of this fragment gets the arguments of the last
    full run. Review and results are whole pages: reaching them reruns the app.
    """
    steps = steps_of(q)
    current = steps[state.step()]
    if current in (REVIEW, RESULTS):
        st.rerun(scope="app")
    in_fragment = state.fragment_run()
    if in_fragment:
        state.mark_notice_shown(False)  # this rerun redraws the notices above the questions
    header(q, lang)
    show_notice()
    in_workshop_line(lang)
    with error_boundary(lang, f"step {current}"):
        render_step_intro(q, current, lang)
        question_block(q, current, lang)  # it shows a refused Next's message itself
        if current == PROFILE and state.workshop() is None:
            from wizard.ui.pages.assessment.use_cases import render_use_cases

            render_use_cases(loaders.catalog(), q, lang)
    nav_buttons(q, lang)
    render_where_kept(lang)  # on the page, not the sidebar: phones hide the sidebar
    if in_fragment and state.scroll_pending():
        page_chrome(lang)  # Next's scroll to the top, or Next refused: to the first open question

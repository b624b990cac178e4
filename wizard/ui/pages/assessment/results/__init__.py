"""The results step: decision, reasons, robustness, what would flip it, routes, cost, roadmap."""

from __future__ import annotations

import json
from datetime import date, timedelta

import streamlit as st

from wizard.config import Catalog, Questionnaire, WeightProfile
from wizard.errors import ConfigError, WizardError
from wizard.guidance import Advice, advise
from wizard.i18n import t
from wizard.scoring import ACT_NOW
from wizard.ui import loaders, nav, state, workshop_session
from wizard.ui.charts_view import show_chart
from wizard.ui.components import md_escape, md_escape_user, no_font_text
from wizard.ui.group_view import render_group_for_participant
from wizard.ui.nav import VERDICT
from wizard.ui.pages.assessment.results.compare import render_compare
from wizard.ui.pages.assessment.results.cost import render_cost
from wizard.ui.pages.assessment.results.flip import render_flip
from wizard.ui.pages.assessment.results.roadmap import render_roadmap
from wizard.ui.pages.assessment.results.routes import render_routes
from wizard.ui.pages.assessment.results.weights import effective_profile, render_weights
from wizard.ui.pages.assessment.results.why import render_drags, render_restrictions
from wizard.words.charts import contribution_chart, dimension_chart
from wizard.words.restrictions import warning_lines
from wizard.words.verdict import blocker_text, decision_label, reasons, sensitivity_sentence
from wizard.words.world import since_lines
from wizard.world import SinceLast, since_last

#: how often a participant's group card looks at the room again (a reveal shows by itself)
GROUP_REFRESH_SECONDS = 15

TABS = ("why", "flip", "routes", "cost", "roadmap", "compare", "portfolio")


def render_results(catalog: Catalog, q: Questionnaire, lang: str) -> None:
    """The results step: weights panel, verdict, and the open tab only."""
    try:
        profile = effective_profile(catalog)
        profile.normalised(q.dimension_ids)
    except ConfigError:
        st.error(t("weights.all_zero", lang))
        state.set_custom(None)
        profile = effective_profile(catalog)
    answers = state.answers()
    today = date.today()
    facts = (json.dumps(answers, sort_keys=True), profile.model_dump_json(), today)
    # the advice is language-free and keyed without the language: a switch reuses it (no Monte
    # Carlo draw, no flip search again); charts and rows in words are keyed with it
    advice = state.memo("advice", facts, lambda: advise(catalog, q, profile, answers, today))
    rows = _case_rows(catalog, lang)
    case_facts = (facts, json.dumps(rows, sort_keys=True, default=str))
    portfolio, case_problems = state.memo(
        "portfolio",
        case_facts,
        lambda: _portfolio(catalog, q, profile, answers, advice, rows, today),
    )
    key = (*facts, lang)
    case_key = (*case_facts, lang)
    render_weights(catalog, q, profile, lang)
    since = _since(catalog, q, profile, answers, facts)
    render_world(catalog, q, since, lang)
    render_decision(q, advice, profile, lang)
    if portfolio is not None and portfolio.cases:
        from wizard.words.portfolio import summary_lines

        summary = " ".join(summary_lines(q, catalog, portfolio, lang))
        headline = md_escape_user(t("portfolio.headline", lang, summary=summary))
        st.info(headline, icon=":material/apps:")  # names in it are the user's: never links
    render_report_download(catalog, q, advice, profile, lang, today, since, portfolio)
    if state.workshop() is not None:
        render_workshop_group(catalog, q, lang)
    labels = [t(f"results.tab_{name}", lang) for name in TABS]
    tab_key = state.tab_key(lang)
    state.seed(tab_key, labels[state.results_tab()])
    tabs = st.tabs(labels, key=tab_key, on_change=state.copy_tab, args=(labels, tab_key))
    why, flip, routes, cost, roadmap, history, cases = tabs
    # Only the open tab is drawn: a rerun costs what the user sees, not all five tabs.
    if why.open:
        with why:
            left, right = st.columns(2)
            with left:
                show_chart("dimensions", key, lambda: dimension_chart(q, advice.result, lang))
            with right:
                show_chart("contribution", key, lambda: contribution_chart(q, advice.result, lang))
                render_drags(q, advice.result, lang)
            render_restrictions(q, catalog, advice, lang)
    if flip.open:
        with flip:
            render_flip(q, advice, key, lang)
    if routes.open:
        with routes:
            render_routes(q, catalog, advice, lang)
    if cost.open:
        with cost:
            render_cost(catalog, lang, advice)
    if roadmap.open:
        with roadmap:
            render_roadmap(q, advice, case_key, lang, catalog, portfolio)
    if history.open:  # a tab, not a panel: nothing of it is drawn while another tab is open
        with history:
            render_compare(catalog, q, profile, advice, lang, today, portfolio)
    if cases.open:
        with cases:
            from wizard.ui.pages.assessment.results.portfolio import render_portfolio

            render_portfolio(catalog, q, portfolio, case_problems, case_key, lang)


def _portfolio(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    answers: dict,
    advice: Advice,
    rows: list[dict],
    today: date,
) -> tuple:
    """The use cases judged (None without any) and the problems of rows that do not read.

    Both language-free (a switch reuses them): the page puts the problems in words.
    """
    if not rows:
        return None, ([], [])
    from wizard.portfolio import judge_portfolio, read_each

    cases, problems = read_each(rows, q, catalog.use_cases, "")
    decision = advice.result.decision
    found = judge_portfolio(catalog, q, profile, answers, cases, decision, today)
    return found, (problems, rows)


def render_report_download(
    catalog: Catalog,
    q: Questionnaire,
    advice: Advice,
    profile: WeightProfile,
    lang: str,
    today: date,
    since: SinceLast | None = None,
    portfolio=None,
) -> None:
    """The one-page PDF, built on click (the PDF library loads only then).

    Without a font for the page's language on the server, the page says so and offers the
    report in the default language.
    """
    from wizard.exports.pdf import report_filename
    from wizard.words.fonts import report_language  # paths only: no PDF library here

    who = state.respondent()["name"]
    usage = dict(state.cost_usage())  # a snapshot: the file is built after this run
    answers = state.answers()
    target = report_language(lang)
    if target != lang:
        st.info(no_font_text(lang, target), icon=":material/font_download_off:")

    def build() -> bytes:
        from wizard.cost import Usage
        from wizard.exports.pdf import ReportInput, build_report
        from wizard.words.portfolio import report_lines, roadmap_with_cases

        roadmap = ()
        if portfolio is not None and portfolio.cases:
            roadmap = tuple(roadmap_with_cases(q, catalog, advice, portfolio, answers, target))
        info = ReportInput(
            profile,
            today,
            subject=who,
            usage=Usage(**usage) if usage else None,
            since=tuple(since_lines(q, catalog, since, target)),
            portfolio=report_lines(portfolio, target) if portfolio else (),
            roadmap=roadmap,
        )
        return build_report(catalog, q, advice, target, info)

    st.download_button(
        t("report.download", lang),
        build,
        file_name=report_filename(target, today),
        mime="application/pdf",
        key=f"dl::report::{target}",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=t("report.download_help", lang),
    )


def _since(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    answers: dict,
    facts: tuple,
) -> SinceLast | None:
    """The world's changes since the file this session resumed from (None: none to tell)."""
    earlier = state.earlier()
    if earlier is None or earlier.data_version == catalog.data_version:
        return None
    return state.memo(
        "since",
        (facts, earlier),
        lambda: since_last(
            catalog, q, profile, earlier.answers, earlier.data_version, earlier.decision, answers
        ),
    )


def render_world(catalog: Catalog, q: Questionnaire, since: SinceLast | None, lang: str) -> None:
    """First on the results of a re-opened file: what changed in the world, and what moved."""
    lines = since_lines(q, catalog, since, lang)
    if not lines:
        return
    head, moved, *changes = lines
    with st.container(border=True):
        st.markdown(f"**{t('results.world_title', lang)}**")
        st.markdown(md_escape(head) + "  \n" + md_escape(moved))
        if changes:
            st.markdown("\n".join(f"- {md_escape(line)}" for line in changes))


def _case_rows(catalog: Catalog, lang: str) -> list[dict]:
    """The use cases to judge: this person's own, or in a workshop the facilitator's.

    A participant lists none of their own: the cases the facilitator seeded are judged on this
    participant's answers (template names in the reader's language).
    """
    context = state.workshop()
    if context is None:
        return state.use_cases()

    def seeded() -> list[dict]:
        from wizard.words.portfolio import shown_cases

        found = loaders.store().workshop(context.code)
        if found is None or not found.use_cases:
            return []
        return shown_cases(found.use_cases, catalog.use_cases, lang)

    try:  # the seeded cases never change after the workshop is created
        return state.memo(f"ws_seeded::{lang}", context.code, seeded)
    except WizardError:
        return []  # the store is out: the page says so elsewhere


def render_workshop_group(catalog: Catalog, q: Questionnaire, lang: str) -> None:
    """A participant's view of the room: the group result once the facilitator shows it.

    This person's own finished answers are saved first (the run's autosave comes only at its
    end), so the card they see on arriving counts them. The card then follows the room by
    itself (a reveal, others finishing) without a reload.
    """
    workshop_session.autosave(q)
    context = state.workshop()
    if context is None:
        return
    with st.container(border=True):
        _live_group(catalog, context.code, lang)


@st.fragment(run_every=timedelta(seconds=GROUP_REFRESH_SECONDS))
def _live_group(catalog: Catalog, code: str, lang: str) -> None:
    try:
        found = loaders.store().workshop(code)
    except WizardError:
        return
    render_group_for_participant(catalog, found, lang)


def render_decision(q: Questionnaire, advice: Advice, profile: WeightProfile, lang: str) -> None:
    """The verdict box: decision, profile, overall, confidence, reasons, robustness."""
    result = advice.result
    act = result.decision == ACT_NOW
    with st.container(border=True, key=VERDICT):
        icon = ":material/rocket_launch:" if act else ":material/hourglass_top:"
        st.markdown(f"## {icon} {decision_label(result, lang)}")
        # one box for the blockers and one for the warnings (each element costs every rerun)
        blocks = [
            md_escape(t("reason.blocker", lang, reason=blocker_text(q, hit, lang)))
            for hit in result.blockers
        ]
        if blocks:
            st.error("\n\n".join(blocks), icon=":material/block:")
        warned = [md_escape(line) for line in warning_lines(q, advice, lang)]
        if warned:
            st.warning("\n\n".join(warned), icon=":material/warning:")
            if any(c.code == "entries_stale" for c in advice.warnings):
                st.page_link(
                    nav.page("method"),
                    label=t("results.due_link", lang),
                    icon=":material/fact_check:",
                )
        # in a workshop the facilitator sets the profile: it was not chosen on the Review step
        under = "under_profile_workshop" if state.workshop() is not None else "under_profile"
        st.markdown(t(f"results.{under}", lang, profile=md_escape(profile.title.get(lang))))
        a, c = st.columns(2)
        overall = "–" if result.overall is None else f"{result.overall:.1f}"
        a.metric(
            t("results.overall", lang),
            overall,
            help=t("results.overall_help", lang, threshold=f"{result.threshold:g}"),
        )
        c.metric(
            t("results.confidence", lang),
            f"{advice.confidence:.0%}",
            help=t("results.confidence_help", lang),
        )
        lines = reasons(q, result, lang, blockers=False)
        sentence = sensitivity_sentence(advice, lang)
        parts = [
            "\n".join(f"- {line}" for line in lines),
            t("results.confidence_line", lang, pct=f"{advice.confidence:.0%}"),
            t("results.robustness_line", lang, sentence=sentence),
        ]
        st.markdown("\n\n".join(p for p in parts if p))  # one element: each costs every rerun

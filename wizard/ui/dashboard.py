"""The facilitator's dashboard: progress, group decision, disagreements, groups, exports."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import streamlit as st

from wizard.config import Catalog, Questionnaire, WeightProfile
from wizard.exports.workshop import group_roadmap_csv, responses_csv, summary_markdown
from wizard.i18n import t
from wizard.steps import results_index
from wizard.ui import state
from wizard.ui.charts_view import show_chart
from wizard.ui.components import md_escape, no_font_text
from wizard.words.charts import clusters_chart, readiness_chart, spread_chart, weights_compare_chart
from wizard.words.markdown import md_escape_user
from wizard.words.restrictions import entry_names
from wizard.words.verdict import flip_lines
from wizard.words.workshop import (
    agreement_text,
    changes_table,
    cluster_caption,
    disagreement_table,
    note_text,
    role_label,
    series_table,
)
from wizard.workshop.analytics import Group, Person, analyse, since_previous

if TYPE_CHECKING:
    from wizard.compare import Comparison

T = TypeVar("T")
Memo = Callable[[str, Hashable, Callable[[], T]], T]


def render_restriction_banner(q: Questionnaire, group: Group, lang: str) -> None:
    """A banner when anyone's answers meet a binding restriction (blocked, or denied)."""
    flags = group.restriction_flags
    advice = group.median_advice
    lines = [
        t(f"workshop.restriction_{kind}", lang, n=flags[kind], m=group.finished)
        for kind in ("blocked", "conflict")
        if flags[kind]
    ]
    binding = [m.entry for m in advice.matches if m.binding]
    if lines and binding:
        lines.append(t("workshop.restriction_entries", lang, who=entry_names(binding, lang)))
    if lines:
        st.error("  \n".join(md_escape(line) for line in lines), icon=":material/gavel:")


def render_dashboard(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    persons: Sequence[Person],
    title: str,
    lang: str,
    version: object,
    scope: str,
    previous: tuple[Any, Sequence[Any]] | None = None,
    memo: Memo = state.memo,
    blind: bool = False,
    use_cases: tuple[Sequence[dict], Sequence[dict]] | None = None,
) -> Group | None:
    """Draw the group analytics; they are recomputed only when ``version`` changes.

    ``scope`` ("live" or "offline") keeps the widget keys and the memo of each dashboard apart:
    both tabs are drawn on every run of the workshop page. ``memo`` keeps the analysis: this
    session's by default, the process's shared cache for a live workshop (``version`` then
    names the workshop and its database revision). ``blind`` (a blind workshop not yet
    revealed): progress only, unless the facilitator opens the private view, which says so.
    ``use_cases``: the seeded use cases and the finished participants' ratings of them.
    Returns the group it showed (None: no figures shown).
    """
    n = len(persons)
    done = sum(p.submitted for p in persons)
    a, b, c = st.columns(3)
    a.metric(t("workshop.participants", lang), n)
    b.metric(t("workshop.submitted_count", lang), t("workshop.n_of_m", lang, n=done, m=n))
    total_steps = results_index(q)
    avg = sum(min(p.progress, total_steps) for p in persons) / (n * total_steps) if n else 0.0
    c.metric(t("workshop.progress", lang), f"{avg:.0%}")
    st.progress(avg)
    if n == 0:
        st.info(t("workshop.waiting", lang))
        return None
    if blind and not private_view(scope, lang):
        return None  # the exports carry the figures too: they come with the private view
    facts = (version, profile.model_dump_json())
    # language-free, keyed without the language: a switch reruns no analysis
    group = memo(f"workshop_group::{scope}", facts, lambda: analyse(catalog, q, profile, persons))
    key = (*facts, lang)
    if group is None:
        st.info(t("workshop.waiting_finished", lang), icon=":material/hourglass_top:")
        render_exports(catalog, q, profile, persons, None, title, lang, scope)
        return None

    render_restriction_banner(q, group, lang)
    st.markdown(f"### {t('workshop.summary.decision', lang)}")
    result = group.median_advice.result
    left, right = st.columns(2)
    left.metric(
        t("workshop.by_median", lang),
        t(f"decision.{result.decision}", lang),
        help=t("workshop.by_median_help", lang),
    )
    decided = group.decision
    right.metric(
        t("workshop.by_majority", lang),
        t(f"decision.{decided.majority}", lang)
        if decided.majority is not None
        else t("workshop.no_majority", lang),
        f"{decided.majority_share:.0%}"
        if decided.majority is not None
        else t("workshop.tie_counts", lang, acts=decided.acts, waits=decided.waits),
        delta_color="off",
        delta_arrow="off",
        help=t("workshop.by_majority_help", lang),
    )
    lines = [
        t("workshop.finished_of", lang, finished=group.finished, total=group.total),
        t("workshop.agreement", lang, share=f"{group.agreement:.0%}"),
        agreement_text(decided, lang),
    ]
    (st.success if decided.rules_agree else st.warning)("  \n".join(lines))

    st.markdown(f"### {t('workshop.disagreements_title', lang)}")
    split = group.splits
    if split.empty:
        st.caption(t("workshop.disagreements_none", lang))
    else:
        words = disagreement_table(q, split.head(10), lang)
        table = words[["text", "dimension", "spread", "split"]].rename(
            columns={
                "text": t("workshop.col.question", lang),
                "dimension": t("chart.dimension", lang),
                "spread": t("workshop.col.spread", lang),
                "split": t("workshop.col.split", lang),
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")

    # the people as charts show them: roles by their names in this language (once per language
    # and room, not on every auto-refresh)
    people = state.memo(
        f"ws_people::{scope}::{lang}",
        facts,
        lambda: group.people.assign(role=[role_label(q, r, lang) for r in group.people["role"]]),
    )
    left, right = st.columns(2)
    with left:
        show_chart(f"ws_spread::{scope}", key, lambda: spread_chart(q, people, lang))
    with right:
        labels = group.clusters.labels if group.clusters else None
        show_chart(
            f"ws_readiness::{scope}",
            key,
            lambda: readiness_chart(people, profile.threshold, lang, labels),
        )
    st.markdown(f"### {t('workshop.clusters_title', lang)}")
    if group.clusters is None:
        st.info(note_text(group.cluster_note, lang))
    else:
        st.caption(
            t(
                "workshop.clusters_how",
                lang,
                k=group.clusters.k,
                silhouette=f"{group.clusters.silhouette:.2f}",
            )
        )
        st.markdown(cluster_caption(q, group.clusters, lang))
        show_chart(
            f"ws_clusters::{scope}",
            key,
            lambda: clusters_chart(group.clusters.labels, group.clusters.xy, people, lang),
        )
    st.markdown(f"### {t('workshop.implied_title', lang)}")
    if group.implied is None:
        st.info(note_text(group.implied_note, lang))
    else:
        st.caption(t("workshop.implied_how", lang, n=group.implied.n))
        show_chart(
            f"ws_weights::{scope}",
            key,
            lambda: weights_compare_chart(
                q, group.implied.weights, profile.normalised(q.dimension_ids), lang
            ),
        )
    st.markdown(f"### {t('workshop.summary.flip', lang)}")
    steps = flip_lines(q, group.median_advice.flip, lang)
    st.markdown("\n".join(f"{i}. {s}" for i, s in enumerate(steps, start=1)) or "-")

    since = memo(
        f"ws_since::{scope}",
        (*facts, repr(previous and (previous[0].id, len(previous[1])))),
        lambda: since_previous(catalog, q, profile, title, group, previous),
    )
    if since is not None:
        render_since(q, since, lang)
    lines: tuple[str, ...] = ()
    if use_cases is not None and use_cases[0]:
        from wizard.words.portfolio import shown_cases

        seeded = shown_cases(use_cases[0], catalog.use_cases, lang)
        ratings = use_cases[1]
        rated, verdicts = memo(
            f"ws_use_cases::{scope}::{lang}",  # template names are shown in the reader's language
            facts,
            lambda: room_use_cases(catalog, q, profile, seeded, ratings, group),
        )
        render_room_use_cases(rated, verdicts, scope, key, lang)
        lines = (rated, verdicts)
    render_exports(catalog, q, profile, persons, group, title, lang, scope, since, lines)
    return group


def private_view(scope: str, lang: str) -> bool:
    """Before a blind workshop is revealed: a note, and the facilitator's switch to see the figures.

    Off by default and never remembered beyond this browser session: the view that goes on the
    projector shows progress only. On, a banner says the view is private.
    """
    st.info(t("workshop.blind_hidden", lang), icon=":material/visibility_off:")
    name = f"private::{scope}"
    key = state.panel_key(name, lang)
    state.seed(key, state.panel_open(name))
    shown = st.toggle(
        t("workshop.private_toggle", lang),
        key=key,
        on_change=state.copy_panel,
        args=(name, lang),
        help=t("workshop.private_help", lang),
    )
    if shown:
        st.warning(t("workshop.private_banner", lang), icon=":material/lock:")
    return bool(shown)


def render_since(q: Questionnaire, since: Comparison, lang: str) -> None:
    """The room against the facilitator's previous workshop (median answers of each)."""
    from wizard.words.compare import comparison_document

    doc = comparison_document(q, since, lang)
    earlier = doc["snapshots"][0]
    st.markdown(f"### {md_escape_user(t('workshop.since_title', lang, title=earlier['label']))}")
    st.dataframe(series_table(q, doc, lang, dates=False), hide_index=True, width="stretch")
    if doc["changes"]:
        st.dataframe(changes_table(doc, lang), hide_index=True, width="stretch")
    if doc["closed"]:
        st.markdown(f"**{md_escape_user(t('compare.closed', lang, old=earlier['label']))}**")
        st.markdown("\n".join(f"- {md_escape(r['action'])}" for r in doc["closed"]))


def render_exports(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    persons: Sequence[Person],
    group: Group | None,
    title: str,
    lang: str,
    scope: str,
    since: Comparison | None = None,
    rated_cases: tuple = (),
) -> None:
    """The downloads; the group roadmap and summary exist once someone has finished."""
    st.markdown(f"### {t('workshop.exports', lang)}")
    e1, e2, e3, e4 = st.columns(4)
    # the responses and the summary grow with the room: built on click, not on every render
    e1.download_button(
        t("workshop.export_responses", lang),
        lambda: responses_csv(q, profile, persons, lang, catalog),
        file_name="workshop-responses.csv",
        mime="text/csv",
        key=f"dl::ws::{scope}::responses",
        on_click="ignore",
        icon=":material/table:",
    )
    if group is None:
        return
    e2.download_button(
        t("workshop.export_roadmap", lang),
        group_roadmap_csv(q, group, lang),
        file_name=f"workshop-roadmap-{lang}.csv",
        mime="text/csv",
        key=f"dl::ws::{scope}::roadmap",
        on_click="ignore",
        icon=":material/timeline:",
    )
    e3.download_button(
        t("workshop.export_summary", lang),
        lambda: summary_markdown(
            q, profile, title, group, lang, since=since, use_cases=_room_lines(rated_cases, lang)
        ),
        file_name="workshop-summary.md",
        mime="text/markdown",
        key=f"dl::ws::{scope}::summary",
        on_click="ignore",
        icon=":material/description:",
    )
    render_group_report(e4, catalog, q, profile, group, title, lang, scope, rated_cases)


def _room_lines(rated_cases: tuple, lang: str) -> tuple[str, ...]:
    from wizard.words.portfolio import room_report_lines

    return room_report_lines(*rated_cases, lang) if rated_cases else ()


def render_group_report(
    column: Any,
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    group: Group,
    title: str,
    lang: str,
    scope: str,
    rated_cases: tuple = (),
) -> None:
    """The group's one-page PDF, built on click.

    In the default language where the page's language has no font on this server.
    """
    from wizard.exports.pdf import report_filename
    from wizard.words.fonts import report_language  # paths only: no PDF library here

    target = report_language(lang)
    today = date.today()

    def build() -> bytes:
        from wizard.exports.pdf import group_report
        from wizard.words.portfolio import room_report_lines

        cases = room_report_lines(*rated_cases, target) if rated_cases else ()
        return group_report(catalog, q, profile, group, title, target, today, cases)

    column.download_button(
        t("workshop.export_report", lang),
        build,
        file_name=report_filename(target, today, "workshop"),
        mime="application/pdf",
        key=f"dl::ws::{scope}::report",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=None if target == lang else no_font_text(lang, target),
    )


def room_use_cases(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    seeded: Sequence[dict],
    ratings: Sequence[dict],
    group: Group,
) -> tuple[tuple, dict[str, str]]:
    """The room's ratings of the seeded cases, and each case's verdict on the median answers."""
    from wizard.portfolio import room_portfolio

    decision = group.median_advice.result.decision
    return room_portfolio(catalog, q, profile, seeded, ratings, group.median_answers, decision)


def render_room_use_cases(
    rated: Sequence, verdicts: dict[str, str], scope: str, key: object, lang: str
) -> None:
    """The room's medians per use case, where it disagrees most, its matrix, the CSV."""
    from wizard.exports.workshop import ratings_csv
    from wizard.words.charts import room_matrix_chart
    from wizard.words.portfolio import disputed_line, room_records

    st.markdown(f"### {t('workshop.uc.title', lang)}")
    st.caption(t("workshop.uc.intro", lang))
    records = room_records(rated, verdicts, lang)
    if not any(r.raters for r in rated):
        st.info(t("workshop.uc.none_rated", lang))
    else:
        st.markdown(md_escape_user(disputed_line(rated, lang)))
        st.markdown(f"**{t('workshop.uc.matrix_title', lang)}**")  # not in the chart: phones
        show_chart(f"ws_uc_matrix::{scope}", key, lambda: room_matrix_chart(rated, lang))
    columns = {
        "rank": t("portfolio.col.rank", lang),
        "name": t("portfolio.col.name", lang),
        "raters": t("workshop.uc.col_raters", lang),
        "value": t("workshop.uc.col_value", lang),
        "feasibility": t("workshop.uc.col_feasibility", lang),
        "spread": t("workshop.uc.col_spread", lang),
        "room": t("workshop.uc.col_room", lang),
        "verdict": t("workshop.uc.col_verdict", lang),
    }
    st.dataframe(
        [{columns[k]: r[k] for k in columns} for r in records], hide_index=True, width="stretch"
    )
    st.download_button(
        t("workshop.uc.download", lang),
        ratings_csv(records, lang),
        file_name=f"workshop-use-cases-{lang}.csv",
        mime="text/csv",
        key=f"dl::ws_uc::{scope}::{lang}",
        on_click="ignore",
        icon=":material/download:",
    )

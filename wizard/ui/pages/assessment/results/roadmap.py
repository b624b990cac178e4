"""The roadmap tab: a Gantt (a list on narrow screens), the table, and the CSV download."""

from __future__ import annotations

import streamlit as st

from wizard.config import Catalog, Questionnaire
from wizard.exports.tables import roadmap_csv
from wizard.guidance import Advice
from wizard.i18n import t
from wizard.portfolio import Portfolio
from wizard.ui import state
from wizard.ui.charts_view import show_chart
from wizard.ui.components import answers_download, md_escape_user
from wizard.words.charts import gantt_chart
from wizard.words.roadmap import CSV_COLUMNS, advice_rows, roadmap_header


def _roadmap_table(rows, lang: str):
    """The roadmap as an Arrow table with localised headers (cheap for st.dataframe to send)."""
    import pyarrow as pa

    columns = (
        list(zip(*[[getattr(r, c) for c in CSV_COLUMNS] for r in rows], strict=True))
        if rows
        else [[] for _ in CSV_COLUMNS]
    )
    return pa.table({h: list(v) for h, v in zip(roadmap_header(lang), columns, strict=True)})


def roadmap_list(rows, lang: str) -> str:
    """The roadmap as a Markdown list grouped by phase, for screens too narrow for the Gantt."""
    lines: list[str] = []
    phase = None
    for i, row in enumerate(rows, start=1):
        if row.phase != phase:
            phase = row.phase
            lines += ["", f"**{md_escape_user(phase)}**", ""]
        weeks = t("results.weeks_span", lang, start=row.start_week, end=row.end_week)
        # rows name use cases and owners as people typed them: never links or images
        action, owner = md_escape_user(row.action), md_escape_user(row.owner)
        lines.append(f"{i}. {action}  \n   {owner} · {weeks}")
    return "\n".join(lines).strip()


def _rows(q, advice, lang, catalog, portfolio):
    if portfolio is None or not portfolio.cases:
        return advice_rows(q, advice, lang)
    from wizard.words.portfolio import roadmap_with_cases

    return roadmap_with_cases(q, catalog, advice, portfolio, state.answers(), lang)


WEEKS_A_MONTH = 4.35


def render_roadmap(
    q: Questionnaire,
    advice: Advice,
    key: object,
    lang: str,
    catalog: Catalog | None = None,
    portfolio: Portfolio | None = None,
) -> None:
    """The roadmap tab (with the use cases' pilots and gating rows, when any are listed)."""
    rows = state.memo(
        f"roadmap_rows::{lang}", key, lambda: _rows(q, advice, lang, catalog, portfolio)
    )
    st.subheader(t("results.roadmap_title", lang))
    weeks = max((r.end_week for r in rows), default=0)
    months = max(1, round(weeks / WEEKS_A_MONTH))  # what the rows span, use cases included
    st.caption(
        t(f"results.roadmap_intro_{advice.result.decision}", lang, count=len(rows), months=months)
    )
    # the Gantt on wide screens, a list by phase on narrow ones (CSS in page_chrome)
    with st.container(key="roadmap-gantt"):
        show_chart("gantt", key, lambda: gantt_chart(rows, lang), width="content")
    with st.container(key="roadmap-list"):
        st.markdown(state.memo(f"roadmap_list::{lang}", key, lambda: roadmap_list(rows, lang)))
    table, data = state.memo(
        f"roadmap_files::{lang}", key, lambda: (_roadmap_table(rows, lang), roadmap_csv(rows, lang))
    )
    st.dataframe(table, hide_index=True, width="stretch")
    row = st.container(horizontal=True)
    row.download_button(
        t("results.download_csv", lang),
        data,
        file_name=f"genai-roadmap-{lang}.csv",
        mime="text/csv",
        key="dl::roadmap",
        type="primary",
        on_click="ignore",
        icon=":material/download:",
    )
    with row:
        answers_download(q, lang, "dl::answers::results")

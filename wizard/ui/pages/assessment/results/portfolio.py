"""The use-case tab: the summary sentence, the value x readiness matrix and the ranked table."""

from __future__ import annotations

import streamlit as st

from wizard.config import Catalog, Questionnaire
from wizard.errors import WizardError
from wizard.i18n import t
from wizard.portfolio import Portfolio
from wizard.ui import loaders, state
from wizard.ui.charts_view import show_chart
from wizard.ui.components import md_escape_user
from wizard.words.charts import portfolio_chart
from wizard.words.portfolio import row_problem_lines, summary_lines, table_records

TABLE = (
    "rank",
    "name",
    "verdict",
    "quadrant",
    "readiness",
    "cost",
    "value",
    "model",
    "reasons",
    "owner",
)


def render_portfolio(
    catalog: Catalog,
    q: Questionnaire,
    portfolio: Portfolio | None,
    problems: tuple,
    key: object,
    lang: str,
) -> None:
    """The use-case tab (its empty state points to the profile step)."""
    st.subheader(t("portfolio.title", lang))
    found, rows = problems
    if found:
        texts = [md_escape_user(line) for line in row_problem_lines(found, rows, lang)]
        st.warning(
            t("portfolio.invalid", lang) + "\n\n" + "\n".join(f"- {p}" for p in texts),
            icon=":material/edit_note:",
        )
    if portfolio is None or not portfolio.cases:
        empty = "portfolio.empty_workshop" if state.workshop() is not None else "portfolio.empty"
        st.info(t(empty, lang), icon=":material/lightbulb:")
        return
    st.caption(t("portfolio.intro", lang))
    context = state.workshop()
    if context is not None:
        try:  # once revealed, the room's ratings are in the group result above
            shown = loaders.store().workshop(context.code).group_visible
        except WizardError:
            shown = False
        key = "portfolio.seeded_note_shown" if shown else "portfolio.seeded_note"
        st.info(t(key, lang), icon=":material/groups:")
    lines = summary_lines(q, catalog, portfolio, lang)
    st.markdown(
        "\n\n".join(
            f"**{md_escape_user(lines[0])}**" if i == 0 else md_escape_user(line)
            for i, line in enumerate(lines)
        )
    )
    data = catalog.use_cases
    threshold = portfolio.cases[0].threshold
    high = data.high_value_from if data is not None else 50_000
    st.markdown(f"**{t('portfolio.matrix.title', lang)}**")  # not in the chart: cut on phones
    show_chart("portfolio", key, lambda: portfolio_chart(portfolio, threshold, high, lang))
    st.caption(t("portfolio.matrix.caption", lang))
    rates = catalog.currency.by_currency if catalog.currency is not None else None
    records = table_records(q, catalog, portfolio, lang, rates)
    columns = {name: t(f"portfolio.col.{name}", lang) for name in TABLE}
    st.dataframe(
        [{columns[k]: r[k] for k in TABLE} for r in records],
        hide_index=True,
        width="stretch",
        column_config={
            columns["reasons"]: st.column_config.TextColumn(width="large"),
            columns["name"]: st.column_config.TextColumn(width="medium", pinned=True),
            columns["rank"]: st.column_config.NumberColumn(width="small", pinned=True),
        },
    )

"""About the method: the scoring rule, profiles, sensitivity, sources with dates, and limits."""

from __future__ import annotations

from datetime import date

import streamlit as st

from wizard.cautions import stale_cautions
from wizard.config import Catalog
from wizard.i18n import date_text, paren, t
from wizard.ui import state
from wizard.ui.components import md_escape
from wizard.words.restrictions import warning_text


def profiles_table(catalog: Catalog, lang: str) -> list[dict[str, object]]:
    """One row per shipped profile: weights (%), threshold, floors, in ``lang``."""
    q = catalog.questionnaire()
    rows = []
    for profile in sorted(catalog.weights.values(), key=lambda p: p.id):
        weights = profile.normalised(q.dimension_ids)
        row: dict[str, object] = {t("method.profile_table_name", lang): profile.title.get(lang)}
        for dim in q.dimensions:
            row[t("method.profile_table_weight", lang, dimension=dim.title.get(lang))] = round(
                weights[dim.id] * 100
            )
        row[t("method.profile_table_threshold", lang)] = profile.threshold
        rows.append(row)
    return rows


def page(catalog: Catalog) -> None:
    """The method page."""
    lang = state.lang()
    st.title(t("method.title", lang))
    st.caption(t("method.intro", lang))
    st.header(t("method.rule_title", lang))
    st.markdown(t("method.rule", lang))
    st.header(t("method.profiles_title", lang))
    st.markdown(t("method.profiles", lang))
    st.dataframe(profiles_table(catalog, lang), hide_index=True, width="stretch")
    q = catalog.questionnaire()
    lines = []
    for profile in sorted(catalog.weights.values(), key=lambda p: p.id):
        floors = t("wizard.list_sep", lang).join(
            f"{q.dimensions_by_id[d].title.get(lang)} {v:g}" for d, v in profile.floors.items()
        )
        lines.append(
            f"- **{profile.title.get(lang)}**{t('method.sep', lang)}"
            f"{profile.description.get(lang)} {t('method.floors_line', lang, floors=floors)}"
        )
    st.markdown("\n".join(lines))
    for section in ("confidence", "flips", "routes", "cost", "workshop"):
        st.header(t(f"method.{section}_title", lang))
        st.markdown(t(f"method.{section}", lang))
    st.header(t("method.sources_title", lang))
    q0 = catalog.questionnaire()
    for caution in stale_cautions(catalog, date.today()):
        st.warning(md_escape(warning_text(q0, caution, lang)), icon=":material/warning:")
    st.markdown(
        "\n".join(
            [
                "- "
                + t(
                    "method.sources_restrictions",
                    lang,
                    count=len(catalog.restrictions.entries),
                    as_of=date_text(catalog.restrictions.as_of, lang),
                    max_days=catalog.restrictions.max_age_days,
                    old=sum(
                        (date.today() - date.fromisoformat(e.as_of)).days
                        > catalog.restrictions.max_age_days
                        for e in catalog.restrictions.entries
                    ),
                ),
                "- "
                + t(
                    "method.sources_prices",
                    lang,
                    as_of=date_text(catalog.prices.newest, lang),
                    max_days=catalog.prices.max_age_days,
                ),
                "- "
                + t("method.sources_routes", lang, as_of=date_text(catalog.routes.as_of, lang)),
            ]
        )
    )
    from wizard.data_status import data_status

    st.subheader(t("method.due_title", lang), anchor="due")
    due = data_status(catalog, date.today()).due
    names = {e.id: e.who for e in catalog.restrictions.entries}
    if catalog.laws is not None:
        names.update({x.id: x.name for x in catalog.laws.laws})
    st.markdown(
        "\n".join(
            "- "
            + md_escape(
                t(
                    "method.due_line",
                    lang,
                    who=names[d.id].get(lang),
                    as_of=date_text(d.as_of, lang),
                    source=d.source,
                )
            )
            for d in due
        )
        or t("method.due_none", lang)
    )
    if catalog.changes is not None:
        st.subheader(
            t("method.changes_title", lang, version=date_text(catalog.changes.version, lang))
        )
        st.markdown(
            "\n".join(
                "- "
                + md_escape(
                    t(
                        "world.change",
                        lang,
                        date=date_text(c.date, lang),
                        kind=t(f"world.kind.{c.kind}", lang),
                        text=c.text.get(lang),
                    )
                )
                # newest first, by when it happened in the world
                for c in sorted(catalog.changes.changes, key=lambda c: c.date, reverse=True)
            )
        )
    st.markdown(f"**{t('method.claims_title', lang)}**")
    st.markdown(
        "\n".join(f"- {c.text.get(lang)}{paren(c.source, lang)}" for c in catalog.prices.claims)
    )
    st.header(t("method.limits_title", lang))
    st.markdown(t("method.limits", lang))

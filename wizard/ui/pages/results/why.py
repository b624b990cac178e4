"""The Why tab: the answers that cost most points and the restrictions that may apply."""

from __future__ import annotations

import streamlit as st

from wizard.config import Catalog, Questionnaire
from wizard.guidance import Advice
from wizard.i18n import t
from wizard.report import answer_label
from wizard.scoring import Assessment
from wizard.ui import state


def render_drags(q: Questionnaire, result: Assessment, lang: str) -> None:
    """The answers that cost the most points."""
    drags = result.top_drags(5)
    if not drags:
        return
    answers = state.answers()
    lines = [f"**{t('results.drags_title', lang)}**", ""]
    for drag in drags:
        question = q.questions_by_id[drag.id].text.get(lang)
        chosen = answer_label(q, drag.id, answers.get(drag.id), lang)
        lost = t("results.points_lost_n", lang, points=f"{drag.loss:.1f}")
        lines.append(f"- {question}  \n  → {chosen} · {lost}")
    st.markdown("\n".join(lines))


def render_restrictions(catalog: Catalog, advice: Advice, lang: str) -> None:
    """The restrictions that match the organisation, with scope, source and date."""
    st.subheader(t("results.restrictions_title", lang))
    if not advice.matches:
        st.info(t("results.no_restrictions", lang))
    for m in advice.matches:
        with st.container(border=True):
            st.markdown(f"**{m.entry.who.get(lang)}** · {m.entry.date}")
            st.write(m.entry.scope.get(lang))
            note = f" · {t('cli.sector_assumed', lang)}" if m.sector_assumed else ""
            st.caption(t("results.source", lang, source=m.entry.source, as_of=m.entry.as_of) + note)
    st.caption(catalog.restrictions.disclaimer.get(lang))

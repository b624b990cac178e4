"""The Why tab: the answers that cost most points and the restrictions that concern you."""

from __future__ import annotations

import streamlit as st

from wizard.config import Catalog, Questionnaire
from wizard.guidance import Advice
from wizard.i18n import t
from wizard.scoring import Assessment
from wizard.ui import state
from wizard.ui.components import md_escape
from wizard.words.answers import answer_label
from wizard.words.restrictions import entry_notes, grouped_matches, law_lines, when_text


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


def render_restrictions(q: Questionnaire, catalog: Catalog, advice: Advice, lang: str) -> None:
    """The restrictions that concern the organisation: binding, related, history."""
    st.subheader(t("results.restrictions_title", lang))
    if not advice.matches:
        st.info(t("results.no_restrictions", lang))
    groups = grouped_matches(advice)
    if advice.matches and not groups["binding"]:
        st.success(t("restrictions.none_binding", lang), icon=":material/check_circle:")
    for standing, matches in groups.items():
        if not matches:
            continue
        st.markdown(f"**{t(f'restrictions.group_{standing}', lang)}**")
        for m in matches:
            entry = m.entry
            notes = entry_notes(q, m, advice, lang)
            # one Markdown element per entry: every element costs each rerun (and a switch
            # of language redraws them all)
            text = "\n\n".join(
                [
                    f"**{md_escape(entry.who.get(lang))}** · {md_escape(when_text(entry, lang))}",
                    md_escape(entry.scope.get(lang)),
                    "  \n".join(f":small[{md_escape(note)}]" for note in notes),
                ]
            )
            st.container(border=True).markdown(text)
    st.caption(catalog.restrictions.disclaimer.get(lang))
    lines = law_lines(advice, lang)
    if lines:
        st.subheader(t("laws.title", lang))
        st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))

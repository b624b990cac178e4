"""The 'what would change it' tab: the fewest changes that flip the decision, and the tornado."""

from __future__ import annotations

import streamlit as st

from wizard.config import Questionnaire
from wizard.guidance import Advice
from wizard.i18n import t
from wizard.ui.charts_view import show_chart
from wizard.words.charts import tornado_chart
from wizard.words.verdict import flip_lines


def render_flip(q: Questionnaire, advice: Advice, key: object, lang: str) -> None:
    """The 'what would change it' tab."""
    plan = advice.flip
    st.subheader(t(f"flip.title_{plan.target}", lang))
    st.caption(t(f"flip.intro_{plan.target}", lang))
    if plan.found:
        st.markdown(
            "\n".join(f"{i}. {line}" for i, line in enumerate(flip_lines(q, plan, lang), start=1))
        )
    elif advice.result.insufficient:
        st.info(t("flip.insufficient", lang), icon=":material/help:")
    else:
        st.info(t("flip.none", lang))
    show_chart("tornado", key, lambda: tornado_chart(q, advice.sensitivity.flips, lang))

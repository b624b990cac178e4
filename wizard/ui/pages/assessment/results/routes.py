"""The routes tab: adoption routes ranked for the organisation, with what rules each out."""

from __future__ import annotations

import streamlit as st

from wizard.config import Catalog, Questionnaire
from wizard.guidance import Advice
from wizard.i18n import date_text, t
from wizard.routes import better_fit
from wizard.ui import state
from wizard.ui.components import md_escape
from wizard.words.answers import answer_label
from wizard.words.restrictions import route_family_notes
from wizard.words.roadmap import family_names


def render_routes(q: Questionnaire, catalog: Catalog, advice: Advice, lang: str) -> None:
    """The routes tab."""
    st.subheader(t("routes.title", lang))
    st.caption(t("routes.intro", lang))
    top = advice.top_route
    better = better_fit(advice.routes, top)
    if top is not None and better is not None:
        st.warning(
            t(
                "routes.better_fit",
                lang,
                top=top.route.title.get(lang),
                top_fit=f"{top.fit:.0f}",
                other=better.route.title.get(lang),
                other_fit=f"{better.fit:.0f}",
                models=family_names(q, ",".join(better.allowed_families), lang),
            ),
            icon=":material/compare_arrows:",
        )
    shown = list(advice.routes)
    if better is not None and top is not None:  # the far better fit right under the top one
        shown.remove(better)
        shown.insert(shown.index(top) + 1, better)
    for fit in shown:
        with st.container(border=True):
            head = (
                f"**{fit.route.title.get(lang)}** · {t('routes.fit', lang, fit=f'{fit.fit:.0f}')}"
            )
            if top is not None and fit.route.id == top.route.id:
                label = t("routes.top_intended" if better else "routes.top", lang)
                head += f" · :green-badge[{label}]"
            elif better is not None and fit.route.id == better.route.id:
                head += f" · :blue-badge[{t('routes.best_fit', lang)}]"
            elif fit.route.watch_only and fit is shown[0]:
                head += f" · :orange-badge[{t('routes.for_now', lang)}]"
            st.markdown(head)
            st.progress(int(fit.fit) / 100)
            st.write(fit.route.summary.get(lang))
            level = t(f"routes.exposure_{fit.route.data_exposure}", lang)
            st.caption(
                t("routes.exposure", lang, level=level)
                + " · "
                + fit.route.exposure_note.get(lang)
                + " "
                + fit.route.cost_note.get(lang)
            )
            notes = route_family_notes(q, fit, lang)
            if fit.families and fit.intended and not fit.serves_intent and fit.allowed:
                st.caption(t("routes.not_intended", lang))
            for kind, show, icon in (
                ("allowed", st.success if fit.serves_intent else st.info, ":material/check:"),
                ("check", st.warning, ":material/help:"),
                ("confirm", st.warning, ":material/help:"),
                ("ruled_out", st.error, ":material/block:"),
            ):
                lines = [md_escape(line) for k, line in notes if k == kind]
                if lines:
                    show("  \n".join(lines), icon=icon)
            if fit.rules:
                lines = [
                    t(
                        "routes.rule",
                        lang,
                        question=q.questions_by_id[r.question].text.get(lang),
                        option=answer_label(q, r.question, state.answers().get(r.question), lang),
                        delta=r.delta,
                    )
                    for r in fit.rules
                ]
                st.caption(t("routes.why", lang) + " " + " · ".join(lines))
    st.caption(t("routes.as_of", lang, as_of=date_text(catalog.routes.as_of, lang)))

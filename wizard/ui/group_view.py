"""What a participant may see of the room: the group result by both rules, once visible."""

from __future__ import annotations

import streamlit as st

from wizard.config import Catalog
from wizard.errors import WizardError
from wizard.i18n import t
from wizard.ui import loaders, state
from wizard.ui.components import md_escape_user
from wizard.ui.workshop_session import error_text
from wizard.words.verdict import reasons
from wizard.words.workshop import decision_lines
from wizard.workshop.analytics import GroupDecision, group_decision_and_answers, persons_from


def render_group_for_participant(catalog: Catalog, found, lang: str) -> None:
    """The group result a participant may see: aggregates only, and only once visible."""
    if not found.group_visible:
        st.info(t("workshop.blind", lang))
        return
    q = catalog.questionnaire(found.questionnaire)
    profile = catalog.profile(found.weights)

    def decide() -> tuple[GroupDecision, dict, list] | None:
        _, people = loaders.store().all_participants(found.code)
        persons = persons_from(q, people, named=False)
        decided = group_decision_and_answers(q, profile, persons, catalog)
        if decided is None:
            return None
        rated = [dict(p.ratings) for p in people if p.submitted]  # as every group figure
        return decided[0], decided[1], rated

    try:
        # re-read the room only when someone's answers changed, not on every rerun of this page
        version = loaders.store().room_version(found.code)
        room = state.memo("workshop_room", (found.code, version), decide)
    except WizardError as exc:
        st.warning(error_text(exc, lang), icon=":material/cloud_off:")
        return
    if room is None:
        st.info(t("workshop.waiting_finished", lang), icon=":material/hourglass_top:")
        return
    decided, answers, rated = room
    st.markdown(f"**{t('workshop.group_result', lang)}**")
    lines = [*decision_lines(decided, lang), *reasons(q, decided.median, lang)]
    st.markdown("\n".join(f"- {line}" for line in lines))
    if found.use_cases:  # how the room rates the facilitator's use cases, once revealed
        cases = state.memo(
            f"workshop_room_cases::{lang}",
            (found.code, version),
            lambda: _room_case_lines(catalog, found, profile, answers, rated, decided, lang),
        )
        if cases:
            head, *each = cases
            st.markdown(f"**{md_escape_user(head)}**")  # case names: the facilitator's text
            st.markdown("\n".join(f"- {md_escape_user(line)}" for line in each))


def _room_case_lines(catalog, found, profile, answers, rated, decided, lang) -> tuple[str, ...]:
    from wizard.portfolio import room_portfolio
    from wizard.words.portfolio import room_report_lines, shown_cases

    q = catalog.questionnaire(found.questionnaire)
    seeded = shown_cases(found.use_cases, catalog.use_cases, lang)
    room = room_portfolio(catalog, q, profile, seeded, rated, answers, decided.median.decision)
    return room_report_lines(*room, lang)

"""What a participant may see of the room: the group result by both rules, once visible."""

from __future__ import annotations

import streamlit as st

from wizard.config import Catalog
from wizard.errors import WizardError
from wizard.i18n import t
from wizard.ui import loaders, state
from wizard.ui.workshop_session import error_text
from wizard.words.verdict import reasons
from wizard.words.workshop import decision_lines
from wizard.workshop.analytics import GroupDecision, group_decision, persons_from


def render_group_for_participant(catalog: Catalog, found, lang: str) -> None:
    """The group result a participant may see: aggregates only, and only once visible."""
    if not found.group_visible:
        st.info(t("workshop.blind", lang))
        return
    q = catalog.questionnaire(found.questionnaire)
    profile = catalog.profile(found.weights)

    def decide() -> GroupDecision | None:
        _, people = loaders.store().all_participants(found.code)
        persons = persons_from(q, people, named=False)
        return group_decision(q, profile, persons, catalog)

    try:
        # re-read the room only when someone's answers changed, not on every rerun of this page
        version = loaders.store().room_version(found.code)
        decided = state.memo("workshop_room", (found.code, version), decide)
    except WizardError as exc:
        st.warning(error_text(exc, lang), icon=":material/cloud_off:")
        return
    if decided is None:
        st.info(t("workshop.waiting_finished", lang), icon=":material/hourglass_top:")
        return

    st.markdown(f"**{t('workshop.group_result', lang)}**")
    lines = [*decision_lines(decided, lang), *reasons(q, decided.median, lang)]
    st.markdown("\n".join(f"- {line}" for line in lines))

"""Analyse answers files offline: the same dashboard without a live workshop."""

from __future__ import annotations

import json

import streamlit as st

from wizard.config import DEFAULT_QUESTIONNAIRE, Catalog
from wizard.i18n import t
from wizard.steps import results_index
from wizard.ui import state
from wizard.ui.components import load_uploads
from wizard.ui.dashboard import render_dashboard
from wizard.workshop.analytics import Person


def render_offline(catalog: Catalog, lang: str) -> None:
    """The Analyse files tab: the dashboard over uploaded answers files."""
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    st.caption(t("workshop.offline_intro", lang))
    files = st.file_uploader(
        t("workshop.offline_upload", lang),
        type=["yaml", "yml", "json"],
        accept_multiple_files=True,
        key=state.W_OFFLINE,
    )
    if not files:
        return
    persons = []
    for i, (_, doc) in enumerate(load_uploads(files, q, lang), start=1):
        who = doc.respondent
        role = (who.role if who and who.role else doc.answers.get("role")) or ""
        label = who.name if who and who.name else f"P{i}"
        done = results_index(q)  # an answers file is a finished assessment
        persons.append(Person(label, str(role), doc.answers, True, done))
    if not persons:
        return
    profile_id = st.selectbox(
        t("weights.profile", lang),
        sorted(catalog.weights),
        key=state.W_OFFLINE_PROFILE,
        format_func=lambda i: catalog.weights[i].title.get(lang),
    )
    profile = catalog.weights[profile_id]
    version = ("offline", json.dumps([p.answers for p in persons], sort_keys=True), profile_id)
    render_dashboard(
        catalog, q, profile, persons, t("workshop.offline_title", lang), lang, version, "offline"
    )

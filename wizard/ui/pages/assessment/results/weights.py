"""The weights panel: profile, weights, floors and threshold; a customised profile to download."""

from __future__ import annotations

import streamlit as st
import yaml

from wizard.config import Catalog, LText, Questionnaire, WeightProfile
from wizard.i18n import languages, t
from wizard.ui import state
from wizard.ui.components import lazy_expander


def effective_profile(catalog: Catalog) -> WeightProfile:
    """The chosen profile, with the slider overrides applied when there are any."""
    base = catalog.profile(state.profile_id())
    overrides = state.custom()
    if not overrides:
        return base
    return base.customised(
        **overrides,
        title=LText.model_validate(
            {k: t("weights.custom_title", k, base=base.title.get(k)) for k in languages()}
        ),
        description=LText.model_validate(
            {k: t("weights.custom_description", k, base=base.title.get(k)) for k in languages()}
        ),
    )


def profile_yaml(profile: WeightProfile) -> str:
    """The profile as YAML, to download and reuse."""
    return yaml.safe_dump(profile.model_dump(by_alias=True), allow_unicode=True, sort_keys=False)


def render_weights(catalog: Catalog, q: Questionnaire, profile: WeightProfile, lang: str) -> None:
    """The weights panel (sliders drawn only while it is open)."""
    panel = lazy_expander("weights", t("weights.title", lang), lang, ":material/tune:")
    if not panel.open:
        return  # the sliders cost a rerun only when the panel is open
    with panel:
        ids = sorted(catalog.weights)
        profile_key = state.lang_key(state.PROFILE_WIDGET, lang)
        state.seed(profile_key, state.profile_id())
        st.selectbox(
            t("weights.profile", lang),
            ids,
            key=profile_key,
            format_func=lambda i: catalog.weights[i].title.get(lang),
            on_change=state.sync_profile,
            args=(profile_key,),
        )
        st.caption(catalog.weights[state.profile_id()].description.get(lang))
        normalised = profile.normalised(q.dimension_ids)
        dims = list(q.dimension_ids)

        def slider(name: str, label: str, value: float, helptext: str | None = None) -> None:
            key = state.weight_key(name)
            state.seed(key, int(round(value)))
            st.slider(
                label,
                0,
                100,
                key=key,
                on_change=state.store_custom_from_sliders,
                args=(dims,),
                help=helptext,
            )

        for col, dim in zip(st.columns(len(dims)), q.dimensions, strict=True):
            title = dim.title.get(lang)
            with col:
                slider(
                    dim.id, t("weights.weight_of", lang, dimension=title), normalised[dim.id] * 100
                )
                slider(
                    f"floor::{dim.id}",
                    t("weights.floor_of", lang, dimension=title),
                    profile.floors.get(dim.id, 0),
                    t("weights.floor_help", lang),
                )
        slider(
            "threshold",
            t("weights.threshold", lang),
            profile.threshold,
            t("weights.threshold_help", lang),
        )
        left, right = st.columns(2)
        left.download_button(
            t("weights.download", lang),
            profile_yaml(profile),
            file_name=f"{profile.id}.yaml",
            mime="application/x-yaml",
            key="dl::profile",
            on_click="ignore",
            icon=":material/download:",
        )
        if state.custom():
            right.button(
                t("weights.reset", lang),
                key="weights_reset",
                on_click=state.set_custom,
                args=(None,),
            )

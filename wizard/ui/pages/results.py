"""The results step: decision, reasons, robustness, what would flip it, routes, cost, roadmap."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pandas as pd
import streamlit as st
import yaml

from wizard import LANGUAGES
from wizard.charts import (
    contribution_chart,
    cost_chart,
    dimension_chart,
    gantt_chart,
    tornado_chart,
)
from wizard.config import Catalog, LText, Questionnaire, WeightProfile
from wizard.cost import Usage, compare, is_stale, price_age_days, saving, with_overrides
from wizard.errors import ConfigError
from wizard.export import CSV_COLUMNS, roadmap_csv, roadmap_header
from wizard.guidance import Advice, advise
from wizard.i18n import t
from wizard.report import answer_label, flip_lines, reasons, sensitivity_sentence
from wizard.scoring import ACT_NOW, Assessment
from wizard.ui import state
from wizard.ui.components import answers_download


# --------------------------------------------------------------------------- weights
def effective_profile(catalog: Catalog, lang: str) -> WeightProfile:
    """The chosen profile, with the slider overrides applied when there are any."""
    base = catalog.weights.get(state.profile_id()) or next(iter(catalog.weights.values()))
    overrides = state.custom()
    if not overrides:
        return base
    suffix = {"en": " (custom)", "zh-TW": "（自訂）"}
    return WeightProfile(
        schema_version=1,
        id=f"{base.id}-custom",
        title=LText.model_validate({k: base.title.get(k) + suffix[k] for k in LANGUAGES}),
        description=LText.model_validate(
            {k: t("weights.custom_description", k, base=base.title.get(k)) for k in LANGUAGES}
        ),
        dimension_weights=overrides["dimension_weights"],
        threshold=overrides["threshold"],
        floors=overrides["floors"],
    )


def profile_yaml(profile: WeightProfile) -> str:
    return yaml.safe_dump(profile.model_dump(by_alias=True), allow_unicode=True, sort_keys=False)


def render_weights(catalog: Catalog, q: Questionnaire, profile: WeightProfile, lang: str) -> None:
    with st.expander(
        t("weights.title", lang, profile=profile.title.get(lang)), icon=":material/tune:"
    ):
        ids = sorted(catalog.weights)
        state.seed(state.PROFILE_WIDGET, state.profile_id())
        st.selectbox(
            t("weights.profile", lang),
            ids,
            key=state.PROFILE_WIDGET,
            format_func=lambda i: catalog.weights[i].title.get(lang),
            on_change=state.sync_profile,
        )
        st.caption(catalog.weights[state.profile_id()].description.get(lang))
        normalised = profile.normalised(q.dimension_ids)
        dims = list(q.dimension_ids)
        cols = st.columns(len(dims))
        for col, dim in zip(cols, q.dimensions, strict=True):
            with col:
                key = state.weight_key(dim.id)
                state.seed(key, int(round(normalised[dim.id] * 100)))
                st.slider(
                    t("weights.weight_of", lang, dimension=dim.title.get(lang)),
                    0,
                    100,
                    key=key,
                    on_change=state.store_custom_from_sliders,
                    args=(dims,),
                )
                fkey = state.weight_key(f"floor::{dim.id}")
                state.seed(fkey, int(profile.floors.get(dim.id, 0)))
                st.slider(
                    t("weights.floor_of", lang, dimension=dim.title.get(lang)),
                    0,
                    100,
                    key=fkey,
                    on_change=state.store_custom_from_sliders,
                    args=(dims,),
                    help=t("weights.floor_help", lang),
                )
        tkey = state.weight_key("threshold")
        state.seed(tkey, int(profile.threshold))
        st.slider(
            t("weights.threshold", lang),
            0,
            100,
            key=tkey,
            on_change=state.store_custom_from_sliders,
            args=(dims,),
            help=t("weights.threshold_help", lang),
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


# --------------------------------------------------------------------------- results
def render_results(catalog: Catalog, q: Questionnaire, lang: str) -> None:
    try:
        profile = effective_profile(catalog, lang)
        profile.normalised(q.dimension_ids)
    except ConfigError:
        st.error(t("weights.all_zero", lang))
        state.set_custom(None)
        profile = effective_profile(catalog, lang)
    answers = state.answers()
    advice = advise(catalog, q, profile, answers, lang, date.today())
    render_weights(catalog, q, profile, lang)
    render_decision(q, advice, profile, lang)
    why, flip, routes, cost, roadmap = st.tabs(
        [
            t("results.tab_why", lang),
            t("results.tab_flip", lang),
            t("results.tab_routes", lang),
            t("results.tab_cost", lang),
            t("results.tab_roadmap", lang),
        ]
    )
    with why:
        left, right = st.columns(2)
        with left:
            st.altair_chart(dimension_chart(q, advice.result, lang), width="stretch")
        with right:
            st.altair_chart(contribution_chart(q, advice.result, lang), width="stretch")
            render_drags(q, advice.result, lang)
        render_restrictions(catalog, advice, lang)
    with flip:
        render_flip(q, advice, lang)
    with routes:
        render_routes(q, catalog, advice, lang)
    with cost:
        render_cost(catalog, lang)
    with roadmap:
        render_roadmap(q, advice, lang)


def render_decision(q: Questionnaire, advice: Advice, profile: WeightProfile, lang: str) -> None:
    result = advice.result
    act = result.decision == ACT_NOW
    with st.container(border=True):
        icon = ":material/rocket_launch:" if act else ":material/hourglass_top:"
        st.markdown(f"# {icon} {t('decision.' + result.decision, lang)}")
        st.caption(t("results.under_profile", lang, profile=profile.title.get(lang)))
        a, b, c = st.columns(3)
        overall = "–" if result.overall is None else f"{result.overall:.1f}"
        a.metric(
            t("results.overall", lang),
            overall,
            help=t("results.overall_help", lang, threshold=f"{result.threshold:g}"),
        )
        b.metric(t("results.threshold", lang), f"{result.threshold:g}")
        c.metric(
            t("results.confidence", lang),
            f"{advice.confidence:.0%}",
            help=t("results.confidence_help", lang),
        )
        st.markdown("\n".join(f"- {line}" for line in reasons(q, result, lang)))
        sentence = sensitivity_sentence(advice, lang)
        st.markdown(t("results.robustness_line", lang, sentence=sentence))


def render_flip(q: Questionnaire, advice: Advice, lang: str) -> None:
    plan = advice.flip
    st.subheader(t(f"flip.title_{plan.target}", lang))
    st.caption(t(f"flip.intro_{plan.target}", lang))
    if plan.found:
        st.markdown(
            "\n".join(f"{i}. {line}" for i, line in enumerate(flip_lines(q, plan, lang), start=1))
        )
    else:
        st.info(t("flip.none", lang))
    st.altair_chart(tornado_chart(q, advice.sensitivity.flips, lang), width="stretch")


def render_routes(q: Questionnaire, catalog: Catalog, advice: Advice, lang: str) -> None:
    st.subheader(t("routes.title", lang))
    st.caption(t("routes.intro", lang))
    top = advice.top_route
    for fit in advice.routes:
        with st.container(border=True):
            head = (
                f"**{fit.route.title.get(lang)}** · {t('routes.fit', lang, fit=f'{fit.fit:.0f}')}"
            )
            if top is not None and fit.route.id == top.route.id:
                head += f" · :green-badge[{t('routes.top', lang)}]"
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
            for match in fit.ruled_out_by:
                st.error(
                    t(
                        "routes.ruled_out",
                        lang,
                        who=match.entry.who.get(lang),
                        scope=match.entry.scope.get(lang),
                    ),
                    icon=":material/block:",
                )
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
    st.caption(t("routes.as_of", lang, as_of=catalog.routes.as_of))


def render_cost(catalog: Catalog, lang: str) -> None:
    prices = catalog.prices
    st.subheader(t("cost.title", lang))
    st.caption(t("cost.intro", lang))
    defaults = Usage()
    saved = state.cost_usage()
    fields = [
        ("requests", 0.0, 1e9, 1000.0),
        ("input_tokens", 0.0, 1e6, 100.0),
        ("output_tokens", 0.0, 1e6, 100.0),
        ("monthly_value", 0.0, 1e10, 1000.0),
    ]
    cols = st.columns(4)
    for col, (name, low, high, step) in zip(cols, fields, strict=True):
        key = state.cost_key(name)
        state.seed(key, float(saved.get(name, getattr(defaults, name))))
        label = t("cost.value", lang) if name == "monthly_value" else t(f"cost.{name}", lang)
        col.number_input(
            label,
            min_value=low,
            max_value=high,
            step=step,
            key=key,
            on_change=state.copy_cost,
            args=(name,),
            format="%.0f",
            help=t("cost.output_help", lang) if name == "output_tokens" else None,
        )
    left, right = st.columns(2)
    for col, name, label, helptext in (
        (left, "reasoning_share", t("cost.reasoning_share", lang), t("cost.reasoning_help", lang)),
        (right, "cache_hit_share", t("cost.cache_hit", lang), None),
    ):
        key = state.cost_key(name)
        state.seed(key, float(saved.get(name, getattr(defaults, name))))
        col.slider(
            label,
            0.0,
            0.95 if name == "reasoning_share" else 1.0,
            step=0.05,
            key=key,
            on_change=state.copy_cost,
            args=(name,),
            help=helptext,
        )
    overrides = state.price_overrides()
    with st.expander(t("cost.edit_prices", lang), icon=":material/edit:"):
        for model in prices.models:
            cols = st.columns(3)
            for col, field in zip(cols, ("input", "input_cache_hit", "output"), strict=True):
                base = getattr(model, field)
                if base is None:
                    continue
                key = state.price_key(model.id, field)
                state.seed(key, float(overrides.get(model.id, {}).get(field, base)))
                label = {
                    "input": "cost.price_input",
                    "input_cache_hit": "cost.price_cache",
                    "output": "cost.price_output",
                }[field]
                col.number_input(
                    t(label, lang, model=model.name),
                    min_value=0.0,
                    step=0.01,
                    key=key,
                    on_change=state.copy_price,
                    args=(model.id, field),
                    format="%.2f",
                )
    usage = Usage(**{**asdict(defaults), **saved})
    costs = compare(with_overrides(prices.models, overrides), usage)
    cheapest, ref, share = saving(costs, prices.reference)
    st.altair_chart(cost_chart(costs, usage.monthly_value, lang), width="stretch")
    st.markdown(
        t(
            "cost.saving",
            lang,
            cheap=cheapest.model.name,
            cheap_cost=cheapest.total,
            share=share,
            ref=ref.model.name,
            ref_cost=ref.total,
        )
    )
    good = [c.model.name for c in costs if c.total < usage.monthly_value]
    bad = [c.model.name for c in costs if c.total >= usage.monthly_value]
    if good:
        st.success(
            t(
                "cost.roi_positive",
                lang,
                value=usage.monthly_value,
                models=t("wizard.list_sep", lang).join(good),
            )
        )
    if bad:
        st.warning(t("cost.roi_negative", lang, models=t("wizard.list_sep", lang).join(bad)))
    today = date.today()
    if is_stale(prices, today):
        st.warning(
            t(
                "cost.stale",
                lang,
                as_of=prices.as_of,
                days=price_age_days(prices, today),
                max_days=prices.max_age_days,
            ),
            icon=":material/schedule:",
        )
    st.caption(prices.disclaimer.get(lang))
    for model in prices.models:
        st.caption(
            t("cost.prices_source", lang, source=f"{model.name}: {model.source}", as_of=model.as_of)
        )


def render_drags(q: Questionnaire, result: Assessment, lang: str) -> None:
    drags = result.top_drags(5)
    if not drags:
        return
    st.markdown(f"**{t('results.drags_title', lang)}**")
    answers = state.answers()
    for drag in drags:
        question = q.questions_by_id[drag.id].text.get(lang)
        chosen = answer_label(q, drag.id, answers.get(drag.id), lang)
        st.markdown(
            f"- {question}  \n  → {chosen} · "
            + t("results.points_lost_n", lang, points=f"{drag.loss:.1f}")
        )


def render_restrictions(catalog: Catalog, advice: Advice, lang: str) -> None:
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


def render_roadmap(q: Questionnaire, advice: Advice, lang: str) -> None:
    rows = advice.roadmap
    st.subheader(t("results.roadmap_title", lang))
    st.caption(t(f"results.roadmap_intro_{advice.result.decision}", lang, count=len(rows)))
    st.altair_chart(gantt_chart(rows, lang))
    table = pd.DataFrame(
        [[getattr(r, c) for c in CSV_COLUMNS] for r in rows], columns=roadmap_header(lang)
    )
    st.dataframe(table, hide_index=True, width="stretch")
    left, right, _ = st.columns([1, 1, 2])
    left.download_button(
        t("results.download_csv", lang),
        roadmap_csv(rows, lang),
        file_name=f"genai-roadmap-{lang}.csv",
        mime="text/csv",
        key="dl::roadmap",
        type="primary",
        on_click="ignore",
        icon=":material/download:",
    )
    with right:
        answers_download(q, lang, "dl::answers::results")

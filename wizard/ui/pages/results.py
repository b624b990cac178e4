"""The results step: decision, reasons, robustness, what would flip it, routes, cost, roadmap."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import streamlit as st
import yaml

from wizard import LANGUAGES
from wizard.charts import (
    contribution_chart,
    cost_chart,
    cost_datasets,
    dimension_chart,
    gantt_chart,
    tornado_chart,
)
from wizard.config import Catalog, LText, Questionnaire, WeightProfile
from wizard.cost import Usage, compare, is_stale, price_age_days, saving, with_overrides
from wizard.errors import ConfigError, WizardError
from wizard.export import CSV_COLUMNS, roadmap_csv, roadmap_header
from wizard.guidance import Advice, advise
from wizard.i18n import t
from wizard.report import answer_label, flip_lines, reasons, sensitivity_sentence
from wizard.scoring import ACT_NOW, Assessment
from wizard.ui import state
from wizard.ui.charts_view import show_chart
from wizard.ui.components import answers_download, lazy_expander, md_escape


# --------------------------------------------------------------------------- weights
def effective_profile(catalog: Catalog) -> WeightProfile:
    """The chosen profile, with the slider overrides applied when there are any."""
    base = catalog.profile(state.profile_id())
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


# --------------------------------------------------------------------------- results
TABS = ("why", "flip", "routes", "cost", "roadmap")
VERDICT = "verdict"  # the verdict box's key: "See results" scrolls to it


def render_results(catalog: Catalog, q: Questionnaire, lang: str) -> None:
    try:
        profile = effective_profile(catalog)
        profile.normalised(q.dimension_ids)
    except ConfigError:
        st.error(t("weights.all_zero", lang))
        state.set_custom(None)
        profile = effective_profile(catalog)
    answers = state.answers()
    today = date.today()
    key = (json.dumps(answers, sort_keys=True), profile.model_dump_json(), lang, today)
    advice = state.memo("advice", key, lambda: advise(catalog, q, profile, answers, lang, today))
    render_weights(catalog, q, profile, lang)
    render_decision(q, advice, profile, lang)
    if state.workshop() is not None:
        render_workshop_group(catalog, lang)
    labels = [t(f"results.tab_{name}", lang) for name in TABS]
    tab_key = state.tab_key(lang)
    state.seed(tab_key, labels[state.results_tab()])
    tabs = st.tabs(labels, key=tab_key, on_change=state.copy_tab, args=(labels, lang))
    why, flip, routes, cost, roadmap = tabs
    # Only the open tab is drawn: a rerun costs what the user sees, not all five tabs.
    if why.open:
        with why:
            left, right = st.columns(2)
            with left:
                show_chart("dimensions", key, lambda: dimension_chart(q, advice.result, lang))
            with right:
                show_chart("contribution", key, lambda: contribution_chart(q, advice.result, lang))
                render_drags(q, advice.result, lang)
            render_restrictions(catalog, advice, lang)
    if flip.open:
        with flip:
            render_flip(q, advice, key, lang)
    if routes.open:
        with routes:
            render_routes(q, catalog, advice, lang)
    if cost.open:
        with cost:
            render_cost(catalog, lang)
    if roadmap.open:
        with roadmap:
            render_roadmap(q, advice, key, lang)


def render_workshop_group(catalog: Catalog, lang: str) -> None:
    """A participant's view of the room: the group result once the facilitator shows it."""
    from wizard.ui import loaders
    from wizard.ui.pages.workshop import render_group_for_participant

    context = state.workshop()
    try:
        found = loaders.store().workshop(context["code"])
    except WizardError:
        return
    with st.container(border=True):
        render_group_for_participant(catalog, found, lang)


def render_decision(q: Questionnaire, advice: Advice, profile: WeightProfile, lang: str) -> None:
    result = advice.result
    act = result.decision == ACT_NOW
    with st.container(border=True, key=VERDICT):
        icon = ":material/rocket_launch:" if act else ":material/hourglass_top:"
        st.markdown(f"## {icon} {t('decision.' + result.decision, lang)}")
        st.markdown(t("results.under_profile", lang, profile=md_escape(profile.title.get(lang))))
        a, c = st.columns(2)
        overall = "–" if result.overall is None else f"{result.overall:.1f}"
        a.metric(
            t("results.overall", lang),
            overall,
            help=t("results.overall_help", lang, threshold=f"{result.threshold:g}"),
        )
        c.metric(
            t("results.confidence", lang),
            f"{advice.confidence:.0%}",
            help=t("results.confidence_help", lang),
        )
        st.markdown("\n".join(f"- {line}" for line in reasons(q, result, lang)))
        st.markdown(t("results.confidence_line", lang, pct=f"{advice.confidence:.0%}"))
        sentence = sensitivity_sentence(advice, lang)
        st.markdown(t("results.robustness_line", lang, sentence=sentence))


def render_flip(q: Questionnaire, advice: Advice, key: object, lang: str) -> None:
    plan = advice.flip
    st.subheader(t(f"flip.title_{plan.target}", lang))
    st.caption(t(f"flip.intro_{plan.target}", lang))
    if plan.found:
        st.markdown(
            "\n".join(f"{i}. {line}" for i, line in enumerate(flip_lines(q, plan, lang), start=1))
        )
    else:
        st.info(t("flip.none", lang))
    show_chart("tornado", key, lambda: tornado_chart(q, advice.sensitivity.flips, lang))


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


COST_INPUTS = (  # name, min, max, step; number inputs in two columns, then two sliders
    ("requests", 1e9, 1000.0),
    ("monthly_value", 1e10, 1000.0),
    ("input_tokens", 1e6, 100.0),
    ("output_tokens", 1e6, 100.0),
)
PRICE_LABELS = {
    "input": "cost.price_input",
    "input_cache_hit": "cost.price_cache",
    "output": "cost.price_output",
}


def render_cost(catalog: Catalog, lang: str) -> None:
    prices = catalog.prices
    st.caption(t("cost.intro", lang))
    defaults = Usage()
    saved = state.cost_usage()
    left, right = st.columns(2)
    for i, (name, high, step) in enumerate(COST_INPUTS):
        key = state.cost_key(name)
        state.seed(key, float(saved.get(name, getattr(defaults, name))))
        label = t("cost.value", lang) if name == "monthly_value" else t(f"cost.{name}", lang)
        (left if i % 2 == 0 else right).number_input(
            label,
            min_value=0.0,
            max_value=high,
            step=step,
            key=key,
            format="%.0f",
            on_change=state.copy_cost,
            args=(name,),
            help=t("cost.output_help", lang) if name == "output_tokens" else None,
        )
    for col, name, top, helptext in (
        (left, "reasoning_share", 0.95, t("cost.reasoning_help", lang)),
        (right, "cache_hit_share", 1.0, None),
    ):
        key = state.cost_key(name)
        state.seed(key, float(saved.get(name, getattr(defaults, name))))
        label = t("cost.reasoning_share" if name == "reasoning_share" else "cost.cache_hit", lang)
        col.slider(
            label,
            0.0,
            top,
            step=0.05,
            key=key,
            on_change=state.copy_cost,
            args=(name,),
            help=helptext,
        )
    overrides = state.price_overrides()
    panel = lazy_expander("prices", t("cost.edit_prices", lang), lang, ":material/edit:")
    with panel:
        for model in prices.models if panel.open else ():
            cols = st.columns(3)
            for col, field in zip(cols, PRICE_LABELS, strict=True):
                base = getattr(model, field)
                if base is None:
                    continue
                key = state.price_key(model.id, field)
                state.seed(key, float(overrides.get(model.id, {}).get(field, base)))
                col.number_input(
                    t(PRICE_LABELS[field], lang, model=model.name),
                    min_value=0.0,
                    step=0.01,
                    key=key,
                    format="%.2f",
                    on_change=state.copy_price,
                    args=(model.id, field),
                )
    usage = Usage(**{**asdict(defaults), **saved})
    costs = compare(with_overrides(prices.models, overrides), usage)
    cheapest, ref, share = saving(costs, prices.reference)
    show_chart(
        "cost",
        lang,
        lambda: cost_chart(lang),
        datasets=cost_datasets(costs, usage.monthly_value, lang),
    )
    sep = t("wizard.list_sep", lang)
    good = [c.model.name for c in costs if c.total < usage.monthly_value]
    bad = [c.model.name for c in costs if c.total >= usage.monthly_value]
    lines = [
        t(
            "cost.saving",
            lang,
            cheap=cheapest.model.name,
            cheap_cost=cheapest.total,
            share=share,
            ref=ref.model.name,
            ref_cost=ref.total,
        )
    ]
    if good:
        lines.append(t("cost.roi_positive", lang, value=usage.monthly_value, models=sep.join(good)))
    if bad:
        lines.append(t("cost.roi_negative", lang, models=sep.join(bad)))
    (st.warning if bad else st.success)("\n\n".join(lines))
    today = date.today()
    notes = [prices.disclaimer.get(lang)]
    notes += [
        t("cost.prices_source", lang, source=f"{m.name}: {m.source}", as_of=m.as_of)
        for m in prices.models
    ]
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
    st.caption("  \n".join(notes))


def render_drags(q: Questionnaire, result: Assessment, lang: str) -> None:
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


def _roadmap_table(rows, lang: str):  # noqa: ANN001, ANN202 - RoadmapRow list -> Arrow table
    """The roadmap as an Arrow table with localised headers (cheap for st.dataframe to send)."""
    import pyarrow as pa

    columns = (
        list(zip(*[[getattr(r, c) for c in CSV_COLUMNS] for r in rows], strict=True))
        if rows
        else [[] for _ in CSV_COLUMNS]
    )
    return pa.table({h: list(v) for h, v in zip(roadmap_header(lang), columns, strict=True)})


def roadmap_list(rows, lang: str) -> str:  # noqa: ANN001 - RoadmapRow list
    """The roadmap as a Markdown list grouped by phase, for screens too narrow for the Gantt."""
    lines: list[str] = []
    phase = None
    for i, row in enumerate(rows, start=1):
        if row.phase != phase:
            phase = row.phase
            lines += ["", f"**{md_escape(phase)}**", ""]
        weeks = t("results.weeks_span", lang, start=row.start_week, end=row.end_week)
        lines.append(f"{i}. {md_escape(row.action)}  \n   {md_escape(row.owner)} · {weeks}")
    return "\n".join(lines).strip()


def render_roadmap(q: Questionnaire, advice: Advice, key: object, lang: str) -> None:
    rows = advice.roadmap
    st.subheader(t("results.roadmap_title", lang))
    st.caption(t(f"results.roadmap_intro_{advice.result.decision}", lang, count=len(rows)))
    # the Gantt on wide screens, a list by phase on narrow ones (CSS in page_chrome)
    with st.container(key="roadmap-gantt"):
        show_chart("gantt", key, lambda: gantt_chart(rows, lang), width="content")
    with st.container(key="roadmap-list"):
        st.markdown(state.memo("roadmap_list", key, lambda: roadmap_list(rows, lang)))
    table, data = state.memo(
        "roadmap_files", key, lambda: (_roadmap_table(rows, lang), roadmap_csv(rows, lang))
    )
    st.dataframe(table, hide_index=True, width="stretch")
    row = st.container(horizontal=True)
    row.download_button(
        t("results.download_csv", lang),
        data,
        file_name=f"genai-roadmap-{lang}.csv",
        mime="text/csv",
        key="dl::roadmap",
        type="primary",
        on_click="ignore",
        icon=":material/download:",
    )
    with row:
        answers_download(q, lang, "dl::answers::results")

"""The cost tab: monthly cost per model at your volume, editable prices, and the ROI line."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from wizard.config import Catalog, PricesFile
from wizard.cost import (
    MAX_GPU_RATE,
    MAX_PRICE,
    MIN_GPU_RATE,
    Usage,
    at_gpu_rate,
    compare,
    is_stale,
    price_age_days,
    refused_overrides,
    valid_gpu_rate,
    with_overrides,
)
from wizard.i18n import colon, date_text, t
from wizard.words.charts import cost_chart, cost_datasets, price_history_chart

if TYPE_CHECKING:
    from wizard.guidance import Advice
from wizard.ui import state
from wizard.ui.charts_view import show_chart
from wizard.ui.components import lazy_expander, md_escape
from wizard.words.cost import cost_lines, model_status
from wizard.words.restrictions import entry_names

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


GPU = "__gpu__"  # the price overrides' slot for the GPU hourly rate


def render_price_history(prices: PricesFile, rate: float, lang: str) -> None:
    """The price story: output price per million tokens over time, log scale, by tier."""
    st.markdown(f"**{t('cost.history_title', lang)}**")
    show_chart(
        "price_history",
        (prices.newest, rate, len(prices.models)),
        lambda: price_history_chart(prices, rate, lang),
    )
    st.caption(t("cost.history_caption", lang))


def render_cost(catalog: Catalog, lang: str, advice: Advice | None = None) -> None:
    """The cost tab; models on routes a binding restriction rules out are set apart."""
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
    typed = overrides.get(GPU, {}).get("rate", prices.gpu_hourly_rate)
    rate = float(typed) if valid_gpu_rate(typed) else prices.gpu_hourly_rate
    panel = lazy_expander("prices", t("cost.edit_prices", lang), lang, ":material/edit:")
    with panel:
        if panel.open:
            key = state.price_key(GPU, "rate")
            state.seed(key, rate)
            st.number_input(
                t("cost.gpu_rate", lang),
                min_value=MIN_GPU_RATE,
                max_value=MAX_GPU_RATE,
                step=0.1,
                key=key,
                format="%.2f",
                on_change=state.copy_price,
                args=(GPU, "rate"),
                help=prices.gpu_rate_note.get(lang) if prices.gpu_rate_note else None,
            )
        editable = [m for m in prices.current if m.gpu_hours is None]
        for model in editable if panel.open else ():
            cols = st.columns(3)
            for col, field in zip(cols, PRICE_LABELS, strict=True):
                base = getattr(model, field)
                if base is None:
                    continue
                key = state.price_key(model.id, field)
                state.seed(key, float(overrides.get(model.id, {}).get(field, base)))
                col.number_input(
                    t(PRICE_LABELS[field], lang, model=model.name.get(lang)),
                    min_value=0.0,
                    max_value=MAX_PRICE,
                    step=0.01,
                    key=key,
                    format="%.2f",
                    on_change=state.copy_price,
                    args=(model.id, field),
                )
    refused = refused_overrides(prices.current, overrides, GPU)
    if refused:
        names = {m.id: m.name.get(lang) for m in prices.current}
        st.warning(
            md_escape(
                t(
                    "cost.refused_values",
                    lang,
                    values=t("wizard.list_sep", lang).join(
                        f"{t('cost.gpu_rate', lang) if who == GPU else names.get(who, who)} "
                        f"{value:g}"
                        for who, _, value in refused
                    ),
                    max_price=f"{MAX_PRICE:,.0f}",
                    min_rate=f"{MIN_GPU_RATE:g}",
                    max_rate=f"{MAX_GPU_RATE:,.0f}",
                )
            ),
            icon=":material/error:",
        )
    usage = Usage(**{**asdict(defaults), **saved})
    costs = compare(at_gpu_rate(with_overrides(prices.current, overrides), rate), usage)
    closed = {f.route.id: f for f in advice.routes if not f.allowed} if advice else {}
    sep = t("wizard.list_sep", lang)
    rates = catalog.currency.by_currency if catalog.currency is not None else {}
    fits = {f.route.id: f for f in advice.routes} if advice else None
    lines, bad, usable = cost_lines(prices, costs, closed, usage, lang, rates, fits)
    # the chart shows what the sentence compares: never a model ruled out for the organisation
    show_chart(
        "cost",
        lang,
        lambda: cost_chart(lang),
        datasets=cost_datasets(usable, usage.monthly_value, lang),
    )
    (st.warning if bad else st.success)("\n\n".join(lines))
    statuses = {
        c.model.id: model_status(fits, c.model.route, c.model.family) if fits else ("", [])
        for c in costs
    }
    out = [c for c in costs if c.model.route in closed or statuses[c.model.id][0] == "ruled_out"]
    if out:
        key = "cost.ruled_out" if all(c not in usable for c in out) else "cost.ruled_out_shown"
        entries = [m.entry for f in closed.values() for m in f.ruled_out_by]
        entries += [e for c in out for e in statuses[c.model.id][1]]
        who = entry_names(list(dict.fromkeys(entries)), lang)
        st.error(
            md_escape(t(key, lang, models=sep.join(c.model.name.get(lang) for c in out), who=who)),
            icon=":material/block:",
        )
    today = date.today()
    notes = [prices.disclaimer.get(lang)]
    notes += [
        t(
            "cost.prices_source",
            lang,
            source=f"{m.name.get(lang)}{colon(lang)}{m.source}",
            as_of=date_text(m.as_of, lang),
        )
        + ("" if m.certainty == "verified" else f" [{t(f'cost.certainty_{m.certainty}', lang)}]")
        + (f" {m.note.get(lang)}" if m.note is not None and m.gpu_hours is not None else "")
        for m in prices.current
    ]
    render_price_history(prices, rate, lang)
    if is_stale(prices, today):
        st.warning(
            t(
                "cost.stale",
                lang,
                as_of=date_text(prices.newest, lang),
                days=price_age_days(prices, today),
                max_days=prices.max_age_days,
            ),
            icon=":material/schedule:",
        )
    st.caption("  \n".join(notes))

"""The assessment wizard: profile, one step per dimension, review, results."""

from __future__ import annotations

from datetime import date

import streamlit as st
import yaml

from wizard import LANGUAGES
from wizard.answers import UNKNOWN, AnswerValue
from wizard.config import (
    DEFAULT_QUESTIONNAIRE,
    PROFILE,
    Catalog,
    LText,
    Questionnaire,
    WeightProfile,
)
from wizard.errors import ConfigError
from wizard.export import CSV_COLUMNS, roadmap_csv, roadmap_header
from wizard.i18n import t
from wizard.report import reasons
from wizard.restrictions import match_restrictions
from wizard.roadmap import build_roadmap
from wizard.scoring import ACT_NOW, Assessment, assess, unanswered, visible_ids
from wizard.ui import state
from wizard.ui.components import (
    answers_download,
    option_label,
    render_question,
    show_notice,
)

REVIEW, RESULTS = "review", "results"


def steps_of(q: Questionnaire) -> list[str]:
    """Step ids in order: profile, each dimension, review, results."""
    return [PROFILE, *q.dimension_ids, REVIEW, RESULTS]


def review_index(q: Questionnaire) -> int:
    return steps_of(q).index(REVIEW)


def step_title(q: Questionnaire, step_id: str, lang: str) -> str:
    if step_id in q.dimensions_by_id:
        return q.dimensions_by_id[step_id].title.get(lang)
    return t(f"step.{step_id}", lang)


# --------------------------------------------------------------------------- navigation
def go_next(q: Questionnaire) -> None:
    """on_click of Next: advance only when the step's required questions are answered."""
    steps = steps_of(q)
    current = steps[state.step()]
    lang = state.lang()
    if current == REVIEW:
        missing = unanswered(q, state.answers())
    elif current in steps[:-2]:
        missing = unanswered(q, state.answers(), current)
    else:
        missing = []
    if missing:
        state.set_notice(
            "error",
            [t("wizard.missing", lang, count=len(missing)), *[x.text.get(lang) for x in missing]],
        )
        return
    state.clear_notice()
    state.set_step(min(state.step() + 1, len(steps) - 1))


def go_back() -> None:
    state.clear_notice()
    state.set_step(max(state.step() - 1, 0))


def go_to(index: int) -> None:
    state.clear_notice()
    state.set_step(index)


def header(q: Questionnaire, lang: str) -> None:
    steps = steps_of(q)
    current = state.step()
    st.title(q.title.get(lang))
    names = []
    for i, step_id in enumerate(steps):
        name = step_title(q, step_id, lang)
        names.append(f"**{name}**" if i == current else (f"✓ {name}" if i < current else name))
    st.progress(
        (current + 1) / len(steps),
        text=t(
            "wizard.step_of",
            lang,
            n=current + 1,
            total=len(steps),
            title=step_title(q, steps[current], lang),
        ),
    )
    st.caption("  ›  ".join(names))


def nav_buttons(q: Questionnaire, lang: str) -> None:
    steps = steps_of(q)
    current = state.step()
    back, _, forward = st.columns([1, 3, 1])
    with back:
        st.button(
            t("wizard.back", lang),
            key="nav_back",
            on_click=go_back,
            disabled=current == 0,
            icon=":material/arrow_back:",
            width="stretch",
        )
    if current < len(steps) - 1:
        label = (
            t("wizard.see_results", lang) if steps[current] == REVIEW else t("wizard.next", lang)
        )
        with forward:
            st.button(
                label,
                key="nav_next",
                type="primary",
                on_click=go_next,
                args=(q,),
                icon=":material/arrow_forward:",
                icon_position="right",
                width="stretch",
            )


# --------------------------------------------------------------------------- steps
def render_questions(q: Questionnaire, step_id: str, lang: str) -> None:
    if step_id in q.dimensions_by_id:
        st.subheader(q.dimensions_by_id[step_id].title.get(lang))
        st.caption(t("wizard.dimension_intro", lang))
    else:
        st.subheader(t("step.profile", lang))
        st.caption(t("wizard.profile_intro", lang))
        if q.description is not None:
            st.info(q.description.get(lang))
    shown = visible_ids(q, state.answers())
    number = 0
    for question in q.questions_of(step_id):
        if question.id not in shown:
            continue
        number += 1
        with st.container(border=True):
            render_question(question, number, lang)


def answer_text(q: Questionnaire, qid: str, value: AnswerValue | None, lang: str) -> str:
    if value is None or value == []:
        return t("review.unanswered", lang)
    fmt = option_label(q.questions_by_id[qid], lang)
    if value == UNKNOWN or isinstance(value, str):
        return fmt(value)
    return t("wizard.list_sep", lang).join(fmt(v) for v in value)


def render_review(q: Questionnaire, lang: str) -> None:
    st.subheader(t("step.review", lang))
    st.caption(t("review.intro", lang))
    answers = state.answers()
    shown = visible_ids(q, answers)
    for index, step_id in enumerate(steps_of(q)[:-2]):
        questions = [x for x in q.questions_of(step_id) if x.id in shown]
        missing = sum(answers.get(x.id) in (None, []) for x in questions)
        with st.container(border=True):
            left, right = st.columns([5, 1])
            title = step_title(q, step_id, lang)
            left.markdown(
                f"**{title}** · "
                + (
                    t("review.missing", lang, count=missing)
                    if missing
                    else t("review.complete", lang)
                )
            )
            right.button(
                t("review.edit", lang),
                key=f"edit::{step_id}",
                on_click=go_to,
                args=(index,),
                width="stretch",
            )
            lines = []
            for x in questions:
                value = answers.get(x.id)
                shown_answer = answer_text(q, x.id, value, lang)
                mark = ":red[" + shown_answer + "]" if value in (None, []) else shown_answer
                lines.append(f"- {x.text.get(lang)}  \n  → **{mark}**")
            st.markdown("\n".join(lines))


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
    from wizard.charts import contribution_chart, dimension_chart  # Altair: results only

    try:
        profile = effective_profile(catalog, lang)
        profile.normalised(q.dimension_ids)
    except ConfigError:
        st.error(t("weights.all_zero", lang))
        state.set_custom(None)
        profile = effective_profile(catalog, lang)
    answers = state.answers()
    result = assess(q, profile, answers)
    render_weights(catalog, q, profile, lang)
    render_decision(q, result, profile, lang)
    left, right = st.columns(2)
    with left:
        st.altair_chart(dimension_chart(q, result, lang), width="stretch")
    with right:
        st.altair_chart(contribution_chart(q, result, lang), width="stretch")
        render_drags(q, result, lang)
    render_restrictions(catalog, answers, lang)
    render_roadmap(q, result, answers, lang)


def render_decision(
    q: Questionnaire, result: Assessment, profile: WeightProfile, lang: str
) -> None:
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
            f"{result.confidence:.0%}",
            help=t("results.confidence_help", lang),
        )
        st.markdown("\n".join(f"- {line}" for line in reasons(q, result, lang)))


def render_drags(q: Questionnaire, result: Assessment, lang: str) -> None:
    drags = result.top_drags(5)
    if not drags:
        return
    st.markdown(f"**{t('results.drags_title', lang)}**")
    answers = state.answers()
    for drag in drags:
        question = q.questions_by_id[drag.id].text.get(lang)
        chosen = answer_text(q, drag.id, answers.get(drag.id), lang)
        st.markdown(
            f"- {question}  \n  → {chosen} · "
            + t("results.points_lost_n", lang, points=f"{drag.loss:.1f}")
        )


def render_restrictions(catalog: Catalog, answers: dict, lang: str) -> None:
    st.subheader(t("results.restrictions_title", lang))
    matches = match_restrictions(catalog.restrictions, answers)
    if not matches:
        st.info(t("results.no_restrictions", lang))
    for m in matches:
        with st.container(border=True):
            st.markdown(f"**{m.entry.who.get(lang)}** · {m.entry.date}")
            st.write(m.entry.scope.get(lang))
            note = f" · {t('cli.sector_assumed', lang)}" if m.sector_assumed else ""
            st.caption(t("results.source", lang, source=m.entry.source, as_of=m.entry.as_of) + note)
    st.caption(catalog.restrictions.disclaimer.get(lang))


def render_roadmap(q: Questionnaire, result: Assessment, answers: dict, lang: str) -> None:
    import pandas as pd

    from wizard.charts import gantt_chart

    st.subheader(t("results.roadmap_title", lang))
    rows = build_roadmap(q, result, answers, lang, date.today())
    st.caption(t(f"results.roadmap_intro_{result.decision}", lang, count=len(rows)))
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


# --------------------------------------------------------------------------- page
def page(catalog: Catalog) -> None:
    """The wizard page."""
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    lang = state.lang()
    steps = steps_of(q)
    if state.step() >= len(steps):
        state.set_step(len(steps) - 1)
    header(q, lang)
    show_notice()
    current = steps[state.step()]
    if current == REVIEW:
        render_review(q, lang)
    elif current == RESULTS:
        render_results(catalog, q, lang)
    else:
        render_questions(q, current, lang)
    nav_buttons(q, lang)

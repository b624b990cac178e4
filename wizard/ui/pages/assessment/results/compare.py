"""Compare with last time: earlier answers files beside the answers on the page."""

from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st

from wizard.answers import make_answers_file
from wizard.compare import compare, snapshot, with_world
from wizard.config import Catalog, Questionnaire, WeightProfile
from wizard.guidance import Advice, advise
from wizard.i18n import t
from wizard.ui import state
from wizard.ui.charts_view import show_chart
from wizard.ui.components import load_uploads, md_escape
from wizard.words.charts import history_chart
from wizard.words.compare import comparison_document
from wizard.words.markdown import md_escape_user
from wizard.words.workshop import changes_table, series_table
from wizard.words.world import news_lines

UPLOAD = state.W_COMPARE_FILES


def render_compare(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    advice: Advice,
    lang: str,
    today: date,
    portfolio=None,
) -> None:
    """The Compare tab: upload earlier answers files, see what moved since then.

    Use cases too: added, dropped and moved since the last file uploaded.
    """
    st.caption(t("compare.intro", lang))
    files = st.file_uploader(
        t("compare.upload", lang),
        type=["yaml", "yml", "json"],
        accept_multiple_files=True,
        key=UPLOAD,
        max_upload_size=1,
    )
    if not files:
        return
    earlier = []
    last_cases: tuple = ()
    for upload, doc in load_uploads(files, q, lang):
        last_cases = (doc, upload.name)
        digest = hashlib.sha256(upload.getvalue()).hexdigest()
        facts = (digest, profile.model_dump_json(), today)
        past = state.memo(
            f"compare::{digest}",
            facts,
            lambda doc=doc: advise(catalog, q, profile, doc.answers, today),
        )
        earlier.append(snapshot(q, past, doc, upload.name))
    if not earlier:
        return
    now_doc = make_answers_file(
        q,
        state.answers(),
        language=lang,
        weights=profile.id,
        saved_on=today,
        data_version=catalog.data_version,
        decision=advice.result.decision,
    )
    now = snapshot(q, advice, now_doc, t("compare.now", lang))
    result = with_world(catalog, q, compare(q, profile, [*earlier, now]))
    doc = comparison_document(q, result, lang, catalog)
    world = news_lines(q, catalog, result.world, lang)
    if world:  # the world's changes first, then what moved the verdict, then the answers
        st.markdown(f"**{md_escape(world[0])}**")
        if world[1:]:
            st.markdown("\n".join(f"- {md_escape(line)}" for line in world[1:]))
    st.caption(" ".join(x for x in (doc["moved_by"]["text"], doc["moved_by"]["detail"]) if x))
    _show(q, doc, advice.result.threshold, lang)
    if portfolio is not None or (last_cases and last_cases[0].use_cases):
        _show_cases(catalog, q, profile, last_cases, portfolio, today, lang)


def _show_cases(catalog, q, profile, last, portfolio, today, lang) -> None:
    """Use cases added, dropped and moved since the latest uploaded file."""
    from wizard.errors import AnswersError
    from wizard.portfolio import Portfolio, compare_cases, judge_portfolio, read_use_cases
    from wizard.words.answers import problem_lines
    from wizard.words.portfolio import change_lines

    doc, name = last
    try:
        cases = read_use_cases(doc.use_cases, q, catalog.use_cases, name)
    except AnswersError as exc:
        st.warning("\n\n".join(md_escape_user(line) for line in problem_lines(exc, lang)))
        return
    then = judge_portfolio(catalog, q, profile, doc.answers, cases, doc.decision or "wait", today)
    now = portfolio if portfolio is not None else Portfolio((), "wait")
    st.markdown(f"**{t('portfolio.changes.title', lang)}**")
    lines = change_lines(compare_cases(then, now), lang)
    st.markdown("\n".join(f"- {md_escape_user(line)}" for line in lines))


def _show(q: Questionnaire, doc: dict, threshold: float, lang: str) -> None:
    table = series_table(q, doc, lang)
    st.dataframe(table, hide_index=True, width="stretch")  # cells are text, never Markdown
    key = (repr(doc["snapshots"]), threshold, lang)
    show_chart(
        "history", key, lambda: history_chart(q, doc["snapshots"], threshold, lang), height=300
    )
    old = doc["snapshots"][-2]["label"]
    st.markdown(f"**{md_escape_user(t('compare.changes', lang, old=old))}**")
    if doc["changes"]:
        st.dataframe(
            changes_table(doc, lang),
            hide_index=True,
            width="stretch",
            # the points stay in view at 1366 px: the question wraps, the number keeps its room
            column_config={
                t("workshop.col.question", lang): st.column_config.TextColumn(width="large"),
                t("compare.col_before", lang): st.column_config.TextColumn(width="medium"),
                t("compare.col_after", lang): st.column_config.TextColumn(width="medium"),
                t("compare.col_points", lang): st.column_config.NumberColumn(
                    width="small", format="%+.1f"
                ),
            },
        )
    else:
        st.caption(t("compare.no_changes", lang))
    if doc["closed"]:
        st.markdown(f"**{md_escape_user(t('compare.closed', lang, old=old))}**")
        st.markdown("\n".join(f"- {md_escape(r['action'])}" for r in doc["closed"]))
    if doc["dropped"]:
        st.markdown(f"**{t('compare.dropped', lang)}**")
        st.markdown("\n".join(f"- {md_escape(r['action'])}" for r in doc["dropped"]))
    if doc["opened"]:
        st.markdown(f"**{t('compare.opened', lang)}**")
        st.markdown("\n".join(f"- {md_escape(r['action'])}" for r in doc["opened"]))
    if doc["not_compared"]:
        names = t("wizard.list_sep", lang).join(
            q.questions_by_id[i].text.get(lang) for i in doc["not_compared"]
        )
        st.caption(t("compare.not_compared", lang, questions=names))

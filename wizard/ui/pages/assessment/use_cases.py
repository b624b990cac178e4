"""The use-case editor on the profile step: a table of candidate use cases, templates, CSV.

Off until the person switches it on (or lists a case): the question steps then import neither
pandas nor the table. Names are the person's own text: the table shows them as text.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from wizard.config import Catalog, Questionnaire
from wizard.config.ids import BODY_TYPE, DATA_CLASS, MODELS, RISK_TIERS, ROUTE
from wizard.errors import AnswersError
from wizard.i18n import t
from wizard.ui import state
from wizard.ui.components import md_escape_user
from wizard.ui.workshop_session import autosave
from wizard.words.answers import problem_lines


def _shown() -> tuple[str, ...]:
    """The table's columns, in order (``id`` stays out of sight: it is made from the name)."""
    from wizard.portfolio import COLUMNS  # the portfolio only once the editor is open

    return tuple(c for c in COLUMNS if c != "id")


_YES_NO = ("dpia_done", "oversight")
_LISTS = ("risk_tiers", "models", "client_bodies")
_NUMBERS = ("requests_per_month", "tokens_per_request", "value_per_year", "weeks_to_value")


def _labels(q: Questionnaire, qid: str, lang: str) -> dict[str, str]:
    question = q.questions_by_id.get(qid)
    return {o.id: o.label.get(lang) for o in question.options} if question is not None else {}


def _column_config(catalog: Catalog, q: Questionnaire, lang: str) -> dict[str, Any]:
    col = st.column_config
    data = catalog.use_cases
    templates = {x.id: x.name.get(lang) for x in data.templates} if data is not None else {}
    routes = {k: v for k, v in _labels(q, ROUTE, lang).items() if k != "none"}
    families = _labels(q, MODELS, lang)
    yes_no = {"yes": t("portfolio.editor.yes", lang), "no": t("portfolio.editor.no", lang)}

    def choose(name: str, options: dict[str, str]) -> Any:
        return col.SelectboxColumn(
            t(f"portfolio.col.{name}", lang),
            options=list(options),
            format_func=lambda v, o=options: o.get(v, v),
            help=t("portfolio.editor.org_default", lang),
        )

    def several(name: str, options: dict[str, str]) -> Any:
        return col.MultiselectColumn(
            t(f"portfolio.col.{name}", lang),
            options=list(options),
            format_func=lambda v, o=options: o.get(v, v),
            help=t("portfolio.editor.org_default", lang),
        )

    sizes = {k: t(f"portfolio.size.{k}", lang) for k in (data.sizes if data else ())}
    values = {k: t(f"portfolio.value_band.{k}", lang) for k in (data.values if data else ())}
    return {
        "name": col.TextColumn(t("portfolio.col.name", lang), required=True, max_chars=120),
        "template": choose("template", templates),
        "serves": choose(
            "serves",
            {
                k: t(f"portfolio.serves_label.{k}", lang)
                for k in ("staff", "customers", "citizens", "patients")
            },
        ),
        "data_class": choose("data_class", _labels(q, DATA_CLASS, lang)),
        "risk_tiers": several("risk_tiers", _labels(q, RISK_TIERS, lang)),
        "models": several("models", families),
        "route": choose("route", routes),
        "requests_per_month": col.NumberColumn(
            t("portfolio.col.requests_per_month", lang), min_value=0, step=1, format="%d"
        ),
        "tokens_per_request": col.NumberColumn(
            t("portfolio.col.tokens_per_request", lang), min_value=1, step=1, format="%d"
        ),
        "size": choose("size", sizes),
        "value_per_year": col.NumberColumn(
            t("portfolio.col.value_per_year", lang), min_value=0, step=1000, format="%d"
        ),
        "value": choose("value_band", values),
        "weeks_to_value": col.NumberColumn(
            t("portfolio.col.weeks_to_value", lang), min_value=1, max_value=104, step=1
        ),
        "owner": col.TextColumn(t("portfolio.col.owner", lang), max_chars=120),
        "dpia_done": choose("dpia_done", yes_no),
        "oversight": choose("oversight", yes_no),
        "build": choose("build", {k: t(f"portfolio.build.{k}", lang) for k in ("build", "buy")}),
        "client_bodies": several("client_bodies", _labels(q, BODY_TYPE, lang)),
    }


def _to_cell(key: str, value: Any) -> Any:
    if key in _YES_NO:
        return None if value is None else ("yes" if value in (True, "yes") else "no")
    if key in _LISTS:
        return (
            list(value) if isinstance(value, list | tuple) else ([] if value is None else [value])
        )
    return value


def _from_cell(key: str, value: Any) -> Any:
    """A table cell as a plain value (empty cells, NaN and empty lists: not given)."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if key in _LISTS:
        items = [str(v) for v in value] if isinstance(value, list | tuple) else []
        return items or None
    if key in _NUMBERS and isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _frame(rows: list[dict[str, Any]]):
    import pandas as pd

    records = [{k: _to_cell(k, row.get(k)) for k in _shown()} for row in rows]
    frame = pd.DataFrame.from_records(records, columns=list(_shown()))
    for key in (
        "name",
        "template",
        "serves",
        "data_class",
        "route",
        "size",
        "value",
        "owner",
        "dpia_done",
        "oversight",
        "build",
    ):
        frame[key] = frame[key].astype("object")
    for key in _NUMBERS:
        frame[key] = pd.to_numeric(frame[key], errors="coerce").astype("Float64")
    return frame


def _rows(frame, before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's rows, each keeping the id it had (a file's ids survive the table).

    A row keeps the id of the listed row of its name, wherever it moved (a row deleted above
    it shifts it up); a row renamed in place keeps the id of the row it was.
    """
    rows = []
    for record in frame.to_dict("records"):
        row = {k: v for k in _shown() if (v := _from_cell(k, record.get(k))) is not None}
        if row:  # not a row added and left empty
            rows.append(row)
    by_name: dict[Any, str] = {}
    for b in before:
        if b.get("id") and b.get("name") not in by_name:
            by_name[b.get("name")] = str(b["id"])
    names_now = {r.get("name") for r in rows}
    used: set[str] = set()
    out = []
    for i, row in enumerate(rows):
        rid = by_name.get(row.get("name"))
        renamed = i < len(before) and before[i].get("name") not in names_now
        if rid is None and renamed and before[i].get("id"):  # renamed where it stood
            rid = str(before[i]["id"])
        if rid is not None and rid not in used:
            used.add(rid)
            row = {"id": rid, **row}
        out.append(row)
    return out


def add_template(catalog: Catalog, lang: str) -> None:
    """on_click of Add: a row from the chosen template, named in the reader's language."""
    from wizard.portfolio import max_cases, template_row

    data = catalog.use_cases
    chosen = state.form_value(state.lang_key(state.W_USE_CASE_TEMPLATE, lang))
    if data is None or chosen not in data.templates_by_id:
        return
    cases = state.use_cases()
    if len(cases) >= max_cases(data):
        state.set_notice(
            "info", [t("portfolio.editor.full", lang, max=max_cases(data))], place="uc"
        )
        return
    template = data.templates_by_id[chosen]
    name = template.name.get(lang)
    taken = {c.get("name") for c in cases}
    n = 2
    while name in taken:
        name = f"{template.name.get(lang)} ({n})"
        n += 1
    state.set_use_cases([*cases, template_row(chosen, name, data)])
    state.set_notice(
        "info",
        [t("portfolio.editor.added", lang, name=name)],
        place="uc",  # escaped when shown
    )


def import_csv(catalog: Catalog, q: Questionnaire, lang: str) -> None:
    """on_change of the CSV uploader: all or nothing; the list stays as it was on a problem."""
    from wizard.portfolio import merge_by_id, parse_use_case_csv, read_use_cases
    from wizard.words.portfolio import row_problem_lines

    upload = state.form_value(state.W_USE_CASE_UPLOAD)
    if upload is None:
        return
    name = upload.name
    rows: list[dict] = []
    try:
        rows = parse_use_case_csv(upload.getvalue(), upload.name)
        # the file's own problems first, named by its rows; then the list it would make
        read_use_cases(rows, q, catalog.use_cases, "")  # the notice names the file
        merged, updated = merge_by_id(state.use_cases(), rows)
        cases = read_use_cases(merged, q, catalog.use_cases, upload.name)
    except AnswersError as exc:
        found = row_problem_lines(exc.problems, rows, lang) if exc.problems else []
        lines = [
            t("portfolio.editor.import_refused", lang, file=name),
            *(found or problem_lines(exc, lang)),
        ]
        state.set_notice("error", lines, place="uc")
        return
    state.set_use_cases([c.as_dict() for c in cases])
    key = "portfolio.editor.imported"
    if updated:
        key += "_all_updated" if updated == len(rows) else "_updated"
    state.set_notice(
        "info",
        [t(key, lang, count=len(rows), file=name, updated=updated)],
        place="uc",
    )


def render_use_cases(catalog: Catalog, q: Questionnaire, lang: str) -> None:
    """The editor: a switch, then templates, the table, problems, CSV import and export."""
    data = catalog.use_cases
    most = data.max_cases if data is not None else 15
    st.subheader(t("portfolio.editor.title", lang))
    st.caption(t("portfolio.editor.intro", lang, max=most))
    state.seed_use_cases_switch()
    on = st.toggle(
        t("portfolio.editor.switch", lang),
        key=state.W_USE_CASES_ON,
        on_change=state.copy_use_cases_on,
    )
    if not on:
        return
    from wizard.portfolio import read_each

    if data is not None and data.templates:
        template_key = state.lang_key(state.W_USE_CASE_TEMPLATE, lang)
        with st.container(horizontal=True, vertical_alignment="bottom"):
            st.selectbox(
                t("portfolio.editor.template", lang),
                [x.id for x in data.templates],
                format_func=lambda i: data.templates_by_id[i].name.get(lang),
                key=template_key,
            )
            st.button(
                t("portfolio.editor.add", lang),
                key=state.W_USE_CASE_ADD,
                on_click=add_template,
                args=(catalog, lang),
                icon=":material/add:",
            )
    pending = state.notice("uc")
    if pending is not None:
        kind, lines = pending
        show = st.error if kind == "error" else st.info
        show("\n\n".join(md_escape_user(line) for line in lines))  # file text, never Markdown
        state.clear_notice()
    before = state.use_cases()
    revision = state.use_case_revision()
    seed = state.memo(f"uc_seed::{lang}", (lang, revision), lambda: _frame(before))
    edited = st.data_editor(
        seed,
        key=state.use_case_editor_key(lang, revision),
        num_rows="dynamic",
        hide_index=True,
        column_config=_column_config(catalog, q, lang),
        column_order=list(_shown()),
        width="stretch",
        placeholder=t("portfolio.editor.placeholder", lang),
    )
    rows = _rows(edited, before)
    if len(rows) > most:
        st.error(t("problem.too_many_use_cases", lang, limit=most, got=len(rows)))
        rows = rows[:most]
    if rows != before:
        state.set_use_cases(rows, from_table=True)
    # an edit or an added template reruns only the step's fragment, whose end saves nothing:
    # keep it now (the first case listed before any answer makes the private link)
    autosave(q, full_page=False)
    from wizard.words.portfolio import row_problem_lines

    valid, found = read_each(rows, q, data, "")
    problems = [md_escape_user(line) for line in row_problem_lines(found, rows, lang)]
    if problems:
        st.warning(
            t("portfolio.editor.problems", lang)
            + "\n\n"
            + "\n".join(f"- {line}" for line in problems)
        )
    with st.container(horizontal=True):
        st.file_uploader(
            t("portfolio.editor.import", lang),
            type=["csv"],
            key=state.W_USE_CASE_UPLOAD,
            on_change=import_csv,
            args=(catalog, q, lang),
            help=t("portfolio.editor.import_help", lang),
        )
        if rows:
            from wizard.exports.tables import use_cases_csv

            st.download_button(
                t("portfolio.editor.export", lang),
                use_cases_csv(valid),
                file_name="genai-use-cases.csv",
                mime="text/csv",
                key=state.W_USE_CASE_DOWNLOAD,
                on_click="ignore",
                icon=":material/download:",
            )

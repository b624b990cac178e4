"""The use-case portfolio in words: verdicts, reasons, summary, table, roadmap rows and JSON.

Names of use cases are the user's own text: never translated, shown as text by the shells.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from wizard.answers import AnswerValue
from wizard.config import Catalog, Questionnaire, UseCaseData
from wizard.config.ids import BUDGET, DATA_CLASS, PILOTS_ACTION, SHORTLIST_ACTION
from wizard.errors import Problem
from wizard.i18n import money, t
from wizard.portfolio import (
    NOTES,
    CaseChanges,
    CaseResult,
    CaseStep,
    Gate,
    Portfolio,
    RoomRating,
    case_key,
    case_plan,
)
from wizard.roadmap import PRIORITY_RANK, owner_mapping
from wizard.words.answers import answer_label, problem_text
from wizard.words.restrictions import entry_names
from wizard.words.roadmap import RoadmapRow, advice_rows, family_names

if TYPE_CHECKING:  # the advice engine loads only when a case is judged
    from wizard.guidance import Advice


def shown_cases(
    cases: Sequence[Mapping[str, Any]], data: UseCaseData | None, lang: str
) -> list[dict[str, Any]]:
    """Cases with a template's name in ``lang`` wherever the name is still the template's own.

    A facilitator who ticks "Customer service chatbot" in English seeds it for a room that may
    read Chinese: each reader sees the template's name in their language. A name someone typed
    or changed stays as it is. Ids do not change, so ratings and files still match. A name in
    ``lang`` that another case already carries is not used: two rows never read alike.
    """
    out = [dict(case) for case in cases]
    taken = {str(row.get("name")) for row in out}
    for row in out:
        template = data.templates_by_id.get(str(row.get("template") or "")) if data else None
        if template is None:
            continue
        given = str(row.get("name") or "")
        numbered = re.fullmatch(r"(.*) \((\d+)\)", given)  # the editor's "Name (2)"
        if given in template.name.root.values():
            name = template.name.get(lang)
        elif numbered and numbered.group(1) in template.name.root.values():
            name = f"{template.name.get(lang)} ({numbered.group(2)})"
        else:
            continue
        if name != row.get("name") and name not in taken:
            if not row.get("id"):  # keep the id its name gave: files and links still match
                row["id"] = case_key(row)
            taken.discard(str(row.get("name")))
            taken.add(name)
            row["name"] = name
    return out


def verdict_text(verdict: str, lang: str) -> str:
    """``act_now`` / ``wait`` / ``not_allowed`` in ``lang``."""
    return t(f"portfolio.verdict.{verdict}", lang)


def quadrant_text(quadrant: str, lang: str) -> str:
    """A quadrant's name in ``lang``."""
    return t(f"portfolio.quadrant.{quadrant}", lang)


def _who(catalog: Catalog, ids: Sequence[str], lang: str) -> str:
    by_id = catalog.restrictions.by_id
    return entry_names([by_id[i] for i in dict.fromkeys(ids) if i in by_id], lang) or "-"


def route_title(catalog: Catalog, route: str | None, lang: str) -> str:
    """A route's title in ``lang`` (``-`` for none)."""
    found = catalog.routes.by_id.get(route or "")
    return found.title.get(lang) if found is not None else "-"


def on_route(q: Questionnaire, catalog: Catalog, route: str, family: str, lang: str) -> str:
    """Models on a route, as read.

    The family alone where the route runs only it (a frontier API's family already names the
    route), else "{route}, with {models}".
    """
    found = catalog.routes.by_id.get(route)
    if found is not None and tuple(found.families) == (family,):
        return family_names(q, family, lang)
    return t(
        "portfolio.model_on_route",
        lang,
        models=family_names(q, family, lang),
        route=route_title(catalog, route, lang),
    )


def gate_text(q: Questionnaire, catalog: Catalog, result: CaseResult, gate: Gate, lang: str) -> str:
    """One gate (or note) of a case as a sentence in ``lang``."""
    models = family_names(q, ",".join(gate.families), lang)
    who = _who(catalog, gate.entries, lang)
    if gate.code == "blocked":
        text = t("portfolio.gate.blocked", lang, models=models, who=who)
        if result.alternative is not None:
            alternative = on_route(q, catalog, *result.alternative, lang)
            alt = t("portfolio.gate.alternative", lang, alternative=alternative)
        else:
            alt = t("portfolio.gate.no_alternative", lang)
        return f"{text}{t('portfolio.sep', lang)}{alt}"
    if gate.code in ("confirm", "family_dropped", "advised"):
        return t(f"portfolio.gate.{gate.code}", lang, models=models, who=who)
    suffix = "_yardstick" if gate.yardstick else ""
    if gate.code == "dpia":
        data = answer_label(q, DATA_CLASS, result.data_class or "personal", lang)
        return t(f"portfolio.gate.dpia{suffix}", lang, data=data)
    if gate.code == "transparency":
        serves = t(f"portfolio.serves.{result.case.serves or 'customers'}", lang)
        return t(f"portfolio.gate.transparency{suffix}", lang, serves=serves)
    if gate.code == "readiness":
        score = _score_text(result.readiness, result.threshold)
        below = result.readiness is None or result.readiness < result.threshold
        if not below and not gate.dimensions and gate.questions:
            names = t("wizard.item_sep", lang).join(
                q.questions_by_id[x].text.get(lang) if x in q.questions_by_id else x
                for x in gate.questions
            )
            return t("portfolio.gate.readiness_blocked", lang, questions=names)
        key = "portfolio.gate.readiness" if below else "portfolio.gate.readiness_floor_only"
        text = t(key, lang, score=score, threshold=f"{result.threshold:g}")
        if gate.dimensions:
            dims = t("wizard.item_sep", lang).join(
                q.dimensions_by_id[d].title.get(lang) if d in q.dimensions_by_id else d
                for d in gate.dimensions
            )
            below_floor = t("portfolio.gate.readiness_dims", lang, dims=dims)
            text += f"{t('portfolio.sep', lang)}{below_floor}"
        return text
    if gate.code == "gpu_floor":
        rates = catalog.currency.by_currency if catalog.currency is not None else None
        return t("portfolio.gate.gpu_floor", lang, amount=money(gate.amount or 0.0, lang, rates))
    if gate.code == "costs_more":
        rates = catalog.currency.by_currency if catalog.currency is not None else None
        return t(
            "portfolio.gate.costs_more",
            lang,
            cost=money(gate.amount or 0.0, lang, rates),
            value=money(result.value_per_year, lang, rates),
        )
    if gate.code in (
        "prohibited",
        "automated_decisions",
        "fria",
        "conformity",
    ) or gate.code.startswith("duties_"):
        return t(f"portfolio.gate.{gate.code}{suffix}", lang)
    return t(f"portfolio.gate.{gate.code}", lang)


def _score_text(score: float | None, threshold: float) -> str:
    """A score as read beside its threshold: 59.6 against 60 reads 59.6, never 60."""
    if score is None:
        return "-"
    shown = f"{score:.0f}"
    if score < threshold and float(shown) >= threshold:
        shown = f"{score:.1f}" if float(f"{score:.1f}") < threshold else f"{score:.2f}"
    return shown


def reason_lines(q: Questionnaire, catalog: Catalog, result: CaseResult, lang: str) -> list[str]:
    """Why the case has its verdict: what holds it first, then notes; or that nothing does."""
    holds = [g for g in result.gates if g.code not in NOTES]
    notes = [g for g in result.gates if g.code in NOTES]
    if result.verdict == "not_allowed":  # the reason it may not run comes first, alone
        holds = [g for g in holds if g.code in ("prohibited", "blocked")] + [
            g for g in holds if g.code not in ("prohibited", "blocked")
        ]
    lines = [gate_text(q, catalog, result, g, lang) for g in holds + notes]
    if not holds:
        score = "-" if result.readiness is None else f"{result.readiness:.0f}"
        lines.insert(
            0, t("portfolio.gate.ready", lang, score=score, threshold=f"{result.threshold:g}")
        )
    return lines


def summary_text(portfolio: Portfolio, lang: str) -> str:
    """The sentence above the matrix: act now on 2 of 5 use cases; wait on 2; and so on."""
    return t(
        "portfolio.summary",
        lang,
        act=portfolio.count("act_now"),
        total=len(portfolio.cases),
        wait=portfolio.count("wait"),
        not_allowed=portfolio.count("not_allowed"),
    )


def summary_lines(q: Questionnaire, catalog: Catalog, portfolio: Portfolio, lang: str) -> list[str]:
    """The sentence above the matrix, and what the organisation's verdict leaves out."""
    if not portfolio.cases:
        return []
    out = [summary_text(portfolio, lang)]
    nearest = portfolio.nearest
    if portfolio.ready_none and nearest is not None:
        holds = [g for g in nearest.gates if g.code not in NOTES]
        gates = t("wizard.item_sep", lang).join(
            gate_text(q, catalog, nearest, g, lang) for g in holds
        )
        out.append(t("portfolio.none_ready", lang, name=nearest.case.name, gates=gates))
    elif portfolio.organisation == "wait" and portfolio.count("act_now"):
        out.append(t("portfolio.org_waits", lang, act=portfolio.count("act_now")))
    if portfolio.over_budget and portfolio.budget is not None:
        rates = catalog.currency.by_currency if catalog.currency is not None else None
        out.append(
            t(
                "portfolio.over_budget"
                if portfolio.count("act_now") != 1
                else "portfolio.over_budget_one",
                lang,
                count=portfolio.count("act_now"),
                cost=money(portfolio.ready_yearly, lang, rates),
                budget=answer_label(q, BUDGET, portfolio.budget, lang),
            )
        )
    # rules that bind only through a client: the organisation's own section does not list them
    supplied = [r for r in portfolio.cases if r.via_client]
    if supplied:
        entries = tuple(dict.fromkeys(e for r in supplied for e in r.via_client))
        names = t("wizard.item_sep", lang).join(r.case.name for r in supplied)
        out.append(t("portfolio.client_rules", lang, who=_who(catalog, entries, lang), cases=names))
    return out


def cost_text(result: CaseResult, lang: str, rates: Mapping[str, Any] | None = None) -> str:
    """The case's monthly cost on the cheapest model it may use, or that none is priced."""
    if result.monthly_cost is None:
        return t("portfolio.no_cost", lang)
    tokens = money(result.monthly_cost, lang, rates)
    if result.gpu_month is None:
        return tokens
    return t(
        "portfolio.cost_with_gpu", lang, tokens=tokens, gpu=money(result.gpu_month, lang, rates)
    )


def model_text(catalog: Catalog, result: CaseResult, lang: str) -> str:
    """The cheapest model's name and route (the alternative's, when not allowed as planned)."""
    by_id = {m.id: m for m in catalog.prices.models}
    model = by_id.get(result.model or "")
    route = result.alternative[0] if result.alternative is not None else result.route
    if model is None:
        return route_title(catalog, route, lang)
    return model.name.get(lang)


def table_records(
    q: Questionnaire,
    catalog: Catalog,
    portfolio: Portfolio,
    lang: str,
    rates: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The ranked table's rows, keyed by column id (headers: ``portfolio.col.<id>``)."""
    sep = t("portfolio.sep", lang)
    return [
        {
            "rank": rank,  # the number the matrix shows for the case
            "name": r.case.name,
            "verdict": verdict_text(r.verdict, lang),
            "quadrant": quadrant_text(r.quadrant, lang),
            "readiness": None if r.readiness is None else round(r.readiness),
            "cost": cost_text(r, lang, rates),
            "value": money(r.value_per_year, lang, rates),
            "model": model_text(catalog, r, lang),
            "reasons": sep.join(reason_lines(q, catalog, r, lang)),
            "owner": r.case.owner,
        }
        for rank, r in enumerate(portfolio.cases, start=1)
    ]


def case_rows(
    q: Questionnaire,
    catalog: Catalog,
    portfolio: Portfolio,
    steps: Sequence[CaseStep],
    lang: str,
    titles: Mapping[str, str] | None = None,
) -> list[RoadmapRow]:
    """The use cases' roadmap rows in ``lang``, each naming its case in ``use_case``.

    ``titles``: the organisation's rows' actions by key, to name what a pilot waits for.
    """
    titles = dict(titles or {})
    rm = q.roadmap
    by_case = {r.case.id: r for r in portfolio.cases}
    out = []
    for step in steps:
        result = by_case[step.case_id]
        name = result.case.name
        gate = next((g for g in result.gates if g.code == step.kind), None)
        models = family_names(q, ",".join(gate.families), lang) if gate is not None else ""
        if step.kind == "replan" and result.alternative is not None:
            alternative = on_route(q, catalog, *result.alternative, lang)
        else:
            alternative = "-"
        if step.kind == "replan":
            blocked = next((g for g in result.gates if g.code == "blocked"), None)
            why = gate_text(q, catalog, result, blocked, lang) if blocked else ""
        elif step.kind == "drop":
            banned = next((g for g in result.gates if g.code == "prohibited"), None)
            why = (
                gate_text(q, catalog, result, banned, lang)
                if banned is not None
                else t("portfolio.gate.prohibited", lang)
            )
        elif step.kind == "pilot" and result.verdict != "act_now":
            why = t("portfolio.why.pilot_after", lang)
        elif step.kind == "pilot":
            why = t("portfolio.why.pilot", lang, quadrant=quadrant_text(result.quadrant, lang))
        else:
            why = gate_text(q, catalog, result, gate, lang) if gate is not None else ""
        kind = step.kind
        if kind == "drop" and any(g.code == "prohibited" and g.yardstick for g in result.gates):
            kind = "drop_yardstick"  # prohibited in the EU, the yardstick here: not a fact
        title = t(
            f"portfolio.step.{kind}",
            lang,
            case=name,
            # a re-planned case pilots on its allowed alternative
            route=route_title(
                catalog,
                result.route or (result.alternative[0] if result.alternative else None),
                lang,
            ),
            models=models,
            alternative=alternative,
        )
        owner = result.case.owner if step.kind == "pilot" and result.case.owner else None
        out.append(
            RoadmapRow(
                id=step.key,
                phase_id=step.phase_id,
                phase=rm.phases_by_id[step.phase_id].title.get(lang),
                start_week=step.start_week,
                end_week=step.end_week,
                workstream=rm.workstreams[step.workstream].get(lang),
                action=title,
                owner=owner or rm.owners[step.owner_id].get(lang),
                priority=rm.priorities[step.priority_id].get(lang),
                priority_id=step.priority_id,
                rationale=why,
                success_metric=t(f"portfolio.metric.{step.kind}", lang),
                depends_on_ids=tuple(d for d in step.depends_on_ids if d in titles),
                depends_on=t("wizard.item_sep", lang).join(
                    titles[d] for d in step.depends_on_ids if d in titles
                ),
                use_case=name,
            )
        )
        titles[step.key] = title  # a case's pilot names the case's rows it waits for
    return out


def roadmap_with_cases(
    q: Questionnaire,
    catalog: Catalog,
    advice: Advice,
    portfolio: Portfolio | None,
    answers: Mapping[str, AnswerValue],
    lang: str,
) -> list[RoadmapRow]:
    """The whole roadmap in ``lang``: the organisation's rows and its use cases', in one order.

    Rows run phase by phase (phases in the order they start), then by start week and priority:
    a case's DPIA sits with the other foundations, its pilot with the pilots, after the rows
    it waits for.
    """
    if portfolio is None or not portfolio.cases:
        return advice_rows(q, advice, lang)
    only_if = catalog.use_cases.pilot_waits_only_if if catalog.use_cases is not None else None
    steps = case_plan(portfolio, owner_mapping(q, answers), advice.plan, q.roadmap.phases, only_if)
    # the listed cases are the shortlist, their pilots the organisation's pilots: say which
    pilots = sum(1 for s in steps if s.kind == "pilot")
    named = {SHORTLIST_ACTION: t("portfolio.org_shortlist", lang, count=len(portfolio.cases))}
    if pilots:
        named[PILOTS_ACTION] = t("portfolio.org_pilots", lang, count=pilots)
    rows = advice_rows(q, advice, lang, named)
    titles = {row.id: row.action for row in rows}
    merged = _after_case_pilots([*rows, *case_rows(q, catalog, portfolio, steps, lang, titles)])
    # phases by when they start (a waiting organisation's gaps before the cases' pilots)
    phases = {p.id: (p.start_week, i) for i, p in enumerate(q.roadmap.phases)}
    order = {id(row): i for i, row in enumerate(merged)}
    return sorted(
        merged,
        key=lambda r: (
            phases.get(r.phase_id, (r.start_week, len(phases))),
            r.start_week,
            PRIORITY_RANK.get(r.priority_id, len(PRIORITY_RANK)),
            not r.use_case,  # the person's own cases first among rows that start together
            order[id(r)],
        ),
    )


def _after_case_pilots(rows: list[RoadmapRow]) -> list[RoadmapRow]:
    """The go/no-go after the last case pilot ends, and what waits for it moved as far.

    No pilot outlasts the review that judges it.
    """
    ends = [r.end_week for r in rows if r.use_case and r.id.endswith(":pilot")]
    if not ends:
        return rows
    weeks = {r.id: (r.start_week, r.end_week) for r in rows}
    moved: set[str] = set()
    for _ in range(len(rows)):  # until nothing moves (dependencies form no cycle)
        before = len(moved), sum(w[0] for w in weeks.values())
        for row in rows:
            if row.use_case:
                continue
            after_pilots = PILOTS_ACTION in row.depends_on_ids
            if not after_pilots and not moved & set(row.depends_on_ids):
                continue
            needs = [weeks[d][1] for d in row.depends_on_ids if d in weeks]
            need = max([*needs, *(ends if after_pilots else ())])
            start, end = weeks[row.id]
            if start < need:
                weeks[row.id] = (need, need + end - start)
                moved.add(row.id)
        if (len(moved), sum(w[0] for w in weeks.values())) == before:
            break
    return [replace(r, start_week=weeks[r.id][0], end_week=weeks[r.id][1]) for r in rows]


def portfolio_document(
    q: Questionnaire, catalog: Catalog, portfolio: Portfolio, lang: str
) -> list[dict[str, Any]]:
    """The JSON result's ``use_cases`` list (docs/contracts.md), ranked."""
    return [
        {
            "id": r.case.id,
            "name": r.case.name,
            "verdict": r.verdict,
            "reasons": reason_lines(q, catalog, r, lang),
            "gates": [g.code for g in r.gates],
            "quadrant": r.quadrant,
            "readiness": None if r.readiness is None else round(r.readiness, 1),
            "route": r.route,
            "family": r.family,
            "model": r.model,
            "alternative": list(r.alternative) if r.alternative is not None else None,
            "cost": {
                "monthly_usd": None if r.monthly_cost is None else round(r.monthly_cost, 2),
                "requests_per_month": r.requests,
                "tokens_per_request": r.tokens,
            },
            "value": {"yearly_usd": round(r.value_per_year, 2), "high": r.high_value},
            "weeks_to_value": r.weeks,
            "owner": r.case.owner,
        }
        for rank, r in enumerate(portfolio.cases, start=1)
    ]


def change_lines(changes: CaseChanges, lang: str) -> list[str]:
    """Cases added, dropped and moved, one line each (or that none did)."""
    out = [
        t("portfolio.changes.added", lang, name=c.case.name, verdict=verdict_text(c.verdict, lang))
        for c in changes.added
    ]
    out += [
        t(
            "portfolio.changes.dropped",
            lang,
            name=c.case.name,
            verdict=verdict_text(c.verdict, lang),
        )
        for c in changes.dropped
    ]
    out += [
        t(
            "portfolio.changes.moved",
            lang,
            name=m.name,
            before=verdict_text(m.before, lang),
            after=verdict_text(m.after, lang),
            quadrant_before=quadrant_text(m.quadrant_before, lang),
            quadrant_after=quadrant_text(m.quadrant_after, lang),
        )
        for m in changes.moved
    ]
    return out or [t("portfolio.changes.none", lang)]


def changes_document(changes: CaseChanges) -> dict[str, Any]:
    """The JSON form of the portfolio's changes (ids, names and verdicts)."""
    return {
        "added": [
            {"id": c.case.id, "name": c.case.name, "verdict": c.verdict} for c in changes.added
        ],
        "dropped": [
            {"id": c.case.id, "name": c.case.name, "verdict": c.verdict} for c in changes.dropped
        ],
        "moved": [
            {
                "id": m.id,
                "name": m.name,
                "before": m.before,
                "after": m.after,
                "quadrant_before": m.quadrant_before,
                "quadrant_after": m.quadrant_after,
            }
            for m in changes.moved
        ],
    }


def row_problem_lines(
    problems: Sequence[Problem], rows: Sequence[Mapping[str, Any]], lang: str
) -> list[str]:
    """Problems of the editor's rows, each naming its row by number and name, in ``lang``."""
    out = []
    for problem in problems:
        found = re.match(r"^use_cases\[(\d+)\]\.?(.*)$", problem.where)
        if found is None:
            out.append(problem_text(problem, lang))
            continue
        i, field = int(found.group(1)), found.group(2)
        name = str(rows[i].get("name") or "") if i < len(rows) else ""
        row = (
            t("portfolio.editor.row", lang, n=i + 1, name=name)
            if name
            else t("portfolio.editor.row_unnamed", lang, n=i + 1)
        )
        label = t(f"portfolio.col.{field}", lang) if field in _FIELD_LABELS else field
        where = f"{row} · {label}" if field else row
        out.append(problem_text(problem._replace(where=where), lang))
    return out


_FIELD_LABELS = {
    "name",
    "template",
    "serves",
    "data_class",
    "risk_tiers",
    "models",
    "route",
    "requests_per_month",
    "tokens_per_request",
    "size",
    "value_per_year",
    "weeks_to_value",
    "owner",
    "dpia_done",
    "oversight",
    "build",
    "client_bodies",
    "id",
}


def report_lines(portfolio: Portfolio, lang: str) -> tuple[str, ...]:
    """For the one-page PDF: the summary, then each case ranked (names cut safely)."""
    if not portfolio.cases:
        return ()
    from wizard.words.charts import short_label

    out = [summary_text(portfolio, lang)]
    for r in portfolio.cases:
        out.append(
            t(
                "report.portfolio_line",
                lang,
                name=short_label(r.case.name, 60),
                verdict=verdict_text(r.verdict, lang),
                quadrant=quadrant_text(r.quadrant, lang),
                cost=cost_text(r, lang),
            )
        )
    return tuple(out)


def _median_text(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def room_records(
    rated: Sequence[RoomRating], verdicts: Mapping[str, str], lang: str
) -> list[dict[str, Any]]:
    """The room's table: each seeded case's medians, spread, quadrant and verdict, in words."""
    return [
        {
            "rank": rank,  # the number the room's matrix shows for the case
            "id": r.case_id,
            "name": r.name,
            "raters": r.raters,
            "value": _median_text(r.value),
            "feasibility": _median_text(r.feasibility),
            "spread": r.disagreement,
            "room": quadrant_text(r.quadrant, lang) if r.quadrant else "-",
            "verdict": verdict_text(verdicts[r.case_id], lang) if r.case_id in verdicts else "-",
        }
        for rank, r in enumerate(rated, start=1)
    ]


def disputed_line(rated: Sequence[RoomRating], lang: str) -> str:
    """Where the room disagrees most, or that it broadly agrees."""
    from wizard.portfolio import most_disputed

    top = most_disputed(rated)
    if not top:
        return t("workshop.uc.agreed", lang)
    parts = [t("workshop.uc.disputed_case", lang, name=r.name, spread=r.disagreement) for r in top]
    return t("workshop.uc.disputed", lang, cases=t("portfolio.sep", lang).join(parts))


def room_report_lines(
    rated: Sequence[RoomRating], verdicts: Mapping[str, str], lang: str
) -> tuple[str, ...]:
    """For the workshop's PDF: how many cases the room rated, then each (names cut safely)."""
    if not rated:
        return ()
    from wizard.words.charts import short_label

    records = room_records(rated, verdicts, lang)
    ordered = sorted(
        zip(rated, records, strict=True),
        key=lambda pair: (-(pair[0].value or 0) - (pair[0].feasibility or 0), pair[0].name),
    )
    out = [t("report.room_summary", lang, count=len(rated))]
    out += [
        t(
            "report.room_line",
            lang,
            name=short_label(r.name, 60),
            verdict=rec["verdict"],
            value=rec["value"],
            feasibility=rec["feasibility"],
            room=rec["room"],
        )
        if r.value is not None or r.feasibility is not None
        else t(
            "report.room_line_unrated", lang, name=short_label(r.name, 60), verdict=rec["verdict"]
        )
        for r, rec in ordered
    ]
    return tuple(out)

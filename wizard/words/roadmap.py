"""The roadmap in words: rows in a language, why each is there, the CSV's columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from wizard.answers import AnswerValue
from wizard.config import LText, Questionnaire
from wizard.config.ids import MODELS
from wizard.i18n import date_text, t
from wizard.roadmap import PlannedAction, Reason, plan_roadmap
from wizard.scoring import Assessment

if TYPE_CHECKING:  # numpy and pandas stand behind these: keep them off the wizard's start-up
    from wizard.guidance import Advice


@dataclass(frozen=True)
class RoadmapRow:
    """One action of the roadmap, rendered in one language (see :func:`roadmap_rows`)."""

    id: str
    phase_id: str
    phase: str
    start_week: int
    end_week: int
    workstream: str
    action: str
    owner: str
    priority: str
    priority_id: str
    rationale: str
    success_metric: str
    depends_on_ids: tuple[str, ...]
    depends_on: str
    use_case: str = ""  # the use case a row belongs to (empty: the organisation's)


def _fmt(score: float | None) -> str:
    return "-" if score is None else f"{score:.0f}"


class _Placeholders(dict):
    """format_map helper: known placeholders filled, unknown ones left as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, **values: str) -> str:
    """Fill ``{date}``, ``{question}``, ``{route}``, ``{models}``, ``{entry}`` in a title."""
    return text.format_map(_Placeholders(values))


def family_names(q: Questionnaire, ids: str, lang: str) -> str:
    """Model family ids (comma-separated) as their labels in ``lang``, listed."""
    question = q.questions_by_id.get(MODELS)
    labels = [
        question.options_by_id[f].label.get(lang)
        if question is not None and f in question.options_by_id
        else f
        for f in ids.split(",")
        if f
    ]
    return t("wizard.list_sep", lang).join(labels) if labels else t("roadmap.any_models", lang)


def _names(ids: str, names: Mapping[str, LText], lang: str) -> str:
    return t("wizard.list_sep", lang).join(
        names[i].get(lang) if i in names else i for i in ids.split(",") if i
    )


def reason_text(
    q: Questionnaire, reason: Reason, lang: str, names: Mapping[str, LText] | None = None
) -> str:
    """One reason as a sentence in ``lang``; ``names`` gives entry and route titles by id."""
    values = dict(reason.values)
    words: dict[str, str] = {}
    if "entry" in values:
        words["entry"] = _names(str(values["entry"]), names or {}, lang)
    if "law" in values:
        words["law"] = _names(str(values["law"]), names or {}, lang)
    if "family" in values:
        words["family"] = family_names(q, str(values["family"]), lang)
    if "question" in values:
        question = q.questions_by_id[str(values["question"])]
        words["question"] = question.text.get(lang)
        if "option" in values:
            option = question.options_by_id[str(values["option"])]
            words["option"] = option.label.get(lang)
            if reason.code == "blocker" and option.blocker is not None:
                words["reason"] = option.blocker.get(lang)
        if reason.code == "unknown":
            words["dimension"] = q.dimensions_by_id[question.dimension].title.get(lang)
    if "dimension" in values:
        words["dimension"] = q.dimensions_by_id[str(values["dimension"])].title.get(lang)
    for name in ("score", "floor", "gap", "count"):
        if name in values:
            number = values[name]
            words[name] = _fmt(number if isinstance(number, int | float) else None)
    return t(f"roadmap.why.{reason.code}", lang, **words)


def roadmap_rows(
    q: Questionnaire,
    plan: Sequence[PlannedAction],
    lang: str,
    route: LText | None = None,
    names: Mapping[str, LText] | None = None,
    titled: Mapping[str, str] | None = None,
) -> list[RoadmapRow]:
    """The planned actions as rows in ``lang``.

    ``route`` is the recommended route's title; ``names`` the titles of the watchlist entries
    and routes that restriction rows name by id; ``titled`` the rows (by key) worded otherwise
    (a listed portfolio's shortlist and pilots), named so by the rows that wait for them too.
    """
    rm = q.roadmap
    names = names or {}
    route_title = route.get(lang) if route is not None else t("roadmap.any_route", lang)

    def title(item: PlannedAction) -> str:
        values = dict(item.fill)
        if "question" in values:
            values["question"] = q.questions_by_id[values["question"]].text.get(lang)
        if "date" in values:
            values["date"] = date_text(values["date"], lang)
            if values.pop("approximate", "") == "1":
                values["date"] = t("roadmap.about_date", lang, date=values["date"])
            if "overdue" in values:  # a law's duty: by that day, or passed (overdue unless done)
                late = values.pop("overdue") == "1"
                values["date"] = t(
                    f"roadmap.due_{'late' if late else 'by'}", lang, date=values["date"]
                )
        if "duty" in values:  # a law's dated duty: its own words, then the law's name
            values["duty"] = _names(f"{values['law']}.{values['duty']}", names, lang)
            values["law"] = _names(values["law"], names, lang)
        if "questions" in values:
            values["questions"] = t("wizard.item_sep", lang).join(
                q.questions_by_id[x].text.get(lang) for x in values["questions"].split(",") if x
            )
        if "route" in values:
            values["route"] = _names(values["route"], names, lang)
        if "entry" in values:
            values["entry"] = _names(values["entry"], names, lang)
        for key in ("models", "allowed"):
            if key in values:
                values[key] = family_names(q, values[key], lang)
        action = rm.actions_by_id[item.action_id]
        text = action.title_if[item.variant].title if item.variant >= 0 else action.title
        return fill(text.get(lang), **{"route": route_title, **values})

    titles = {item.key: title(item) for item in plan} | dict(titled or {})
    return [
        RoadmapRow(
            id=item.key,
            phase_id=item.phase_id,
            phase=rm.phases_by_id[item.phase_id].title.get(lang),
            start_week=item.start_week,
            end_week=item.end_week,
            workstream=rm.workstreams[rm.actions_by_id[item.action_id].workstream].get(lang),
            action=titles[item.key],
            owner=rm.owners[item.owner_id].get(lang),
            priority=rm.priorities[item.priority_id].get(lang),
            priority_id=item.priority_id,
            rationale=t("wizard.sentence_sep", lang).join(
                reason_text(q, r, lang, names) for r in item.reasons
            ),
            success_metric=rm.actions_by_id[item.action_id].metric.get(lang),
            depends_on_ids=item.depends_on_ids,
            depends_on=t("wizard.item_sep", lang).join(titles[d] for d in item.depends_on_ids),
        )
        for item in plan
    ]


def build_roadmap(
    q: Questionnaire,
    result: Assessment,
    answers: Mapping[str, AnswerValue],
    lang: str,
    today: date | None = None,
    route: LText | None = None,
) -> list[RoadmapRow]:
    """Plan the roadmap and render it in ``lang`` in one call."""
    return roadmap_rows(q, plan_roadmap(q, result, answers, today), lang, route)


#: the roadmap CSV's columns (docs/contracts.md), in order; headers come from ``csv.<column>``
CSV_COLUMNS: tuple[str, ...] = (
    "phase",
    "start_week",
    "end_week",
    "workstream",
    "action",
    "owner",
    "priority",
    "rationale",
    "success_metric",
    "depends_on",
    "use_case",
)


def roadmap_header(lang: str) -> list[str]:
    """The CSV's column headers in ``lang``."""
    return [t(f"csv.{c}", lang) for c in CSV_COLUMNS]


def roadmap_records(rows: Sequence[RoadmapRow]) -> list[dict[str, Any]]:
    """Rows as dicts keyed by the contract's (English) column names."""
    return [{c: getattr(r, c) for c in CSV_COLUMNS} for r in rows]


def advice_names(advice: Advice) -> dict[str, LText]:
    """Titles of the entries and routes an advice's roadmap rows may name, by id."""
    out: dict[str, LText] = {m.entry.id: m.entry.who for m in advice.matches}
    out.update({f.route.id: f.route.title for f in advice.routes})
    for law in advice.laws:
        out[law.id] = law.name
        out.update({f"{law.id}.{duty.id}": duty.text for duty in law.duties})
    return out


def advice_rows(
    q: Questionnaire, advice: Advice, lang: str, titled: Mapping[str, str] | None = None
) -> list[RoadmapRow]:
    """An advice's roadmap in ``lang`` (route-choice rows name the recommended route)."""
    route = advice.top_route.route.title if advice.top_route is not None else None
    return roadmap_rows(q, advice.plan, lang, route, advice_names(advice), titled)

"""Starter roadmap from the decision and the gaps in the answers (DOMAIN.md, "What a good
roadmap looks like").

Act now: the act-now phases. Wait: close the gaps, keep a sandbox and a watch brief, re-assess on
a date with triggers. In both cases answers that point at an action, low or failed dimensions,
blockers and "don't know" answers add rows, each saying why it is there. Weeks are scheduled so
nothing starts before what it depends on ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from wizard.answers import UNKNOWN, AnswerValue
from wizard.config import Action, LText, Questionnaire
from wizard.i18n import t
from wizard.scoring import ACT_NOW, Assessment

PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class RoadmapRow:
    """One action of the roadmap, already in the chosen language."""

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


@dataclass
class _Pending:
    action: Action
    title: str
    owner: str
    reasons: list[str] = field(default_factory=list)


def _fmt(score: float | None) -> str:
    return "-" if score is None else f"{score:.0f}"


class _Placeholders(dict):
    """format_map helper: known placeholders filled, unknown ones left as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, **values: str) -> str:
    """Fill ``{date}``, ``{question}``, ``{route}`` in an action title."""
    return text.format_map(_Placeholders(values))


def reassess_date(q: Questionnaire, today: date) -> date:
    """The date the wait plan sets for re-assessment."""
    return today + timedelta(weeks=q.roadmap.reassess_weeks)


def build_roadmap(
    q: Questionnaire,
    result: Assessment,
    answers: Mapping[str, AnswerValue],
    lang: str,
    today: date | None = None,
    route: LText | None = None,
) -> list[RoadmapRow]:
    """Build the roadmap rows for one assessment, in ``lang``.

    Args:
        q: the questionnaire (holds the action library).
        result: the assessment of ``answers``.
        answers: the answers (to know which options were chosen).
        lang: ``en`` or ``zh-TW``.
        today: start date, for the re-assessment date (default: today).
        route: title of the recommended adoption route, for the route-choice rows.
    """
    rm = q.roadmap
    today = today or date.today()
    plan = "act_now" if result.decision == ACT_NOW else "wait"
    pending: dict[str, _Pending] = {}
    route_title = route.get(lang) if route is not None else t("roadmap.any_route", lang)

    def add(
        action_id: str,
        reason: str,
        *,
        key: str | None = None,
        owner: str | None = None,
        **values: str,
    ) -> None:
        action = rm.actions_by_id[action_id]
        key = key or action_id
        if key not in pending:
            text = fill(action.title.get(lang), route=route_title, **values)
            pending[key] = _Pending(action, text, owner or action.owner)
        if reason not in pending[key].reasons:
            pending[key].reasons.append(reason)

    for action in rm.actions:
        if action.plan in (plan, "both"):
            if action.id == rm.reassess_action:
                when = reassess_date(q, today).isoformat()
                add(
                    action.id,
                    t("roadmap.why.reassess", lang),
                    date=when,
                )
            else:
                add(action.id, t(f"roadmap.why.plan_{plan}", lang))

    visible = {r.id for r in result.questions if r.visible}
    dim_title = {d.id: d.title.get(lang) for d in q.dimensions}
    for question in q.scored_questions:
        value = answers.get(question.id)
        if question.id not in visible or value is None or value == UNKNOWN:
            continue
        for option_id in [value] if isinstance(value, str) else value:
            option = question.options_by_id[option_id]
            why = t(
                "roadmap.why.answer",
                lang,
                question=question.text.get(lang),
                option=option.label.get(lang),
            )
            if option.blocker is not None:
                why = t("roadmap.why.blocker", lang, reason=option.blocker.get(lang))
            for action_id in option.actions:
                add(action_id, why)

    failed = {f.dimension: f for f in result.floors_failed}
    for dim_id, score in result.dimensions.items():
        if dim_id in failed:
            why = t(
                "roadmap.why.floor",
                lang,
                dimension=dim_title[dim_id],
                score=_fmt(score),
                floor=_fmt(failed[dim_id].floor),
            )
        elif score is None and dim_id in result.missing_dimensions:
            why = t("roadmap.why.missing", lang, dimension=dim_title[dim_id])
        elif score is not None and score < rm.gap_below:
            why = t(
                "roadmap.why.low_dimension",
                lang,
                dimension=dim_title[dim_id],
                score=_fmt(score),
                gap=_fmt(rm.gap_below),
            )
        else:
            continue
        for action_id in rm.dimension_actions.get(dim_id, ()):
            add(action_id, why)

    template = rm.actions_by_id[rm.unknown_action]
    for qid in result.unknowns:
        question = q.questions_by_id[qid]
        dimension = q.dimensions_by_id[question.dimension]
        add(
            template.id,
            t(
                "roadmap.why.unknown",
                lang,
                question=question.text.get(lang),
                dimension=dimension.title.get(lang),
            ),
            key=f"{template.id}:{qid}",
            question=question.text.get(lang),
            owner=dimension.owner,
        )

    return _schedule(q, pending, plan, lang)


def _schedule(
    q: Questionnaire, pending: dict[str, _Pending], plan: str, lang: str
) -> list[RoadmapRow]:
    rm = q.roadmap
    phase_order = {p.id: i for i, p in enumerate(rm.phases)}

    def phase_of(action: Action) -> str:
        return action.wait_phase if plan == "wait" and action.wait_phase else action.phase

    ends: dict[str, int] = {}
    starts: dict[str, int] = {}

    def place(key: str, trail: tuple[str, ...] = ()) -> int:
        if key in ends:
            return ends[key]
        item = pending[key]
        start = rm.phases_by_id[phase_of(item.action)].start_week
        for dep in item.action.depends_on:
            if dep in pending and dep not in trail:
                start = max(start, place(dep, (*trail, key)))
        starts[key] = start
        ends[key] = start + item.action.weeks
        return ends[key]

    for key in pending:
        place(key)
    added = {key: i for i, key in enumerate(pending)}
    order = sorted(
        pending,
        key=lambda k: (
            phase_order[phase_of(pending[k].action)],
            starts[k],
            PRIORITY_RANK[pending[k].action.priority],
            added[k],
        ),
    )
    rows = []
    for key in order:
        item = pending[key]
        action = item.action
        deps = tuple(d for d in action.depends_on if d in pending)
        phase = rm.phases_by_id[phase_of(action)]
        rows.append(
            RoadmapRow(
                id=key,
                phase_id=phase.id,
                phase=phase.title.get(lang),
                start_week=starts[key],
                end_week=ends[key],
                workstream=rm.workstreams[action.workstream].get(lang),
                action=item.title,
                owner=rm.owners[item.owner].get(lang),
                priority=rm.priorities[action.priority].get(lang),
                priority_id=action.priority,
                rationale=" ".join(item.reasons),
                success_metric=action.metric.get(lang),
                depends_on_ids=deps,
                depends_on="; ".join(pending[d].title for d in deps),
            )
        )
    return rows

"""Starter roadmap from the decision and the gaps in the answers, in no language.

Act now: the act-now phases. Wait: close the gaps, keep a sandbox and a watch brief, re-assess on
a date with triggers. In both cases answers that point at an action, low or failed dimensions,
blockers and "don't know" answers add rows, each saying why it is there. Weeks are scheduled so
nothing starts before what it depends on ends. The plan holds ids, numbers and reason codes;
``wizard.words.roadmap`` puts it in words (rows, the CSV's columns).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from wizard.answers import UNKNOWN, AnswerValue, chosen_options, holds
from wizard.config import Action, Questionnaire
from wizard.config.models import RestrictionAction
from wizard.scoring import ACT_NOW, Assessment

PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Reason:
    """Why a row is on the roadmap, language-free.

    A code (``roadmap.why.<code>``) and values that are ids or numbers (``question``,
    ``option``, ``dimension``, ``score``, ...).
    """

    code: str
    values: tuple[tuple[str, str | float | None], ...] = ()


@dataclass(frozen=True)
class PlannedAction:
    """One scheduled action, language-free.

    ``fill`` names what its title's placeholders take (``date``: an ISO day, ``question``: a
    question id); ``{route}`` is filled with the recommended route when rendered.
    """

    key: str
    action_id: str
    phase_id: str
    start_week: int
    end_week: int
    owner_id: str
    priority_id: str
    reasons: tuple[Reason, ...]
    fill: tuple[tuple[str, str], ...]
    depends_on_ids: tuple[str, ...]
    variant: int = -1  # which of the action's ``title_if`` titles applies (-1: its own title)


@dataclass(frozen=True)
class Extra:
    """A row the restrictions add (``kind`` names one of ``roadmap.restriction_actions``).

    ``fill`` holds ids: ``route`` (a route id), ``models`` (family ids, comma-separated) and
    ``entry`` (watchlist entry ids, comma-separated); they are put in words when rendered.
    """

    kind: RestrictionAction
    key: str
    reason: Reason
    fill: dict[str, str]


@dataclass
class _Pending:
    action: Action
    owner: str
    fill: dict[str, str]
    reasons: list[Reason] = field(default_factory=list)
    start_at: int | None = None  # a fixed start week (the re-assessment, timed by its cause)
    variant: int = -1


#: "don't know" answers at or above this count are grouped into one discovery sprint
GROUP_UNKNOWNS_FROM = 4


def reassess_cause(q: Questionnaire, result: Assessment) -> str:
    """Why the wait plan re-assesses when it does (language-free).

    ``discovery``: not enough information (re-assess after the sprint); ``drop_use_case``: only
    a droppable use case (e.g. a prohibited practice) stands in the way; ``restriction``: a
    restriction blocks (about 12 weeks, or when it is lifted); ``gaps``: scores and floors.
    """
    if result.insufficient:
        return "discovery"
    droppable = [b for b in result.blockers if q.questions_by_id[b.question].flip_drop]
    rest_ok = (
        result.overall is not None
        and result.overall >= result.threshold
        and not result.floors_failed
        and not result.missing_dimensions
    )
    if result.blockers and len(droppable) == len(result.blockers) and rest_ok:
        return "drop_use_case"
    restricted = [
        b
        for b in result.blockers
        if b.entries
        or any(
            q.questions_by_id[b.question].options_by_id[o].claims == "covered"
            for o in [b.option]
            if o in q.questions_by_id[b.question].options_by_id
        )
    ]
    return "restriction" if restricted else "gaps"


def reassess_weeks(q: Questionnaire, result: Assessment) -> int:
    """How many weeks from now the wait plan re-assesses, by its cause."""
    rm = q.roadmap
    return rm.reassess_after.get(reassess_cause(q, result), rm.reassess_weeks)  # type: ignore[call-overload]


def reassess_date(q: Questionnaire, today: date, result: Assessment) -> date:
    """The date the wait plan sets for re-assessment, timed by its cause."""
    return today + timedelta(weeks=reassess_weeks(q, result))


def owner_mapping(q: Questionnaire, answers: Mapping[str, AnswerValue]) -> dict[str, str]:
    """Owners an organisation lacks, mapped to who acts instead.

    A small organisation has no DPO or CISO of its own: the founder with external counsel, the
    CIO. The roadmap's rows and the flip plan's steps both go through it.
    """
    owners: dict[str, str] = {}
    for mapping in q.roadmap.owner_map:
        if holds(mapping.when, answers):
            owners.update({k: v for k, v in mapping.map.items() if k not in owners})
    return owners


def plan_roadmap(
    q: Questionnaire,
    result: Assessment,
    answers: Mapping[str, AnswerValue],
    today: date | None = None,
    extras: Sequence[Extra] = (),
) -> tuple[PlannedAction, ...]:
    """The roadmap of one assessment, scheduled, in no language (ids, numbers, reason codes).

    Args:
        q: the questionnaire (holds the action library).
        result: the assessment of ``answers``.
        answers: the answers (to know which options were chosen).
        today: start date, for the re-assessment date (default: today).
        extras: rows the restrictions add; they come first (a conflict is settled before
            anything else starts).
    """
    rm = q.roadmap
    today = today or date.today()
    plan = "act_now" if result.decision == ACT_NOW else "wait"
    pending: dict[str, _Pending] = {}
    owners = owner_mapping(q, answers)

    def add(
        action_id: str,
        reason: Reason,
        *,
        key: str | None = None,
        owner: str | None = None,
        **values: str,
    ) -> None:
        action = rm.actions_by_id[action_id]
        if (
            not all(holds(c, answers) for c in action.when)
            or (action.when_any and not any(holds(c, answers) for c in action.when_any))
            or any(holds(c, answers) for c in action.unless)
        ):
            return  # the answers do not call for it (e.g. no DPIA row once the DPIA is done)
        key = key or action_id
        if key not in pending:
            chosen = owner or action.owner
            pending[key] = _Pending(action, owners.get(chosen, chosen), dict(values))
            pending[key].variant = next(
                (i for i, alt in enumerate(action.title_if) if holds(alt.when, answers)), -1
            )
        if reason not in pending[key].reasons:
            pending[key].reasons.append(reason)

    for extra in extras:
        action_id = rm.restriction_actions.get(extra.kind)
        if action_id is not None:
            key = f"{action_id}:{extra.key}" if extra.key else action_id
            add(action_id, extra.reason, key=key, **extra.fill)

    for action in rm.actions:
        if action.plan in (plan, "both"):
            if action.id == rm.reassess_action:
                cause = reassess_cause(q, result)
                entries = ",".join(e.id for b in result.blockers for e in b.entries)
                why = Reason(f"reassess_{cause}", (("entry", entries),) if entries else ())
                add(action.id, why, date=reassess_date(q, today, result).isoformat())
                pending[action.id].start_at = reassess_weeks(q, result)
            elif action.when or action.when_any:
                cond = next(
                    (c for c in (*action.when_any, *action.when) if holds(c, answers)), None
                )
                if cond is None:
                    continue
                chosen = chosen_options(answers.get(cond.question))
                option = next(o for o in chosen if o in cond.in_)
                add(action.id, Reason("answer", (("question", cond.question), ("option", option))))
            else:
                add(action.id, Reason(f"plan_{plan}"))

    visible = {r.id for r in result.questions if r.visible}
    for question in q.scored_questions:
        value = answers.get(question.id)
        if question.id not in visible or value is None or value == UNKNOWN:
            continue
        for option_id in [value] if isinstance(value, str) else value:
            option = question.options_by_id[option_id]
            code = "blocker" if option.blocker is not None else "answer"
            why = Reason(code, (("question", question.id), ("option", option_id)))
            for action_id in option.actions:
                add(action_id, why)

    failed = {f.dimension: f for f in result.floors_failed}
    # scores resting on "don't know" say nothing yet: the discovery sprint comes first
    for dim_id, score in result.dimensions.items() if not result.insufficient else ():
        if dim_id in failed:
            why = Reason(
                "floor", (("dimension", dim_id), ("score", score), ("floor", failed[dim_id].floor))
            )
        elif score is None and dim_id in result.missing_dimensions:
            why = Reason("missing", (("dimension", dim_id),))
        elif score is not None and score < rm.gap_below:
            why = Reason(
                "low_dimension", (("dimension", dim_id), ("score", score), ("gap", rm.gap_below))
            )
        else:
            continue
        for action_id in rm.dimension_actions.get(dim_id, ()):
            add(action_id, why)

    template = rm.actions_by_id[rm.unknown_action]
    grouped = rm.discovery_action is not None and (
        result.insufficient or len(result.unknowns) >= GROUP_UNKNOWNS_FROM
    )
    if grouped:
        assert rm.discovery_action is not None
        by_owner: dict[str, list[str]] = {}
        for qid in result.unknowns:
            question = q.questions_by_id[qid]
            owner = question.owner or q.dimensions_by_id[question.dimension].owner
            by_owner.setdefault(owner, []).append(qid)
        for owner, qids in by_owner.items():
            add(
                rm.discovery_action,
                Reason("discovery", (("count", len(qids)),)),
                key=f"{rm.discovery_action}:{owner}",
                owner=owner,
                questions=",".join(qids),
            )
    for qid in result.unknowns if not grouped else ():
        question = q.questions_by_id[qid]
        add(
            template.id,
            Reason("unknown", (("question", qid),)),
            key=f"{template.id}:{qid}",
            question=qid,
            owner=q.dimensions_by_id[question.dimension].owner,
        )

    for item in list(pending.values()):
        for other in item.action.supersedes:
            if other in pending and pending[other] is not item:
                item.reasons.extend(r for r in pending[other].reasons if r not in item.reasons)
                del pending[other]
    return _schedule(q, pending, plan)


def _schedule(
    q: Questionnaire, pending: dict[str, _Pending], plan: str
) -> tuple[PlannedAction, ...]:
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
        if item.start_at is not None:
            start = item.start_at
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
    return tuple(
        PlannedAction(
            key=key,
            action_id=pending[key].action.id,
            phase_id=phase_of(pending[key].action),
            start_week=starts[key],
            end_week=ends[key],
            owner_id=pending[key].owner,
            priority_id=pending[key].action.priority,
            reasons=tuple(pending[key].reasons),
            fill=tuple(sorted(pending[key].fill.items())),
            depends_on_ids=tuple(d for d in pending[key].action.depends_on if d in pending),
            variant=pending[key].variant,
        )
        for key in order
    )

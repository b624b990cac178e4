"""The use cases' roadmap rows, and what moved between two portfolios."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wizard.answers import UNKNOWN
from wizard.config import Phase, PilotCondition
from wizard.config.ids import PILOTS_ACTION
from wizard.portfolio.judge import (
    CaseResult,
    Portfolio,
)
from wizard.roadmap import PlannedAction
from wizard.scoring import ACT_NOW


# --------------------------------------------------------------------------- the roadmap
@dataclass(frozen=True)
class CaseStep:
    """A roadmap row of one use case, language-free.

    A pilot of a case that may start, or a row that clears a waiting case's gate (``kind``: a
    gate code, ``pilot``, ``replan`` or ``drop``).
    """

    key: str
    case_id: str
    kind: str
    phase_id: str
    workstream: str
    start_week: int
    end_week: int
    owner_id: str
    priority_id: str
    #: keys of the organisation's roadmap rows this row waits for
    depends_on_ids: tuple[str, ...] = ()


#: what each kind of row is: (phase, workstream, owner, weeks, priority)
_STEP_KINDS: dict[str, tuple[str, str, str, int, str]] = {
    "drop": ("foundation", "governance", "dpo_legal", 2, "high"),
    "replan": ("foundation", "strategy", "cio", 4, "high"),
    "confirm": ("foundation", "governance", "dpo_legal", 4, "high"),
    "dpia": ("foundation", "security", "dpo_legal", 6, "high"),
    "residency": ("foundation", "security", "ciso", 4, "high"),
    "conformity": ("foundation", "governance", "dpo_legal", 16, "high"),
    "oversight": ("foundation", "governance", "business_lead", 8, "high"),
    "transparency": ("foundation", "governance", "dpo_legal", 4, "medium"),
    "readiness": ("close-gaps", "strategy", "cio", 12, "medium"),
}
WAIT_PHASE = "close-gaps"  # where a waiting organisation's foundation rows go
PILOT_START_WEEK = 4  # after the sponsor, the policy and the route are settled
PILOT_STAGGER_WEEKS = 2


def _pilot_slot(org_plan: Sequence[PlannedAction]) -> tuple[int, tuple[str, ...]]:
    """When the cases' pilots may start and which rows of the organisation they wait for.

    Where the organisation's roadmap plans its own pilots, the cases' pilots take their place:
    the same start, after the same rows. Without one (the organisation waits), from week 4.
    """
    for item in org_plan:
        if item.action_id == PILOTS_ACTION:
            return item.start_week, item.depends_on_ids
    return PILOT_START_WEEK, ()


def _phase_at(week: int, phases: Sequence[Phase]) -> str:
    """The act-now phase a pilot starting in ``week`` falls in (its label says when it runs).

    A pilot that waits for a DPIA may start after the 30-90 days: it goes with the phase of
    its weeks, the last one when it starts later still.
    """
    timed = sorted((p for p in phases if p.plan == ACT_NOW), key=lambda p: p.start_week)
    found = [p for p in timed if p.start_week <= week]
    if not found:
        return "pilot"
    inside = [p for p in found if week < p.end_week]
    return (inside or found)[-1].id


def _waits_for(
    result: CaseResult, after: tuple[str, ...], only_if: Mapping[str, PilotCondition]
) -> tuple[str, ...]:
    """The organisation's pilot prerequisites this case's pilot waits for.

    A row named in ``only_if`` only when the case has its data class or risk tier (the DPIA of
    personal data is not a code assistant's); every other row always.
    """
    tiers = set(result.risk_tiers) - {UNKNOWN}
    # "don't know" (or nothing said) is taken with caution: the row may be needed
    data_unsure = result.data_class in (None, UNKNOWN)

    def needed(action: str) -> bool:
        when = only_if.get(action)
        if when is None:
            return True
        if when.data_class and (data_unsure or result.data_class in when.data_class):
            return True
        return bool(when.risk_tiers) and (not tiers or bool(tiers & set(when.risk_tiers)))

    return tuple(a for a in after if needed(a))


def case_plan(
    portfolio: Portfolio,
    owners: Mapping[str, str] | None = None,
    org_plan: Sequence[PlannedAction] = (),
    phases: Sequence[Phase] = (),
    only_if: Mapping[str, PilotCondition] | None = None,
) -> list[CaseStep]:
    """Pilots of the cases that may start and the rows that clear the others' gates.

    Pilots are staggered in rank order from where ``org_plan`` (the organisation's roadmap)
    starts its pilots, waiting for what those wait for; ``owners`` maps owner ids for a small
    organisation (``roadmap.owner_mapping``); ``phases`` (the questionnaire's roadmap phases)
    place a pilot in the phase of the week it starts (without them: ``pilot``); ``only_if``
    (``pilot_waits_only_if`` of the use-case data) says which prerequisites a case needs.
    """
    owners = owners or {}
    only_if = only_if or {}
    first, after = _pilot_slot(org_plan)
    out: list[CaseStep] = []
    ready = 0
    for result in portfolio.cases:
        cid = result.case.id
        if result.verdict == ACT_NOW:
            start = first + PILOT_STAGGER_WEEKS * ready
            ready += 1
            out.append(
                CaseStep(
                    f"uc:{cid}:pilot",
                    cid,
                    "pilot",
                    _phase_at(start, phases),
                    "delivery",
                    start,
                    start + result.weeks,
                    owners.get("business_lead", "business_lead"),
                    "high" if result.quadrant == "start_now" else "medium",
                    _waits_for(result, after, only_if),
                )
            )
            continue
        codes = list(result.waits_on)
        if "prohibited" in codes:
            codes = ["drop"]
        elif "blocked" in codes:
            codes = ["replan", *(c for c in codes if c != "blocked")]
        gate_steps: list[str] = []
        for code in codes:
            phase, stream, owner, weeks, priority = _STEP_KINDS[code]
            if portfolio.organisation != ACT_NOW:  # the organisation's own rows close gaps
                phase = WAIT_PHASE
            out.append(
                CaseStep(
                    f"uc:{cid}:{code}",
                    cid,
                    code,
                    phase,
                    stream,
                    0,
                    weeks,
                    owners.get(owner, owner),
                    priority,
                )
            )
            gate_steps.append(f"uc:{cid}:{code}")
        clearable = set(CASE_GATES) | ({"replan"} if result.alternative is not None else set())
        if portfolio.organisation == ACT_NOW and codes and set(codes) <= clearable:
            # held only by its own rows (a DPIA, oversight, a re-plan onto an allowed model
            # and route): its pilot follows them
            start = max(first, max(_STEP_KINDS[c][3] for c in codes)) + PILOT_STAGGER_WEEKS * ready
            ready += 1
            out.append(
                CaseStep(
                    f"uc:{cid}:pilot",
                    cid,
                    "pilot",
                    _phase_at(start, phases),
                    "delivery",
                    start,
                    start + result.weeks,
                    owners.get("business_lead", "business_lead"),
                    "medium",
                    (*_waits_for(result, after, only_if), *gate_steps),
                )
            )
    return out


#: a case's own gates: once their rows are done, its pilot may start (the organisation's
#: readiness, a binding rule or a prohibited practice are not cleared by one row)
CASE_GATES = ("dpia", "oversight", "transparency", "residency", "conformity", "confirm")


@dataclass(frozen=True)
class CaseMove:
    """A use case in both files whose verdict or quadrant moved."""

    id: str
    name: str
    before: str  # verdict
    after: str
    quadrant_before: str
    quadrant_after: str


@dataclass(frozen=True)
class CaseChanges:
    """Use cases added, dropped and moved between an earlier and a later portfolio."""

    added: tuple[CaseResult, ...]
    dropped: tuple[CaseResult, ...]
    moved: tuple[CaseMove, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.dropped or self.moved)


def compare_cases(earlier: Portfolio, later: Portfolio) -> CaseChanges:
    """What changed in the portfolio: cases matched by id."""
    before = {c.case.id: c for c in earlier.cases}
    after = {c.case.id: c for c in later.cases}
    moved = tuple(
        CaseMove(cid, c.case.name, before[cid].verdict, c.verdict, before[cid].quadrant, c.quadrant)
        for cid, c in after.items()
        if cid in before and (before[cid].verdict, before[cid].quadrant) != (c.verdict, c.quadrant)
    )
    return CaseChanges(
        tuple(c for cid, c in after.items() if cid not in before),
        tuple(c for cid, c in before.items() if cid not in after),
        moved,
    )

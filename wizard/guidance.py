"""Everything the results page and ``score`` report, computed once from the answers.

The result is language-free (ids, numbers, reason codes): the sentences and rows in a language
come from ``wizard.report`` and ``wizard.roadmap.roadmap_rows``, so switching the language
repeats no Monte Carlo draw and no flip search.

Restrictions enter in three ways (docs/method.md): a binding, in-force entry that
covers every route of a model family the organisation intends to use is a blocker the engine
derives itself; an answer that contradicts a binding entry ("no directive binds us") is a
warning that lowers the confidence and puts "confirm with counsel" first on the roadmap; and
routes are allowed or ruled out per model family.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from wizard.answers import UNKNOWN, AnswerValue, chosen_options, holds
from wizard.cautions import Caution, stale_cautions
from wizard.config import (
    ANY_BODY,
    Catalog,
    Duty,
    Law,
    Question,
    Questionnaire,
    Restriction,
    WeightProfile,
)
from wizard.config.ids import JURISDICTIONS, MODELS
from wizard.flips import Change, FlipPlan, flip_plan
from wizard.restrictions import (
    FamilyBlock,
    RestrictionMatch,
    answered_places,
    family_blocks,
    family_question,
    intended_families,
    match_restrictions,
)
from wizard.roadmap import Extra, PlannedAction, Reason, owner_mapping, plan_roadmap
from wizard.routes import RouteFit, rank_routes, top_route
from wizard.scoring import ACT_NOW, Assessment, BlockerHit, assess, with_blockers
from wizard.sensitivity import (
    DEFAULT_DRAWS,
    Sensitivity,
    adjusted_confidence,
    sensitivity,
)

#: Confidence kept when an answer contradicts a binding entry, when an intended model may be
#: covered ("confirm with the authority"), and when the body type was not given.
CONFLICT_FACTOR = 0.6
UNCLEAR_FACTOR = 0.85
ASSUMED_FACTOR = 0.85
#: confidence is multiplied by this once per entry the result rests on that is still to be
#: confirmed (its text may cover an intended model, it binds only by assumption, or its facts
#: are not verified): two such entries give 0.85 x 0.85
CONFIRM_FACTOR = 0.85


@dataclass(frozen=True)
class Advice:
    """Everything derived from one answer set, in no language."""

    result: Assessment
    matches: tuple[RestrictionMatch, ...]
    sensitivity: Sensitivity
    flip: FlipPlan
    routes: tuple[RouteFit, ...]
    top_route: RouteFit | None
    confidence: float  # the assessment's confidence, adjusted by sensitivity and warnings
    plan: tuple[PlannedAction, ...]  # the roadmap, in no language
    warnings: tuple[Caution, ...] = ()
    intended: tuple[str, ...] = ()  # the model families the organisation intends to use
    laws: tuple[Law, ...] = ()  # laws of its jurisdictions the advice names


def _claims_question(q: Questionnaire) -> Question | None:
    """The scored question whose options say whether a restriction binds the organisation."""
    for question in q.scored_questions:
        if any(o.claims is not None for o in question.options):
            return question
    return None


def restriction_cautions(
    q: Questionnaire,
    answers: Mapping[str, AnswerValue],
    matches: Sequence[RestrictionMatch],
    ranked: Sequence[RouteFit],
    blocks: Sequence[FamilyBlock] = (),
) -> list[Caution]:
    """What the answers and the watchlist say together that the organisation must check.

    A binding entry the answers deny; "our route is outside it" while it rules out an intended
    model everywhere; an intended model that a binding entry may cover (confirm) or that a
    related entry covers (check whether it applies); entries only assumed to bind.
    """
    out: list[Caution] = []
    denied = denied_entries(q, answers, matches)
    question = _claims_question(q)
    if denied and question is not None:
        reported = all(e.certainty in ("reported", "uncertain") for e in denied)
        out.append(
            Caution(
                "restriction-conflict",
                "restriction_conflict_reported" if reported else "restriction_conflict",
                denied,
                (("question", question.id), ("answer", str(answers.get(question.id)))),
            )
        )
    if question is not None and blocks:
        value = answers.get(question.id)
        option = question.options_by_id.get(value) if isinstance(value, str) else None
        if option is not None and option.claims == "outside":
            for block in blocks:
                out.append(
                    Caution(
                        f"restriction-outside:{block.family}",
                        "restriction_outside",
                        tuple(m.entry for m in block.by),
                        (("family", block.family),),
                    )
                )
    for code, pick in (
        ("restriction_unclear", lambda s: s.by if s.status == "confirm" else ()),
        ("restriction_related", lambda s: s.related if s.status == "allowed" else ()),
    ):
        found: dict[str, tuple[str, list[Restriction]]] = {}
        for fit in ranked:
            for status in fit.families:
                if not status.intended:
                    continue
                for match in pick(status):
                    route, entries = found.setdefault(status.family, (fit.route.id, []))
                    if match.entry not in entries:
                        entries.append(match.entry)
        for family, (route, entries) in found.items():
            out.append(
                Caution(
                    f"{code.replace('_', '-')}:{family}",
                    code,
                    tuple(entries),
                    (("family", family), ("route", route)),
                )
            )
    assumed = [m for m in matches if m.binding and m.assumed]
    if assumed:
        out.append(
            Caution("restriction-assumed", "restriction_assumed", tuple(m.entry for m in assumed))
        )
    return out


def _allowed_families(ranked: Sequence[RouteFit], intended: Sequence[str]) -> list[str]:
    """Families some adopting route may run, intended ones first."""
    out: list[str] = []
    for fit in ranked:
        if not fit.route.watch_only:
            out.extend(f for f in fit.allowed_families if f not in out)
    return sorted(out, key=lambda f: (f not in intended, out.index(f)))


def _roadmap_extras(
    matches: Sequence[RestrictionMatch],
    blocks: Sequence[FamilyBlock],
    cautions: Sequence[Caution],
    ranked: Sequence[RouteFit],
    intended: Sequence[str],
) -> list[Extra]:
    """Rows the restrictions add, a denied entry first.

    Confirm with counsel, re-plan without a ruled-out model, block a banned service on managed
    devices (device bans only), ask the authority.
    """
    conflict = any(c.code.startswith("restriction_conflict") for c in cautions)
    top = top_route(ranked)
    out: list[Extra] = []
    route_fill = {"route": top.route.id} if top is not None else {}
    if top is not None:
        # models the top route may run without doubt: those to confirm have their own row
        chosen = [s.family for s in top.families if s.intended and s.status == "allowed"]
        models = ",".join(chosen or top.allowed_families)
    else:
        models = ",".join(intended)
    binding = [m for m in matches if m.binding]
    confirm: dict[str, list[str]] = {}
    for match in binding:
        if match.entry.kind == "legal_barrier" and not match.assumed:
            # a law, not a directive: no "confirm we are outside it", but keep the data off
            # the pairs it bars (the barrier's own row)
            pairs = sorted(match.entry.covered_pairs)
            out.append(
                Extra(
                    "barrier",
                    match.entry.id,
                    Reason("legal_barrier", (("entry", match.entry.id),)),
                    {
                        "route": pairs[0][0] if pairs else "",
                        "models": ",".join(sorted({f for _, f in pairs})),
                        "entry": match.entry.id,
                    },
                )
            )
            continue
        if match.assumed:
            code = "restriction_assumed"
        elif conflict:
            code = "restriction_conflict"
        else:
            code = "restriction_binding"
        confirm.setdefault(code, []).append(match.entry.id)
    # one "confirm we are outside it" row per kind of reason, naming every entry it concerns
    for code, ids in confirm.items():
        entries = ",".join(ids)
        out.append(
            Extra(
                "confirm",
                code,
                Reason(code, (("entry", entries),)),
                {**route_fill, "models": models, "entry": entries},
            )
        )
    out.sort(key=lambda e: e.reason.code != "restriction_conflict")
    blocked = {b.family for b in blocks}
    allowed = [f for f in _allowed_families(ranked, intended) if f not in blocked]
    for block in blocks:
        for match in block.by:
            out.append(
                Extra(
                    "drop",
                    "",
                    Reason(
                        "restriction_blocker", (("entry", match.entry.id), ("family", block.family))
                    ),
                    {
                        "models": ",".join(b.family for b in blocks),
                        "allowed": ",".join(allowed),
                    },
                )
            )
    banning = [m for m in binding if not m.assumed and m.entry.requires_block]
    banned = sorted({f for m in banning for _, f in m.entry.covered_pairs})
    for match in banning:
        out.append(
            Extra(
                "block",
                "",
                Reason("restriction_block", (("entry", match.entry.id),)),
                {"models": ",".join(banned), "entry": ",".join(m.entry.id for m in banning)},
            )
        )
    for caution in cautions:
        if caution.code in ("restriction_unclear", "restriction_related"):
            values = dict(caution.values)
            ids = ",".join(e.id for e in caution.entries)
            out.append(
                Extra(
                    "unclear",
                    str(values["family"]),
                    Reason(caution.code, (("entry", ids), ("family", values["family"]))),
                    {"route": str(values["route"]), "models": str(values["family"]), "entry": ids},
                )
            )
    return out


def _duty_extras(duties: Sequence[DueDuty], today: date) -> list[Extra]:
    """One roadmap row per dated duty of a law that binds the organisation."""
    return [
        Extra(
            "duty",
            f"{d.law.id}.{d.duty.id}",
            Reason("law_duty", (("law", d.law.id), ("duty", d.duty.id))),
            {
                "law": d.law.id,
                "duty": d.duty.id,
                "date": d.duty.due,
                "approximate": "1" if d.duty.approximate else "",
                "overdue": "1" if d.duty.due < today.isoformat() else "",
            },
        )
        for d in duties
    ]


def _contradicted(q: Questionnaire, matches: Sequence[RestrictionMatch]) -> dict[str, set[str]]:
    """Answers the watchlist contradicts: "no directive binds us" while one binds them."""
    question = _claims_question(q)
    directives = [m for m in matches if m.entry.kind == "directive"]
    if question is None or not any(m.binding and not m.assumed for m in directives):
        return {}
    return {question.id: {o.id for o in question.options if o.claims == "not_bound"}}


@dataclass(frozen=True)
class RestrictionFlags:
    """What the watchlist says about one answer set, cheaply (no routes ranked, no flips)."""

    blocks: tuple[FamilyBlock, ...]  # intended families ruled out everywhere
    conflicts: tuple[Restriction, ...]  # binding entries the answers deny ("none binds us")
    stops: bool = True  # every intended family is ruled out: the blocks stop the organisation

    def blockers(self) -> list[BlockerHit]:
        """The derived blockers (none while some intended model stays open)."""
        return derived_blockers(self.blocks) if self.stops else []


def stopping(blocks: Sequence[FamilyBlock], intended: Sequence[str]) -> tuple[FamilyBlock, ...]:
    """The blocks that stop the organisation.

    All of them when every intended model family is ruled out; none while one stays open (then
    the organisation acts on the open ones and drops the others: a rule stops a model, not the
    whole organisation).
    """
    blocked = {b.family for b in blocks}
    return tuple(blocks) if blocks and set(intended) <= blocked else ()


def derived_blockers(blocks: Sequence[FamilyBlock]) -> list[BlockerHit]:
    """One blocker per intended model family that binding entries rule out everywhere."""
    return [BlockerHit(MODELS, b.family, None, tuple(m.entry for m in b.by)) for b in blocks]


def denied_entries(
    q: Questionnaire, answers: Mapping[str, AnswerValue], matches: Sequence[RestrictionMatch]
) -> tuple[Restriction, ...]:
    """Binding entries the answers deny: "no directive binds us" (or "don't know") while they do."""
    question = _claims_question(q)
    intended = set(intended_families(q, answers))

    def concerns(entry: Restriction) -> bool:
        # an order addressed to the vendor (Italy's Garante) binds users only through the
        # models they use; a device ban binds the organisation whatever it intends
        if entry.requires_block or not intended:
            return True
        return bool({f for _, f in entry.covered_pairs | entry.unclear_pairs} & intended)

    # the question asks about directives: a law that binds everyone under it (a GDPR transfer
    # barrier) is not denied by answering that no directive binds the organisation
    sure = tuple(
        m.entry
        for m in matches
        if m.binding and not m.assumed and m.entry.kind == "directive" and concerns(m.entry)
    )
    if question is None or not sure:
        return ()
    value = answers.get(question.id)
    option = question.options_by_id.get(value) if isinstance(value, str) else None
    if value == UNKNOWN or (option is not None and option.claims == "not_bound"):
        return sure
    return ()


def restriction_inputs(catalog: Catalog, q: Questionnaire) -> tuple[str, ...]:
    """The answers :func:`restriction_flags` reads (to compute it once per distinct set)."""
    from wizard.config.ids import BODY_TYPE, SECTOR

    conditions = {
        e.applies_if.question for e in catalog.restrictions.entries if e.applies_if is not None
    }
    claims = _claims_question(q)
    keys = {*q.place_questions, BODY_TYPE, SECTOR, MODELS, *conditions}
    if claims is not None:
        keys.add(claims.id)
    return tuple(sorted(keys))


def restriction_flags(
    catalog: Catalog, q: Questionnaire, answers: Mapping[str, AnswerValue]
) -> RestrictionFlags:
    """The derived blockers and the conflicts of one answer set (for many people at once)."""
    matches = match_restrictions(catalog.restrictions, answers, q.place_questions)
    intended = intended_families(q, answers)
    blocks = family_blocks(catalog.routes, matches, intended)
    conflicts = denied_entries(q, answers, matches)
    return RestrictionFlags(tuple(blocks), conflicts, bool(stopping(blocks, intended)))


def _unblock(
    q: Questionnaire,
    answers: Mapping[str, AnswerValue],
    blocks: Sequence[FamilyBlock],
    ranked: Sequence[RouteFit],
) -> Change | None:
    """Choose models no binding entry rules out: the intended ones left, else the top route's."""
    question = family_question(q)
    if question is None or not blocks:
        return None
    blocked = {b.family for b in blocks}
    old = answers.get(question.id)
    clear = {f for fit in ranked if not fit.route.watch_only for f in fit.allowed_families}
    # only families some route may run without doubt ("confirm" ones are no way out)
    keep = [f for f in intended_families(q, answers) if f not in blocked and f in clear]
    if not keep:
        top = top_route(ranked)
        keep = list(top.allowed_families[:1]) if top is not None else []
    if not keep:
        return None
    return Change(question.id, old, keep, "blocker")


def _flip(
    q: Questionnaire,
    profile: WeightProfile,
    answers: Mapping[str, AnswerValue],
    scored: Assessment,
    blocks: Sequence[FamilyBlock],
    ranked: Sequence[RouteFit],
    matches: Sequence[RestrictionMatch],
) -> FlipPlan:
    """The flip plan; a derived blocker goes first, lifted by choosing models it does not cover.

    With not enough information there is none: the way forward is the discovery sprint.
    """
    if scored.insufficient:
        return FlipPlan(ACT_NOW, (), False)
    avoid = _contradicted(q, matches)
    if not blocks:
        return flip_plan(q, profile, answers, scored, avoid=avoid)
    unblock = _unblock(q, answers, blocks, ranked)
    if scored.decision == ACT_NOW:  # only the derived blocker stands between them and act now
        return FlipPlan(ACT_NOW, (unblock,) if unblock else (), unblock is not None)
    plan = flip_plan(q, profile, answers, scored, avoid=avoid)
    if unblock is None:
        return FlipPlan(plan.target, plan.changes, False)
    return FlipPlan(plan.target, (unblock, *plan.changes), plan.found)


def applicable_laws(
    catalog: Catalog, answers: Mapping[str, AnswerValue], q: Questionnaire | None = None
) -> tuple[Law, ...]:
    """The laws of the organisation's places (Taiwan AI Basic Act, EU AI Act, ...)."""
    if catalog.laws is None:
        return ()
    places = answered_places(answers, q.place_questions if q is not None else (JURISDICTIONS,))
    return tuple(law for law in catalog.laws.laws if places & set(law.jurisdictions))


@dataclass(frozen=True)
class DueDuty:
    """A dated duty of a law that binds this organisation (for the roadmap)."""

    law: Law
    duty: Duty


def due_duties(
    laws: Sequence[Law], answers: Mapping[str, AnswerValue], today: date
) -> tuple[DueDuty, ...]:
    """The dated duties of ``laws`` on this organisation's kinds of body, soonest first.

    Duties whose day is more than a year past are left out (done, or owed long ago: the law's
    summary says so); a duty with a condition (high-risk use cases) needs it to hold.
    """
    from wizard.config.ids import BODY_TYPE

    bodies = set(chosen_options(answers.get(BODY_TYPE)))
    out = []
    for law in laws:
        for duty in law.duties:
            if ANY_BODY not in duty.bodies and not (bodies & set(duty.bodies)):
                continue
            if duty.applies_if is not None and not holds(duty.applies_if, answers):
                continue
            if (today - date.fromisoformat(duty.due)).days > 365:
                continue
            out.append(DueDuty(law, duty))
    return tuple(sorted(out, key=lambda d: d.duty.due))


def advise(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    answers: Mapping[str, AnswerValue],
    today: date | None = None,
    draws: int = DEFAULT_DRAWS,
) -> Advice:
    """Assess the answers and derive the robustness, the flip plan, routes and the roadmap."""
    today = today or date.today()
    scored = assess(q, profile, answers)
    matches = tuple(match_restrictions(catalog.restrictions, answers, q.place_questions))
    intended = intended_families(q, answers)
    blocks = family_blocks(catalog.routes, matches, intended)
    stops = stopping(blocks, intended)
    result = with_blockers(scored, derived_blockers(stops))
    sens = sensitivity(q, result, draws=draws)
    ranked = tuple(rank_routes(q, catalog.routes, answers, result.decision, matches, intended))
    top = top_route(ranked)
    cautions = [
        *(
            [
                Caution(
                    "not-enough-information",
                    "not_enough_information",
                    (),
                    (("share", round(result.unknown_question_share * 100)),),
                )
            ]
            if result.insufficient
            else []
        ),
        *restriction_cautions(q, answers, matches, ranked, blocks),
        *stale_cautions(catalog, today, matches),
        *(
            [
                Caution(
                    "restriction-partial",
                    "restriction_partial",
                    tuple(dict.fromkeys(m.entry for b in blocks for m in b.by)),
                    (("family", ",".join(b.family for b in blocks)),),
                )
            ]
            if blocks and not stops
            else []
        ),
    ]
    doubtful = to_confirm(cautions, blocks)
    if doubtful:
        cautions.append(
            Caution("rests-on-confirm", "rests_on_confirm", doubtful, (("count", len(doubtful)),))
        )
    confidence = adjusted_confidence(result, sens) * CONFIRM_FACTOR ** len(doubtful)
    for caution in cautions:
        confidence *= {
            "restriction_conflict": CONFLICT_FACTOR,
            "restriction_conflict_reported": UNCLEAR_FACTOR,
            "restriction_related": UNCLEAR_FACTOR,
        }.get(caution.code, 1.0)
    flip = _flip(q, profile, answers, scored, stops, ranked, matches)
    flip = replace(flip, owners=tuple(sorted(owner_mapping(q, answers).items())))
    laws = applicable_laws(catalog, answers, q)
    extras = [
        *_roadmap_extras(matches, blocks, cautions, ranked, intended),
        *_duty_extras(due_duties(laws, answers, today), today),
    ]
    return Advice(
        result=result,
        matches=matches,
        sensitivity=sens,
        flip=flip,
        routes=ranked,
        top_route=top,
        confidence=round(confidence, 4),
        plan=plan_roadmap(q, result, answers, today, extras),
        warnings=tuple(cautions),
        intended=intended,
        laws=laws,
    )


def to_confirm(
    cautions: Sequence[Caution], blocks: Sequence[FamilyBlock]
) -> tuple[Restriction, ...]:
    """The entries the result rests on that are still to be confirmed, each once.

    An entry whose text may cover an intended model ("confirm with the competent authority"),
    one that binds only by assumption (body type, sector or data class not given), and one
    behind a blocker whose facts are not verified (reported, fairly confident).
    """
    out: list[Restriction] = []
    for caution in cautions:
        if caution.code in ("restriction_unclear", "restriction_assumed"):
            out.extend(e for e in caution.entries if e not in out)
    for block in blocks:
        out.extend(
            m.entry for m in block.by if m.entry.certainty != "verified" and m.entry not in out
        )
    return tuple(out)


def decision_of(
    catalog: Catalog, q: Questionnaire, profile: WeightProfile, answers: Mapping[str, AnswerValue]
) -> str:
    """The verdict alone (act_now or wait), as :func:`advise` decides it, without the rest."""
    flags = restriction_flags(catalog, q, answers)
    return with_blockers(assess(q, profile, answers), flags.blockers()).decision

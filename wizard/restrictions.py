"""Which watchlist entries bind an organisation, and what they rule out, from its profile answers.

The model (docs/method.md): an entry binds kinds of body (central government, state
government, contractors, ...) in some jurisdictions, and covers (route, model family) pairs: a rule
about DeepSeek's hosted service says nothing about self-hosting Llama. Entries that only inform the
organisation are "related"; lifted or superseded ones are "history" and rule out nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from wizard.answers import UNKNOWN, AnswerValue
from wizard.config import (
    ANY_BODY,
    BodyRule,
    Question,
    Questionnaire,
    Restriction,
    RestrictionsFile,
    Route,
    RoutesFile,
)
from wizard.config.ids import BODY_TYPE, JURISDICTIONS, MODELS, SECTOR

Standing = Literal["binding", "related", "history"]
PairStatus = Literal["allowed", "ruled_out", "confirm"]
STANDINGS: tuple[Standing, ...] = ("binding", "related", "history")


@dataclass(frozen=True, eq=False)  # identity: comparing entries field by field is slow
class RestrictionMatch:
    """A watchlist entry that concerns the organisation, and how."""

    entry: Restriction
    jurisdictions: tuple[str, ...]  # the respondent's jurisdictions it matched on
    standing: Standing
    bodies: tuple[str, ...] = ()  # the respondent's body types it matched on
    assumed: bool = False  # the body type was not given: assumed to bind, to be confirmed
    unmet: bool = False  # related only because its condition does not hold (no personal data)

    @property
    def binding(self) -> bool:
        """Whether it binds the organisation now (in force, and its body types match)."""
        return self.standing == "binding"


def _chosen(answers: Mapping[str, AnswerValue], qid: str) -> list[str] | None:
    """The options chosen for a multi question; None when unanswered or "don't know"."""
    value = answers.get(qid)
    if isinstance(value, list | tuple) and value:
        return [str(v) for v in value]
    if isinstance(value, str) and value != UNKNOWN:
        return [value]
    return None


def _rule_bodies(
    rules: Iterable[BodyRule], bodies: Sequence[str], sector: str | None
) -> tuple[tuple[str, ...], bool]:
    """The respondent's body types one of ``rules`` names (in its sectors, if it has any).

    The flag says the match rests on a sector that was not given (so it is only assumed): a
    rule for defence bodies binds a federal agency of unknown sector only by assumption.
    """
    sure: list[str] = []
    maybe: list[str] = []
    for rule in rules:
        if rule.sectors and sector is not None and sector not in rule.sectors:
            continue
        hit = bodies if ANY_BODY in rule.bodies else [b for b in bodies if b in rule.bodies]
        into = maybe if rule.sectors and sector is None else sure
        into.extend(b for b in hit if b not in into)
    if sure:
        return tuple(sure), False
    return tuple(maybe), bool(maybe)


def _condition(entry: Restriction, answers: Mapping[str, AnswerValue]) -> bool | None:
    """Whether the entry's ``applies_if`` holds: True, False, or None when not answered."""
    cond = entry.applies_if
    if cond is None:
        return True
    given = _chosen(answers, cond.question)
    if given is None:
        return None
    return bool(set(given) & set(cond.in_))


def answered_places(
    answers: Mapping[str, AnswerValue], place_questions: Sequence[str] = (JURISDICTIONS,)
) -> set[str]:
    """Every place the answers name: the countries and, where asked, their regions."""
    return {p for qid in place_questions for p in (_chosen(answers, qid) or ())}


def match_restrictions(
    watchlist: RestrictionsFile,
    answers: Mapping[str, AnswerValue],
    place_questions: Sequence[str] = (JURISDICTIONS,),
) -> list[RestrictionMatch]:
    """The entries of the organisation's jurisdictions that bind or inform its kind of body.

    In force and naming one of its body types in ``binds``: binding. Naming one only in
    ``informs``: related. Lifted or superseded: history (shown, never binding). An entry whose
    ``applies_if`` does not hold (Italy's order, for non-personal data) is related. When the
    body type, the sector a rule needs, or the ``applies_if`` answer is not given, the entry is
    binding but ``assumed``: leaving out a binding restriction is worse than showing one that may
    not apply, but an assumption never derives a blocker. Binding entries come first.

    Places are the countries and their regions (``place_questions``): a South Australian
    department matches South Australia's ban as binding (it binds state government) and the
    Commonwealth direction as related (that one binds central government, informs states).
    Notices and advisories (addressed to others) only inform, whatever their lists say.
    """
    places = answered_places(answers, place_questions)
    bodies = _chosen(answers, BODY_TYPE)
    sector_value = answers.get(SECTOR)
    sector = sector_value if isinstance(sector_value, str) and sector_value != UNKNOWN else None
    out: list[RestrictionMatch] = []
    index = watchlist.by_jurisdiction
    candidates = {e.id for place in places for e in index.get(place, ())}
    for entry in watchlist.entries:
        if entry.id not in candidates:
            continue
        hit = tuple(j for j in entry.jurisdictions if j in places)
        if bodies is None:
            standing: Standing = "binding" if entry.binds else "related"
            match = RestrictionMatch(entry, hit, standing, (), True)
        else:
            bound, guessed = _rule_bodies(entry.binds, bodies, sector)
            informed, _ = _rule_bodies(entry.informs, bodies, sector)
            if bound:
                match = RestrictionMatch(entry, hit, "binding", bound, guessed)
            elif informed:
                match = RestrictionMatch(entry, hit, "related", informed)
            else:
                continue
        holds = _condition(entry, answers)
        if match.binding and holds is False:  # e.g. Italy's order, for non-personal data
            match = RestrictionMatch(entry, hit, "related", match.bodies, unmet=True)
        elif match.binding and holds is None:
            match = RestrictionMatch(entry, hit, "binding", match.bodies, True)
        if match.binding and entry.kind in ("notice", "advisory"):
            match = RestrictionMatch(entry, hit, "related", match.bodies)
        if not entry.in_force:
            match = RestrictionMatch(entry, hit, "history", match.bodies, match.assumed)
        out.append(match)
    rank = {s: i for i, s in enumerate(STANDINGS)}
    return sorted(out, key=lambda m: rank[m.standing])


# --------------------------------------------------------------------------- model families
def family_question(q: Questionnaire) -> Question | None:
    """The ``models`` profile question, if the questionnaire has one."""
    return q.questions_by_id.get(MODELS)


def intended_families(q: Questionnaire, answers: Mapping[str, AnswerValue]) -> tuple[str, ...]:
    """The model families the organisation intends to use; empty when not decided or not asked."""
    question = family_question(q)
    chosen = _chosen(answers, MODELS)
    if question is None or chosen is None:
        return ()
    return tuple(
        f for f in chosen if f in question.options_by_id and not question.options_by_id[f].exclusive
    )


@dataclass(frozen=True)
class FamilyStatus:
    """Whether one model family may run on one route, and which binding entries say otherwise."""

    family: str
    status: PairStatus
    by: tuple[RestrictionMatch, ...]  # entries that rule it out, or may cover it ("confirm")
    intended: bool
    related: tuple[RestrictionMatch, ...] = ()  # in-force related entries that cover the pair


def related_covering(
    route: str, family: str, matches: Sequence[RestrictionMatch]
) -> tuple[RestrictionMatch, ...]:
    """Related (not binding) in-force entries that cover or may cover the pair: worth a check.

    Not those related only because their condition does not hold: a law on personal data says
    nothing about public data, so there is nothing to check.
    """
    return tuple(
        m
        for m in matches
        if m.standing == "related"
        and not m.unmet
        and ((route, family) in m.entry.covered_pairs or (route, family) in m.entry.unclear_pairs)
    )


def pair_status(
    route: str, family: str, matches: Sequence[RestrictionMatch]
) -> tuple[PairStatus, tuple[RestrictionMatch, ...]]:
    """Allowed, ruled out (a binding entry covers the pair) or confirm (its text may cover it)."""
    binding = [m for m in matches if m.binding]
    out = tuple(m for m in binding if (route, family) in m.entry.covered_pairs)
    if out:
        return "ruled_out", out
    unclear = tuple(m for m in binding if (route, family) in m.entry.unclear_pairs)
    if unclear:
        return "confirm", unclear
    return "allowed", ()


def route_families(
    route: Route, matches: Sequence[RestrictionMatch], intended: Sequence[str]
) -> tuple[FamilyStatus, ...]:
    """Each family the route can run, intended ones first, with its status."""
    order = sorted(route.families, key=lambda f: (f not in intended, route.families.index(f)))
    return tuple(
        FamilyStatus(
            f,
            *pair_status(route.id, f, matches),
            f in intended,
            related_covering(route.id, f, matches),
        )
        for f in order
    )


@dataclass(frozen=True)
class FamilyBlock:
    """An intended model family that binding entries rule out on every route that runs it."""

    family: str
    by: tuple[RestrictionMatch, ...]


def family_blocks(
    routes: RoutesFile, matches: Sequence[RestrictionMatch], intended: Sequence[str]
) -> list[FamilyBlock]:
    """The intended families that binding entries rule out on every route that runs them.

    Entries merely assumed to bind (no body type given) do not count: they only warn.
    """
    considered = [m for m in matches if m.binding and not m.assumed]
    out = []
    for family in intended:
        carriers = [r for r in routes.routes if family in r.families]
        statuses = [pair_status(r.id, family, considered) for r in carriers]
        if carriers and all(s == "ruled_out" for s, _ in statuses):
            by: list[RestrictionMatch] = []
            for _, found in statuses:
                by.extend(m for m in found if m not in by)
            out.append(FamilyBlock(family, tuple(by)))
    return out

"""A verdict per use case: its own answers over the organisation's, its gates, cost, quadrant."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from wizard.answers import UNKNOWN, AnswerValue, chosen_options
from wizard.config import Catalog, Questionnaire, UseCaseData, WeightProfile
from wizard.config.ids import (
    BODY_TYPE,
    BUDGET,
    CONFORMITY,
    DATA_CLASS,
    DPIA,
    INFRA,
    MODELS,
    OVERSIGHT,
    OWN_GPUS,
    RESIDENCY,
    RISK_TIERS,
    ROUTE,
    SECTOR,
    TRANSPARENCY,
)
from wizard.cost import Usage, monthly_cost
from wizard.portfolio.cases import (
    BUILD,
    HOURS_A_MONTH,
    NEEDS_DPIA,
    NEEDS_OVERSIGHT,
    NOT_ALLOWED,
    NOTES,
    PROHIBITED,
    QUADRANTS,
    VERDICTS,
    UseCase,
    Verdict,
    with_template,
)
from wizard.restrictions import (
    RestrictionMatch,
    match_restrictions,
    pair_status,
    related_covering,
)
from wizard.scoring import ACT_NOW, WAIT, Assessment, assess


# --------------------------------------------------------------------------- judging
@dataclass(frozen=True)
class Gate:
    """Why a case waits or is not allowed (or a note on it), language-free.

    ``code``: ``prohibited``, ``blocked`` (binding entries rule out every planned model on the
    route), ``confirm`` (an entry may cover it: confirm with the authority), ``dpia``,
    ``oversight``, ``transparency``, ``readiness`` (the organisation's readiness for this case
    says wait), or a note: ``family_dropped`` (some planned models are ruled out, others run),
    ``duties_build`` / ``duties_buy`` (a high-risk case's provider or deployer duties),
    ``advised`` (an advisory or a rule binding others covers the model and route it runs on:
    worth reading, binding no one here), ``automated_decisions`` (a high-risk decision on
    people from their personal data: human review and the right to contest, GDPR Art. 22),
    ``fria`` (a fundamental-rights impact assessment, AI Act Art. 27, for public bodies and
    credit or insurance), ``gpu_floor`` (a self-hosted GPU costs ``amount`` a month however
    little it serves), ``no_price`` (no priced model: the value is not weighed against a cost),
    ``costs_more`` (a year's running cost, ``amount``, is more than the value the case is
    given).
    """

    code: str
    entries: tuple[str, ...] = ()  # watchlist entry ids
    families: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()  # dimensions below their floor (readiness)
    questions: tuple[str, ...] = ()  # blocker questions (readiness)
    yardstick: bool = False  # the law behind it does not apply here: a yardstick, said so
    amount: float | None = None  # USD a month (gpu_floor), a year (costs_more)


@dataclass(frozen=True)
class CaseResult:
    """A use case's verdict, reasons, cost, value and quadrant."""

    case: UseCase  # with its template applied
    verdict: Verdict
    gates: tuple[Gate, ...]
    readiness: float | None  # the organisation's overall score with this case's answers
    threshold: float
    route: str | None  # the route id it may run on (or would, once its gates clear)
    family: str | None
    model: str | None  # the cheapest priced model it may use there
    monthly_cost: float | None
    value_per_year: float
    high_value: bool
    quadrant: str
    alternative: tuple[str, str] | None = None  # (route, family) allowed, when not allowed
    requests: int = 0
    tokens: int = 0
    weeks: int = 8
    #: entries that hold this case only because it runs for a client (``client_bodies``)
    via_client: tuple[str, ...] = ()
    #: the data class it is judged on: its own, else the organisation's answer
    data_class: str | None = None
    #: the risk tiers it is judged on: its own, else the organisation's answer
    risk_tiers: tuple[str, ...] = ()

    @property
    def yearly_cost(self) -> float | None:
        """Twelve months of running cost."""
        return None if self.monthly_cost is None else 12 * self.monthly_cost

    @property
    def gpu_month(self) -> float | None:
        """The month of one GPU it names (``gpu_floor``), when that is more than its tokens."""
        return next((g.amount for g in self.gates if g.code == "gpu_floor"), None)

    @property
    def running_month(self) -> float | None:
        """A month of running it: its token cost, or one GPU's month when that is more."""
        if self.monthly_cost is None:
            return None
        return max(self.monthly_cost, self.gpu_month or 0.0)

    @property
    def net_value(self) -> float:
        """Yearly value less yearly running cost."""
        return self.value_per_year - (self.yearly_cost or 0.0)

    @property
    def waits_on(self) -> tuple[str, ...]:
        """The gate codes that hold the case (not notes)."""
        return tuple(g.code for g in self.gates if g.code not in NOTES)


def _chosen(answers: Mapping[str, AnswerValue], qid: str) -> list[str]:
    """The options an answer holds ("don't know" holds none)."""
    return [v for v in chosen_options(answers.get(qid)) if v != UNKNOWN]


def _route_ids(data: UseCaseData | None, answers: Sequence[str]) -> list[str]:
    """The adoption routes that carry these answers of ``sec_route``."""
    return [rid for answer in answers for rid in (data.routes.get(answer, ()) if data else ())]


def case_answers(
    q: Questionnaire,
    answers: Mapping[str, AnswerValue],
    case: UseCase,
    data: UseCaseData | None = None,
) -> dict[str, AnswerValue]:
    """The organisation's answers with what ``case`` (its template applied) sets for itself.

    A case run for a client takes the client's kinds of body; a government contractor's case
    for a client outside government is not government work (``data``'s contractor rule).
    """
    out: dict[str, AnswerValue] = dict(answers)

    def put(qid: str, value: AnswerValue) -> None:
        question = q.questions_by_id.get(qid)
        if question is None:
            return
        items = value if isinstance(value, list) else [value]
        if all(v in question.option_ids for v in items):
            out[qid] = value

    if case.data_class:
        put(DATA_CLASS, case.data_class)
    if case.risk_tiers:
        put(RISK_TIERS, list(case.risk_tiers))
    if case.models:
        put(MODELS, list(case.models))
    if case.route:
        put(ROUTE, [case.route])
    if case.dpia_done is not None:
        put(DPIA, "done" if case.dpia_done else "none")
    tiers = _chosen(out, RISK_TIERS)
    if case.oversight is not None:
        if set(tiers) & set(NEEDS_OVERSIGHT):
            put(OVERSIGHT, "always" if case.oversight else "none")
        elif case.risk_tiers:
            put(OVERSIGHT, "no-such-cases")
    own = _chosen(out, BODY_TYPE)
    unsure = not own  # "don't know" or unanswered: the organisation may itself be bound
    if case.client_bodies and not (unsure and set(case.client_bodies) <= {"private"}):
        # a client's kinds of body bind the case; a private client leaves an unsure
        # organisation's own status as it is (its assumed entries still hold)
        bodies = [b for b in own if b != "private"]
        contractor = data.contractor_body if data is not None else None
        if contractor in bodies and not set(case.client_bodies) & set(data.government_bodies):
            bodies = [b for b in bodies if b != contractor]  # not its government work
        put(BODY_TYPE, list(dict.fromkeys([*bodies, *case.client_bodies])))
    return out


def _families(q: Questionnaire, answers: Mapping[str, AnswerValue]) -> list[str]:
    question = q.questions_by_id.get(MODELS)
    if question is None:
        return []
    chosen = [f for f in _chosen(answers, MODELS) if f in question.option_ids]
    real = [o.id for o in question.options if not o.exclusive]
    picked = [f for f in chosen if f in real]
    return picked or real  # not decided: any family may carry it


def _usage(case: UseCase, data: UseCaseData | None) -> tuple[int, int]:
    size = None
    if data is not None:
        size = data.sizes.get(case.size or "") or data.sizes.get("medium")
    requests = case.requests_per_month
    tokens = case.tokens_per_request
    if requests is None:
        requests = size.requests if size is not None else 20_000
    if tokens is None:
        tokens = size.tokens if size is not None else 2_000
    return requests, tokens


def _value(case: UseCase, data: UseCaseData | None) -> float:
    if case.value_per_year is not None:
        return case.value_per_year
    if data is not None and case.value in data.values:
        return data.values[case.value]
    if data is not None and "medium" in data.values:
        return data.values["medium"]
    return 0.0


@dataclass(frozen=True)
class _Pair:
    route: str
    family: str
    status: str  # allowed | confirm | ruled_out
    by: tuple[str, ...]


def _pair(route: str, family: str, matches: Sequence[RestrictionMatch]) -> _Pair:
    firm = [m for m in matches if not m.assumed]
    status, by = pair_status(route, family, firm)
    if status == "allowed":
        loose, maybe = pair_status(route, family, [m for m in matches if m.assumed])
        if loose != "allowed":
            status, by = "confirm", maybe
    return _Pair(route, family, status, tuple(m.entry.id for m in by))


def _priced(
    catalog: Catalog, pairs: Sequence[_Pair], usage: Usage, today: date, own_gpus: bool = False
) -> tuple[_Pair, str, float] | None:
    """The cheapest (pair, model, monthly cost) among ``pairs`` with a current price.

    A self-hosted price (GPU-hours) prices any family its route runs: the hardware, not the
    weights, costs the money. Ranked by what a month really costs: a self-hosted model never
    less than one GPU's month (see ``running_month``).
    """
    best: tuple[_Pair, str, float] | None = None
    best_month = 0.0
    for pair in pairs:
        for model in catalog.prices.models:
            if model.route != pair.route:
                continue
            if model.family != pair.family and model.gpu_hours is None:
                continue
            if model.retired is not None and date.fromisoformat(str(model.retired)) <= today:
                continue
            cost = monthly_cost(model, usage).total
            month = running_month(catalog, model.id, cost, own_gpus) or cost
            if best is None or month < best_month:
                best, best_month = (pair, model.id, cost), month
    return best


def running_month(
    catalog: Catalog, model_id: str | None, cost: float | None, own_gpus: bool = False
) -> float | None:
    """A month of running a case: its token cost, and for a self-hosted model at least one GPU.

    One GPU's month is paid busy or not, unless the GPU serves other cases too, or the
    organisation already runs GPUs of its own (``own_gpus``).
    """
    if cost is None:
        return None
    priced = next((m for m in catalog.prices.models if m.id == model_id), None)
    if priced is None or priced.gpu_hours is None or own_gpus:
        return cost
    return max(cost, HOURS_A_MONTH * catalog.prices.gpu_hourly_rate)


def _owes_fria(data: UseCaseData, answers: Mapping[str, AnswerValue], case: UseCase) -> bool:
    """Whether the organisation owes a fundamental-rights impact assessment for a high-risk case.

    AI Act Art. 27: public bodies for any high-risk case; any deployer of a case that scores
    credit or prices life and health insurance (their templates), whatever its sector; and in
    those sectors a high-risk case of no template, which may be one.
    """
    if set(_chosen(answers, BODY_TYPE)) & set(data.fria_body_types):
        return True
    if case.template in data.fria_templates:  # Annex III 5(b), 5(c): whoever deploys it
        return True
    return answers.get(SECTOR) in data.fria_sectors and not case.template


def judge_case(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    answers: Mapping[str, AnswerValue],
    case: UseCase,
    today: date | None = None,
) -> CaseResult:
    """One use case's verdict: the organisation's readiness for it and its own gates."""
    today = today or date.today()
    data = catalog.use_cases
    case = with_template(case, data)
    overlay = case_answers(q, answers, case, data)
    scored: Assessment = assess(q, profile, overlay)
    gates: list[Gate] = []
    tiers = _chosen(overlay, RISK_TIERS)
    # the risk tiers are a law's (the EU AI Act's); outside its places they are a yardstick
    from wizard.guidance import applicable_laws  # not at import: it brings the batch scorer

    laws = {law.id for law in applicable_laws(catalog, answers, q)}
    risk_law = data.risk_law if data is not None else None
    yardstick = risk_law is not None and risk_law not in laws
    privacy_law = data.privacy_law if data is not None else None
    privacy_yardstick = privacy_law is not None and privacy_law not in laws
    if PROHIBITED in tiers:
        gates.append(Gate("prohibited", yardstick=yardstick))

    matches = match_restrictions(catalog.restrictions, overlay, q.place_questions)
    binding = [m for m in matches if m.binding]
    families = _families(q, overlay)
    carried = {r.id: r for r in catalog.routes.routes if r.families}
    route_ids = _route_ids(data, [case.route] if case.route else _chosen(answers, ROUTE))
    if not route_ids:
        route_ids = list(carried)
    pairs = [
        _pair(rid, f, binding)
        for rid in route_ids
        if rid in carried
        for f in carried[rid].families
        if f in families
    ]
    if not pairs:  # its models do not run on its route: any route that carries them
        pairs = [
            _pair(r.id, f, binding) for r in carried.values() for f in r.families if f in families
        ]
    own_gpus = OWN_GPUS in _chosen(answers, INFRA)
    requests, tokens = _usage(case, data)
    usage = Usage(requests=requests, input_tokens=tokens * 0.75, output_tokens=tokens * 0.25)
    allowed = [p for p in pairs if p.status == "allowed"]
    confirm = [p for p in pairs if p.status == "confirm"]
    ruled_out = [p for p in pairs if p.status == "ruled_out"]
    chosen: _Pair | None = None
    model: str | None = None
    cost: float | None = None
    alternative: tuple[str, str] | None = None
    if allowed:
        found = _priced(catalog, allowed, usage, today, own_gpus)
        chosen, model, cost = found if found is not None else (allowed[0], None, None)
        dropped = tuple(
            dict.fromkeys(
                p.family for p in ruled_out if p.family not in {a.family for a in allowed}
            )
        )
        if dropped:
            entries = tuple(dict.fromkeys(e for p in ruled_out for e in p.by))
            gates.append(Gate("family_dropped", entries=entries, families=dropped))
    elif confirm:
        chosen = confirm[0]
        found = _priced(catalog, confirm, usage, today, own_gpus)
        if found is not None:
            chosen, model, cost = found
        entries = tuple(dict.fromkeys(e for p in confirm for e in p.by))
        gates.append(
            Gate(
                "confirm", entries=entries, families=tuple(dict.fromkeys(p.family for p in confirm))
            )
        )
    elif ruled_out:
        entries = tuple(dict.fromkeys(e for p in ruled_out for e in p.by))
        gates.append(
            Gate(
                "blocked",
                entries=entries,
                families=tuple(dict.fromkeys(p.family for p in ruled_out)),
            )
        )
        everywhere = [_pair(r.id, f, binding) for r in carried.values() for f in r.families]
        open_pairs = [p for p in everywhere if p.status == "allowed"]
        # first the routes the organisation already runs with the families it chose, then
        # those routes with any family, then the case's own routes, then any
        runs = set(_route_ids(data, _chosen(answers, ROUTE)))
        own = set(_families(q, answers))
        near = (
            [p for p in open_pairs if p.route in runs and p.family in own]
            or [p for p in open_pairs if p.route in runs]
            or [p for p in open_pairs if p.route in route_ids]
            or open_pairs
        )
        found = _priced(catalog, near, usage, today, own_gpus)
        if found is not None:
            alternative = (found[0].route, found[0].family)
            cost = found[2]
            model = found[1]
        elif near:
            alternative = (near[0].route, near[0].family)

    if chosen is not None and chosen.status == "allowed":  # advice or others' rules on it
        related = related_covering(chosen.route, chosen.family, matches)
        if related:
            gates.append(
                Gate(
                    "advised",
                    entries=tuple(dict.fromkeys(m.entry.id for m in related)),
                    families=(chosen.family,),
                )
            )
    data_class = overlay.get(DATA_CLASS)
    if data_class in NEEDS_DPIA and overlay.get(DPIA) != "done":
        gates.append(Gate("dpia", yardstick=privacy_yardstick))
    if set(tiers) & set(NEEDS_OVERSIGHT) and overlay.get(OVERSIGHT) != "always":
        gates.append(Gate("oversight"))
    on_vendor = case.route == "vendor-api" or (chosen is not None and "vendor" in chosen.route)
    if data_class in NEEDS_DPIA and overlay.get(RESIDENCY) == "strict" and on_vendor:
        gates.append(Gate("residency"))
    external = (case.serves or "staff") != "staff"
    if external and "limited" in tiers and overlay.get(TRANSPARENCY) in ("no", "partly"):
        gates.append(Gate("transparency", yardstick=yardstick))
    device = "annex-i" in tiers
    if device and case.build == "build" and overlay.get(CONFORMITY) != "in-place":
        # a medical device's approval is due before use everywhere: CE marking in the EU, the
        # country's own (TFDA, FDA) elsewhere, with the EU's as the yardstick
        gates.append(Gate("conformity", yardstick=yardstick))
    if set(tiers) & set(NEEDS_OVERSIGHT):
        build = case.build if case.build in BUILD else "buy"  # not said: most buy, and deploy
        kind = f"duties_{build}_device" if device else f"duties_{build}"
        gates.append(Gate(kind, yardstick=yardstick))  # a note: whose duties, not a hold
    # a decision on people from their data (a hiring or credit decision, a diagnosis)
    if {"high", "annex-i"} & set(tiers) and data_class in NEEDS_DPIA:
        gates.append(Gate("automated_decisions", yardstick=privacy_yardstick))
    if "high" in tiers and data is not None and _owes_fria(data, overlay, case):
        gates.append(Gate("fria", yardstick=yardstick))
    month = running_month(catalog, model, cost, own_gpus)
    if month is not None and cost is not None and month > cost:
        gates.append(Gate("gpu_floor", amount=month))  # one GPU's month, busy or not
    if model is None and not {g.code for g in gates} & {"prohibited", "blocked"}:
        gates.append(Gate("no_price"))
    value = _value(case, data)
    held = bool({g.code for g in gates} & {"prohibited", "blocked"}) and alternative is None
    if month is not None and not held and month > 0 and 12 * month > value:
        gates.append(Gate("costs_more", amount=12 * month))  # a year's running cost
    # the readiness holds when the scores do, or an answer other than the prohibited tier (that
    # one is the gate above): never "below the bar" for a case whose score is above it
    blockers = [
        b for b in scored.blockers if not (b.question == RISK_TIERS and PROHIBITED in tiers)
    ]
    below = scored.overall is None or scored.overall < scored.threshold or scored.floors_failed
    if scored.decision == WAIT and (below or blockers):
        gates.append(
            Gate(
                "readiness",
                dimensions=tuple(f.dimension for f in scored.floors_failed),
                questions=tuple(dict.fromkeys(b.question for b in blockers)),
            )
        )
    codes = {g.code for g in gates}
    if codes & {"prohibited", "blocked"}:
        verdict: Verdict = NOT_ALLOWED
    elif codes - set(NOTES):
        verdict = WAIT
    else:
        verdict = ACT_NOW
    unpriced = month is None or verdict == NOT_ALLOWED and alternative is None
    yearly = None if unpriced else 12 * month  # the value is weighed against a real month
    floor = data.high_value_from if data is not None else 50_000
    ratio = data.value_to_cost if data is not None else 3
    high = value >= floor and (yearly is None or value >= ratio * yearly)
    via_client: tuple[str, ...] = ()
    if case.client_bodies:  # what would not hold it without the client's rules
        own = {
            m.entry.id
            for m in match_restrictions(catalog.restrictions, answers, q.place_questions)
            if m.binding
        }
        via_client = tuple(
            dict.fromkeys(
                e
                for g in gates
                if g.code in ("blocked", "confirm", "family_dropped")
                for e in g.entries
                if e not in own
            )
        )
    return CaseResult(
        via_client=via_client,
        data_class=data_class if isinstance(data_class, str) else None,
        risk_tiers=tuple(tiers),
        case=case,
        verdict=verdict,
        gates=tuple(gates),
        readiness=scored.overall,
        threshold=scored.threshold,
        route=chosen.route if chosen is not None else None,
        family=chosen.family if chosen is not None else None,
        model=model if verdict != NOT_ALLOWED or alternative is not None else None,
        monthly_cost=cost,
        value_per_year=value,
        high_value=high,
        quadrant=quadrant_of(verdict, high),
        alternative=alternative,
        requests=requests,
        tokens=tokens,
        weeks=case.weeks_to_value or 8,
    )


def quadrant_of(verdict: str, high_value: bool) -> str:
    """The case's quadrant of the value x readiness matrix.

    Start now (ready, high value), strategic bet (ready, value still to show), prepare first
    (worth it, gates to clear), not now (neither, or not allowed as planned).
    """
    if verdict == ACT_NOW:
        return "start_now" if high_value else "strategic_bet"
    if verdict == WAIT and high_value:
        return "prepare_first"
    return "not_now"


_VERDICT_RANK = {v: i for i, v in enumerate(VERDICTS)}
_QUADRANT_RANK = {v: i for i, v in enumerate(QUADRANTS)}


@dataclass(frozen=True)
class Portfolio:
    """Every case judged, ranked: ready first, then by quadrant, then by net value."""

    cases: tuple[CaseResult, ...]
    organisation: str  # the organisation-level verdict (its rule unchanged)
    budget: str | None = None  # the committed budget's answer (bud_amount), when it has a ceiling
    budget_cap: float | None = None  # the most that answer allows a year, USD

    @property
    def ready_yearly(self) -> float:
        """A year of running every case that may start.

        Self-hosted cases share the GPUs: their tokens together, and at least the largest
        GPU month any of them names; every other case its own cost.
        """
        ready = [c for c in self.cases if c.verdict == ACT_NOW and c.monthly_cost is not None]
        floors = [c.gpu_month for c in ready if c.gpu_month is not None]
        tokens = sum(c.monthly_cost or 0.0 for c in ready if c.gpu_month is None)
        shared = sum(c.monthly_cost or 0.0 for c in ready if c.gpu_month is not None)
        return 12 * (tokens + (max(shared, *floors) if floors else 0.0))

    @property
    def over_budget(self) -> bool:
        """The cases that may start cost more a year than the committed budget allows."""
        return self.budget_cap is not None and self.ready_yearly > self.budget_cap

    def count(self, verdict: str) -> int:
        """How many cases have ``verdict``."""
        return sum(1 for c in self.cases if c.verdict == verdict)

    @property
    def nearest(self) -> CaseResult | None:
        """When no case may start: the waiting case closest to starting.

        Fewest gates first, then the highest readiness; None when some case may start or none
        waits.
        """
        if any(c.verdict == ACT_NOW for c in self.cases):
            return None
        waiting = [c for c in self.cases if c.verdict == WAIT]
        if not waiting:
            return None
        return min(waiting, key=lambda c: (len(c.waits_on), -(c.readiness or 0.0), c.case.id))

    @property
    def ready_none(self) -> bool:
        """The organisation may act now, yet no listed case is ready."""
        return self.organisation == ACT_NOW and bool(self.cases) and self.count(ACT_NOW) == 0


def rank(results: Sequence[CaseResult]) -> tuple[CaseResult, ...]:
    """Ready first, then by quadrant, then by net value (highest first), then as listed.

    Not by name: a template's name changes with the reader's language, and the ranking (and
    the pilots' weeks that follow it) must not.
    """
    order = {id(c): i for i, c in enumerate(results)}
    return tuple(
        sorted(
            results,
            key=lambda c: (
                _VERDICT_RANK[c.verdict],
                _QUADRANT_RANK[c.quadrant],
                -c.net_value,
                order[id(c)],
            ),
        )
    )


def judge_portfolio(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    answers: Mapping[str, AnswerValue],
    cases: Sequence[UseCase],
    organisation: str,
    today: date | None = None,
) -> Portfolio:
    """Every case judged on its own, then ranked."""
    results = [judge_case(catalog, q, profile, answers, c, today) for c in cases]
    data = catalog.use_cases
    budget = answers.get(BUDGET)
    if data is None or not isinstance(budget, str) or budget not in data.budgets:
        return Portfolio(rank(results), organisation)
    return Portfolio(rank(results), organisation, budget, data.budgets[budget])

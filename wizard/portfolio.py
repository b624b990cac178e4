"""The use-case portfolio: a verdict per candidate use case, in no language.

A use case overrides the organisation's answers where it differs (its data class, risk tiers,
models, route, DPIA, oversight, the client whose rules bind it as a supplier); the rest stays
the organisation's. Each case is judged on its own (never against the other cases): the
organisation's readiness for that case (the four dimensions, scored as today) and the case's own
gates (a binding rule on its models and route, a prohibited practice, personal data without a
DPIA, a high-risk case without human oversight). Then its monthly cost on the cheapest model it
may use, its value against that cost, and its quadrant.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any, Literal

from wizard.answers import AnswerValue, answers_error, clean_name, nearest, quoted, value_kind
from wizard.config import Catalog, Questionnaire, UseCaseData, WeightProfile
from wizard.config.ids import (
    BODY_TYPE,
    DATA_CLASS,
    DPIA,
    MODELS,
    OVERSIGHT,
    RISK_TIERS,
    ROUTE,
    TRANSPARENCY,
)
from wizard.cost import Usage, monthly_cost
from wizard.errors import AnswersError, Problem
from wizard.restrictions import RestrictionMatch, match_restrictions, pair_status
from wizard.scoring import ACT_NOW, WAIT, Assessment, assess

Verdict = Literal["act_now", "wait", "not_allowed"]
NOT_ALLOWED: Verdict = "not_allowed"
VERDICTS: tuple[Verdict, ...] = ("act_now", "wait", "not_allowed")
QUADRANTS = ("start_now", "prepare_first", "strategic_bet", "not_now")
SERVES = ("staff", "customers", "citizens", "patients")
BUILD = ("build", "buy")
#: data classes that need a DPIA before a case starts, and the tiers that need human oversight
NEEDS_DPIA = ("personal", "regulated")
NEEDS_OVERSIGHT = ("high", "annex-i")
PROHIBITED = "prohibited"
#: gate codes that inform without holding the case
NOTES = ("family_dropped", "duties_build", "duties_buy")
MAX_NAME = 120
MAX_OWNER = 120
#: the columns of a use-case file (CSV) and the keys of a use case in an answers file, in order
COLUMNS = (
    "id",
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
    "value",
    "weeks_to_value",
    "owner",
    "dpia_done",
    "oversight",
    "build",
    "client_bodies",
)
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")


@dataclass(frozen=True)
class UseCase:
    """One candidate use case as the person gave it.

    ``None`` (or empty): the template's or else the organisation's answer holds.
    """

    id: str
    name: str
    template: str | None = None
    serves: str | None = None
    data_class: str | None = None
    risk_tiers: tuple[str, ...] | None = None
    models: tuple[str, ...] | None = None
    route: str | None = None
    requests_per_month: int | None = None
    tokens_per_request: int | None = None
    size: str | None = None
    value_per_year: float | None = None
    value: str | None = None
    weeks_to_value: int | None = None
    owner: str = ""
    dpia_done: bool | None = None
    oversight: bool | None = None
    build: str | None = None
    client_bodies: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The attributes given, for an answers file (lists as lists; unset ones left out)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value == "" or value == ():
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


def with_template(case: UseCase, data: UseCaseData | None) -> UseCase:
    """``case`` with its template's attributes where it gives none."""
    template = data.templates_by_id.get(case.template or "") if data is not None else None
    if template is None:
        return case
    return replace(
        case,
        serves=case.serves or template.serves,
        data_class=case.data_class or template.data_class,
        risk_tiers=case.risk_tiers if case.risk_tiers is not None else template.risk_tiers or None,
        size=case.size or template.size,
        value=case.value or template.value,
        weeks_to_value=case.weeks_to_value or template.weeks_to_value,
    )


# --------------------------------------------------------------------------- reading
def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40]
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{digest}" if slug else f"uc-{digest}"


_TRUE = {"true", "yes", "y", "1", "是", "done", "x"}
_FALSE = {"false", "no", "n", "0", "否", ""}


def _to_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError


def _to_number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "").replace(" ", "")
        if text.startswith("$"):
            text = text[1:]
        return float(text)
    raise ValueError


def _to_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[;|,]", value) if p.strip()]
    if isinstance(value, list | tuple):
        return list(value)
    raise TypeError


def _choices(q: Questionnaire, data: UseCaseData | None) -> dict[str, tuple[str, ...] | None]:
    def options(qid: str) -> tuple[str, ...] | None:
        question = q.questions_by_id.get(qid)
        return tuple(question.option_ids) if question is not None else None

    routes = options(ROUTE)
    families = q.questions_by_id.get(MODELS)
    return {
        "template": tuple(data.templates_by_id) if data is not None else (),
        "serves": SERVES,
        "data_class": options(DATA_CLASS),
        "risk_tiers": options(RISK_TIERS),
        "models": tuple(o.id for o in families.options) if families is not None else None,
        "route": tuple(r for r in routes if r != "none") if routes is not None else None,
        "size": tuple(data.sizes) if data is not None else (),
        "value": tuple(data.values) if data is not None else (),
        "build": BUILD,
        "client_bodies": options(BODY_TYPE),
    }


_MULTI = ("risk_tiers", "models", "client_bodies")
_INTS = {"requests_per_month": 0, "tokens_per_request": 1, "weeks_to_value": 1}
_MAXIMA = {"requests_per_month": 10**9, "tokens_per_request": 10**6, "weeks_to_value": 104}
_BOOLS = ("dpia_done", "oversight")


def max_cases(data: UseCaseData | None) -> int:
    """How many use cases a portfolio may hold."""
    return data.max_cases if data is not None else 15


def read_use_cases(
    raw: Any,
    q: Questionnaire,
    data: UseCaseData | None,
    source: str = "answers file",
) -> tuple[UseCase, ...]:
    """Validate a list of use cases (from an answers file, a CSV file or the editor).

    Raises:
        AnswersError: one problem per wrong field, each naming ``use_cases[i].field``.
    """
    prefix = f"{source}: " if source else ""
    where0 = f"{prefix}use_cases"
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise AnswersError(
            [f"{where0}: must be a list of use cases, got {value_kind(raw)}"],
            [Problem(where0, "multi_type", {"kind": value_kind(raw)})],
        )
    most = max_cases(data)
    if len(raw) > most:
        problem = Problem(where0, "too_many_use_cases", {"limit": most, "got": len(raw)})
        raise AnswersError(
            [f"{where0}: must hold at most {most} use cases, got {len(raw)}"], [problem]
        )
    choices = _choices(q, data)
    problems: list[Problem] = []
    cases: list[UseCase] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        where = f"{prefix}use_cases[{i}]"
        if not isinstance(item, Mapping):
            problems.append(Problem(where, "field_mapping", {"kind": value_kind(item)}))
            continue
        values: dict[str, Any] = {}
        for key, value in item.items():
            key = str(key).strip()
            at = f"{where}.{key}"
            if key not in COLUMNS:
                near = nearest(key, COLUMNS)
                problems.append(Problem(at, "field_unknown", {"got": f"{quoted(key)} ({near})"}))
                continue
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                values[key] = _field(key, value, choices, at, problems)
            except _Skip:
                continue
        name = values.get("name")
        if not name:
            if "name" not in values:
                problems.append(Problem(f"{where}.name", "field_missing", {}))
            continue
        ident = values.pop("id", None) or _slug(name)
        if ident in seen:
            problems.append(Problem(f"{where}.id", "repeated_use_case", {"got": quoted(ident)}))
            continue
        seen.add(ident)
        cases.append(UseCase(id=ident, **values))
    if problems:
        raise answers_error(problems)
    return tuple(cases)


class _Skip(Exception):
    """A field that did not fit: its problem is recorded, the field left out."""


def _field(
    key: str,
    value: Any,
    choices: Mapping[str, tuple[str, ...] | None],
    at: str,
    problems: list[Problem],
) -> Any:
    def fail(code: str, **found: Any) -> _Skip:
        problems.append(Problem(at, code, found))
        return _Skip()

    if key in ("name", "owner"):
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise fail("field_text", kind=value_kind(value))
        text = clean_name(str(value), 10_000)
        limit = MAX_NAME if key == "name" else MAX_OWNER
        if len(text) > limit:
            raise fail("field_too_long", limit=limit, got=len(text))
        if key == "name" and not text:
            raise fail("field_empty")
        return text
    if key == "id":
        text = str(value).strip()
        if not _ID.match(text):
            raise fail("use_case_id", got=quoted(text[:60]))
        return text
    if key in _MULTI:
        try:
            items = [str(x).strip() for x in _to_list(value)]
        except TypeError:
            raise fail("multi_type", kind=value_kind(value)) from None
        allowed = choices.get(key)
        wrong = [x for x in items if allowed is not None and x not in allowed]
        if wrong:
            near = nearest(wrong[0], allowed or ())
            raise fail("multi_option", options=near, got=wrong[0], more="")
        return tuple(dict.fromkeys(items))
    if key in _BOOLS:
        try:
            return _to_bool(value)
        except ValueError:
            raise fail("field_bool", got=quoted(str(value)[:60])) from None
    if key in _INTS or key == "value_per_year":
        try:
            number = _to_number(value)
        except (ValueError, TypeError):
            raise fail("field_number", got=quoted(str(value)[:60])) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise fail("field_number", got=quoted(str(value)[:60]))
        low = _INTS.get(key, 0)
        if number < low:
            raise fail("field_min", limit=low, got=f"{number:g}")
        high = _MAXIMA.get(key, 10**12)
        if number > high:
            raise fail("field_max", limit=f"{high:,}", got=f"{number:,.0f}")
        if key in _INTS:
            if number != int(number):
                raise fail("field_integer", got=f"{number:g}")
            return int(number)
        return float(number)
    allowed = choices.get(key)
    text = str(value).strip()
    if allowed is not None and text not in allowed:
        raise fail("single_option", options=nearest(text, allowed), got=text[:60])
    return text


# --------------------------------------------------------------------------- judging
@dataclass(frozen=True)
class Gate:
    """Why a case waits or is not allowed (or a note on it), language-free.

    ``code``: ``prohibited``, ``blocked`` (binding entries rule out every planned model on the
    route), ``confirm`` (an entry may cover it: confirm with the authority), ``dpia``,
    ``oversight``, ``transparency``, ``readiness`` (the organisation's readiness for this case
    says wait), or a note: ``family_dropped`` (some planned models are ruled out, others run),
    ``duties_build`` / ``duties_buy`` (a high-risk case's provider or deployer duties).
    """

    code: str
    entries: tuple[str, ...] = ()  # watchlist entry ids
    families: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()  # dimensions below their floor (readiness)
    questions: tuple[str, ...] = ()  # blocker questions (readiness)


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

    @property
    def yearly_cost(self) -> float | None:
        """Twelve months of running cost."""
        return None if self.monthly_cost is None else 12 * self.monthly_cost

    @property
    def net_value(self) -> float:
        """Yearly value less yearly running cost."""
        return self.value_per_year - (self.yearly_cost or 0.0)

    @property
    def waits_on(self) -> tuple[str, ...]:
        """The gate codes that hold the case (not notes)."""
        return tuple(g.code for g in self.gates if g.code not in NOTES)


def _chosen(answers: Mapping[str, AnswerValue], qid: str) -> list[str]:
    value = answers.get(qid)
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if isinstance(value, str) and value != "unknown" else []


def case_answers(
    q: Questionnaire, answers: Mapping[str, AnswerValue], case: UseCase
) -> dict[str, AnswerValue]:
    """The organisation's answers with what ``case`` (its template applied) sets for itself."""
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
    if case.client_bodies:
        bodies = [b for b in _chosen(out, BODY_TYPE) if b != "private"]
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
    catalog: Catalog, pairs: Sequence[_Pair], usage: Usage, today: date
) -> tuple[_Pair, str, float] | None:
    """The cheapest (pair, model, monthly cost) among ``pairs`` with a current price."""
    best: tuple[_Pair, str, float] | None = None
    for pair in pairs:
        for model in catalog.prices.models:
            if model.route != pair.route or model.family != pair.family:
                continue
            if model.retired is not None and date.fromisoformat(str(model.retired)) <= today:
                continue
            cost = monthly_cost(model, usage).total
            if best is None or cost < best[2]:
                best = (pair, model.id, cost)
    return best


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
    overlay = case_answers(q, answers, case)
    scored: Assessment = assess(q, profile, overlay)
    gates: list[Gate] = []
    tiers = _chosen(overlay, RISK_TIERS)
    if PROHIBITED in tiers:
        gates.append(Gate("prohibited"))

    matches = match_restrictions(catalog.restrictions, overlay, q.place_questions)
    binding = [m for m in matches if m.binding]
    families = _families(q, overlay)
    carried = {r.id: r for r in catalog.routes.routes if r.families}
    planned = [case.route] if case.route else _chosen(answers, ROUTE)
    route_ids = [rid for answer in planned for rid in (data.routes.get(answer, ()) if data else ())]
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
        found = _priced(catalog, allowed, usage, today)
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
        found = _priced(catalog, confirm, usage, today)
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
        near = [p for p in open_pairs if p.route in route_ids] or open_pairs
        found = _priced(catalog, near, usage, today)
        if found is not None:
            alternative = (found[0].route, found[0].family)
            cost = found[2]
            model = found[1]
        elif near:
            alternative = (near[0].route, near[0].family)

    data_class = overlay.get(DATA_CLASS)
    if data_class in NEEDS_DPIA and overlay.get(DPIA) != "done":
        gates.append(Gate("dpia"))
    if set(tiers) & set(NEEDS_OVERSIGHT) and overlay.get(OVERSIGHT) != "always":
        gates.append(Gate("oversight"))
    external = (case.serves or "staff") != "staff"
    if external and "limited" in tiers and overlay.get(TRANSPARENCY) == "no":
        gates.append(Gate("transparency"))
    if set(tiers) & set(NEEDS_OVERSIGHT) and case.build in BUILD:
        gates.append(Gate(f"duties_{case.build}"))  # a note: whose duties, not a hold
    if scored.decision == WAIT:
        gates.append(
            Gate(
                "readiness",
                dimensions=tuple(f.dimension for f in scored.floors_failed),
                questions=tuple(b.question for b in scored.blockers),
            )
        )
    codes = {g.code for g in gates}
    if codes & {"prohibited", "blocked"}:
        verdict: Verdict = NOT_ALLOWED
    elif codes - set(NOTES):
        verdict = WAIT
    else:
        verdict = ACT_NOW
    value = _value(case, data)
    yearly = None if cost is None or verdict == NOT_ALLOWED and alternative is None else 12 * cost
    floor = data.high_value_from if data is not None else 50_000
    ratio = data.value_to_cost if data is not None else 3
    high = value >= floor and (yearly is None or value >= ratio * yearly)
    return CaseResult(
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
    """Ready first, then by quadrant, then by net value (highest first), then by name."""
    return tuple(
        sorted(
            results,
            key=lambda c: (
                _VERDICT_RANK[c.verdict],
                _QUADRANT_RANK[c.quadrant],
                -c.net_value,
                c.case.name,
                c.case.id,
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
    return Portfolio(rank(results), organisation)


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


#: what each kind of row is: (phase, workstream, owner, weeks, priority)
_STEP_KINDS: dict[str, tuple[str, str, str, int, str]] = {
    "drop": ("foundation", "governance", "dpo_legal", 2, "high"),
    "replan": ("foundation", "strategy", "cio", 4, "high"),
    "confirm": ("foundation", "governance", "dpo_legal", 4, "high"),
    "dpia": ("foundation", "security", "dpo_legal", 6, "high"),
    "oversight": ("foundation", "governance", "business_lead", 8, "high"),
    "transparency": ("foundation", "governance", "dpo_legal", 4, "medium"),
    "readiness": ("close-gaps", "strategy", "cio", 12, "medium"),
}
PILOT_START_WEEK = 4  # after the sponsor, the policy and the route are settled
PILOT_STAGGER_WEEKS = 2


def case_plan(portfolio: Portfolio, owners: Mapping[str, str] | None = None) -> list[CaseStep]:
    """Pilots of the cases that may start and the rows that clear the others' gates.

    Pilots are staggered in rank order; ``owners`` maps owner ids for a small organisation
    (``roadmap.owner_mapping``).
    """
    owners = owners or {}
    out: list[CaseStep] = []
    ready = 0
    for result in portfolio.cases:
        cid = result.case.id
        if result.verdict == ACT_NOW:
            start = PILOT_START_WEEK + PILOT_STAGGER_WEEKS * ready
            ready += 1
            out.append(
                CaseStep(
                    f"uc:{cid}:pilot",
                    cid,
                    "pilot",
                    "pilot",
                    "delivery",
                    start,
                    start + result.weeks,
                    owners.get("business_lead", "business_lead"),
                    "high" if result.quadrant == "start_now" else "medium",
                )
            )
            continue
        codes = list(result.waits_on)
        if "prohibited" in codes:
            codes = ["drop"]
        elif "blocked" in codes:
            codes = ["replan", *(c for c in codes if c != "blocked")]
        for code in codes:
            phase, stream, owner, weeks, priority = _STEP_KINDS[code]
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
    return out


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


# --------------------------------------------------------------------------- a backlog file
MAX_CSV_BYTES = 1_000_000


def parse_use_case_csv(data: bytes, source: str = "use cases CSV") -> list[dict[str, str]]:
    """A backlog kept in a spreadsheet: rows of a CSV file with a header row naming the keys.

    Only ``name`` is required. A cell this app wrote with a ``'`` before a formula-like text
    reads back without it. Raises AnswersError naming what is wrong.
    """
    if len(data) > MAX_CSV_BYTES:
        size = f"{len(data) / 1e6:.1f}"
        raise AnswersError(
            [f"{source}: must be at most 1 MB, got {size} MB"],
            [Problem(source, "too_big", {"limit": 1, "size": size})],
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersError(
            [f"{source}: must be UTF-8 text"], [Problem(source, "not_utf8", {})]
        ) from None
    import csv
    import io

    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        problem = Problem(source, "csv_unreadable", {"problem": str(exc)[:80]})
        raise AnswersError([f"{source}: cannot be read as CSV ({exc})"], [problem]) from None
    if not rows:
        raise AnswersError([f"{source}: holds no rows"], [Problem(source, "csv_no_name", {})])
    header = [re.sub(r"[\s\-]+", "_", h.strip().lower()) for h in rows[0]]
    header = ["name" if h in ("use_case", "use_case_name") else h for h in header]
    if "name" not in header:
        raise AnswersError(
            [f"{source}: the first row must name the columns, one of them 'name'"],
            [Problem(f"{source}: (header)", "csv_no_name", {})],
        )
    out = []
    for row in rows[1:]:
        record = {}
        for key, cell in zip(header, row, strict=False):
            if not key:
                continue
            value = cell.strip()
            if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
                value = value[1:]
            record[key] = value
        out.append(record)
    return out


def read_each(
    raw: Sequence[Any], q: Questionnaire, data: UseCaseData | None, source: str = "use cases"
) -> tuple[tuple[UseCase, ...], list[Problem]]:
    """Every row that reads, and the problems of the others (each naming its row's number).

    For an editor: a row still being typed does not hold back the rest.
    """
    cases: list[UseCase] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, row in enumerate(raw):
        try:
            (case,) = read_use_cases([row], q, data, source)
        except AnswersError as exc:
            prefix = f"{source}: " if source else ""
            head = f"{prefix}use_cases[0]"
            problems.extend(
                p._replace(where=p.where.replace(head, f"{prefix}use_cases[{i}]", 1))
                for p in exc.problems
            )
            continue
        if case.id in seen:
            where = f"{source}: use_cases[{i}].id" if source else f"use_cases[{i}].id"
            problems.append(Problem(where, "repeated_use_case", {"got": quoted(case.id)}))
            continue
        seen.add(case.id)
        cases.append(case)
    return tuple(cases), problems


# --------------------------------------------------------------------------- in a workshop
@dataclass(frozen=True)
class RoomRating:
    """How the room rates one seeded use case: medians of value and feasibility (1-5)."""

    case_id: str
    name: str
    raters: int
    value: float | None
    feasibility: float | None
    value_spread: int  # highest minus lowest rating given
    feasibility_spread: int

    @property
    def disagreement(self) -> int:
        """The wider of the two spreads (0: the room agrees)."""
        return max(self.value_spread, self.feasibility_spread)

    @property
    def quadrant(self) -> str | None:
        """The room's quadrant: feasible (median 3 or more) and valuable (3 or more)."""
        if self.value is None or self.feasibility is None:
            return None
        valuable, feasible = self.value >= 3, self.feasibility >= 3
        if feasible:
            return "start_now" if valuable else "strategic_bet"
        return "prepare_first" if valuable else "not_now"


def room_ratings(
    cases: Sequence[Mapping[str, Any]], ratings: Sequence[Mapping[str, Mapping[str, int]]]
) -> tuple[RoomRating, ...]:
    """Each seeded case's medians and spreads over everyone who rated it, in seeded order."""
    import statistics

    out = []
    for case in cases:
        cid = str(case.get("id"))
        given = [r[cid] for r in ratings if cid in r]
        values = [g["value"] for g in given if "value" in g]
        feasible = [g["feasibility"] for g in given if "feasibility" in g]
        out.append(
            RoomRating(
                cid,
                str(case.get("name", cid)),
                len(given),
                statistics.median(values) if values else None,
                statistics.median(feasible) if feasible else None,
                max(values) - min(values) if values else 0,
                max(feasible) - min(feasible) if feasible else 0,
            )
        )
    return tuple(out)


def most_disputed(rated: Sequence[RoomRating], n: int = 3) -> list[RoomRating]:
    """The cases the room disagrees on most (a spread of 2 or more), widest first."""
    disputed = [r for r in rated if r.disagreement >= 2]
    return sorted(disputed, key=lambda r: (-r.disagreement, r.name))[:n]


def room_portfolio(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    seeded: Sequence[Mapping[str, Any]],
    ratings: Sequence[Mapping[str, Mapping[str, int]]],
    median_answers: Mapping[str, AnswerValue],
    decision: str,
) -> tuple[tuple[RoomRating, ...], dict[str, str]]:
    """The room's ratings of the seeded cases, and each case's verdict on its median answers."""
    cases, _ = read_each(list(seeded), q, catalog.use_cases, "")
    judged = judge_portfolio(catalog, q, profile, median_answers, cases, decision)
    return room_ratings(seeded, ratings), {r.case.id: r.verdict for r in judged.cases}

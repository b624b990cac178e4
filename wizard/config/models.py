"""The config models: questionnaires, weight profiles and reference data (frozen pydantic)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    field_validator,
    model_validator,
)

from wizard.errors import ConfigError
from wizard.languages import DEFAULT_LANGUAGE, languages

SCHEMA_VERSION = 1
PROFILE = "profile"
MAX_CONFIG_BYTES = 2_000_000
MAX_MULTI_OPTIONS = 12
ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

    def model_copy(self, *, update: Any = None, deep: bool = False) -> Any:  # type: ignore[override]
        """A copy with ``update``, without the values cached from the old fields.

        Indexes such as ``by_id`` are dropped, so the copy never answers from the original's data.
        """
        copy = super().model_copy(update=update, deep=deep)
        cached = [
            name for name, value in vars(type(self)).items() if isinstance(value, cached_property)
        ]
        for name in cached:
            copy.__dict__.pop(name, None)
        return copy


class LText(RootModel[dict[str, str]]):
    """A text in every configured language (one per locale file), e.g. ``{en: ..., zh-TW: ...}``.

    A missing language is a validation error naming the key, never a silent fallback.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    @model_validator(mode="after")
    def _every_language(self) -> LText:
        wanted = languages()
        missing = [lang for lang in wanted if not str(self.root.get(lang) or "").strip()]
        if missing:
            raise ValueError(
                f"must have a text in {', '.join(missing)}, got {', '.join(self.root) or 'none'}"
            )
        unknown = [lang for lang in self.root if lang not in wanted]
        if unknown:
            raise ValueError(
                f"must use only the languages {', '.join(wanted)}, got {', '.join(unknown)}"
            )
        return self

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` (the default language's for an unknown one)."""
        return self.root.get(lang) or self.root[DEFAULT_LANGUAGE]

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.root.items())))


Id = Field(pattern=ID_PATTERN, min_length=1, max_length=64)


# --------------------------------------------------------------------------- questionnaire
class Relief(_Frozen):
    """A better score for an option when another answer already meets its demand.

    For example strict residency scores 80, not 25, when the organisation can self-host: the
    route keeps the data in place, so the data's demand is met (residency and data
    class describe the data, not readiness).
    """

    question: str
    in_: tuple[str, ...] = Field(alias="in", min_length=1)
    score: float = Field(ge=0, le=100)


class Option(_Frozen):
    """One answer option: its label, score (higher favours acting now), blocker and actions."""

    id: str = Id
    label: LText
    score: float | None = Field(default=None, ge=0, le=100)
    blocker: LText | None = None
    actions: tuple[str, ...] = ()
    exclusive: bool = False  # multi only: cannot be chosen together with other options
    #: what the answer says about government restrictions, checked against the watchlist:
    #: ``not_bound`` (no directive binds us), ``outside`` (one binds us, our route is outside it),
    #: ``covered`` (one covers our route)
    claims: Literal["not_bound", "outside", "covered"] | None = None
    relief: tuple[Relief, ...] = ()  # single questions only


class ShowIf(_Frozen):
    """Show a question only when an earlier question has one of these options."""

    question: str
    in_: tuple[str, ...] = Field(alias="in", min_length=1)


class QuestionNote(_Frozen):
    """A note shown under a question when an earlier answer holds one of some options.

    For facts that differ by place, e.g. what counts as critical infrastructure in Taiwan.
    """

    show_if: ShowIf
    text: LText


class Question(_Frozen):
    """One question of a questionnaire (scored, or a ``profile`` question)."""

    id: str = Id
    dimension: str
    type: Literal["single", "multi"]
    text: LText
    help: LText
    weight: float = Field(default=1.0, ge=0)
    refs: tuple[str, ...] = ()
    show_if: ShowIf | None = None
    unknown: bool = False
    unknown_score: float | None = Field(default=None, ge=0, le=100)
    aggregate: Literal["mean", "min", "max", "sum"] = "mean"
    required: bool = True
    controllable: bool = True  # False: a fact the organisation cannot change (flips never move it)
    #: how the flip search may move it: only to these options (e.g. less sensitive data, not
    #: "public only"), only by dropping chosen options (use cases), and in which words
    flip_to: tuple[str, ...] = ()
    flip_drop: bool = False
    flip_hint: LText | None = None  # e.g. "Drop the use case ... : {new}" ({old}, {new} filled)
    owner: str | None = None  # who acts on it (a roadmap owner id); default: the dimension's
    effort_weeks: int = Field(default=4, ge=1, le=104)  # roughly how long a change takes
    notes: tuple[QuestionNote, ...] = ()
    #: the id of a profile question whose answers this one makes finer (the regions of a
    #: country refine ``jurisdictions``): restrictions and laws match on both
    refines: str | None = None
    #: the questionnaire version that first asked it: an older answers file is told about it
    #: even when it is optional
    added_in: str | None = Field(default=None, pattern=r"^\d+(\.\d+)*$")
    options: tuple[Option, ...] = Field(min_length=2)

    @property
    def scored(self) -> bool:
        """True for questions that count towards a dimension score."""
        return self.dimension != PROFILE

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        """The option ids, in order."""
        return tuple(o.id for o in self.options)

    @cached_property
    def options_by_id(self) -> dict[str, Option]:
        """The options by id."""
        return {o.id: o for o in self.options}

    @cached_property
    def conservative_score(self) -> float:
        """Score given to "don't know": the configured one, else the worst option's."""
        if self.unknown_score is not None:
            return self.unknown_score
        return min(o.score or 0.0 for o in self.options)


class Dimension(_Frozen):
    """A scored dimension (security, ethics, budget, urgency) and its roadmap owner."""

    id: str = Id
    title: LText
    owner: str = "cio"


class Phase(_Frozen):
    """A roadmap phase and its weeks."""

    id: str = Id
    title: LText
    plan: Literal["act_now", "wait"]
    start_week: int = Field(ge=0)
    end_week: int = Field(ge=1)


class TitleIf(_Frozen):
    """Another title for an action when a profile answer holds (e.g. a small organisation)."""

    when: ShowIf
    title: LText


class OwnerMap(_Frozen):
    """Owners that do not exist in some organisations, mapped to ones that do."""

    when: ShowIf
    map: dict[str, str]


class Action(_Frozen):
    """A roadmap action of the library: plan, phase, workstream, owner, weeks, dependencies.

    ``when`` (all must hold) and ``unless`` (none may hold) tie it to the answers: a public body
    gets the procurement row, an organisation whose DPIA is done gets no DPIA row.
    """

    id: str = Id
    plan: Literal["act_now", "wait", "both", "triggered"]
    phase: str
    wait_phase: str | None = None
    workstream: str
    owner: str
    priority: Literal["high", "medium", "low"] = "medium"
    weeks: int = Field(default=2, ge=1, le=104)
    depends_on: tuple[str, ...] = ()
    title: LText
    metric: LText
    when: tuple[ShowIf, ...] = ()
    when_any: tuple[ShowIf, ...] = ()  # at least one must hold (if any are given)
    unless: tuple[ShowIf, ...] = ()
    title_if: tuple[TitleIf, ...] = ()  # the first that holds gives the title
    supersedes: tuple[str, ...] = ()  # when both are planned, those rows fold into this one


RestrictionAction = Literal["confirm", "drop", "block", "unclear", "barrier", "duty"]


class Roadmap(_Frozen):
    """The roadmap library: phases, workstreams, owners, priorities and actions."""

    reassess_weeks: int = Field(default=12, ge=1, le=104)
    #: re-assess sooner when the cause can change sooner: after a discovery sprint, after
    #: dropping a use case (weeks); restrictions and score gaps use ``reassess_weeks``
    reassess_after: dict[Literal["discovery", "drop_use_case"], int] = {}
    #: the action that groups "don't know" answers into one sprint, one row per owner
    discovery_action: str | None = None
    owner_map: tuple[OwnerMap, ...] = ()
    gap_below: float = Field(default=50, ge=0, le=100)
    phases: tuple[Phase, ...] = Field(min_length=1)
    workstreams: dict[str, LText]
    owners: dict[str, LText]
    priorities: dict[str, LText]
    actions: tuple[Action, ...] = Field(min_length=1)
    dimension_actions: dict[str, tuple[str, ...]] = {}
    unknown_action: str
    reassess_action: str
    #: actions for matched restrictions: ``confirm`` (route and models outside a binding entry),
    #: ``drop`` (re-plan without a ruled-out model), ``block`` (block the banned service on
    #: managed devices), ``unclear`` (ask the competent authority), ``barrier`` (keep data off a
    #: route a law bars), ``duty`` (a dated duty of a law that binds the organisation)
    restriction_actions: dict[RestrictionAction, str] = {}

    @cached_property
    def actions_by_id(self) -> dict[str, Action]:
        """The actions by id."""
        return {a.id: a for a in self.actions}

    @cached_property
    def phases_by_id(self) -> dict[str, Phase]:
        """The phases by id."""
        return {p.id: p for p in self.phases}


class Questionnaire(_Frozen):
    """A question set with its dimensions and roadmap library."""

    schema_version: Literal[1]
    id: str = Id
    version: str = Field(pattern=r"^\d+(\.\d+)*$")
    title: LText
    description: LText | None = None
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)
    roadmap: Roadmap
    #: above this weighted share of "don't know" answers the tool cannot decide: wait, "not
    #: enough information", confidence at most 0.5, and one discovery sprint
    max_unknown_share: float = Field(default=0.3, gt=0, le=1)

    @cached_property
    def place_questions(self) -> tuple[str, ...]:
        """``jurisdictions`` and the questions that refine it (regions), as answered places."""
        from wizard.config.ids import JURISDICTIONS

        return (JURISDICTIONS, *(x.id for x in self.questions if x.refines == JURISDICTIONS))

    @cached_property
    def dimension_ids(self) -> tuple[str, ...]:
        """The dimension ids, in order."""
        return tuple(d.id for d in self.dimensions)

    @cached_property
    def dimensions_by_id(self) -> dict[str, Dimension]:
        """The dimensions by id."""
        return {d.id: d for d in self.dimensions}

    @cached_property
    def questions_by_id(self) -> dict[str, Question]:
        """The questions by id."""
        return {q.id: q for q in self.questions}

    @cached_property
    def scored_questions(self) -> tuple[Question, ...]:
        """The questions that count towards a dimension, in order."""
        return tuple(q for q in self.questions if q.scored)

    def questions_of(self, dimension: str) -> tuple[Question, ...]:
        """Questions of one dimension (or ``profile``) in questionnaire order."""
        return tuple(q for q in self.questions if q.dimension == dimension)

    @cached_property
    def major_version(self) -> int:
        """The major part of ``version`` (answers files must match it)."""
        return int(self.version.split(".")[0])


# --------------------------------------------------------------------------- weights
class WeightProfile(_Frozen):
    """How the dimensions weigh, the threshold to act now and the floors per dimension."""

    schema_version: Literal[1]
    id: str = Id
    title: LText
    description: LText
    dimension_weights: dict[str, float]
    threshold: float = Field(ge=0, le=100)
    floors: dict[str, float] = {}
    #: the organisations it suits (any condition on the profile answers): the Review step
    #: suggests it to them
    suits: tuple[ShowIf, ...] = ()

    @field_validator("dimension_weights")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        for key, weight in value.items():
            if weight < 0:
                raise _KeyedError(key, f"must be >= 0, got {weight:g}")
        if value and sum(value.values()) <= 0:
            raise ValueError("must have at least one weight > 0")
        return value

    @field_validator("floors")
    @classmethod
    def _floor_range(cls, value: dict[str, float]) -> dict[str, float]:
        for key, floor in value.items():
            if not 0 <= floor <= 100:
                raise _KeyedError(key, f"must be between 0 and 100, got {floor:g}")
        return value

    def customised(
        self,
        *,
        dimension_weights: dict[str, float],
        threshold: float,
        floors: dict[str, float],
        title: LText,
        description: LText,
    ) -> WeightProfile:
        """This profile with other weights, threshold and floors: a new profile ``<id>-custom``.

        Raises:
            pydantic.ValidationError: a weight below 0, a threshold or floor outside 0..100.
        """
        return WeightProfile(
            schema_version=1,
            id=f"{self.id}-custom",
            title=title,
            description=description,
            dimension_weights=dimension_weights,
            threshold=threshold,
            floors=floors,
        )

    def normalised(self, dimension_ids: Sequence[str]) -> dict[str, float]:
        """Weights over ``dimension_ids`` summing to 1 (missing dimensions weigh 0)."""
        raw = [max(0.0, float(self.dimension_weights.get(d, 0.0))) for d in dimension_ids]
        total = sum(raw)
        if total <= 0:
            raise ConfigError(
                f"weights/{self.id}: dimension_weights: must give a weight > 0 to at least one "
                f"of {', '.join(dimension_ids)}, got none"
            )
        return {d: w / total for d, w in zip(dimension_ids, raw, strict=True)}


class _KeyedError(ValueError):
    """A validator error that belongs to one key of a mapping (so the message can name it)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"@{key}@{message}")


def _date_to_text(value: Any) -> Any:
    """YAML reads 2025-01-30 as a date; the models keep ISO text."""
    return value.isoformat() if isinstance(value, date) else value


#: An ISO day (YAML dates accepted), e.g. "2025-01-30".
IsoDate = Annotated[str, BeforeValidator(_date_to_text), Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


def _when_to_text(value: Any) -> Any:
    """A day, or a month or a year reported only that precisely (YAML reads 2025 as a number)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _date_to_text(value)


#: A day, or a month or year for facts reported only that precisely, e.g. "2025-01", "2025".
DayOrMonth = Annotated[
    str, BeforeValidator(_when_to_text), Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
]


# --------------------------------------------------------------------------- reference data
#: A restriction's standing: in force, lifted (history) or superseded by a later entry.
Status = Literal["in_force", "lifted", "superseded"]
#: ``body_type`` value for "every kind of organisation" in a restriction's ``binds``/``informs``.
ANY_BODY = "any"


class BodyRule(_Frozen):
    """Kinds of body (options of the ``body_type`` question, or ``any``), optionally by sector."""

    bodies: tuple[str, ...] = Field(min_length=1)
    sectors: tuple[str, ...] = ()  # empty: every sector


class Coverage(_Frozen):
    """The (route, model family) pairs an entry covers: every route with every family listed."""

    routes: tuple[str, ...] = Field(min_length=1)
    families: tuple[str, ...] = Field(min_length=1)

    def pairs(self) -> set[tuple[str, str]]:
        """The pairs, as (route id, family id)."""
        return {(r, f) for r in self.routes for f in self.families}


class Restriction(_Frozen):
    """One government restriction on a vendor's models or services, with source and date.

    ``binds`` lists who must follow it; ``informs`` who should know it (shown as related, never
    binding); ``covers`` the (route, model family) pairs it rules out, and ``unclear`` those the
    text may cover ("confirm with the competent authority").
    """

    id: str = Id
    who: LText
    date: DayOrMonth
    date_note: LText | None = None
    status: Status = "in_force"
    until: DayOrMonth | None = None  # the day it was lifted or superseded
    until_note: LText | None = None
    superseded_by: str | None = None
    certainty: Literal["verified", "fairly_confident", "reported", "uncertain"] = "verified"
    #: directive: binds kinds of body; legal_barrier: a law that binds every organisation under
    #: it when a condition holds (a GDPR transfer with no basis); notice: addressed to others
    #: (a request to app stores); advisory: advice to the public or to ministries. Notices and
    #: advisories only inform.
    kind: Literal["directive", "legal_barrier", "notice", "advisory"] = "directive"
    scope: LText
    jurisdictions: tuple[str, ...] = Field(min_length=1)
    binds: tuple[BodyRule, ...] = ()
    informs: tuple[BodyRule, ...] = ()
    covers: tuple[Coverage, ...] = ()  # at least one of covers and unclear (checked)
    unclear: tuple[Coverage, ...] = ()
    #: binds only when an answer holds, e.g. Italy's order: only for personal data
    applies_if: ShowIf | None = None
    #: whether following it means blocking the service on managed devices (a device ban), or
    #: not (an order addressed to the vendor, a warning to weigh in risk management)
    requires_block: bool = True
    source: str = Field(min_length=3)
    as_of: IsoDate

    @cached_property
    def covered_pairs(self) -> frozenset[tuple[str, str]]:
        """Every (route, family) pair the entry clearly covers."""
        return frozenset(p for c in self.covers for p in c.pairs())

    @cached_property
    def unclear_pairs(self) -> frozenset[tuple[str, str]]:
        """Pairs the text may cover (not already clearly covered)."""
        return frozenset(p for c in self.unclear for p in c.pairs()) - self.covered_pairs

    @property
    def in_force(self) -> bool:
        """Whether it still binds (lifted and superseded entries are history)."""
        return self.status == "in_force"


class RestrictionsFile(_Frozen):
    """The restrictions watchlist, with the day it was last checked and how long that holds."""

    schema_version: Literal[1, 2]
    as_of: IsoDate
    max_age_days: int = Field(default=180, ge=1, le=3650)
    disclaimer: LText
    entries: tuple[Restriction, ...] = Field(min_length=1)

    @cached_property
    def by_id(self) -> dict[str, Restriction]:
        """The entries by id."""
        return {e.id: e for e in self.entries}

    @cached_property
    def by_jurisdiction(self) -> dict[str, tuple[Restriction, ...]]:
        """The entries of each jurisdiction (to match many people quickly)."""
        out: dict[str, list[Restriction]] = {}
        for entry in self.entries:
            for place in entry.jurisdictions:
                out.setdefault(place, []).append(entry)
        return {k: tuple(v) for k, v in out.items()}


class Duty(_Frozen):
    """A dated duty a law puts on kinds of body (Taiwan's governments: usage rules by ~Jan 2027)."""

    id: str = Id
    due: IsoDate
    approximate: bool = False  # "about": the law counts months from its entry into force
    bodies: tuple[str, ...] = Field(min_length=1)  # body_type options, or "any"
    #: only when an answer holds (e.g. high-risk use cases for the EU AI Act's Annex III)
    applies_if: ShowIf | None = None
    text: LText


class Law(_Frozen):
    """A law or framework the advice names where it applies."""

    id: str = Id
    name: LText
    jurisdictions: tuple[str, ...] = Field(min_length=1)
    in_force: IsoDate | None = None
    summary: LText
    duties: tuple[Duty, ...] = ()
    certainty: Literal["verified", "fairly_confident", "uncertain"]
    certainty_note: LText | None = None
    source: str = Field(min_length=3)
    as_of: IsoDate


class LawsFile(_Frozen):
    """The laws the advice knows, with the day they were last checked."""

    schema_version: Literal[1]
    as_of: IsoDate
    max_age_days: int = Field(default=180, ge=1, le=3650)
    laws: tuple[Law, ...] = Field(min_length=1)


class WorldChange(_Frozen):
    """One change in the world the reference data took in, with when and where it came from.

    ``version`` is the data version that took it in; ``date`` the day it happened in the world.
    It names what it changed: a watchlist ``restriction``, a ``law`` or a priced ``model``
    (a price change says by how much: ``price_from`` and ``price_to``, USD per 1M output tokens).
    """

    version: IsoDate
    date: DayOrMonth
    kind: Literal["added", "widened", "narrowed", "lifted", "corrected", "law", "price"]
    restriction: str | None = None
    law: str | None = None
    model: str | None = None
    price_from: float | None = Field(default=None, ge=0)
    price_to: float | None = Field(default=None, ge=0)
    text: LText
    source: str = Field(min_length=3)


class ChangesFile(_Frozen):
    """The reference data's version and its dated change log (newest version last).

    ``baseline`` is the version before the first logged change: an answers file that records
    no data version was scored with it or earlier.
    """

    schema_version: Literal[1]
    version: IsoDate
    baseline: IsoDate
    changes: tuple[WorldChange, ...] = ()


class Rate(_Frozen):
    """How many units of a currency one USD buys, with its source and date."""

    currency: str = Field(pattern=r"^[A-Z]{3}$")
    symbol: str = Field(min_length=1, max_length=5)
    per_usd: float = Field(gt=0)
    source: str = Field(min_length=3)
    as_of: IsoDate


class CurrencyFile(_Frozen):
    """Exchange rates from USD, to show amounts in a reader's currency too."""

    schema_version: Literal[1]
    base: Literal["USD"]
    rates: tuple[Rate, ...] = ()

    @cached_property
    def by_currency(self) -> dict[str, Rate]:
        """The rates by currency code."""
        return {r.currency: r for r in self.rates}


class FitRule(_Frozen):
    """Adds ``delta`` to a route's fit when ``question`` is answered with one of ``options``."""

    question: str
    options: tuple[str, ...] = Field(min_length=1)
    delta: float = Field(ge=-100, le=100)


class Route(_Frozen):
    """A way to adopt low-cost GenAI, with its data exposure and cost profile."""

    id: str = Id
    title: LText
    summary: LText
    data_exposure: Literal["low", "medium", "high"]
    exposure_note: LText
    cost_note: LText
    base: float = Field(ge=0, le=100)
    decision_bonus: dict[Literal["act_now", "wait"], float] = {}
    fit: tuple[FitRule, ...] = ()
    families: tuple[str, ...] = ()  # model families it can run (options of ``models``)
    watch_only: bool = False  # "wait and watch": adopts nothing yet


class RoutesFile(_Frozen):
    """The adoption routes and their fit rules."""

    schema_version: Literal[1]
    as_of: IsoDate
    routes: tuple[Route, ...] = Field(min_length=2)

    @cached_property
    def by_id(self) -> dict[str, Route]:
        """The routes by id."""
        return {r.id: r for r in self.routes}


class GpuHours(_Frozen):
    """Self-hosting: GPU-hours per million tokens (the price is these times the hourly rate)."""

    input: float = Field(ge=0)
    output: float = Field(gt=0)


class ModelPrice(_Frozen):
    """The price of one model at one date, USD per million tokens.

    The list is a dated series: a model whose price was replaced (a newer model or a price cut)
    carries ``retired`` and stays as history (the price chart), out of today's comparisons.
    A self-hosted model gives ``gpu_hours``; its prices are those hours times the file's
    ``gpu_hourly_rate`` (which the user can edit).
    """

    id: str = Id
    name: LText  # in every language (a brand name reads the same, a description does not)
    vendor: LText
    route: str
    tier: Literal["frontier", "low-cost", "open-weights"] = "frontier"
    family: str | None = None  # the model family (an option of the ``models`` question)
    reasoning: bool = False
    input_cache_hit: float | None = Field(default=None, ge=0)
    input: float = Field(ge=0)
    output: float = Field(ge=0)
    gpu_hours: GpuHours | None = None
    source: str = Field(min_length=3)
    as_of: IsoDate
    retired: IsoDate | None = None  # from this day on, history only
    certainty: Literal["verified", "fairly-confident", "reported", "uncertain", "estimate"] = (
        "verified"
    )
    note: LText | None = None

    def at_rate(self, hourly_rate: float) -> ModelPrice:
        """This model's prices at a GPU hourly rate (unchanged when it is not self-hosted)."""
        if self.gpu_hours is None:
            return self
        return self.model_copy(
            update={
                "input": round(self.gpu_hours.input * hourly_rate, 4),
                "output": round(self.gpu_hours.output * hourly_rate, 4),
                "input_cache_hit": None,
            }
        )


class Claim(_Frozen):
    """A claim about the models, with its source."""

    text: LText
    source: str = Field(min_length=3)


class PricesFile(_Frozen):
    """Model prices per million tokens, a dated series with sources and a maximum age.

    ``as_of`` is when the list was last reviewed; the staleness warning uses the newest price
    point (``newest``). Schema 1 (no tiers, no history) still loads.
    """

    schema_version: Literal[1, 2]
    as_of: IsoDate
    max_age_days: int = Field(ge=1, le=3650)
    currency: Literal["USD"]
    reference: str
    gpu_hourly_rate: float = Field(default=2.5, gt=0, le=1000)
    gpu_rate_source: str = ""  # the citation behind the rate
    gpu_rate_note: LText | None = None  # what the rate assumes, shown beside it
    disclaimer: LText
    models: tuple[ModelPrice, ...] = Field(min_length=2)
    claims: tuple[Claim, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _self_hosted_prices(cls, raw: Any) -> Any:
        """Self-hosted models' prices from their GPU-hours and the file's hourly rate."""
        if not isinstance(raw, dict) or not isinstance(raw.get("models"), list):
            return raw
        rate = raw.get("gpu_hourly_rate", 2.5)
        if not isinstance(rate, int | float):
            return raw  # the field's own check says what is wrong
        models = []
        for model in raw["models"]:
            hours = model.get("gpu_hours") if isinstance(model, dict) else None
            if isinstance(hours, dict) and all(
                isinstance(hours.get(k), int | float) for k in ("input", "output")
            ):
                model = {
                    **model,
                    "input": round(hours["input"] * rate, 4),
                    "output": round(hours["output"] * rate, 4),
                }
            models.append(model)
        return {**raw, "models": models}

    @cached_property
    def current(self) -> tuple[ModelPrice, ...]:
        """The models on sale today (not retired): what the cost comparison uses."""
        return tuple(m for m in self.models if m.retired is None)

    @cached_property
    def newest(self) -> str:
        """The newest price point's date (ISO): the staleness warning counts from it."""
        return max(m.as_of for m in self.models)


class UseCaseSize(_Frozen):
    """What a size band means: requests per month and tokens per request."""

    requests: int = Field(ge=0)
    tokens: int = Field(ge=1)


class UseCaseTemplate(_Frozen):
    """A common use case with its typical attributes (ids of the questionnaire and portfolio)."""

    id: str = Field(pattern=ID_PATTERN, max_length=64)
    name: LText
    serves: Literal["staff", "customers", "citizens", "patients"] = "staff"
    data_class: str | None = None
    risk_tiers: tuple[str, ...] = ()
    size: str | None = None
    value: str | None = None
    weeks_to_value: int | None = Field(default=None, ge=1, le=104)


class PilotCondition(_Frozen):
    """When a case's pilot waits for one row of the organisation's roadmap."""

    data_class: tuple[str, ...] = ()
    risk_tiers: tuple[str, ...] = ()


class UseCaseData(_Frozen):
    """Use-case templates and the portfolio's yardsticks (``data/use_cases.yaml``)."""

    schema_version: Literal[1]
    max_cases: int = Field(default=15, ge=1, le=50)
    sizes: dict[str, UseCaseSize]
    values: dict[str, float]
    high_value_from: float = Field(ge=0)
    value_to_cost: float = Field(ge=0)
    routes: dict[str, tuple[str, ...]]
    #: the law whose risk tiers the cases use (data/laws.yaml); elsewhere they are a yardstick
    risk_law: str | None = None
    #: the law behind the DPIA and automated-decision notes (GDPR); elsewhere a yardstick
    privacy_law: str | None = None
    #: who owes a fundamental-rights impact assessment for a high-risk case (AI Act Art. 27):
    #: kinds of body (body_type options) and sectors (sector options)
    fria_body_types: tuple[str, ...] = ()
    fria_sectors: tuple[str, ...] = ()
    #: in those sectors, the templates whose purpose Art. 27 names (credit, insurance pricing);
    #: a case of another template does not owe it there, a case of none may and is told so
    fria_templates: tuple[str, ...] = ()
    #: a government contractor (a body_type option) is bound by contractor rules for its
    #: government work only: a case it runs for a client of none of ``government_bodies`` is not
    contractor_body: str | None = None
    government_bodies: tuple[str, ...] = ()
    #: rows of the organisation's roadmap a case's pilot waits for only when the case holds
    #: that data class or risk tier (a code assistant on internal code does not wait for the
    #: DPIA of a chatbot on personal data); it waits for the other rows always
    pilot_waits_only_if: dict[str, PilotCondition] = Field(default_factory=dict)
    #: the most each answer of the committed budget (bud_amount) allows a year, USD: the cases
    #: that may start are set against it ("none" is 0; the open top band is left out)
    budgets: dict[str, float] = Field(default_factory=dict)
    templates: tuple[UseCaseTemplate, ...] = ()

    @cached_property
    def templates_by_id(self) -> dict[str, UseCaseTemplate]:
        """The templates by id."""
        return {t.id: t for t in self.templates}

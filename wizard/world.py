"""What changed in the world since an assessment: the change log filtered to one organisation.

An answers file records the reference data's version it was scored with. Re-opened or compared
later, the changes since that version that concern the organisation come first: a rule that now
binds it, one lifted, a law in force, a price that fell by more than a quarter. Ids and numbers
only; the words package says them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wizard.answers import AnswerValue
from wizard.config import Catalog, PricesFile, Questionnaire, WeightProfile
from wizard.config.models import WorldChange
from wizard.restrictions import answered_places, intended_families, match_restrictions

#: a price that fell by more than this share since the last assessment is news
PRICE_NEWS_SHARE = 0.25


@dataclass(frozen=True)
class PriceMove:
    """The cheapest output price of one model family on one route, then and now (USD/1M)."""

    route: str
    family: str
    before: float
    now: float

    @property
    def fell_by(self) -> float:
        """The share by which the price fell (0.6 = 60 % cheaper)."""
        return 1 - self.now / self.before if self.before else 0.0


@dataclass(frozen=True)
class WorldNews:
    """The world's changes since ``since`` that concern one organisation."""

    since: str  # the data version the earlier assessment was scored with
    now: str  # today's data version
    changes: tuple[WorldChange, ...]
    prices: tuple[PriceMove, ...]
    recorded: bool = True  # False: the file recorded no version (the baseline is assumed)

    def __bool__(self) -> bool:
        return bool(self.changes or self.prices)


def _cheapest(prices: PricesFile, day: str) -> dict[tuple[str, str], float]:
    """The cheapest output price of each (route, family) among models listed on ``day``."""
    out: dict[tuple[str, str], float] = {}
    for model in prices.models:
        if model.family is None or model.as_of > day:
            continue
        if model.retired is not None and model.retired <= day:
            continue
        key = (model.route, model.family)
        out[key] = min(out.get(key, model.output), model.output)
    return out


def price_moves(
    prices: PricesFile, since: str, families: Sequence[str] = ()
) -> tuple[PriceMove, ...]:
    """Prices that fell by more than ``PRICE_NEWS_SHARE`` since day ``since``.

    Read from the dated price series; ``families`` (the ones the organisation intends) narrow
    it when given.
    """
    then = _cheapest(prices, since)
    now = _cheapest(prices, max(m.as_of for m in prices.models))
    out = []
    for key, before in sorted(then.items()):
        after = now.get(key)
        if after is None or (families and key[1] not in families):
            continue
        if before > 0 and after < before * (1 - PRICE_NEWS_SHARE):
            out.append(PriceMove(key[0], key[1], before, after))
    return tuple(out)


def world_news(
    catalog: Catalog,
    q: Questionnaire,
    answers: Mapping[str, AnswerValue],
    since: str | None,
) -> WorldNews | None:
    """The changes logged after data version ``since`` that concern these answers.

    ``since`` None: the file predates data versions (the log's baseline is assumed). None when
    the catalog has no change log, or the file was scored with today's version.
    """
    log = catalog.changes
    if log is None:
        return None
    recorded = since is not None
    start = since or log.baseline
    if start >= log.version:
        return None
    matched = {
        m.entry.id for m in match_restrictions(catalog.restrictions, answers, q.place_questions)
    }
    places = answered_places(answers, q.place_questions)
    laws = {x.id: x for x in catalog.laws.laws} if catalog.laws is not None else {}
    concerns = []
    for change in log.changes:
        if change.version <= start:
            continue
        if change.restriction is not None and change.restriction in matched:
            concerns.append(change)
        elif change.law is not None and change.law in laws:
            if places & set(laws[change.law].jurisdictions):
                concerns.append(change)
        elif change.model is not None:
            concerns.append(change)
    moves = price_moves(catalog.prices, start, intended_families(q, answers))
    return WorldNews(start, log.version, tuple(concerns), moves, recorded)


@dataclass(frozen=True)
class SinceLast:
    """The world's changes since an earlier assessment, and what moved its verdict."""

    news: WorldNews | None
    world_moved: bool | None  # None: the earlier file recorded no verdict
    answers_moved: bool
    then: str | None = None  # the verdict recorded when the earlier file was saved
    then_today: str = ""  # the earlier answers' verdict on today's data
    now: str = ""  # the latest answers' verdict


def since_last(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    earlier: Mapping[str, AnswerValue],
    earlier_version: str | None,
    earlier_decision: str | None,
    answers: Mapping[str, AnswerValue],
) -> SinceLast | None:
    """What changed since an earlier assessment (a re-opened file, or the earlier of two).

    None when that assessment used today's data (nothing in the world to tell).
    """
    from wizard.guidance import decision_of

    news = world_news(catalog, q, answers, earlier_version)
    if news is None:
        return None
    then_today = decision_of(catalog, q, profile, earlier)
    now = then_today if earlier is answers else decision_of(catalog, q, profile, answers)
    return SinceLast(
        news,
        None if earlier_decision is None else earlier_decision != then_today,
        then_today != now,
        earlier_decision,
        then_today,
        now,
    )

"""A workshop's use cases: the room's ratings of value and feasibility, and its verdicts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wizard.answers import AnswerValue
from wizard.config import Catalog, Questionnaire, WeightProfile
from wizard.portfolio.cases import (
    read_each,
)
from wizard.portfolio.judge import (
    judge_portfolio,
)


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

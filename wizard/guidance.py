"""Everything the results page and ``score`` report, computed once from the answers.

The result is language-free (ids, numbers, reason codes): the sentences and rows in a language
come from ``wizard.report`` and ``wizard.roadmap.roadmap_rows``, so switching the language
repeats no Monte Carlo draw and no flip search.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from wizard.answers import AnswerValue
from wizard.config import Catalog, Questionnaire, WeightProfile
from wizard.flips import FlipPlan, flip_plan
from wizard.restrictions import RestrictionMatch, match_restrictions
from wizard.roadmap import PlannedAction, RoadmapRow, plan_roadmap, roadmap_rows
from wizard.routes import RouteFit, rank_routes, top_route
from wizard.scoring import Assessment, assess
from wizard.sensitivity import (
    DEFAULT_DRAWS,
    Sensitivity,
    adjusted_confidence,
    sensitivity,
)


@dataclass(frozen=True)
class Advice:
    """Everything derived from one answer set, in no language."""

    result: Assessment
    matches: tuple[RestrictionMatch, ...]
    sensitivity: Sensitivity
    flip: FlipPlan
    routes: tuple[RouteFit, ...]
    top_route: RouteFit | None
    confidence: float  # the assessment's confidence, adjusted by the weight sensitivity
    plan: tuple[PlannedAction, ...]  # the roadmap, in no language

    def roadmap(self, q: Questionnaire, lang: str) -> list[RoadmapRow]:
        """The roadmap rows in ``lang`` (route-choice rows name the recommended route)."""
        route = self.top_route.route.title if self.top_route is not None else None
        return roadmap_rows(q, self.plan, lang, route)


def advise(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    answers: Mapping[str, AnswerValue],
    today: date | None = None,
    draws: int = DEFAULT_DRAWS,
) -> Advice:
    """Assess the answers and derive the robustness, the flip plan, routes and the roadmap."""
    result = assess(q, profile, answers)
    matches = tuple(match_restrictions(catalog.restrictions, answers))
    sens = sensitivity(q, result, draws=draws)
    ranked = tuple(rank_routes(q, catalog.routes, answers, result.decision, matches))
    top = top_route(ranked)
    return Advice(
        result=result,
        matches=matches,
        sensitivity=sens,
        flip=flip_plan(q, profile, answers, result),
        routes=ranked,
        top_route=top,
        confidence=adjusted_confidence(result, sens),
        plan=plan_roadmap(q, result, answers, today),
    )

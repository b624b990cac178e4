"""Rank the adoption routes for an organisation from its answers, and rule out restricted ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wizard.answers import AnswerValue
from wizard.config import FitRule, Questionnaire, Route, RoutesFile
from wizard.restrictions import RestrictionMatch
from wizard.scoring import Decision, visible_ids


@dataclass(frozen=True)
class RouteFit:
    """How well one route fits, why, and which matched restrictions rule it out."""

    route: Route
    fit: float  # 0..100
    rules: tuple[FitRule, ...]  # the fit rules that applied
    ruled_out_by: tuple[RestrictionMatch, ...]

    @property
    def allowed(self) -> bool:
        """Whether no matched restriction rules this route out."""
        return not self.ruled_out_by


def _applies(rule: FitRule, answers: Mapping[str, AnswerValue], shown: set[str]) -> bool:
    value = answers.get(rule.question)
    if value is None or rule.question not in shown:
        return False
    chosen = [value] if isinstance(value, str) else value
    return any(option in rule.options for option in chosen)


def rank_routes(
    q: Questionnaire,
    routes: RoutesFile,
    answers: Mapping[str, AnswerValue],
    decision: Decision,
    matches: Sequence[RestrictionMatch],
) -> list[RouteFit]:
    """Routes from best to worst fit; restricted routes go last whatever their fit."""
    shown = visible_ids(q, answers)
    out = []
    for route in routes.routes:
        rules = tuple(r for r in route.fit if _applies(r, answers, shown))
        fit = route.base + route.decision_bonus.get(decision, 0.0) + sum(r.delta for r in rules)
        blocked = tuple(m for m in matches if route.id in m.entry.routes)
        out.append(RouteFit(route, max(0.0, min(100.0, fit)), rules, blocked))
    return sorted(out, key=lambda f: (not f.allowed, -f.fit, f.route.id))


def top_route(ranked: Sequence[RouteFit]) -> RouteFit | None:
    """The best allowed route that adopts something (not "wait and watch"), for the roadmap."""
    for fit in ranked:
        if fit.allowed and not fit.route.watch_only:
            return fit
    return None

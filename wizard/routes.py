"""Rank the adoption routes for an organisation, per model family, and rule out restricted pairs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wizard.answers import AnswerValue
from wizard.config import FitRule, Questionnaire, Route, RoutesFile
from wizard.restrictions import FamilyStatus, RestrictionMatch, route_families
from wizard.scoring import Decision, visible_ids


@dataclass(frozen=True)
class RouteFit:
    """How well one route fits, why, and with which model families it is allowed."""

    route: Route
    fit: float  # 0..100
    rules: tuple[FitRule, ...]  # the fit rules that applied
    families: tuple[FamilyStatus, ...] = ()  # per model family the route runs, intended first
    intended: tuple[str, ...] = ()  # the families the organisation said it intends to use

    @property
    def ruled_out_by(self) -> tuple[RestrictionMatch, ...]:
        """The binding entries that rule out at least one family on this route."""
        out: list[RestrictionMatch] = []
        for status in self.families:
            if status.status == "ruled_out":
                out.extend(m for m in status.by if m not in out)
        return tuple(out)

    def with_status(self, status: str) -> tuple[str, ...]:
        """The families with ``status`` (allowed, ruled_out, confirm), intended first."""
        return tuple(f.family for f in self.families if f.status == status)

    @property
    def allowed_families(self) -> tuple[str, ...]:
        """The families it may run without doubt."""
        return self.with_status("allowed")

    @property
    def allowed(self) -> bool:
        """Whether at least one family may run on it ("wait and watch" always may)."""
        return not self.families or bool(self.allowed_families)

    @property
    def serves_intent(self) -> bool:
        """Whether it may run a family the organisation intends (any, when none was named)."""
        if not self.families or not self.intended:
            return self.allowed
        return any(f.intended and f.status == "allowed" for f in self.families)


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
    intended: Sequence[str] = (),
) -> list[RouteFit]:
    """Routes from best to worst.

    First those allowed with an intended family, then other allowed ones, then ruled-out ones;
    by fit within each group.
    """
    shown = visible_ids(q, answers)
    out = []
    for route in routes.routes:
        rules = tuple(r for r in route.fit if _applies(r, answers, shown))
        fit = route.base + route.decision_bonus.get(decision, 0.0) + sum(r.delta for r in rules)
        families = route_families(route, matches, intended) if route.families else ()
        out.append(RouteFit(route, max(0.0, min(100.0, fit)), rules, families, tuple(intended)))
    exposure = {"low": 0, "medium": 1, "high": 2}
    return sorted(
        out,
        key=lambda f: (
            not f.allowed,
            not f.serves_intent,
            -f.fit,
            exposure[f.route.data_exposure],  # at equal fit, the route that keeps data closer
            f.route.id,
        ),
    )


def top_route(ranked: Sequence[RouteFit]) -> RouteFit | None:
    """The best allowed route that adopts something (not "wait and watch"), for the roadmap."""
    for fit in ranked:
        if fit.allowed and not fit.route.watch_only:
            return fit
    return None


#: how much better (fit points) a route must fit for the results to point at it when the route
#: of the intended models fits poorly
BETTER_FIT_MARGIN = 30.0


def better_fit(ranked: Sequence[RouteFit], top: RouteFit | None) -> RouteFit | None:
    """An allowed route that fits the answers far better than ``top`` but runs no intended model.

    The routes rank the intended models first: a hospital that keeps data on its premises and
    named only a frontier API gets that API on top at a fit of 0, while self-hosted open weights
    fit 100. Then the results name the better fit, and the models it would take.
    """
    if top is None:
        return None
    for fit in ranked:
        if (
            fit is not top
            and fit.allowed
            and not fit.route.watch_only
            and not fit.serves_intent
            and fit.fit >= top.fit + BETTER_FIT_MARGIN
        ):
            return fit
    return None

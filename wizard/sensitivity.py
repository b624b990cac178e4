"""How robust a decision is to the weights.

Monte Carlo over Dirichlet draws, and the smallest change of each dimension's weight that flips
the decision.

Weights only move the overall score; floors, blockers and unanswered dimensions do not depend on
them. So a wait caused by those holds in every weighting, and only the threshold test can flip.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wizard.config import Questionnaire
from wizard.scoring import ACT_NOW, Assessment

DEFAULT_DRAWS = 10_000
#: Dirichlet concentration: higher keeps draws closer to the profile (50 ~ +-6 points of weight
#: on a 25% dimension).
DEFAULT_CONCENTRATION = 50.0


@dataclass(frozen=True)
class WeightFlip:
    """For one dimension: the weight (0..1) at which the decision flips, if any."""

    dimension: str
    weight: float  # current normalised weight
    flip_at: float | None  # weight where overall meets the threshold; None: no flip in 0..1

    @property
    def change(self) -> float | None:
        """Signed change of weight needed (fraction of the total), or None."""
        return None if self.flip_at is None else self.flip_at - self.weight


@dataclass(frozen=True)
class Sensitivity:
    """How the decision holds over plausible weightings, and the flip point per dimension."""

    draws: int
    agree_share: float  # share of draws that give the same decision
    act_share: float  # share of draws that give act now
    flips: tuple[WeightFlip, ...]

    @property
    def robustness(self) -> float:
        """0 when the draws split evenly, 1 when they all agree."""
        return max(0.0, (self.agree_share - 0.5) / 0.5)


def _weights_only_decides(result: Assessment) -> bool:
    """True when the threshold test is the only thing between the answers and act now."""
    return not (
        result.blockers or result.floors_failed or result.missing_dimensions or result.insufficient
    )


def agreement(result: Assessment, dimension_ids: tuple[str, ...], weights: np.ndarray) -> float:
    """Share of weight vectors (rows of ``weights``) that give ``result.decision``.

    Rows need not sum to 1; each is normalised over the assessed dimensions, as the rule does.
    """
    if not _weights_only_decides(result) or result.overall is None:
        return 1.0  # floors, blockers or missing answers decide regardless of weights
    scores = np.asarray([result.dimensions[d] or 0.0 for d in dimension_ids])
    assessed = np.asarray([result.dimensions[d] is not None for d in dimension_ids])
    w = np.where(assessed, weights, 0.0)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.round(w @ scores / total, 6)
    act = (overall >= result.threshold) & (total > 0)
    same = act if result.decision == ACT_NOW else ~act
    return float(same.mean())


def dirichlet_draws(
    weights: np.ndarray, draws: int, concentration: float, seed: int = 0
) -> np.ndarray:
    """``draws`` weight vectors scattered around ``weights`` (which sum to 1)."""
    rng = np.random.default_rng(seed)
    alpha = np.maximum(weights * concentration, 1e-3)
    sample = rng.dirichlet(alpha, size=draws)
    sample[:, weights <= 0] = 0.0  # a dimension the profile ignores stays ignored
    return sample


def weight_flips(q: Questionnaire, result: Assessment) -> tuple[WeightFlip, ...]:
    """For each dimension, the weight at which the overall crosses the threshold.

    Moving one weight to ``x`` and scaling the others to share ``1 - x`` makes the overall
    linear in ``x``: ``x * s_i + (1 - x) * rest_i``; solve for the threshold.
    """
    out = []
    assessed = {d: s for d, s in result.dimensions.items() if s is not None}
    total = sum(result.weights[d] for d in assessed)
    for dim in q.dimension_ids:
        w = result.weights[dim] / total if total > 0 and dim in assessed else 0.0
        flip = None
        if _weights_only_decides(result) and dim in assessed and result.overall is not None:
            others = sum(result.weights[d] for d in assessed if d != dim)
            rest = (
                sum(result.weights[d] * s for d, s in assessed.items() if d != dim) / others
                if others > 0
                else assessed[dim]
            )
            score = assessed[dim]
            if abs(score - rest) > 1e-9:
                x = (result.threshold - rest) / (score - rest)
                # act now -> wait needs to go past x, so x must be inside the range
                reachable = 0.0 <= x <= 1.0 if result.decision != ACT_NOW else 0.0 < x < 1.0
                if reachable and abs(x - w) > 1e-9:
                    flip = round(x, 4)
        out.append(WeightFlip(dim, round(w, 4), flip))
    return tuple(out)


def sensitivity(
    q: Questionnaire,
    result: Assessment,
    draws: int = DEFAULT_DRAWS,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
) -> Sensitivity:
    """Monte Carlo over weights around the profile, plus the per-dimension flip points."""
    weights = np.asarray([result.weights[d] for d in q.dimension_ids])
    sample = dirichlet_draws(weights, draws, concentration, seed)
    agree = agreement(result, q.dimension_ids, sample)
    act_share = agree if result.decision == ACT_NOW else 1.0 - agree
    return Sensitivity(draws, round(agree, 4), round(act_share, 4), weight_flips(q, result))


def adjusted_confidence(result: Assessment, sens: Sensitivity) -> float:
    """The assessment's confidence, scaled down when plausible weightings disagree.

    Unanimous draws keep it; an even split keeps 60% of it.
    """
    return round(result.confidence * (0.6 + 0.4 * sens.robustness), 4)

"""Weight sensitivity: the Monte Carlo share and the per-dimension flip points."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.samples import PROFILES, Q
from tests.strategies import answer_sets
from wizard.scoring import ACT_NOW, WAIT, assess
from wizard.sensitivity import (
    adjusted_confidence,
    agreement,
    dirichlet_draws,
    sensitivity,
    weight_flips,
)

# alpha = (2*50 + 20)/3 = 40 (at its floor), beta = 100, overall 70 under equal weights
EDGE = {"a1": "y", "a2": "q", "b1": ["n"], "b2": ["s", "t"]}


def _with_weights(profile, alpha: float, beta: float):
    return profile.model_copy(update={"dimension_weights": {"alpha": alpha, "beta": beta}})


def test_flip_points_are_where_the_overall_meets_the_threshold(mini, mini_weights) -> None:
    """alpha's weight flips at 2/3 (40x + 100(1-x) = 60), beta's at 1/3."""
    result = assess(mini, mini_weights, EDGE)
    flips = {f.dimension: f for f in weight_flips(mini, result)}
    assert flips["alpha"].flip_at == pytest.approx(2 / 3, abs=1e-4)
    assert flips["alpha"].change == pytest.approx(2 / 3 - 0.5, abs=1e-4)
    assert flips["beta"].flip_at == pytest.approx(1 / 3, abs=1e-4)
    # and the decision really changes past those points
    assert assess(mini, _with_weights(mini_weights, 0.66, 0.34), EDGE).decision == ACT_NOW
    assert assess(mini, _with_weights(mini_weights, 0.68, 0.32), EDGE).decision == WAIT


def test_no_flip_within_range_when_every_dimension_clears(mini, mini_weights) -> None:
    """With alpha 60 and beta 90 no weighting drops below 60: "none within range"."""
    result = assess(mini, mini_weights, {"a1": "y", "a2": "p", "b1": ["m", "n"], "b2": ["s", "t"]})
    assert [f.flip_at for f in weight_flips(mini, result)] == [None, None]


def test_floors_and_blockers_hold_in_every_weighting(mini, mini_weights) -> None:
    """A blocker's wait does not depend on weights: full agreement, no flip points."""
    result = assess(mini, mini_weights, {**EDGE, "a1": "z"})
    sens = sensitivity(mini, result, draws=500)
    assert sens.agree_share == 1.0 and sens.act_share == 0.0
    assert all(f.flip_at is None for f in sens.flips)


def test_monte_carlo_share_matches_a_direct_count(mini, mini_weights) -> None:
    """The share equals counting, draw by draw, how many weightings keep act now."""
    result = assess(mini, mini_weights, EDGE)
    draws = dirichlet_draws(np.array([0.5, 0.5]), 4000, 50.0, seed=3)
    expected = np.mean([40 * a + 100 * b >= 60 for a, b in draws / draws.sum(1, keepdims=True)])
    assert agreement(result, mini.dimension_ids, draws) == pytest.approx(expected)
    sens = sensitivity(mini, result, draws=4000, seed=3)
    assert 0.5 < sens.agree_share < 1.0  # alpha above 2/3 happens, but rarely
    assert adjusted_confidence(result, sens) < result.confidence


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_draws_equal_to_the_profile_all_agree(data) -> None:
    """When every draw equals the profile's weights, the share of agreeing draws is 1.0."""
    result = assess(Q, data.draw(st.sampled_from(list(PROFILES))), data.draw(answer_sets(Q)))
    weights = np.asarray([result.weights[d] for d in Q.dimension_ids])
    same = np.repeat(weights[None, :] * data.draw(st.floats(0.1, 10)), 200, axis=0)
    assert agreement(result, Q.dimension_ids, same) == 1.0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_applying_a_flip_point_flips_the_decision(data) -> None:
    """Moving one weight just past its flip point gives the other decision."""
    profile = data.draw(st.sampled_from(list(PROFILES)))
    answers = data.draw(answer_sets(Q))
    result = assess(Q, profile, answers)
    for flip in weight_flips(Q, result):
        if flip.flip_at is None:
            continue
        step = 1e-3 if flip.change > 0 else -1e-3
        x = min(max(flip.flip_at + step, 0.0), 1.0)
        others = {d: w for d, w in result.weights.items() if d != flip.dimension}
        total = sum(others.values())
        moved = {d: w / total * (1 - x) for d, w in others.items()} | {flip.dimension: x}
        changed = assess(Q, profile.model_copy(update={"dimension_weights": moved}), answers)
        assert changed.decision != result.decision

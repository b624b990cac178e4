"""The flip plan: fewest answer changes to the other decision, blockers and floors first."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import answer_sets
from tests.test_scoring import PROFILES, Q
from wizard.flips import flip_plan
from wizard.report import flip_lines
from wizard.scoring import ACT_NOW, WAIT, assess


def _plan(q, profile, answers):
    result = assess(q, profile, answers)
    return result, flip_plan(q, profile, answers, result)


def test_a_blocker_is_removed_first(mini, mini_weights) -> None:
    """Wait from the blocker a1 = z: one change, a1 to its best option x, labelled blocker."""
    answers = {"a1": "z", "a2": "p", "b1": ["m", "n"], "b2": ["s", "t"]}
    result, plan = _plan(mini, mini_weights, answers)
    assert result.decision == WAIT and plan.target == ACT_NOW and plan.found
    assert [(c.question, c.old, c.new, c.reason) for c in plan.changes] == [
        ("a1", "z", "x", "blocker")
    ]
    assert assess(mini, mini_weights, plan.apply(answers)).decision == ACT_NOW


def test_two_changes_when_no_single_one_suffices(mini, mini_weights) -> None:
    """alpha 40, beta 10 (overall 25): a1 -> x gives 55 alone, so b2 must rise too."""
    answers = {"a1": "y", "a2": "q", "b1": ["o"], "b2": ["u"]}
    result, plan = _plan(mini, mini_weights, answers)
    assert result.overall == 25.0
    assert sorted(c.question for c in plan.changes) == ["a1", "b2"]
    assert assess(mini, mini_weights, plan.apply(answers)).decision == ACT_NOW
    for change in plan.changes:  # and neither change alone would do
        single = {**answers, change.question: change.new}
        assert assess(mini, mini_weights, single).decision == WAIT


def test_failed_floor_is_named_as_such(mini, mini_weights) -> None:
    """alpha 0 under its floor 40: the alpha change is a floor step, listed before others."""
    answers = {"a1": "unknown", "b1": ["o"], "b2": ["u"]}
    result, plan = _plan(mini, mini_weights, answers)
    assert [f.dimension for f in result.floors_failed] == ["alpha"]
    assert plan.changes[0].question == "a1" and plan.changes[0].reason == "floor"
    assert assess(mini, mini_weights, plan.apply(answers)).decision == ACT_NOW


def test_act_now_to_wait_takes_the_one_blocker(mini, mini_weights) -> None:
    """From act now, choosing the blocker option is a one-step flip to wait."""
    answers = {"a1": "y", "a2": "p", "b1": ["m", "n"], "b2": ["s", "t"]}
    result, plan = _plan(mini, mini_weights, answers)
    assert result.decision == ACT_NOW and plan.target == WAIT
    assert [(c.question, c.new, c.reason) for c in plan.changes] == [("a1", "z", "blocker")]
    assert flip_lines(mini, plan, "en") == [
        'A blocker would appear if "A1?" moved from "Y" to "Z".'
    ]


def test_steps_read_as_concrete_moves_in_both_languages(questionnaire, catalog) -> None:
    """Each step names the question and the from/to answers, in English and Chinese."""
    answers = {"eth_policy": "none", "sec_vendor_restriction": "covered"}
    profile = catalog.weights["balanced"]
    result, plan = _plan(questionnaire, profile, answers)
    en = flip_lines(questionnaire, plan, "en")
    assert en[0].startswith('Remove the blocker: move "Is your organisation bound')
    assert (
        '"Yes, and it covers the route we intend to use" to "No such directive binds us"' in en[0]
    )
    zh = flip_lines(questionnaire, plan, "zh-TW")
    assert zh[0].startswith("排除阻斷因素：")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_found_plan_really_flips_the_decision(data) -> None:
    """For any answers, applying a plan that was found gives the target decision."""
    profile = data.draw(st.sampled_from(PROFILES))
    answers = data.draw(answer_sets(Q, allow_missing=False))
    result, plan = _plan(Q, profile, answers)
    assert plan.target != result.decision
    if plan.found:
        assert assess(Q, profile, plan.apply(answers)).decision == plan.target
        reasons = [c.reason for c in plan.changes]
        assert reasons == sorted(reasons, key=["blocker", "floor", "score"].index) or (
            plan.target == WAIT
        )

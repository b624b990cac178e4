"""The flip plan: fewest answer changes to the other decision, blockers and floors first."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.conftest import best_answers, worst_answers
from tests.samples import PROFILES, Q
from tests.strategies import answer_sets
from wizard.flips import FlipPlan, flip_plan
from wizard.scoring import ACT_NOW, WAIT, assess
from wizard.words.verdict import flip_lines


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
    # a restriction is lifted by another route or model, never by "no directive binds us"
    assert en[0].startswith("Remove the blocker. Choose a route and models outside")
    assert "No such directive binds us" not in " ".join(en)
    assert en[0].endswith("Who: CISO; about 2 weeks.")
    floor = next(line for line in en if line.startswith("Lift a failed floor"))
    assert 'move "Who is accountable for AI risk decisions' in floor and "Who: DPO / Legal" in floor
    zh = flip_lines(questionnaire, plan, "zh-TW")
    assert zh[0].startswith("移除阻斷因素。") and "負責：資安長" in zh[0]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_found_plan_really_flips_the_decision(data) -> None:
    """For any answers, applying a plan that was found gives the target decision."""
    profile = data.draw(st.sampled_from(list(PROFILES)))
    answers = data.draw(answer_sets(Q, allow_missing=False))
    result, plan = _plan(Q, profile, answers)
    assert plan.target != result.decision
    assume(plan.found)  # examples without a plan say nothing here (and are not counted)
    assert assess(Q, profile, plan.apply(answers)).decision == plan.target
    reasons = [c.reason for c in plan.changes]
    assert reasons == sorted(reasons, key=["blocker", "floor", "score"].index) or (
        plan.target == WAIT
    )


def uncontrollable() -> set[str]:
    """The questions no flip may move."""
    return {x.id for x in Q.questions if not x.controllable}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_facts_the_organisation_cannot_change_are_never_moved(data) -> None:
    """Sector, jurisdictions, residency, competitors, ...: no plan ever asks to change them."""
    assert {"sector", "jurisdictions", "sec_residency", "urg_competitors"} <= uncontrollable()
    profile = data.draw(st.sampled_from(list(PROFILES)))
    answers = data.draw(answer_sets(Q, allow_missing=False))
    result, plan = _plan(Q, profile, answers)
    assert not {c.question for c in plan.changes} & uncontrollable()


def test_a_prohibited_use_case_is_dropped_and_the_rest_judged(catalog) -> None:
    """HR tech with emotion recognition in interviews (prohibited) and hiring (high-risk):
    the plan drops the prohibited use case and keeps the high-risk one, never 'minimal'."""
    answers = {**best_answers(Q), "eth_euai_tier": ["prohibited", "high"]}
    profile = catalog.weights["balanced"]
    result, plan = _plan(Q, profile, answers)
    assert result.decision == "wait"
    change = next(c for c in plan.changes if c.question == "eth_euai_tier")
    assert change.new == ["high"] and change.reason == "blocker"
    line = next(x for x in flip_lines(Q, plan, "en") if "prohibited practice" in x)
    assert line.startswith("Remove the blocker. Drop the use case")


def test_a_prohibited_only_use_case_has_no_flip(catalog) -> None:
    """With nothing but the prohibited use case, there is nothing to drop to: no plan found."""
    answers = {**best_answers(Q), "eth_euai_tier": ["prohibited"]}
    result, plan = _plan(Q, catalog.weights["balanced"], answers)
    assert result.decision == "wait" and not plan.found


def test_less_sensitive_data_never_means_public_only(catalog) -> None:
    """A hospital on clinical data: 'start with use cases on less sensitive data', not public."""
    answers = {
        **worst_answers(Q),
        **{k: v for k, v in best_answers(Q).items() if k.startswith(("eth", "bud", "urg"))},
        "sec_data_class": "regulated",
    }
    result, plan = _plan(Q, catalog.weights["regulated"], answers)
    moved = [c for c in plan.changes if c.question == "sec_data_class"]
    assert all(c.new in ("internal", "personal") for c in moved)
    assert all(
        x.startswith(("Start with use cases on less sensitive data", "Lift a failed floor. Start"))
        for x in flip_lines(Q, FlipPlan(plan.target, tuple(moved), True), "en")
    )

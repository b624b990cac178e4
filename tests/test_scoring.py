"""Scoring and the decision rule, worked by hand on the mini questionnaire, and its invariants."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import best_answers, worst_answers
from tests.samples import GOOD, PROFILES, Q
from tests.strategies import answer_sets
from wizard.answers import UNKNOWN
from wizard.errors import AnswersError
from wizard.scoring import ACT_NOW, WAIT, assess, confidence_from, question_score

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_dimension_scores_are_weighted_means(mini, mini_weights) -> None:
    """alpha = (2*50 + 80)/3 = 60, beta = mean(80, capped sum 100) = 90, overall 75."""
    result = assess(mini, mini_weights, GOOD)
    assert result.dimensions == {"alpha": 60.0, "beta": 90.0}
    assert result.overall == 75.0
    assert result.decision == ACT_NOW
    assert result.margin == 15.0  # min(75 - 60, 60 - floor 40)
    assert result.confidence == 1.0
    assert sum(result.contributions.values()) == pytest.approx(result.overall)


def test_hidden_questions_are_ignored(mini, mini_weights) -> None:
    """a2 only shows when a1 is y; its answer is ignored once a1 changes."""
    result = assess(mini, mini_weights, {**GOOD, "a1": "x", "a2": "q"})
    assert result.dimensions["alpha"] == 100.0
    assert not next(r for r in result.questions if r.id == "a2").visible


def test_multi_select_aggregation(mini) -> None:
    """mean, and sum capped at 100, over the chosen options."""
    b1, b2 = mini.questions_by_id["b1"], mini.questions_by_id["b2"]
    assert question_score(b1, ["m", "o"]) == 40.0
    assert question_score(b2, ["s"]) == 40.0
    assert question_score(b2, ["s", "t"]) == 100.0
    assert question_score(b2, []) is None


def test_dont_know_is_conservative_and_counted(mini, mini_weights) -> None:
    """A "don't know" scores the configured conservative score, is listed and lowers confidence."""
    known = assess(mini, mini_weights, GOOD)
    result = assess(mini, mini_weights, {**GOOD, "b1": UNKNOWN})
    assert result.dimensions["beta"] == 55.0  # mean(10, 100)
    assert result.unknowns == ("b1",)
    assert 0 < result.unknown_share < 1
    assert result.confidence < known.confidence
    worst_default = assess(mini, mini_weights, {**GOOD, "a1": UNKNOWN})
    # a1 has no unknown_score: its worst option (0) counts, and it is not a blocker
    assert next(r for r in worst_default.questions if r.id == "a1").score == 0.0
    assert not worst_default.blockers


def test_blocker_forces_wait_and_is_named(mini, mini_weights) -> None:
    """Choosing an option with a blocker gives wait whatever the score."""
    result = assess(mini, mini_weights, {**GOOD, "a1": "z"})
    assert result.decision == WAIT
    assert [(b.question, b.option) for b in result.blockers] == [("a1", "z")]
    assert result.blockers[0].reason.get("en") == "Z blocks."


def test_failed_floor_forces_wait(mini, mini_weights) -> None:
    """alpha = (2*50+20)/3 = 40 passes its floor of 40; lower fails it even above threshold."""
    at_floor = assess(mini, mini_weights, {**GOOD, "a2": "q"})
    assert at_floor.dimensions["alpha"] == 40.0 and not at_floor.floors_failed
    below = assess(mini, mini_weights, {"a1": UNKNOWN, "b1": ["n"], "b2": ["s", "t"]})
    assert below.dimensions["alpha"] == 0.0
    assert [f.dimension for f in below.floors_failed] == ["alpha"]
    assert below.decision == WAIT


def test_threshold_is_inclusive(mini, mini_weights) -> None:
    """overall == threshold is act now (>=)."""
    result = assess(mini, mini_weights, {"a1": "y", "a2": "q", "b1": ["m"], "b2": ["t"]})
    # alpha 40, beta mean(60, 70) = 65 -> overall 52.5; lift beta to 80 for exactly 60
    assert result.overall == 52.5 and result.decision == WAIT
    exact = assess(mini, mini_weights, {"a1": "y", "a2": "q", "b1": ["m", "n"], "b2": ["s"]})
    assert exact.overall == 50.0
    sixty = assess(mini, mini_weights, {"a1": "y", "a2": "q", "b1": ["n"], "b2": ["s", "u"]})
    assert sixty.dimensions["beta"] == 70.0 and sixty.overall == 55.0
    hit = assess(mini, mini_weights, {"a1": "y", "a2": "q", "b1": ["n"], "b2": ["s", "t"]})
    assert hit.overall == 70.0 and hit.decision == ACT_NOW
    assert (
        assess(
            mini,
            mini_weights.model_copy(update={"threshold": 70.0}),
            {"a1": "y", "a2": "q", "b1": ["n"], "b2": ["s", "t"]},
        ).decision
        == ACT_NOW
    )


def test_unanswered_dimension_forces_wait(mini, mini_weights) -> None:
    """A weighted dimension with no answer cannot support act now, and says so."""
    result = assess(mini, mini_weights, {"a1": "x"})
    assert result.dimensions["beta"] is None
    assert result.missing_dimensions == ("beta",)
    assert result.decision == WAIT
    assert result.overall == 100.0


def test_wrong_answer_ids_are_refused(mini, mini_weights) -> None:
    """An unknown question or option id raises AnswersError naming it."""
    with pytest.raises(AnswersError, match="answers.zz: must be a question id"):
        assess(mini, mini_weights, {"zz": "x"})
    with pytest.raises(
        AnswersError, match=r"answers.a1: must be one option id such as .*, got 'w'"
    ):
        assess(mini, mini_weights, {"a1": "w"})
    with pytest.raises(AnswersError, match="does not offer 'unknown'"):
        assess(mini, mini_weights, {"a2": UNKNOWN})


def test_confidence_falls_near_threshold_and_with_unknowns() -> None:
    """Confidence is monotone in the margin and in the unknown share."""
    assert (
        confidence_from(0.0, 0.0, 1.0)
        < confidence_from(5.0, 0.0, 1.0)
        < confidence_from(20.0, 0.0, 1.0)
    )
    assert confidence_from(20.0, 0.5, 1.0) < confidence_from(20.0, 0.0, 1.0)
    assert confidence_from(20.0, 0.0, 0.5) < confidence_from(20.0, 0.0, 1.0)


def test_top_drags_rank_the_costliest_answers(mini, mini_weights) -> None:
    """The answer that loses the most overall points comes first."""
    result = assess(mini, mini_weights, {**GOOD, "a2": "q"})
    drags = result.top_drags(2)
    assert drags[0].id == "a1"  # weight 2, score 50: 0.5 * 2/3 * 50 = 16.7 points
    assert drags[0].loss == pytest.approx(0.5 * 2 / 3 * 50, abs=1e-5)


# --------------------------------------------------------------------------- properties
@PROPERTY
@given(data=st.data())
def test_every_score_stays_in_0_to_100(data) -> None:
    """Dimension scores, the overall and the confidence stay in range for any answers."""
    answers = data.draw(answer_sets(Q))
    profile = data.draw(st.sampled_from(list(PROFILES)))
    result = assess(Q, profile, answers)
    for score in result.dimensions.values():
        assert score is None or 0 <= score <= 100
    assert result.overall is None or 0 <= result.overall <= 100
    assert 0 <= result.confidence <= 1


def _gating(q) -> set[str]:
    return {x.show_if.question for x in q.questions if x.show_if is not None}


@PROPERTY
@given(data=st.data())
def test_improving_one_answer_never_hurts(data) -> None:
    """A single-choice answer moved to a strictly better option (or from don't know to any
    option) never lowers the overall nor turns act now into wait.

    Questions that gate others are left out: changing them changes which questions count,
    which is the point of branching.
    """
    answers = data.draw(answer_sets(Q, allow_missing=False))
    profile = data.draw(st.sampled_from(list(PROFILES)))
    gating = _gating(Q)
    candidates = [x for x in Q.scored_questions if x.id not in gating and x.type == "single"]
    question = data.draw(st.sampled_from(candidates))
    current = answers.get(question.id)
    floor = (
        question.conservative_score
        if current == UNKNOWN
        else (question.options_by_id[current].score if current else -1)
    )
    better = [o.id for o in question.options if (o.score or 0) > floor]
    if current == UNKNOWN:
        better = [o.id for o in question.options if (o.score or 0) >= floor and not o.blocker]
    if not better:
        return
    before = assess(Q, profile, answers)
    after = assess(Q, profile, {**answers, question.id: data.draw(st.sampled_from(better))})
    if before.overall is not None:
        assert after.overall >= before.overall - 1e-9
    if before.decision == ACT_NOW:
        assert after.decision == ACT_NOW


@PROPERTY
@given(data=st.data(), factor=st.floats(min_value=0.01, max_value=1000))
def test_scaling_all_weights_changes_nothing(data, factor: float) -> None:
    """Multiplying every dimension weight by a constant gives the same result."""
    answers = data.draw(answer_sets(Q))
    profile = data.draw(st.sampled_from(list(PROFILES)))
    scaled = profile.model_copy(
        update={"dimension_weights": {k: v * factor for k, v in profile.dimension_weights.items()}}
    )
    a, b = assess(Q, profile, answers), assess(Q, scaled, answers)
    assert a.decision == b.decision
    assert a.dimensions == b.dimensions
    assert (
        a.overall == pytest.approx(b.overall, abs=1e-5)
        if a.overall is not None
        else (b.overall is None)
    )


def test_all_best_acts_and_all_worst_waits() -> None:
    """Under every shipped profile the best answers give act now and the worst give wait."""
    for profile in PROFILES:
        assert assess(Q, profile, best_answers(Q)).decision == ACT_NOW, profile.id
        worst = assess(Q, profile, worst_answers(Q))
        assert worst.decision == WAIT, profile.id
        assert worst.floors_failed or worst.blockers, profile.id


def test_a_route_that_keeps_data_in_place_is_not_penalised_for_residency() -> None:
    """The self-hosting hospital: strict residency and clinical data cost far fewer points when
    it can self-host, because the route already satisfies them."""
    import yaml

    from tests.conftest import FIXTURES

    doc = yaml.safe_load((FIXTURES / "answers-tw-hospital-llama.yaml").read_text("utf-8"))
    hosting = doc["answers"]
    assert hosting["sec_residency"] == "strict" and hosting["sec_route"] == ["self-hosted"]
    vendor = {**hosting, "sec_route": ["vendor-api"]}
    profile = PROFILES[0]
    scores = {
        name: {r.id: r.score for r in assess(Q, profile, answers).questions}
        for name, answers in (("hosting", hosting), ("vendor", vendor))
    }
    assert scores["hosting"]["sec_residency"] == 80 and scores["vendor"]["sec_residency"] == 25
    assert scores["hosting"]["sec_data_class"] == 50 and scores["vendor"]["sec_data_class"] == 20
    a, b = (assess(Q, profile, x).dimensions["security"] for x in (hosting, vendor))
    assert a > b

"""The roadmap: plan by decision, a row for every gap with its reason, consistent weeks."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import best_answers, worst_answers
from tests.samples import GOOD, PROFILES, Q
from tests.strategies import answer_sets
from wizard.answers import UNKNOWN
from wizard.scoring import ACT_NOW, WAIT, assess
from wizard.words.roadmap import advice_rows, build_roadmap

TODAY = date(2026, 11, 28)


def _plan(q, profile, answers, lang="en"):
    result = assess(q, profile, answers)
    return result, build_roadmap(q, result, answers, lang, TODAY)


def test_act_now_plan_runs_its_phases_in_order(mini, mini_weights) -> None:
    """Act now: kick-off, pilot (after the triggered fix) and scale, scheduled by dependency."""
    result, rows = _plan(mini, mini_weights, GOOD)
    assert result.decision == ACT_NOW
    by_id = {r.id: r for r in rows}
    assert {"kick-off", "pilot", "scale", "fix-a"} <= set(by_id)
    assert "sandbox" not in by_id and "reassess" not in by_id
    # fix-a (6 weeks, from answer a1 = y) pushes the pilot past kick-off's end (3)
    assert by_id["pilot"].start_week == 6 and by_id["pilot"].end_week == 11
    assert by_id["scale"].start_week == 11
    assert by_id["fix-a"].rationale == 'Your answer to "A1?": "Y".'


def test_wait_plan_has_sandbox_reassessment_date_and_triggers(mini, mini_weights) -> None:
    """Wait: gaps closed, a sandbox kept, and a re-assessment on a date."""
    result, rows = _plan(mini, mini_weights, {**GOOD, "a1": "z"})
    assert result.decision == WAIT
    by_id = {r.id: r for r in rows}
    assert "kick-off" not in by_id
    assert by_id["sandbox"].phase == "Gaps"
    assert by_id["reassess"].action == "Re-assess on 2027-01-23"  # 8 weeks after TODAY
    assert by_id["reassess"].start_week == 8
    # alpha failed its floor (0 < 40) and a1 = z is a blocker: both give alpha's gap action
    assert "below the profile's floor of 40" in by_id["fix-a"].rationale


def test_each_dont_know_adds_a_find_out_row(mini, mini_weights) -> None:
    """A "don't know" answer adds a find-out task owned by its dimension's owner."""
    _, rows = _plan(mini, mini_weights, {**GOOD, "b1": UNKNOWN})
    row = next(r for r in rows if r.id == "find-out:b1")
    assert row.action == "Find out: B1?"
    assert row.owner == "CFO"
    assert row.rationale == 'You answered "don\'t know" to "B1?" (Beta).'


def test_low_dimension_adds_gap_rows_in_both_cases(mini, mini_weights) -> None:
    """A dimension under gap_below adds its actions even when the decision is act now."""
    answers = {"a1": "x", "b1": ["o"], "b2": ["t"]}  # beta = mean(20, 70) = 45 < 50
    result, rows = _plan(mini, mini_weights, answers)
    assert result.decision == ACT_NOW  # alpha 100, overall 72.5
    row = next(r for r in rows if r.id == "fix-b")
    assert row.rationale == "Beta scored 45, below 50."
    assert row.depends_on_ids == ()  # fix-a is not in this plan, so no dangling dependency


def test_roadmap_speaks_chinese(mini, mini_weights) -> None:
    """Every text cell of the zh-TW roadmap comes from the zh-TW texts."""
    _, rows = _plan(mini, mini_weights, {**GOOD, "a1": "z"}, "zh-TW")
    by_id = {r.id: r for r in rows}
    assert by_id["reassess"].action == "於 2027 年 1 月 23 日 重新評估"
    assert by_id["fix-a"].owner == "資安長" and by_id["fix-a"].priority == "高"
    assert (
        by_id["fix-a"].rationale == "甲得分 0，低於此權重設定的最低分 40。"
    )  # the floor, in Chinese


def test_shipped_plans_for_best_and_worst_answers(questionnaire, catalog) -> None:
    """Best answers: the act-now phases only; worst: the wait plan with many gap rows."""
    profile = catalog.weights["balanced"]
    _, best = _plan(questionnaire, profile, best_answers(questionnaire))
    assert {r.phase_id for r in best} == {"foundation", "pilot", "scale"}
    _, worst = _plan(questionnaire, profile, worst_answers(questionnaire))
    phases = {r.phase_id for r in worst}
    assert phases == {"close-gaps", "watch", "reassess"}
    assert len(worst) > 20
    assert all(r.rationale for r in worst)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_nothing_starts_before_what_it_depends_on(data) -> None:
    """For any answers, each row starts at or after its phase start and its dependencies' end."""
    answers = data.draw(answer_sets(Q))
    profile = data.draw(st.sampled_from(list(PROFILES)))
    result, rows = _plan(Q, profile, answers)
    ends = {r.id: r.end_week for r in rows}
    ids = [r.id for r in rows]
    assert len(ids) == len(set(ids))
    phases = Q.roadmap.phases_by_id
    for row in rows:
        # the re-assessment is timed by its cause (after a 2-week sprint, or 12 weeks)
        earliest = 0 if row.id == Q.roadmap.reassess_action else phases[row.phase_id].start_week
        assert row.end_week > row.start_week >= earliest
        for dep in row.depends_on_ids:
            assert row.start_week >= ends[dep]
        assert row.rationale
    plan = "act_now" if result.decision == ACT_NOW else "wait"
    assert all(phases[r.phase_id].plan == plan for r in rows)


def _unknown_everywhere(q):
    """Best answers, but "don't know" wherever it is offered (22+ questions)."""
    from tests.conftest import best_answers

    answers = best_answers(q)
    for question in q.scored_questions:
        if question.unknown:
            answers[question.id] = "unknown"
    return answers


def test_many_dont_knows_mean_not_enough_information_and_one_sprint(catalog) -> None:
    """Too many "don't know" answers: wait with that headline, confidence at most 0.5, one
    discovery row per owner listing the questions, and the re-assessment right after it."""
    from wizard.guidance import advise
    from wizard.words.verdict import reasons

    answers = _unknown_everywhere(Q)
    advice = advise(catalog, Q, catalog.weights["balanced"], answers, date(2026, 11, 28), 200)
    result = advice.result
    assert len(result.unknowns) >= 20
    assert result.insufficient and result.decision == "wait"
    assert advice.confidence <= 0.5
    assert reasons(Q, result, "en")[0].startswith("Not enough information to decide")
    assert "not_enough_information" in {c.code for c in advice.warnings}
    rows = advice_rows(Q, advice, "en")
    sprint = [r for r in rows if r.id.startswith("tr-discovery:")]
    assert sprint and not [r for r in rows if r.id.startswith("tr-find-out")]
    owners = [r.owner for r in sprint]
    assert len(owners) == len(set(owners))  # one row per owner
    assert sum(r.action.count(";") + 1 for r in sprint) == len(result.unknowns)
    reassess = next(r for r in rows if r.id == "wt-reassess")
    assert reassess.start_week == max(r.end_week for r in sprint) + 1 == 3
    assert "right after the discovery sprint" in reassess.rationale


def test_the_reassessment_is_timed_by_its_cause(catalog) -> None:
    """A prohibited use case to drop: a few weeks; a restriction: about 12 weeks."""
    from tests.conftest import best_answers
    from wizard.roadmap import reassess_cause, reassess_weeks

    profile = catalog.weights["balanced"]
    best = best_answers(Q)
    dropped = assess(Q, profile, {**best, "eth_euai_tier": ["prohibited", "limited"]})
    assert reassess_cause(Q, dropped) == "drop_use_case" and reassess_weeks(Q, dropped) == 3
    banned = assess(Q, profile, {**best, "sec_vendor_restriction": "covered"})
    assert reassess_cause(Q, banned) == "restriction" and reassess_weeks(Q, banned) == 12
    low = assess(Q, profile, {**best, "eth_policy": "none", "eth_owner": "nobody"})
    if low.decision == "wait":
        assert reassess_cause(Q, low) == "gaps"


def test_not_enough_information_has_no_gap_rows_and_no_flips(catalog) -> None:
    """Scores resting on "don't know" bring no gap rows and no flip steps; the verdict says it."""
    from wizard.guidance import advise
    from wizard.words.verdict import decision_label

    advice = advise(
        catalog, Q, catalog.weights["balanced"], _unknown_everywhere(Q), date(2026, 11, 28), 200
    )
    ids = {r.id for r in advice_rows(Q, advice, "en")}
    gap_rows = {a for acts in Q.roadmap.dimension_actions.values() for a in acts}
    assert not ids & gap_rows
    assert advice.flip.changes == () and not advice.flip.found
    assert decision_label(advice.result, "en") == "Wait: not enough information to decide"
    assert decision_label(advice.result, "zh-TW") == "暫緩觀望：資訊不足，無法判斷"

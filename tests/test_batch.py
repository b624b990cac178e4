"""Batch scoring gives exactly the one-at-a-time results, for random and hand-made answer sets."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.samples import GOOD, PROFILES, Q
from tests.strategies import answer_sets
from wizard.answers import UNKNOWN
from wizard.batch import answers_frame, batch_assess, encode_answers, encode_one
from wizard.errors import AnswersError
from wizard.scoring import ACT_NOW, WAIT, assess


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_batch_matches_one_at_a_time(data) -> None:
    """Scoring a DataFrame of random answer sets gives exactly the per-set results."""
    answer_list = data.draw(st.lists(answer_sets(Q), min_size=1, max_size=40))
    profile = data.draw(st.sampled_from(list(PROFILES)))
    batch = batch_assess(Q, profile, answers_frame(answer_list))
    for i, answers in enumerate(answer_list):
        one = assess(Q, profile, answers)
        row = batch.iloc[i]
        assert row["decision"] == one.decision
        assert row["blocked"] == bool(one.blockers)
        assert row["floors_failed"] == len(one.floors_failed)
        assert row["unknowns"] == len(one.unknowns)
        assert row["confidence"] == pytest.approx(one.confidence, abs=1e-4)
        if one.overall is None:
            assert math.isnan(row["overall"])
        else:
            assert row["overall"] == pytest.approx(one.overall, abs=2e-6)
        for dim, score in one.dimensions.items():
            assert (
                math.isnan(row[dim])
                if score is None
                else row[dim] == pytest.approx(score, abs=2e-6)
            )


def test_batch_on_the_mini_questionnaire_by_hand(mini, mini_weights) -> None:
    """The batch path reproduces the hand-worked cases, row by row."""
    frame = answers_frame([GOOD, {**GOOD, "a1": "z"}, {"a1": "x"}, {**GOOD, "b1": UNKNOWN}])
    out = batch_assess(mini, mini_weights, frame)
    assert list(out["decision"]) == [ACT_NOW, WAIT, WAIT, WAIT]
    assert list(out["overall"]) == [75.0, 45.0, 100.0, 57.5]
    assert list(out["blocked"]) == [False, True, False, False]
    assert out.loc[3, "beta"] == 55.0 and out.loc[3, "unknowns"] == 1


def test_batch_rejects_unknown_columns_and_options(mini, mini_weights) -> None:
    """Bad ids in a batch name the column and the value."""
    with pytest.raises(AnswersError, match="columns: must be question ids"):
        batch_assess(mini, mini_weights, pd.DataFrame({"nope": ["x"]}))
    with pytest.raises(AnswersError, match="answers.b1: must list options"):
        batch_assess(mini, mini_weights, answers_frame([{"b1": ["m", "zz"]}]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets(Q))
def test_encode_one_equals_encode_answers(answers) -> None:
    """One answer set encoded directly has exactly the codes of its row in a batch."""
    frame = answers_frame([answers])
    frame = frame.reindex(columns=[c for c in frame.columns if c in Q.questions_by_id])
    assert (encode_one(Q, answers) == encode_answers(Q, frame)).all()

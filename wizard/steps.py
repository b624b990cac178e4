"""The wizard's steps: profile, one per dimension, review, results (pure, no Streamlit)."""

from __future__ import annotations

from wizard.config import PROFILE, Questionnaire

REVIEW, RESULTS = "review", "results"


def steps_of(q: Questionnaire) -> list[str]:
    """Step ids in order: profile, each dimension, review, results."""
    return [PROFILE, *q.dimension_ids, REVIEW, RESULTS]


def results_index(q: Questionnaire) -> int:
    """The results step's position: the progress of someone who has finished."""
    return len(steps_of(q)) - 1


def review_index(q: Questionnaire) -> int:
    """The review step's position."""
    return steps_of(q).index(REVIEW)

"""Hypothesis strategies: random but valid answer sets for a questionnaire."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from wizard.answers import UNKNOWN
from wizard.config import Question, Questionnaire


def answer_for(question: Question, allow_missing: bool = True) -> st.SearchStrategy[Any]:
    ids = list(question.option_ids)
    choices: list[st.SearchStrategy[Any]] = []
    if question.type == "single":
        choices.append(st.sampled_from(ids))
    else:
        plain = [o.id for o in question.options if not o.exclusive]
        alone = [o.id for o in question.options if o.exclusive]
        choices.append(
            st.lists(st.sampled_from(plain), min_size=1, max_size=len(plain), unique=True)
        )
        if alone:  # an exclusive option ("None") stands alone
            choices.append(st.sampled_from(alone).map(lambda v: [v]))
    if question.unknown:
        choices.append(st.just(UNKNOWN))
    if allow_missing:
        choices.append(st.none())
    return st.one_of(*choices)


def answer_sets(q: Questionnaire, allow_missing: bool = True) -> st.SearchStrategy[dict]:
    """Answer dicts over every question (None = unanswered, dropped from the dict).

    Built on first draw (``st.deferred``): a test module that decorates with it at import
    loads no catalog until a test runs.
    """

    def build() -> st.SearchStrategy[dict]:
        parts = {question.id: answer_for(question, allow_missing) for question in q.questions}
        return st.fixed_dictionaries(parts).map(
            lambda d: {k: v for k, v in d.items() if v is not None}
        )

    return st.deferred(build)

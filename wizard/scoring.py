"""Scoring and the decision rule (docs/method.md), one answer set at a time and in batches.

Rule: a dimension's score is the weighted mean of its answered, visible questions (0..100);
the overall is the dimension scores weighted by the profile (renormalised over the dimensions
that have answers); **act now** iff overall >= threshold, no floor failed, no blocker chosen and
no weighted dimension left unanswered. Otherwise **wait**, and the result says why.

:func:`assess` is the plain reference path. :func:`batch_assess` scores a DataFrame of answer sets
(in :mod:`wizard.batch`) with numpy lookups and gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from wizard.answers import UNKNOWN, AnswerValue, check_answers, chosen_options, visible_ids
from wizard.config import (
    LText,
    Question,
    Questionnaire,
    Restriction,
    WeightProfile,
    weights_problems,
)
from wizard.errors import ConfigError

Decision = Literal["act_now", "wait"]
ACT_NOW: Decision = "act_now"
WAIT: Decision = "wait"

#: A decision margin (score points) at or beyond which the margin no longer lowers confidence.
MARGIN_FULL = 15.0
#: Scores are rounded to this many decimals so both paths compare exactly.
DECIMALS = 6
#: The most confidence a result can have when there is not enough information to decide.
INSUFFICIENT_CONFIDENCE = 0.5


@dataclass(frozen=True)
class QuestionResult:
    """How one scored question counted."""

    id: str
    dimension: str
    score: float | None
    weight: float
    visible: bool
    unknown: bool
    loss: float  # overall points lost against a perfect answer (0 when not counted)


@dataclass(frozen=True)
class FloorFailure:
    """A dimension whose score is below the profile's floor."""

    dimension: str
    score: float
    floor: float


@dataclass(frozen=True)
class BlockerHit:
    """A chosen option that forces wait, or a restriction the engine found (``entries``).

    A derived blocker names the ``models`` question, the ruled-out family as ``option``, and the
    binding watchlist entries; its ``reason`` is None and its words come from those entries.
    """

    question: str
    option: str
    reason: LText | None
    entries: tuple[Restriction, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """The result of scoring one answer set under one weight profile."""

    decision: Decision
    overall: float | None
    threshold: float
    dimensions: dict[str, float | None]
    weights: dict[str, float]
    floors: dict[str, float]
    floors_failed: tuple[FloorFailure, ...]
    blockers: tuple[BlockerHit, ...]
    missing_dimensions: tuple[str, ...]
    unknowns: tuple[str, ...]
    unknown_share: float
    coverage: float
    margin: float
    confidence: float
    questions: tuple[QuestionResult, ...]
    insufficient: bool = False  # "don't know" carries too much weight: not enough information
    unknown_question_share: float = 0.0  # share of the answered question weight that is unknown

    @property
    def contributions(self) -> dict[str, float]:
        """Points each dimension adds to the overall (they sum to the overall)."""
        assessed = {d: s for d, s in self.dimensions.items() if s is not None}
        total = sum(self.weights[d] for d in assessed)
        if total <= 0:
            return {d: 0.0 for d in self.dimensions}
        return {
            d: round(self.weights[d] / total * s, DECIMALS)
            if (s := self.dimensions[d]) is not None
            else 0.0
            for d in self.dimensions
        }

    def top_drags(self, n: int = 5) -> list[QuestionResult]:
        """The counted answers that cost the overall the most points, worst first."""
        counted = [r for r in self.questions if r.loss > 0]
        return sorted(counted, key=lambda r: (-r.loss, r.id))[:n]


# --------------------------------------------------------------------------- shared helpers
def effective_weights(q: Questionnaire, profile: WeightProfile) -> dict[str, float]:
    """Profile weights normalised over the questionnaire's dimensions (checked to fit)."""
    problems = weights_problems(profile, q.dimension_ids)
    if problems:
        raise ConfigError([f"weights/{profile.id}: {p}" for p in problems])
    return profile.normalised(q.dimension_ids)


def confidence_from(margin: Any, unknown_share: Any, coverage: Any) -> Any:
    """Confidence in 0..1: falls as the margin shrinks, as unknowns rise and as coverage drops.

    Half of it rides on the margin (0 points -> x0.5, ``MARGIN_FULL`` or more -> x1), unknowns
    take off up to half, and unanswered required questions scale it down proportionally.
    Works on floats and, element-wise, on numpy arrays (the batch path).
    """
    m = margin / MARGIN_FULL
    m = min(max(m, 0.0), 1.0) if isinstance(m, float | int) else m.clip(0.0, 1.0)
    value = (0.5 + 0.5 * m) * (1.0 - 0.5 * unknown_share) * coverage
    return round(float(value), 4) if isinstance(value, float | int) else value.round(4)


def capped(confidence: Any, insufficient: Any) -> Any:
    """Confidence at most ``INSUFFICIENT_CONFIDENCE`` where information is insufficient.

    Works on floats and, element-wise, on numpy arrays (the batch path).
    """
    if isinstance(insufficient, bool):
        value = float(confidence)
        return min(value, INSUFFICIENT_CONFIDENCE) if insufficient else value
    excess = (confidence - INSUFFICIENT_CONFIDENCE).clip(0.0, None)
    return (confidence - excess * insufficient).round(4)


def unanswered(
    q: Questionnaire, answers: Mapping[str, AnswerValue], dimension: str | None = None
) -> list[Question]:
    """Visible required questions (of one dimension, or all) that have no answer yet."""
    shown = visible_ids(q, answers)
    return [
        x
        for x in q.questions
        if x.id in shown
        and x.required
        and (dimension is None or x.dimension == dimension)
        and answers.get(x.id) in (None, [])
    ]


def question_score(question: Question, value: AnswerValue | None) -> float | None:
    """Score of one answer (None when unanswered); "don't know" scores conservatively."""
    if value is None:
        return None
    if value == UNKNOWN:
        return question.conservative_score
    chosen = [value] if isinstance(value, str) else list(value)
    if not chosen:
        return None
    scores = [question.options_by_id[o].score or 0.0 for o in chosen]
    if question.aggregate == "min":
        return min(scores)
    if question.aggregate == "max":
        return max(scores)
    if question.aggregate == "sum":
        return min(100.0, sum(scores))
    return sum(scores) / len(scores)


def relieved(
    question: Question,
    value: AnswerValue | None,
    score: float | None,
    answers: Mapping[str, AnswerValue],
    shown: set[str],
) -> float | None:
    """The score after an option's ``relief``: the best relief whose condition holds."""
    if score is None or not isinstance(value, str) or value == UNKNOWN:
        return score
    option = question.options_by_id.get(value)
    for relief in option.relief if option is not None else ():
        given = answers.get(relief.question) if relief.question in shown else None
        if set(chosen_options(given)) & set(relief.in_):
            score = max(score, relief.score)
    return score


# --------------------------------------------------------------------------- one at a time
def assess(
    q: Questionnaire, profile: WeightProfile, answers: Mapping[str, AnswerValue]
) -> Assessment:
    """Score one answer set and decide act now or wait.

    Raises:
        AnswersError: an answer names an unknown question or option.
        ConfigError: the profile does not fit the questionnaire.
    """
    answers = check_answers(q, answers)
    weights = effective_weights(q, profile)
    shown = visible_ids(q, answers)

    num = dict.fromkeys(q.dimension_ids, 0.0)
    den = dict.fromkeys(q.dimension_ids, 0.0)
    blockers: list[BlockerHit] = []
    unknowns: list[str] = []
    rows: list[tuple[Question, float | None, bool, bool]] = []
    unknown_w = answered_w = required_w = required_answered_w = 0.0
    unknown_q = answered_q = 0.0  # question weights only: the profile cannot hide unknowns
    for question in q.scored_questions:
        visible = question.id in shown
        value = answers.get(question.id) if visible else None
        score = relieved(question, value, question_score(question, value), answers, shown)
        is_unknown = visible and value == UNKNOWN
        rows.append((question, score, visible, is_unknown))
        if not visible:
            continue
        w_eff = question.weight * weights[question.dimension]
        if question.required:
            required_w += w_eff
        if score is None:
            continue
        num[question.dimension] += question.weight * score
        den[question.dimension] += question.weight
        answered_w += w_eff
        answered_q += question.weight
        if question.required:
            required_answered_w += w_eff
        if is_unknown:
            unknowns.append(question.id)
            unknown_w += w_eff
            unknown_q += question.weight
        else:
            for option_id in [value] if isinstance(value, str) else list(value or []):
                option = question.options_by_id[option_id]
                if option.blocker is not None:
                    blockers.append(BlockerHit(question.id, option.id, option.blocker))

    dims: dict[str, float | None] = {
        d: round(num[d] / den[d], DECIMALS) if den[d] > 0 else None for d in q.dimension_ids
    }
    assessed_weight = sum(weights[d] for d, s in dims.items() if s is not None)
    overall = (
        round(
            sum(weights[d] * s for d, s in dims.items() if s is not None) / assessed_weight,
            DECIMALS,
        )
        if assessed_weight > 0
        else None
    )
    floors = {d: float(f) for d, f in profile.floors.items() if d in dims}
    failed = tuple(
        FloorFailure(d, s, floors[d])
        for d, s in dims.items()
        if d in floors and s is not None and s < floors[d]
    )
    missing = tuple(d for d, s in dims.items() if s is None and (weights[d] > 0 or d in floors))
    threshold = float(profile.threshold)
    unknown_share = round(unknown_w / answered_w, DECIMALS) if answered_w > 0 else 0.0
    # what the questionnaire weighs, not the profile: weights cannot turn "too many unknowns"
    # into a decision
    q_share = round(unknown_q / answered_q, DECIMALS) if answered_q > 0 else 0.0
    insufficient = q_share > q.max_unknown_share
    act = (
        overall is not None
        and overall >= threshold
        and not failed
        and not blockers
        and not missing
        and not insufficient
    )

    if act:
        assert overall is not None
        gaps = [overall - threshold] + [
            s - floors[d] for d, s in dims.items() if d in floors and s is not None
        ]
        margin = min(gaps)
    elif blockers:
        margin = MARGIN_FULL
    elif missing or overall is None or insufficient:
        margin = 0.0
    else:
        gaps = [threshold - overall] + [f.floor - f.score for f in failed]
        margin = max(gaps)
    margin = round(margin, DECIMALS)
    coverage = round(required_answered_w / required_w, DECIMALS) if required_w > 0 else 1.0

    results = []
    for question, score, visible, is_unknown in rows:
        loss = 0.0
        d = question.dimension
        if visible and score is not None and den[d] > 0 and assessed_weight > 0:
            loss = weights[d] / assessed_weight * question.weight / den[d] * (100.0 - score)
        results.append(
            QuestionResult(
                question.id, d, score, question.weight, visible, is_unknown, round(loss, DECIMALS)
            )
        )
    return Assessment(
        decision=ACT_NOW if act else WAIT,
        overall=overall,
        threshold=threshold,
        dimensions=dims,
        weights=weights,
        floors=floors,
        floors_failed=failed,
        blockers=tuple(blockers),
        missing_dimensions=missing,
        unknowns=tuple(unknowns),
        unknown_share=unknown_share,
        coverage=coverage,
        margin=margin,
        confidence=capped(confidence_from(margin, unknown_share, coverage), insufficient),
        questions=tuple(results),
        insufficient=insufficient,
        unknown_question_share=q_share,
    )


def with_blockers(result: Assessment, hits: Sequence[BlockerHit]) -> Assessment:
    """The assessment with more blockers (derived from restrictions): wait, as for any blocker."""
    if not hits:
        return result
    margin = MARGIN_FULL  # as in assess: a blocker decides whatever the scores
    return replace(
        result,
        decision=WAIT,
        blockers=(*result.blockers, *hits),
        margin=margin,
        confidence=capped(
            confidence_from(margin, result.unknown_share, result.coverage), result.insufficient
        ),
    )

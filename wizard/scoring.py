"""Scoring and the decision rule (DESIGN.md), one answer set at a time and in batches.

Rule: a dimension's score is the weighted mean of its answered, visible questions (0..100);
the overall is the dimension scores weighted by the profile (renormalised over the dimensions
that have answers); **act now** iff overall >= threshold, no floor failed, no blocker chosen and
no weighted dimension left unanswered. Otherwise **wait**, and the result says why.

:func:`assess` is the plain reference path. :func:`batch_assess` scores a DataFrame of answer sets
with numpy lookups and matrix products and gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from wizard.answers import UNKNOWN, AnswerValue, check_answers
from wizard.config import LText, Question, Questionnaire, WeightProfile, weights_problems
from wizard.errors import AnswersError, ConfigError

Decision = Literal["act_now", "wait"]
ACT_NOW: Decision = "act_now"
WAIT: Decision = "wait"

#: A decision margin (score points) at or beyond which the margin no longer lowers confidence.
MARGIN_FULL = 15.0
#: Scores are rounded to this many decimals so both paths compare exactly.
DECIMALS = 6


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
    dimension: str
    score: float
    floor: float


@dataclass(frozen=True)
class BlockerHit:
    question: str
    option: str
    reason: LText


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


def confidence_from(
    margin: np.ndarray | float, unknown_share: np.ndarray | float, coverage: np.ndarray | float
) -> np.ndarray | float:
    """Confidence in 0..1: falls as the margin shrinks, as unknowns rise and as coverage drops.

    Half of it rides on the margin (0 points -> x0.5, ``MARGIN_FULL`` or more -> x1), unknowns
    take off up to half, and unanswered required questions scale it down proportionally.
    """
    m = np.clip(np.asarray(margin, dtype=float) / MARGIN_FULL, 0.0, 1.0)
    value = (
        (0.5 + 0.5 * m)
        * (1.0 - 0.5 * np.asarray(unknown_share, dtype=float))
        * np.asarray(coverage, dtype=float)
    )
    value = np.round(value, 4)
    return float(value) if np.ndim(value) == 0 else value


def visible_ids(q: Questionnaire, answers: Mapping[str, AnswerValue]) -> set[str]:
    """Questions shown for these answers: ``show_if`` needs a shown parent with a listed option."""
    shown: set[str] = set()
    for question in q.questions:
        cond = question.show_if
        if cond is None:
            shown.add(question.id)
            continue
        if cond.question not in shown:
            continue
        value = answers.get(cond.question)
        chosen = value if isinstance(value, list | tuple) else [value]
        if any(option_id in cond.in_ for option_id in chosen):
            shown.add(question.id)
    return shown


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
    for question in q.scored_questions:
        visible = question.id in shown
        value = answers.get(question.id) if visible else None
        score = question_score(question, value)
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
        if question.required:
            required_answered_w += w_eff
        if is_unknown:
            unknowns.append(question.id)
            unknown_w += w_eff
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
    act = (
        overall is not None and overall >= threshold and not failed and not blockers and not missing
    )

    if act:
        assert overall is not None
        gaps = [overall - threshold] + [
            s - floors[d] for d, s in dims.items() if d in floors and s is not None
        ]
        margin = min(gaps)
    elif blockers:
        margin = MARGIN_FULL
    elif missing or overall is None:
        margin = 0.0
    else:
        gaps = [threshold - overall] + [f.floor - f.score for f in failed]
        margin = max(gaps)
    margin = round(margin, DECIMALS)
    unknown_share = round(unknown_w / answered_w, DECIMALS) if answered_w > 0 else 0.0
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
        confidence=float(confidence_from(margin, unknown_share, coverage)),
        questions=tuple(results),
    )


@dataclass(frozen=True)
class Tables:
    """Small per-question lookup tables that turn answer codes into scores with ``np.take``.

    Only the questions that count are encoded: scored ones first (column ``s`` of the code
    matrix is scored question ``s``), then the unscored ones that gate another question.
    Codes per question: 0 unanswered, 1 "don't know", then 2 + option index (single) or
    2 + bitmask of the chosen options (multi; an empty choice is coded 0, unanswered).
    """

    cols: tuple[str, ...]  # question ids, one per code column
    dim_of: tuple[int, ...]  # (S,) dimension index of each scored question
    sw: tuple[np.ndarray, ...]  # per scored question: score * weight per code (0 unanswered)
    w: tuple[np.ndarray, ...]  # per scored question: weight per code when answered, else 0
    blockers: tuple[np.ndarray | None, ...]  # per scored question: bool per code, or None
    offers_unknown: tuple[bool, ...]
    qweight: np.ndarray  # (S,)
    required: np.ndarray  # (S,) bool
    gates: tuple[tuple[int, int, np.ndarray], ...]  # (child col, parent col, allowed[code])

    @property
    def n_scored(self) -> int:
        return len(self.sw)


def _slots(question: Question) -> int:
    return 2 + (1 << len(question.options) if question.type == "multi" else len(question.options))


def build_tables(q: Questionnaire) -> Tables:
    """Precompute the batch lookup tables of a questionnaire."""
    parents = {x.show_if.question for x in q.questions if x.show_if is not None}
    scored = list(q.scored_questions)
    extra = [x for x in q.questions if not x.scored and x.id in parents]
    cols = tuple(x.id for x in scored + extra)
    col_of = {qid: c for c, qid in enumerate(cols)}
    sw, w, blockers = [], [], []
    for question in scored:
        score = np.zeros(_slots(question))
        answered = np.zeros(_slots(question), dtype=bool)
        blocked = np.zeros(_slots(question), dtype=bool)
        score[1], answered[1] = question.conservative_score, True
        if question.type == "single":
            for k, option in enumerate(question.options):
                score[2 + k], answered[2 + k] = option.score or 0.0, True
                blocked[2 + k] = option.blocker is not None
        else:
            for mask in range(1, 1 << len(question.options)):
                chosen = [o.id for k, o in enumerate(question.options) if mask >> k & 1]
                score[2 + mask], answered[2 + mask] = question_score(question, chosen), True
                blocked[2 + mask] = any(question.options_by_id[c].blocker for c in chosen)
        sw.append(question.weight * score)
        w.append(question.weight * answered)
        blockers.append(blocked if blocked.any() else None)
    gates = []
    for question in q.questions:
        if question.show_if is None or question.id not in col_of:
            continue
        parent = q.questions_by_id[question.show_if.question]
        allowed = np.zeros(_slots(parent), dtype=bool)
        for k, option in enumerate(parent.options):
            if option.id not in question.show_if.in_:
                continue
            if parent.type == "single":
                allowed[2 + k] = True
            else:
                allowed[2:] |= (np.arange(1 << len(parent.options)) >> k & 1).astype(bool)
        gates.append((col_of[question.id], col_of[parent.id], allowed))
    dim_index = {d: k for k, d in enumerate(q.dimension_ids)}
    return Tables(
        cols=cols,
        dim_of=tuple(dim_index[x.dimension] for x in scored),
        sw=tuple(sw),
        w=tuple(w),
        blockers=tuple(blockers),
        offers_unknown=tuple(x.unknown for x in scored),
        qweight=np.asarray([x.weight for x in scored], dtype=float),
        required=np.asarray([x.required for x in scored], dtype=bool),
        gates=tuple(gates),
    )


_TABLES: dict[int, tuple[Questionnaire, Tables]] = {}


def tables_for(q: Questionnaire) -> Tables:
    """Cached :func:`build_tables` (per questionnaire object)."""
    hit = _TABLES.get(id(q))
    if hit is None or hit[0] is not q:
        hit = (q, build_tables(q))
        _TABLES[id(q)] = hit
    return hit[1]


def _index_in(values: Any, categories: Sequence[str]) -> np.ndarray:
    """Position of each Arrow string in ``categories``; -1 for nulls and strangers."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.index_in(values, value_set=pa.array(list(categories), type=pa.string()))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)


def _encode_single(question: Question, col: pd.Series) -> np.ndarray:
    import pyarrow as pa

    try:
        arr = pa.array(col, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise AnswersError(
            f"answers.{question.id}: must be one option id per row, "
            f"got {type(exc).__name__}: {str(exc)[:80]}"
        ) from exc
    categories = [*question.option_ids, UNKNOWN] if question.unknown else question.option_ids
    c = _index_in(arr, categories)
    bad = (c < 0) & arr.is_valid().to_numpy(zero_copy_only=False)
    if bad.any():
        row = int(bad.argmax())
        raise AnswersError(
            f"answers.{question.id}: must be one of {list(question.option_ids)}, "
            f"got {arr[row].as_py()!r} (row {row})"
        )
    k = len(question.options)
    return np.where(c < 0, 0, np.where(c == k, 1, c + 2))


def _encode_multi(question: Question, col: pd.Series) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    values = col.to_numpy(dtype=object)
    is_unknown = values == UNKNOWN if question.unknown else np.zeros(len(values), dtype=bool)
    try:
        arr = pa.array(
            np.where(is_unknown, None, values), type=pa.list_(pa.string()), from_pandas=True
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise AnswersError(
            f"answers.{question.id}: must be a list of option ids per row, got {str(exc)[:80]}"
        ) from exc
    flat = pc.list_flatten(arr)
    rows = pc.list_parent_indices(arr).to_numpy(zero_copy_only=False)
    c = _index_in(flat, question.option_ids)
    bad = (c < 0) & flat.is_valid().to_numpy(zero_copy_only=False)
    if bad.any():
        raise AnswersError(
            f"answers.{question.id}: must list options of "
            f"{list(question.option_ids)}, got {flat[int(bad.argmax())].as_py()!r}"
        )
    bits = np.where(c >= 0, np.left_shift(1, np.clip(c, 0, 30)), 0)
    mask = np.bincount(rows, weights=bits, minlength=len(values)).astype(np.int32)
    return np.where(is_unknown, 1, np.where(mask > 0, mask + 2, 0))


def encode_answers(q: Questionnaire, frame: pd.DataFrame) -> np.ndarray:
    """Turn a DataFrame (one row per answer set, one column per question id) into codes.

    Cells hold an option id, a list of option ids (multi), ``"unknown"``, or nothing. Only the
    questions that count (scored ones and the profile questions that gate others) are read.
    Returns an (n, columns) int32 matrix in column-major order (each question contiguous).

    Raises:
        AnswersError: a column is not a question id, or a cell names an unknown option.
    """
    tables = tables_for(q)
    unknown_cols = [c for c in frame.columns if c not in q.questions_by_id]
    if unknown_cols:
        raise AnswersError(f"columns: must be question ids of {q.id}, got {unknown_cols[:5]}")
    codes = np.zeros((len(frame), len(tables.cols)), dtype=np.int32, order="F")
    for j, qid in enumerate(tables.cols):
        if qid in frame.columns:
            question = q.questions_by_id[qid]
            encode = _encode_multi if question.type == "multi" else _encode_single
            codes[:, j] = encode(question, frame[qid].reset_index(drop=True))
    return codes


def score_codes(
    tables: Tables, weights: np.ndarray, threshold: float, floors: np.ndarray, codes: np.ndarray
) -> dict[str, np.ndarray]:
    """The vectorised decision rule over an (n, columns) code matrix.

    Loops over the questions (a few dozen), never over the answer sets: each step is a lookup
    in a tiny table and an add over all n rows at once.

    Args:
        tables: lookup tables of the questionnaire.
        weights: (D,) dimension weights summing to 1.
        threshold: the act-now threshold.
        floors: (D,) floors, NaN where a dimension has none.
        codes: (n, columns) codes from :func:`encode_answers`.
    """
    n = codes.shape[0]
    visible: dict[int, np.ndarray] = {}
    for child, parent, allowed in tables.gates:
        shown = allowed[codes[:, parent]]
        visible[child] = shown & visible[parent] if parent in visible else shown

    num = np.zeros((len(weights), n))
    den = np.zeros((len(weights), n))
    qdw = tables.qweight * weights[list(tables.dim_of)]  # question weight x dimension weight
    unknown_w = np.zeros(n)
    unknowns = np.zeros(n, dtype=np.int32)
    req_total = np.full(n, qdw[tables.required].sum())
    req_answered = np.zeros(n)
    blocked = np.zeros(n, dtype=bool)
    for s in range(tables.n_scored):
        c = codes[:, s]
        if s in visible:
            c = np.where(visible[s], c, 0)
            if tables.required[s]:
                req_total -= ~visible[s] * qdw[s]
        d = tables.dim_of[s]
        num[d] += tables.sw[s].take(c)
        answered = tables.w[s].take(c)
        den[d] += answered
        if tables.required[s]:
            req_answered += answered * weights[d]
        if tables.offers_unknown[s]:
            is_unknown = c == 1
            unknowns += is_unknown
            unknown_w += is_unknown * qdw[s]
        if tables.blockers[s] is not None:
            blocked |= tables.blockers[s].take(c)

    assessed = (den > 0).T
    with np.errstate(invalid="ignore", divide="ignore"):
        dims = np.round((num / den).T, DECIMALS)
    dims[~assessed] = np.nan
    aw = assessed @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.round(np.where(assessed, dims, 0.0) @ weights / aw, DECIMALS)
    overall[aw <= 0] = np.nan

    has_floor = ~np.isnan(floors)
    floor_vals = np.where(has_floor, floors, 0.0)
    failed = assessed & has_floor & (dims < floor_vals)
    missing = ~assessed & ((weights > 0) | has_floor)
    any_failed = failed.any(axis=1)
    any_missing = missing.any(axis=1)
    act = (overall >= threshold) & ~any_failed & ~blocked & ~any_missing

    slack = np.where(assessed & has_floor, dims - floor_vals, np.inf).min(axis=1)
    deficit = np.where(failed, floor_vals - dims, -np.inf).max(axis=1)
    margin = np.where(
        act,
        np.minimum(overall - threshold, slack),
        np.where(blocked, MARGIN_FULL, np.maximum(threshold - overall, deficit)),
    )
    margin = np.where(~act & ~blocked & (any_missing | np.isnan(overall)), 0.0, margin)
    margin = np.round(margin, DECIMALS)

    answered_w = weights @ den
    with np.errstate(invalid="ignore", divide="ignore"):
        unknown_share = np.where(answered_w > 0, np.round(unknown_w / answered_w, DECIMALS), 0.0)
        coverage = np.where(req_total > 0, np.round(req_answered / req_total, DECIMALS), 1.0)
    return {
        "overall": overall,
        "dimensions": dims,
        "act": act,
        "blocked": blocked,
        "floors_failed": failed,
        "missing": missing,
        "unknowns": unknowns,
        "unknown_share": unknown_share,
        "coverage": coverage,
        "margin": margin,
        "confidence": np.asarray(confidence_from(margin, unknown_share, coverage)).reshape(n),
    }


def profile_arrays(q: Questionnaire, profile: WeightProfile) -> tuple[np.ndarray, np.ndarray]:
    """(weights, floors) arrays over the questionnaire's dimensions."""
    w = effective_weights(q, profile)
    weights = np.asarray([w[d] for d in q.dimension_ids])
    floors = np.asarray([profile.floors.get(d, np.nan) for d in q.dimension_ids], dtype=float)
    return weights, floors


def batch_assess(q: Questionnaire, profile: WeightProfile, frame: pd.DataFrame) -> pd.DataFrame:
    """Score every row of ``frame`` (answer sets) at once; same numbers as :func:`assess`.

    Returns:
        One row per answer set, same index: ``decision``, ``overall``, ``confidence``,
        ``blocked``, ``floors_failed`` (count), ``unknowns`` (count), and one column per dimension.
    """
    tables = tables_for(q)
    weights, floors = profile_arrays(q, profile)
    codes = encode_answers(q, frame)
    res = score_codes(tables, weights, float(profile.threshold), floors, codes)
    out = pd.DataFrame(
        {
            "decision": np.where(res["act"], ACT_NOW, WAIT),
            "overall": res["overall"],
            "confidence": res["confidence"],
            "blocked": res["blocked"],
            "floors_failed": res["floors_failed"].sum(axis=1),
            "unknowns": res["unknowns"],
        },
        index=frame.index,
    )
    for k, d in enumerate(q.dimension_ids):
        out[d] = res["dimensions"][:, k]
    return out


def answers_frame(answer_sets: Sequence[Mapping[str, AnswerValue]]) -> pd.DataFrame:
    """A DataFrame of answer sets (missing answers as None), for :func:`batch_assess`."""
    return pd.DataFrame.from_records([dict(a) for a in answer_sets])

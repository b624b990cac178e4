"""What would flip it: the fewest answer changes that turn wait into act now, or the reverse.

Candidates are, per visible scored question, its best answer (towards act now: highest score,
never a blocker) or its worst (towards wait: a blocker if it has one, else the lowest score).
Blockers must go first, because no score outweighs them. A greedy pass adds the change that helps
most (failed floors before the overall), evaluated exactly with the batch rule in code space;
then smaller sets among the most helpful candidates are tried, so the plan is minimal whenever
the top candidates suffice.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import numpy as np

from wizard.answers import UNKNOWN, AnswerValue
from wizard.batch import answer_code, encode_one, profile_arrays, score_codes, tables_for
from wizard.config import Question, Questionnaire, WeightProfile
from wizard.scoring import ACT_NOW, WAIT, Assessment, Decision, question_score, visible_ids

Reason = Literal["blocker", "floor", "score"]
TOP_CANDIDATES = 10


@dataclass(frozen=True)
class Change:
    """Move one question's answer from ``old`` to ``new``."""

    question: str
    old: AnswerValue | None
    new: AnswerValue
    reason: Reason


@dataclass(frozen=True)
class FlipPlan:
    """The fewest answer changes that turn the decision into ``target``."""

    target: Decision
    changes: tuple[Change, ...]
    found: bool

    def apply(self, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
        """The answers with every change made."""
        out = dict(answers)
        for change in self.changes:
            out[change.question] = change.new
        return out


def _subsets(question: Question) -> list[list[str]]:
    ids = question.option_ids
    return [[ids[k] for k in range(len(ids)) if m >> k & 1] for m in range(1, 1 << len(ids))]


def _pool(question: Question, old: AnswerValue | None, avoid: Collection[str]) -> list[AnswerValue]:
    """The answers the flip search may move ``question`` to.

    ``flip_to`` limits the targets (less sensitive data, never "public only" for a hospital);
    ``flip_drop`` only removes the chosen options that are blockers (drop the prohibited use
    case; the others stay as they are and are judged as they are).
    """
    if question.type == "single":
        ids = [o.id for o in question.options if o.id not in avoid]
        if question.flip_to:
            ids = [i for i in ids if i in question.flip_to or i == old]
        return list(ids)
    subsets = [a for a in _subsets(question) if not set(a) & set(avoid)]
    if question.flip_drop:
        chosen = list(old) if isinstance(old, list) else []
        kept = [o for o in chosen if question.options_by_id[o].blocker is None]
        return [kept] if kept and kept != chosen else []
    return list(subsets)


def _target_answer(
    question: Question,
    towards_act: bool,
    avoid: Collection[str] = (),
    old: AnswerValue | None = None,
) -> AnswerValue | None:
    """The best answer without blockers (towards act now), or the worst (towards wait).

    Options in ``avoid`` are never proposed (answers the facts already contradict).
    """
    blocked = {o.id for o in question.options if o.blocker is not None}
    pool = _pool(question, old, avoid)
    if towards_act:
        pool = [a for a in pool if not set([a] if isinstance(a, str) else a) & blocked]
        if not pool:  # nothing it may move to: it stays (a blocker here cannot be lifted)
            return old
        return max(pool, key=lambda a: question_score(question, a) or 0.0)
    if not pool:
        return old
    with_blocker = [a for a in pool if set([a] if isinstance(a, str) else a) & blocked]
    if with_blocker:
        return min(with_blocker, key=lambda a: question_score(question, a) or 0.0)
    return min(pool, key=lambda a: question_score(question, a) or 0.0)


def _has_blocker(question: Question, value: AnswerValue | None) -> bool:
    if value is None or value == UNKNOWN:
        return False
    chosen = [value] if isinstance(value, str) else value
    return any(question.options_by_id[c].blocker is not None for c in chosen)


def flip_plan(
    q: Questionnaire,
    profile: WeightProfile,
    answers: Mapping[str, AnswerValue],
    result: Assessment,
    max_changes: int = 8,
    avoid: Mapping[str, Collection[str]] | None = None,
) -> FlipPlan:
    """The fewest changes that give the other decision (see the module doc).

    ``avoid`` maps question ids to options the plan must not propose (for example "no
    directive binds us" when a binding restriction matched).
    """
    avoid = avoid or {}
    towards_act = result.decision == WAIT
    target: Decision = ACT_NOW if towards_act else WAIT
    tables = tables_for(q)
    weights, floors = profile_arrays(q, profile)
    threshold = float(profile.threshold)
    col = {qid: j for j, qid in enumerate(tables.cols)}
    shown = visible_ids(q, answers)

    mandatory: list[Change] = []
    candidates: list[Change] = []
    stuck = False
    for question in q.scored_questions:
        if question.id not in shown or not question.controllable:
            continue  # facts the organisation cannot change are never moved
        old = answers.get(question.id)
        new = _target_answer(question, towards_act, avoid.get(question.id, ()), old)
        if new is None:
            continue  # unanswered, and nothing it may be moved to
        if towards_act and _has_blocker(question, old):
            if _has_blocker(question, new):
                stuck = True  # e.g. the only use case is prohibited: nothing left to drop to
                continue
            mandatory.append(Change(question.id, old, new, "blocker"))
            continue
        old_score = question_score(question, old)
        new_score = question_score(question, new) or 0.0
        better = old_score is None or (
            new_score > old_score
            if towards_act
            else new_score < old_score or _has_blocker(question, new)
        )
        if better and new != old:
            reason: Reason = "blocker" if _has_blocker(question, new) else "score"
            candidates.append(Change(question.id, old, new, reason))

    base = encode_one(q, answers)
    for change in mandatory:
        base[0, col[change.question]] = answer_code(q.questions_by_id[change.question], change.new)

    def evaluate(rows: np.ndarray) -> dict[str, np.ndarray]:
        return score_codes(tables, weights, threshold, floors, np.asfortranarray(rows))

    def with_changes(sets: list[tuple[Change, ...]], start: np.ndarray) -> np.ndarray:
        rows = np.repeat(start, len(sets), axis=0)
        for i, changes in enumerate(sets):
            for change in changes:
                rows[i, col[change.question]] = answer_code(
                    q.questions_by_id[change.question], change.new
                )
        return rows

    def reached(res: dict[str, np.ndarray]) -> np.ndarray:
        return res["act"] if towards_act else ~res["act"]

    def progress(res: dict[str, np.ndarray]) -> np.ndarray:
        """Higher is closer to the target: floors first, then the overall."""
        deficit = np.where(
            res["floors_failed"], np.nan_to_num(floors) - np.nan_to_num(res["dimensions"]), 0.0
        ).sum(axis=1)
        overall = np.nan_to_num(res["overall"])
        if towards_act:
            return -deficit * 1000 + overall
        return deficit * 1000 - overall + res["blocked"] * 1e6

    current = base
    if stuck:
        return FlipPlan(target, tuple(mandatory), False)
    if reached(evaluate(current))[0]:
        return FlipPlan(target, tuple(mandatory), True)
    if not candidates:
        return FlipPlan(target, tuple(mandatory), False)

    singles = evaluate(with_changes([(c,) for c in candidates], current))
    order = np.argsort(-progress(singles), kind="stable")
    top = [candidates[i] for i in order[:TOP_CANDIDATES]]
    chosen: list[Change] = []
    remaining = list(candidates)
    found = False
    failed_dims = {f.dimension for f in result.floors_failed}

    def labelled(c: Change) -> Change:
        floor = towards_act and q.questions_by_id[c.question].dimension in failed_dims
        return Change(c.question, c.old, c.new, "floor" if floor else c.reason)

    while remaining and len(chosen) < max_changes:
        res = evaluate(with_changes([(c,) for c in remaining], current))
        hits = np.flatnonzero(reached(res))
        pick = (
            int(hits[np.argmax(progress(res)[hits])])
            if hits.size
            else int(np.argmax(progress(res)))
        )
        change = remaining.pop(pick)
        chosen.append(labelled(change))
        current = with_changes([(change,)], current)
        if hits.size:
            found = True
            break
    if not found:
        return FlipPlan(target, tuple(mandatory + chosen), False)

    # try smaller sets among the most helpful single changes
    for size in range(len(chosen) - 1, 0, -1):
        sets = list(combinations(top, size))
        res = evaluate(with_changes(sets, base))
        hits = np.flatnonzero(reached(res))
        if not hits.size:
            break
        best = sets[int(hits[np.argmax(progress(res)[hits])])]
        chosen = [labelled(c) for c in best]
    rank = {"blocker": 0, "floor": 1, "score": 2}
    ordered = sorted(mandatory + chosen, key=lambda c: rank[c.reason])
    return FlipPlan(target, tuple(ordered), True)

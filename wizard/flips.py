"""What would flip it: the cheapest answer changes that turn wait into act now, or the reverse.

A change costs its question's effort (``effort_weeks``) times how far the answer moves (one budget
band up costs a quarter of four bands up; a "don't know" found out is one step). Candidates are,
per visible controllable scored question, every answer that helps (towards act now: a higher
score, never a blocker; towards wait: a lower score or a blocker). Blockers must go first, because
no score outweighs them. A greedy pass over each question's best answer gives a plan and its cost
(an upper bound); a best-first search over sets of changes, cheapest first and evaluated exactly
with the batch rule in code space, then finds the cheapest sufficient plan below that bound, at
most one change per question. Among equally cheap plans the one that leaves more margin wins.
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
#: at most this many sets of changes are evaluated by the cheapest-first search (then the
#: greedy plan stands); sets are evaluated this many at a time. Towards wait (what would make
#: an act-now result fragile) the plan is a caution, not a to-do list: a smaller budget.
SEARCH_BUDGET = 12_000
SEARCH_BUDGET_WAIT = 3_000
SEARCH_BATCH = 512


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
    #: roadmap owner id -> who acts instead in this organisation (see ``owner_mapping``)
    owners: tuple[tuple[str, str], ...] = ()

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


def distance(question: Question, old: AnswerValue | None, new: AnswerValue) -> int:
    """How far an answer moves, in steps.

    Options apart on a single question (bands are listed in order), options added or removed on
    a multi one; finding out a "don't know" is one step.
    """
    if old is None or old == UNKNOWN:
        return 1
    if question.type == "single":
        ids = question.option_ids
        if isinstance(old, str) and isinstance(new, str) and old in ids and new in ids:
            return max(1, abs(ids.index(new) - ids.index(old)))
        return 1
    before = set(old) if isinstance(old, list | tuple) else set()
    after = set(new) if isinstance(new, list | tuple) else {new}
    return max(1, len(before ^ after))


def change_cost(question: Question, old: AnswerValue | None, new: AnswerValue) -> float:
    """The effort of one change: the question's weeks times how far the answer moves."""
    return float(question.effort_weeks * distance(question, old, new))


def plan_cost(q: Questionnaire, changes: Collection[Change]) -> float:
    """The effort of a whole plan (the cost the search minimises)."""
    return sum(change_cost(q.questions_by_id[c.question], c.old, c.new) for c in changes)


def _options(
    question: Question, towards_act: bool, avoid: Collection[str], old: AnswerValue | None
) -> list[AnswerValue]:
    """Every answer a plan may move ``question`` to that helps (see the module doc)."""
    blocked = {o.id for o in question.options if o.blocker is not None}
    pool = _pool(question, old, avoid)
    if question.type == "multi" and not question.flip_drop:
        best = _target_answer(question, towards_act, avoid, old)
        exclusive = {o.id for o in question.options if o.exclusive}
        chosen = [c for c in (old if isinstance(old, list) else []) if c not in exclusive]
        # one option more at a time ("none yet" replaced, never combined)
        steps = [
            [i for i in question.option_ids if i in {*chosen, o}]
            for o in question.option_ids
            if o not in chosen and o not in exclusive
        ]
        pool = [a for a in pool if a == best] + [a for a in steps if a in pool and a != best]
    old_score = question_score(question, old) if old not in (None, UNKNOWN) else None
    out: list[AnswerValue] = []
    for answer in pool:
        if answer == old:
            continue
        hits = bool(set([answer] if isinstance(answer, str) else answer) & blocked)
        score = question_score(question, answer) or 0.0
        if towards_act:
            if not hits and (old_score is None or score > old_score):
                out.append(answer)
        elif hits or old_score is None or score < old_score:
            out.append(answer)
    return out


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
        return _rows(q, [list(c) for c in sets], start)

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

    # the cheapest sufficient plan: every helpful answer of every question, cheapest sets first
    fixed = {m.question for m in mandatory}
    options: list[Change] = []
    for question in q.scored_questions:
        if question.id not in shown or not question.controllable or question.id in fixed:
            continue
        old = answers.get(question.id)
        for new in _options(question, towards_act, avoid.get(question.id, ()), old):
            blocks = not towards_act and _has_blocker(question, new)
            options.append(Change(question.id, old, new, "blocker" if blocks else "score"))
    bound = plan_cost(q, chosen)
    budget = SEARCH_BUDGET if towards_act else SEARCH_BUDGET_WAIT
    cheapest = _cheapest(q, options, bound, base, evaluate, reached, progress, max_changes, budget)
    if cheapest is not None:
        chosen = [labelled(c) for c in cheapest]
    rank = {"blocker": 0, "floor": 1, "score": 2}
    ordered = sorted(mandatory + chosen, key=lambda c: rank[c.reason])
    return FlipPlan(target, tuple(ordered), True)


def _cheapest(
    q: Questionnaire,
    options: list[Change],
    bound: float,
    base: np.ndarray,
    evaluate,
    reached,
    progress,
    max_changes: int,
    budget: int = SEARCH_BUDGET,
) -> list[Change] | None:
    """Best-first over sets of changes (one per question), cheapest first, below ``bound``.

    Returns the cheapest set that reaches the target (ties: the most margin), or None when the
    budget runs out first or nothing cheaper than ``bound`` reaches it.
    """
    import heapq

    costs = [change_cost(q.questions_by_id[c.question], c.old, c.new) for c in options]
    order = sorted(range(len(options)), key=lambda i: (costs[i], i))
    options = [options[i] for i in order]
    costs = [costs[i] for i in order]
    heap: list[tuple[float, tuple[int, ...]]] = [
        (costs[i], (i,)) for i in range(len(options)) if costs[i] <= bound
    ]
    heapq.heapify(heap)
    spent = 0
    best: tuple[float, float, tuple[int, ...]] | None = None  # (cost, margin, set)
    while heap and spent < budget:
        limit = best[0] + 1e-9 if best is not None else bound
        if heap[0][0] > limit:
            break  # every set left costs more than the best plan found
        batch: list[tuple[float, tuple[int, ...]]] = []
        while heap and len(batch) < SEARCH_BATCH and heap[0][0] <= limit:
            batch.append(heapq.heappop(heap))
        res = evaluate(_rows(q, [[options[i] for i in ids] for _, ids in batch], base))
        spent += len(batch)
        ok, margin = reached(res), progress(res)
        for k, (cost, ids) in enumerate(batch):
            if ok[k]:
                if (
                    best is None
                    or cost < best[0] - 1e-9
                    or (abs(cost - best[0]) <= 1e-9 and margin[k] > best[1])
                ):
                    best = (cost, float(margin[k]), ids)
                continue  # more changes on top of a sufficient set only cost more
            if len(ids) >= max_changes:
                continue
            taken = {options[i].question for i in ids}
            cap = best[0] + 1e-9 if best is not None else bound
            for j in range(ids[-1] + 1, len(options)):
                if cost + costs[j] > cap:
                    break  # sorted by cost: every later one is dearer
                if options[j].question not in taken:
                    heapq.heappush(heap, (cost + costs[j], (*ids, j)))
    if best is None or (heap and spent >= budget and heap[0][0] < best[0] - 1e-9):
        return None  # out of budget before the cheapest was certain: the greedy plan stands
    return [options[i] for i in best[2]]


def _rows(q: Questionnaire, sets: list[list[Change]], start: np.ndarray) -> np.ndarray:
    """``start`` repeated once per set of changes, each set applied to its row."""
    tables = tables_for(q)
    col = {qid: j for j, qid in enumerate(tables.cols)}
    rows = np.repeat(start, len(sets), axis=0)
    for i, changes in enumerate(sets):
        for change in changes:
            question = q.questions_by_id[change.question]
            rows[i, col[change.question]] = answer_code(question, change.new)
    return rows

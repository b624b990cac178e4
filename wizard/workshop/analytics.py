"""Group analytics for a workshop: where people agree, where they split, what the group should do.

Pure, language-free functions (ids, numbers and notes with a locale key; the sentences come
from ``wizard.report.workshop``) over participants' answers (from the store, or from uploaded
answers files for the offline path). scikit-learn and SciPy are imported inside the functions
that need them, so nothing here slows the wizard's start-up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from wizard.answers import AnswerValue, upgrade_answers
from wizard.batch import answers_frame, batch_assess, dimension_scores, question_scores
from wizard.config import Catalog, Questionnaire, WeightProfile
from wizard.guidance import Advice, advise, restriction_flags, restriction_inputs
from wizard.scoring import ACT_NOW, WAIT, Assessment, Decision, assess, with_blockers

MIN_CLUSTER_PEOPLE = 6
MIN_GUT_CALLS = 8
MAX_K = 6

if TYPE_CHECKING:
    from wizard.compare import Comparison


@dataclass(frozen=True)
class Person:
    """One participant's input to the analytics."""

    label: str
    role: str
    answers: Mapping[str, AnswerValue]
    submitted: bool = True
    progress: int = 0
    gut_call: str | None = None


#: A message in no language: a locale key and its values (numbers and ids).
Note = tuple[str, tuple[tuple[str, object], ...]]


@dataclass(frozen=True)
class Trait:
    """What sets one like-minded group apart: the dimension where it differs most."""

    group: int  # 1-based, largest group first
    size: int
    dimension: str  # dimension id
    higher: bool
    points: float


@dataclass(frozen=True)
class Clusters:
    """Like-minded groups: k-means labels, silhouette, 2-D positions, sizes and traits."""

    k: int
    labels: tuple[int, ...]  # cluster per person (0-based), aligned with Group.people
    silhouette: float
    xy: tuple[tuple[float, float], ...]  # 2-D projection per person
    sizes: tuple[int, ...]
    traits: tuple[Trait, ...]


@dataclass(frozen=True)
class ImpliedWeights:
    """The dimension weights the gut calls imply."""

    weights: dict[str, float]  # dimension -> share (sums to 1)
    n: int


class GroupDecision(NamedTuple):
    """The room's decision by both rules, and how many people it rests on.

    The group's decision is the median answers' decision. The majority rule names a decision
    only when more than half of those who finished reached it; on a tie it names none
    (``majority`` is None) and the two rules count as disagreeing.
    """

    median: Assessment  # the assessment of the median answers
    majority: Decision | None  # the majority of individual results; None: no majority (a tie)
    majority_share: float  # the share of the larger side (0.5 on a tie)
    finished: int
    total: int
    acts: int = 0  # how many finished people's own result is act now
    waits: int = 0

    @property
    def rules_agree(self) -> bool:
        """Whether a majority exists and says what the median answers say."""
        return self.majority is not None and self.majority == self.median.decision


@dataclass(frozen=True)
class Group:
    """The room's result, from the people who finished (unfinished answers count nowhere)."""

    people: pd.DataFrame  # one row per finished person: label, role, decision, overall, dims, ...
    total: int  # everyone who joined, finished or not
    median_answers: dict[str, AnswerValue]
    median_advice: Advice
    majority: Decision | None  # None: no majority (a tie)
    majority_share: float
    agreement: float  # share of people whose own decision matches the median-answers decision
    disagreements: pd.DataFrame  # widest spread first; ids and option counts, no words
    clusters: Clusters | None
    cluster_note: Note | None  # why there are no clusters
    implied: ImpliedWeights | None
    implied_note: Note | None  # why there are no implied weights

    @property
    def finished(self) -> int:
        """How many finished (the people every figure counts)."""
        return len(self.people)

    @property
    def splits(self) -> pd.DataFrame:
        """The questions the room answered apart (a spread above 0), widest first."""
        return self.disagreements[self.disagreements["spread"] > 0]

    @property
    def decision(self) -> GroupDecision:
        """Both rules' decision, as a participant also sees it."""
        acts = int((self.people["decision"] == ACT_NOW).sum()) if len(self.people) else 0
        return GroupDecision(
            self.median_advice.result,
            self.majority,
            self.majority_share,
            self.finished,
            self.total,
            acts,
            self.finished - acts,
        )

    @property
    def restriction_flags(self) -> dict[str, int]:
        """How many finished people's answers meet a binding restriction: blocked, conflict."""
        column = self.people.get("restriction", [])
        return {kind: int(sum(v == kind for v in column)) for kind in ("blocked", "conflict")}

    @property
    def median_decision(self) -> Decision:
        """The decision of the median answers."""
        return self.median_advice.result.decision

    @property
    def rules_agree(self) -> bool:
        """Whether a majority exists and gives the median answers' decision."""
        return self.decision.rules_agree


def _flags_of(catalog: Catalog, q: Questionnaire, people: Sequence[Person]) -> list:
    """Each person's restriction flags, computed once per distinct profile.

    A room mostly shares one organisation's jurisdictions, body type and models.
    """
    keys = restriction_inputs(catalog, q)
    seen: dict[str, object] = {}
    out = []
    for person in people:
        key = repr([person.answers.get(k) for k in keys])
        if key not in seen:
            seen[key] = restriction_flags(catalog, q, person.answers)
        out.append(seen[key])
    return out


def score_people(
    q: Questionnaire,
    profile: WeightProfile,
    people: Sequence[Person],
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """Everyone scored at once (the batch path), with readiness and urgency for the scatter.

    With the ``catalog``, each person's answers are also checked against the restrictions
    watchlist: a derived blocker makes their decision wait, as on their own results page, and
    the ``restriction`` column says ``blocked``, ``conflict`` or nothing.
    """
    frame = answers_frame([p.answers for p in people]) if people else pd.DataFrame()
    frame = frame.reindex(columns=[c for c in frame.columns if c in q.questions_by_id])
    scored = (
        batch_assess(q, profile, frame)
        if people
        else pd.DataFrame(columns=["decision", "overall", "confidence", *q.dimension_ids])
    )
    out = pd.DataFrame(
        {
            "label": [p.label for p in people],
            "role": [p.role or "-" for p in people],
            "submitted": [p.submitted for p in people],
            "progress": [p.progress for p in people],
            "gut_call": [p.gut_call for p in people],
        }
    )
    for column in ("decision", "overall", "confidence", *q.dimension_ids):
        out[column] = scored[column].to_numpy() if len(scored) else []
    flags = _flags_of(catalog, q, people) if catalog else []
    # blocked as on their own page: only when every model they intend is ruled out (a rule on
    # one of two intended families drops that family, it does not stop the organisation)
    stopped = [bool(f.blockers()) for f in flags]
    out["restriction"] = [
        "blocked" if stop else "conflict" if f.conflicts else ""
        for f, stop in zip(flags, stopped, strict=True)
    ] or [""] * len(people)
    if flags:
        out.loc[np.asarray(stopped, dtype=bool), "decision"] = WAIT
    weights = profile.normalised(q.dimension_ids)
    urgency = "urgency" if "urgency" in q.dimension_ids else q.dimension_ids[-1]
    ready_dims = [d for d in q.dimension_ids if d != urgency]
    ready_w = np.asarray([weights[d] for d in ready_dims])
    values = out[ready_dims].to_numpy(dtype=float) if len(out) else np.zeros((0, len(ready_dims)))
    mask = ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["readiness"] = (np.where(mask, values, 0) @ ready_w) / (mask @ ready_w)
    out["urgency_score"] = out[urgency] if len(out) else []
    return out


def _matrix(q: Questionnaire, people: Sequence[Person]) -> np.ndarray:
    """People x scored questions: each visible answer's score, NaN where hidden or unanswered."""
    if not people:
        return np.zeros((0, len(q.scored_questions)))
    frame = answers_frame([p.answers for p in people])
    return question_scores(
        q, frame.reindex(columns=[c for c in frame.columns if c in q.questions_by_id])
    )


def median_answers(
    q: Questionnaire,
    people: Sequence[Person],
    matrix: np.ndarray | None = None,
    dimensions: np.ndarray | None = None,
) -> dict[str, AnswerValue]:
    """The room's median answers: per scored question the answer with the median score.

    Profile answers go by majority. A dimension whose score under those answers would fall
    outside the range of the people's own scores in it (per-question middles can all lean one
    way: with two people, every lower middle is the lower answer) takes its answers from the
    person whose own score in it is the median (the lower middle for an even number), so the
    group's score in each dimension always lies between the lowest and the highest person's.
    ``dimensions`` (the people's own scores, one row per person and a column per dimension,
    as :func:`wizard.batch.dimension_scores` gives them) saves scoring them again.
    """
    matrix = _matrix(q, people) if matrix is None else matrix
    column = {x.id: j for j, x in enumerate(q.scored_questions)}
    out: dict[str, AnswerValue] = {}
    for question in q.questions:
        if question.scored:
            scores = matrix[:, column[question.id]]
            rows = np.flatnonzero(~np.isnan(scores))
            if rows.size:
                ranked = rows[np.argsort(scores[rows], kind="stable")]
                out[question.id] = people[int(ranked[(rows.size - 1) // 2])].answers[question.id]
            continue
        given = [p.answers.get(question.id) for p in people]
        given = [g for g in given if g not in (None, [])]
        if not given:
            continue
        if question.type == "multi":
            union = sorted(Counter(v for g in given if isinstance(g, list) for v in g))
            alone = {o.id for o in question.options if o.exclusive}
            if len(union) > 1:  # "not decided" beside decided answers: the decided ones stand
                union = [v for v in union if v not in alone] or union
            out[question.id] = union
        else:
            out[question.id] = Counter(g for g in given if isinstance(g, str)).most_common(1)[0][0]
    return _within_range(q, people, out, dimensions)


#: how far (score points) the median answers' dimension score may stray outside the people's
#: range before the dimension takes its middle person's answers (rounding only)
_RANGE_SLACK = 1e-6


def _within_range(
    q: Questionnaire,
    people: Sequence[Person],
    answers: dict[str, AnswerValue],
    dimensions: np.ndarray | None,
) -> dict[str, AnswerValue]:
    """``answers`` with each dimension kept inside the people's own range (see median_answers)."""
    if not people:
        return answers
    own_scores = (
        dimension_scores(q, [p.answers for p in people]) if dimensions is None else dimensions
    )
    group = dimension_scores(q, [answers])[0]
    out = dict(answers)
    for k, dim in enumerate(q.dimension_ids):
        own = own_scores[:, k]
        rows = np.flatnonzero(~np.isnan(own))
        if not rows.size or np.isnan(group[k]):
            continue
        if own[rows].min() - _RANGE_SLACK <= group[k] <= own[rows].max() + _RANGE_SLACK:
            continue
        ranked = rows[np.argsort(own[rows], kind="stable")]
        middle = people[int(ranked[(rows.size - 1) // 2])].answers
        for question in q.questions_of(dim):
            if question.id in middle:
                out[question.id] = middle[question.id]
            else:
                out.pop(question.id, None)
    return out


def disagreements(
    q: Questionnaire, people: Sequence[Person], matrix: np.ndarray | None = None
) -> pd.DataFrame:
    """Questions by how far apart the answers are (standard deviation of scores), widest first."""
    matrix = _matrix(q, people) if matrix is None else matrix
    rows = []
    for j, question in enumerate(q.scored_questions):
        scores = matrix[:, j]
        answered = np.flatnonzero(~np.isnan(scores))
        if answered.size < 2:
            continue
        picks: Counter[str] = Counter()
        for i in answered:
            value = people[int(i)].answers.get(question.id)
            for option in [value] if isinstance(value, str) else list(value or []):
                picks[option] += 1
        values = scores[answered]
        rows.append(
            {
                "question": question.id,
                "dimension": question.dimension,
                "spread": round(float(values.std()), 1),
                "low": float(values.min()),
                "high": float(values.max()),
                "answers": int(answered.size),
                "picks": tuple(picks.most_common()),  # (option id, how many), most first
            }
        )
    frame = pd.DataFrame(
        rows, columns=["question", "dimension", "spread", "low", "high", "answers", "picks"]
    )
    return frame.sort_values(["spread", "question"], ascending=[False, True]).reset_index(drop=True)


def _filled(matrix: np.ndarray) -> np.ndarray:
    """The score matrix with gaps filled by each question's mean (50 where nobody answered)."""
    empty = np.isnan(matrix).all(axis=0)
    means = np.nanmean(np.where(empty, 50.0, matrix), axis=0)
    return np.where(np.isnan(matrix), means, matrix)


def clusters(
    q: Questionnaire,
    people: Sequence[Person],
    scores: pd.DataFrame,
    matrix: np.ndarray | None = None,
) -> tuple[Clusters | None, Note | None]:
    """Like-minded groups: k-means with k chosen by silhouette, each group at least min size."""
    n = len(people)
    if n < MIN_CLUSTER_PEOPLE:
        return None, ("workshop.clusters_too_few", (("n", n), ("need", MIN_CLUSTER_PEOPLE)))
    from sklearn.cluster import KMeans  # heavy: imported only when clustering runs
    from sklearn.decomposition import PCA
    from sklearn.metrics import silhouette_score

    x = _filled(_matrix(q, people) if matrix is None else matrix)
    if np.allclose(x.std(axis=0), 0):
        return None, ("workshop.clusters_identical", ())
    min_size = max(2, int(np.ceil(0.1 * n)))
    best: tuple[float, int, np.ndarray] | None = None
    distinct = len(np.unique(x, axis=0))  # k-means cannot find more groups than this
    for k in range(2, min(MAX_K, n // min_size, distinct) + 1):
        labels = KMeans(n_clusters=k, n_init=4, random_state=0).fit_predict(x)
        sizes = np.bincount(labels, minlength=k)
        if sizes.min() < min_size or len(set(labels)) < 2:
            continue
        score = float(silhouette_score(x, labels, sample_size=min(n, 400), random_state=0))
        if best is None or score > best[0]:
            best = (score, k, labels)
    if best is None:
        return None, ("workshop.clusters_none", (("size", min_size),))
    score, k, labels = best
    # order groups by size, largest first, so "group 1" is the biggest
    order = np.argsort(-np.bincount(labels, minlength=k), kind="stable")
    relabel = np.empty(k, dtype=int)
    relabel[order] = np.arange(k)
    labels = relabel[labels]
    xy = (
        PCA(n_components=2, random_state=0).fit_transform(x)
        if x.shape[1] >= 2
        else np.c_[x[:, 0], np.zeros(n)]
    )
    sizes = tuple(int(s) for s in np.bincount(labels, minlength=k))
    return Clusters(
        k,
        tuple(int(v) for v in labels),
        round(score, 3),
        tuple((round(float(a), 3), round(float(b), 3)) for a, b in xy),
        sizes,
        _traits(q, scores, labels, k),
    ), None


def _traits(
    q: Questionnaire, scores: pd.DataFrame, labels: np.ndarray, k: int
) -> tuple[Trait, ...]:
    """For each group, the dimension on which it differs most from everyone else."""
    parts = []
    for c in range(k):
        inside = scores.loc[labels == c, list(q.dimension_ids)].mean()
        outside = scores.loc[labels != c, list(q.dimension_ids)].mean()
        diff = (inside - outside).dropna()
        if diff.empty:
            continue
        dim = diff.abs().idxmax()
        parts.append(
            Trait(c + 1, int((labels == c).sum()), str(dim), bool(diff[dim] > 0), abs(diff[dim]))
        )
    return tuple(parts)


def implied_weights(
    q: Questionnaire, scores: pd.DataFrame
) -> tuple[ImpliedWeights | None, Note | None]:
    """The dimension weights the gut calls imply.

    Non-negative least squares of the gut call (act now 1, wait 0) on the dimension scores,
    both centred, normalised to sum to 1.
    """
    dims = list(q.dimension_ids)
    usable = scores.dropna(subset=dims)
    usable = usable[usable["gut_call"].isin(["act_now", "wait"])]
    n = len(usable)
    if n < MIN_GUT_CALLS or usable["gut_call"].nunique() < 2:
        return None, ("workshop.implied_too_few", (("n", n), ("need", MIN_GUT_CALLS)))
    from scipy.optimize import nnls  # imported only when there are gut calls to fit

    a = usable[dims].to_numpy(dtype=float) / 100.0
    y = (usable["gut_call"] == "act_now").to_numpy(dtype=float)
    w, _ = nnls(a - a.mean(axis=0), y - y.mean())
    if w.sum() <= 0:
        return None, ("workshop.implied_flat", ())
    w = w / w.sum()
    return ImpliedWeights({d: round(float(v), 4) for d, v in zip(dims, w, strict=True)}, n), None


def persons_from(q: Questionnaire, stored: Sequence[Any], *, named: bool = True) -> list[Person]:
    """People of the room from stored participants, answers in today's questionnaire shape.

    ``named=False`` leaves names out (what a participant may see of the others).
    """
    return [
        Person(
            (p.name or f"P{i}") if named else "",
            p.role,
            upgrade_answers(q, p.answers),
            p.submitted,
            p.progress,
            p.gut_call if named else None,
        )
        for i, p in enumerate(stored, start=1)
    ]


def finished_people(people: Sequence[Person]) -> list[Person]:
    """Those who reached the results: the only ones any group figure counts."""
    return [p for p in people if p.submitted]


def _decide(
    q: Questionnaire,
    profile: WeightProfile,
    done: Sequence[Person],
    total: int,
    catalog: Catalog | None,
) -> tuple[GroupDecision, pd.DataFrame, np.ndarray, dict[str, AnswerValue]]:
    """The one path to the group decision: (decision, people's scores, matrix, median answers).

    Both the participants' card (:func:`group_decision`) and the dashboard (:func:`analyse`)
    take their decision from here, so the two can never tell the room different things.
    """
    scores = score_people(q, profile, done, catalog)
    matrix = _matrix(q, done)
    own = scores[list(q.dimension_ids)].to_numpy(dtype=float)
    answers = median_answers(q, done, matrix, own)
    median = assess(q, profile, answers)
    if catalog is not None:
        median = with_blockers(median, restriction_flags(catalog, q, answers).blockers())
    decisions = scores["decision"].tolist()
    majority, share = majority_of(decisions)
    acts = decisions.count(ACT_NOW)
    decision = GroupDecision(median, majority, share, len(done), total, acts, len(done) - acts)
    return decision, scores, matrix, answers


def group_decision(
    q: Questionnaire,
    profile: WeightProfile,
    people: Sequence[Person],
    catalog: Catalog | None = None,
) -> GroupDecision | None:
    """The group decision by both rules, from finished people only; None before anyone finished.

    The light version of :func:`analyse` for participants (no clusters, no flip search). With
    the ``catalog``, restrictions derive blockers as they do for one person.
    """
    found = group_decision_and_answers(q, profile, people, catalog)
    return found[0] if found is not None else None


def group_decision_and_answers(
    q: Questionnaire,
    profile: WeightProfile,
    people: Sequence[Person],
    catalog: Catalog | None = None,
) -> tuple[GroupDecision, dict[str, AnswerValue]] | None:
    """:func:`group_decision` and the room's median answers (the seeded use cases' verdicts)."""
    done = finished_people(people)
    if not done:
        return None
    decision, _, _, answers = _decide(q, profile, done, len(people), catalog)
    return decision, answers


def majority_of(decisions: Sequence[str]) -> tuple[Decision | None, float]:
    """The majority decision of individuals and the share of the larger side.

    A majority needs more than half: on a tie there is none (None, 0.5).
    """
    acts = sum(d == ACT_NOW for d in decisions)
    waits = len(decisions) - acts
    share = max(acts, waits) / len(decisions) if decisions else 0.0
    if acts == waits:
        return None, round(share, 4)
    return (ACT_NOW if acts > waits else WAIT), round(share, 4)


def analyse(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    people: Sequence[Person],
    today: date | None = None,
) -> Group | None:
    """Everything the dashboard shows, from the answers of those who finished.

    Returns None until the first participant finishes: there is no group result before that.
    """
    everyone = people
    people = finished_people(everyone)
    if not people:
        return None
    decision, scores, matrix, med = _decide(q, profile, people, len(everyone), catalog)
    advice = advise(catalog, q, profile, med, today, draws=2_000)
    decided = scores["decision"].tolist()
    agreement = (decided.count(advice.result.decision) / len(decided)) if decided else 0.0
    group_clusters, cluster_note = clusters(q, people, scores, matrix)
    implied, implied_note = implied_weights(q, scores)
    return Group(
        people=scores,
        total=len(everyone),
        median_answers=med,
        median_advice=advice,
        majority=decision.majority,
        majority_share=decision.majority_share,
        agreement=round(agreement, 4),
        disagreements=disagreements(q, people, matrix),
        clusters=group_clusters,
        cluster_note=cluster_note,
        implied=implied,
        implied_note=implied_note,
    )


def since_previous(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    title: str,
    group: Group,
    previous: tuple[Any, Sequence[Any]] | None,
    today: date | None = None,
) -> Comparison | None:
    """The room against the facilitator's previous workshop: both rooms' median answers.

    None without a linked workshop, when it used another questionnaire, or when nobody in it
    finished.
    """
    if previous is None:
        return None
    earlier, stored = previous
    if earlier.questionnaire != q.id:
        return None
    before = analyse(catalog, q, profile, persons_from(q, stored), today)
    if before is None:
        return None
    from wizard.compare import answers_snapshot, compare

    old = answers_snapshot(
        q, before.median_advice, before.median_answers, earlier.title, earlier.created_at.date()
    )
    new = answers_snapshot(
        q, group.median_advice, group.median_answers, title, today or date.today()
    )
    return compare(q, profile, [old, new])

"""Compare assessments over time: scores, decisions, the answers that moved, the rows closed.

Language-free: ids, numbers and dates; the words come from ``wizard.report`` (text) and the
pages. Files answered under an older questionnaire version compare on the questions both
share; the questions one of them does not have are listed, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from wizard.answers import AnswersFile, AnswerValue, added_since
from wizard.config import Questionnaire, WeightProfile
from wizard.scoring import Assessment, assess

if TYPE_CHECKING:
    from wizard.config import Catalog
    from wizard.guidance import Advice
    from wizard.world import WorldNews


@dataclass(frozen=True)
class Snapshot:
    """One assessment in the series: where it came from, when, and its result."""

    label: str  # the file's name (or "now")
    saved_on: date | None
    version: str  # the questionnaire version it was answered under
    answers: Mapping[str, AnswerValue]
    advice: Advice
    not_asked: tuple[str, ...]  # questions asked since its version that it leaves open
    data_version: str | None = None  # the reference data it was scored with (None: not recorded)
    recorded_decision: str | None = None  # the verdict it was saved with, on that data

    @property
    def result(self) -> Assessment:
        """The assessment of this snapshot."""
        return self.advice.result

    @property
    def plan_ids(self) -> tuple[str, ...]:
        """The roadmap's rows, by key."""
        return tuple(a.key for a in self.advice.plan)


@dataclass(frozen=True)
class Change:
    """One answer that differs between two snapshots, and how far it alone moves the overall."""

    question: str
    before: AnswerValue | None
    after: AnswerValue | None
    points: float | None  # overall(before + this change) - overall(before); None: no overall


@dataclass(frozen=True)
class Comparison:
    """The series in order, and what changed between the last two."""

    snapshots: tuple[Snapshot, ...]
    changes: tuple[Change, ...]
    closed: tuple[str, ...]  # earlier rows whose triggering answer changed (the gap moved)
    opened: tuple[str, ...]  # action ids the latest plan adds
    not_compared: tuple[str, ...]  # questions one of the last two files does not have
    dropped: tuple[str, ...] = ()  # earlier rows gone for another reason (the decision flipped)
    world: WorldNews | None = None  # the world's changes since the earlier file's data version
    #: whether the verdict moved because of the world (the earlier answers score differently on
    #: today's data than they did when saved; None: the file recorded no verdict) and because
    #: of the answers (the earlier and the latest answers differ on today's data)
    world_moved: bool | None = None
    answers_moved: bool = False


def snapshot(q: Questionnaire, advice: Advice, doc: AnswersFile, label: str) -> Snapshot:
    """One file, with its advice, as a point of the series."""
    return Snapshot(
        label=label,
        saved_on=doc.saved_on,
        version=doc.questionnaire_version,
        answers=dict(doc.answers),
        advice=advice,
        not_asked=tuple(added_since(q, doc)),
        data_version=doc.data_version,
        recorded_decision=doc.decision,
    )


def answers_snapshot(
    q: Questionnaire,
    advice: Advice,
    answers: Mapping[str, AnswerValue],
    label: str,
    saved_on: date | None,
) -> Snapshot:
    """A point of the series from answers in hand (a workshop's median answers, the page's)."""
    from wizard.answers import make_answers_file

    doc = make_answers_file(q, answers, language="en", weights="balanced", saved_on=saved_on)
    return snapshot(q, advice, doc, label)


def _order_key(item: tuple[int, Snapshot]) -> tuple[int, date, int]:
    index, snap = item
    return (0 if snap.saved_on is None else 1, snap.saved_on or date.min, index)


def ordered(snapshots: Sequence[Snapshot]) -> list[Snapshot]:
    """Oldest first, by the date saved in each file.

    Files without a date keep the given order and come before dated ones (with no dates at
    all, the last file given is the latest).
    """
    if all(s.saved_on is None for s in snapshots):
        return list(snapshots)
    return [s for _, s in sorted(enumerate(snapshots), key=_order_key)]


def _overall(
    q: Questionnaire, profile: WeightProfile, answers: Mapping[str, AnswerValue]
) -> float | None:
    return assess(q, profile, answers).overall


def compare(q: Questionnaire, profile: WeightProfile, snapshots: Sequence[Snapshot]) -> Comparison:
    """The series and, between the last two, the changed answers with their points.

    A question counts as changed only when both files could answer it (neither leaves it open
    because it was asked only after its version).
    """
    series = ordered(snapshots)
    if len(series) < 2:
        return Comparison(tuple(series), (), (), (), (), ())
    old, new = series[-2], series[-1]
    skip = set(old.not_asked) | set(new.not_asked)
    base = _overall(q, profile, old.answers)
    changes = []
    for question in q.questions:
        qid = question.id
        if qid in skip:
            continue
        before, after = old.answers.get(qid), new.answers.get(qid)
        if before == after:
            continue
        moved = dict(old.answers)
        if after is None:
            moved.pop(qid, None)
        else:
            moved[qid] = after
        alone = _overall(q, profile, moved)
        points = None if base is None or alone is None else round(alone - base, 1)
        changes.append(Change(qid, before, after, points))
    changes.sort(key=lambda c: -abs(c.points or 0.0))
    # a row is closed only when an answer that put it on the plan changed; a row that left the
    # plan because the decision flipped (an interim rule, a watch brief) did not close a gap
    moved = {c.question for c in changes}
    closed, dropped = [], []
    for action in old.advice.plan:
        if action.key in new.plan_ids:
            continue
        triggers = {v for r in action.reasons for k, v in r.values if k == "question"}
        (closed if triggers & moved else dropped).append(action.key)
    opened = tuple(a for a in new.plan_ids if a not in old.plan_ids)
    then = old.recorded_decision
    return Comparison(
        tuple(series),
        tuple(changes),
        tuple(closed),
        opened,
        tuple(sorted(skip)),
        tuple(dropped),
        world_moved=None if then is None else then != old.result.decision,
        answers_moved=old.result.decision != new.result.decision,
    )


def with_world(catalog: Catalog, q: Questionnaire, comparison: Comparison) -> Comparison:
    """The comparison with the world's changes since the earlier file's data version.

    Only those that concern the organisation (as the latest answers describe it).
    """
    from dataclasses import replace

    from wizard.world import world_news

    if len(comparison.snapshots) < 2:
        return comparison
    old, new = comparison.snapshots[-2], comparison.snapshots[-1]
    return replace(comparison, world=world_news(catalog, q, new.answers, old.data_version))

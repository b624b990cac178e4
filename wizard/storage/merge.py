"""The per-question merge of a save with what is stored (pure: no database)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from wizard.answers import Answers, AnswerValue, check_answers
from wizard.config import Questionnaire
from wizard.storage.records import Saved
from wizard.storage.schema import MAX_PROGRESS


def merge_answers(
    stored: Mapping[str, AnswerValue],
    base: Mapping[str, AnswerValue] | None,
    current: Mapping[str, AnswerValue],
) -> dict[str, AnswerValue]:
    """Per question, the newest write wins: the stored answers with this save's changes on top.

    ``base`` is what the saving tab last had from the store; the questions where ``current``
    differs from it are this tab's changes (set, changed or cleared) and replace the stored
    ones; every other stored answer stays, however old the tab. Without a ``base`` every answer
    in ``current`` counts as a change and nothing is cleared.
    """
    if base is None:
        return {**stored, **current}
    merged = dict(stored)
    for qid in base.keys() | current.keys():
        if base.get(qid) == current.get(qid):
            continue
        if qid in current:
            merged[qid] = current[qid]
        else:
            merged.pop(qid, None)
    return merged


def merged(
    q: Questionnaire,
    found: Any,
    clean: Answers,
    base: Mapping[str, AnswerValue] | None,
    base_revision: int | None,
    progress: int,
    restart: bool = False,
) -> Saved:
    """A save merged into the stored row ``found`` (a participant's or a resume record's).

    Progress never goes backwards (a tab left on an earlier step does not undo it), except on
    ``restart``: the person chose "Start over", and the room's figures must say so.
    """
    stored = json.loads(found["answers"])
    merged = check_answers(q, merge_answers(stored, base, clean))
    stale = base_revision is not None and int(found["revision"]) != int(base_revision)
    reached = int(progress) if restart else max(int(found["progress"]), int(progress))
    return Saved(
        answers=merged,
        progress=min(max(reached, 0), MAX_PROGRESS),
        revision=int(found["revision"]) + 1,
        submitted=False,
        stale=stale,
    )

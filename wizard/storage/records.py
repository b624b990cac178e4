"""What the store hands out: workshops, participants, saves, resume copies (frozen values)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from wizard.answers import Answers
from wizard.storage.schema import DEFAULT_CAP


@dataclass(frozen=True)
class Workshop:
    """A workshop as stored (no key: only its hash is kept)."""

    id: int
    code: str
    title: str
    questionnaire: str
    questionnaire_version: str
    weights: str
    anonymous: bool
    blind: bool
    revealed: bool
    closed: bool
    created_at: datetime
    max_participants: int = DEFAULT_CAP
    previous_id: int | None = None
    revision: int = 0  # counted by the database with every change (see ``version``)
    use_cases: tuple[dict[str, Any], ...] = ()  # the candidate use cases the facilitator seeded

    @property
    def group_visible(self) -> bool:
        """Whether participants may see the group result now."""
        return not self.blind or self.revealed


@dataclass(frozen=True)
class Participant:
    """A participant as stored (no token: only its hash is kept)."""

    id: int
    name: str
    role: str
    answers: Answers
    progress: int
    submitted: bool
    gut_call: str | None
    updated_at: datetime
    revision: int = 0
    seat: int | None = None  # the number in the room (#1, #2, ...), kept when others leave
    #: value and feasibility (1-5) the participant gave each seeded use case, by its id
    ratings: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Saved:
    """What a save stored: the participant's (or resume record's) answers after the merge.

    ``stale`` says that another tab or device had saved since the caller's ``base_revision``:
    its answers were kept where this save did not change them, so the caller should show
    ``answers`` (the newest) rather than its own copy.
    """

    answers: Answers
    progress: int
    revision: int
    submitted: bool
    stale: bool
    gut_call: str | None = None  # a participant's stored gut call after the save


@dataclass(frozen=True)
class Resumed:
    """A self-service assessment kept behind a private resume link."""

    answers: Answers
    progress: int
    revision: int
    updated_at: datetime
    use_cases: tuple[dict[str, Any], ...] = ()  # as the person gave them (checked when read)


@dataclass(frozen=True)
class Created:
    """What the facilitator gets once: the join code and the secret facilitator key."""

    code: str
    key: str


class RoomVersion(NamedTuple):
    """What changes whenever anything in a room does: the one test of "the room changed".

    The workshop (its id, code and creation time: a database replaced under a running app
    reuses ids), its revision counted by the database with every change, and the linked
    earlier workshop's revision (which moves with its own answers and removals). Both the
    participants' card and the dashboard re-read the room only when it moves.
    """

    workshop: int
    code: str
    created: str
    revision: int
    earlier: int | None


#: a stored list of use cases is at most this long (a row is a few hundred bytes)
MAX_USE_CASE_BYTES = 200_000
#: and at most this many rows (the portfolio's own limit is lower: read_each says so)
MAX_STORED_CASES = 50


def use_case_rows(raw: Any) -> list[dict[str, Any]]:
    """A stored JSON list of use-case mappings; anything else reads as none."""
    if not isinstance(raw, str) or not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [dict(x) for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def dump_use_case_rows(rows: Sequence[Mapping[str, Any]]) -> str:
    """The list as stored: JSON of plain values, refused when absurdly large."""
    from wizard.errors import WorkshopError

    if len(rows) > MAX_STORED_CASES or not all(isinstance(r, Mapping) for r in rows):
        raise WorkshopError("use_cases_too_big", "too many use cases, or one that is no mapping")
    data = json.dumps([dict(r) for r in rows], ensure_ascii=False, default=str)
    if len(data.encode("utf-8")) > MAX_USE_CASE_BYTES:
        raise WorkshopError("use_cases_too_big", "the use cases are too large to keep")
    return data


RATING_KINDS = ("value", "feasibility")
RATING_RANGE = range(1, 6)


def rating_rows(raw: Any) -> dict[str, dict[str, int]]:
    """Stored ratings (JSON), keeping only whole numbers 1-5 of the known kinds."""
    try:
        value = json.loads(raw) if isinstance(raw, str) and raw else {}
    except ValueError:
        return {}
    out: dict[str, dict[str, int]] = {}
    if not isinstance(value, dict):
        return out
    for case_id, given in value.items():
        if isinstance(given, dict):
            kept = {
                k: int(v)
                for k, v in given.items()
                if k in RATING_KINDS and isinstance(v, int) and v in RATING_RANGE
            }
            if kept:
                out[str(case_id)] = kept
    return out

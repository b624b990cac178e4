"""The typed, frozen values a session keeps: links, a facilitator's session, the store's copy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wizard.answers import AnswerValue


@dataclass(frozen=True)
class WorkshopLink:
    """A participant's link: the workshop's code and their secret token."""

    code: str
    token: str


@dataclass(frozen=True)
class FacilitatorSession:
    """The workshop a facilitator runs in this session; ``fresh`` until the key was saved."""

    code: str
    key: str
    fresh: bool = False


@dataclass(frozen=True)
class ResumeLink:
    """A self-service assessment's private resume link (its token)."""

    token: str


@dataclass(frozen=True)
class SyncedCopy:
    """What the store last had of this session's answers: the base of the next save's merge.

    ``failed`` is the attempt a save could not store (answers, step, gut call), ``failed_at``
    when, and ``transient`` whether the store only did not answer (then it is tried again).
    """

    answers: dict[str, AnswerValue] = field(default_factory=dict)
    revision: int | None = None
    progress: int = 0
    gut: str | None = None
    submitted: bool = False
    failed: tuple[Any, ...] | None = None
    failed_at: float = 0.0
    transient: bool = False


@dataclass(frozen=True)
class EarlierAssessment:
    """The answers file this session was resumed from.

    Its answers, the reference data version it was scored with and its verdict then (None
    where the file did not record them).
    """

    answers: dict[str, AnswerValue]
    data_version: str | None
    decision: str | None

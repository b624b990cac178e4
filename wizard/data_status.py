"""A maintainer's re-check: which reference entries are past their age, and what rests on them.

For each watchlist entry (and law) not checked against its source within the file's
``max_age_days``: its source to re-read, and, for a set of sample organisations (answers
files), whether their verdict would change if the entry lapsed. Ids and numbers only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from wizard.answers import AnswersFile
from wizard.config import Catalog


@dataclass(frozen=True)
class Effect:
    """What one sample organisation's verdict is now, and would be if the entry lapsed."""

    organisation: str
    now: str
    lapsed: str


@dataclass(frozen=True)
class DueEntry:
    """One entry past its age: what it is, when it was last checked, where to re-check it."""

    kind: str  # "restriction" or "law"
    id: str
    as_of: str
    age_days: int
    source: str
    effects: tuple[Effect, ...] = ()  # only the organisations whose verdict would change


@dataclass(frozen=True)
class DataStatus:
    """The reference data's version, how old its parts are, and the entries due."""

    version: str | None
    today: str
    max_age_days: int
    due: tuple[DueEntry, ...]
    checked: int  # how many entries were looked at
    organisations: int  # how many sample organisations each lapse was tried on


def _without(catalog: Catalog, entry_id: str) -> Catalog:
    watch = catalog.restrictions
    kept = tuple(e for e in watch.entries if e.id != entry_id)
    return replace(catalog, restrictions=watch.model_copy(update={"entries": kept}))


def data_status(
    catalog: Catalog,
    today: date,
    organisations: Sequence[tuple[str, AnswersFile]] = (),
) -> DataStatus:
    """Entries (restrictions, laws) last checked more than their file's maximum age ago."""
    from wizard.guidance import decision_of

    q = catalog.questionnaire()
    watch = catalog.restrictions
    due: list[DueEntry] = []
    samples = [(label, doc, catalog.profile(doc.weights)) for label, doc in organisations]
    now = {label: decision_of(catalog, q, profile, doc.answers) for label, doc, profile in samples}
    for entry in watch.entries:
        age = (today - date.fromisoformat(entry.as_of)).days
        if age <= watch.max_age_days or not entry.in_force:
            continue
        lapsed = _without(catalog, entry.id)
        effects = []
        for label, doc, profile in samples:
            then = decision_of(lapsed, q, profile, doc.answers)
            if then != now[label]:
                effects.append(Effect(label, now[label], then))
        due.append(
            DueEntry("restriction", entry.id, entry.as_of, age, entry.source, tuple(effects))
        )
    laws = catalog.laws
    if laws is not None:
        for law in laws.laws:
            age = (today - date.fromisoformat(law.as_of)).days
            if age > laws.max_age_days:
                due.append(DueEntry("law", law.id, law.as_of, age, law.source))
    checked = len(watch.entries) + (len(laws.laws) if laws is not None else 0)
    return DataStatus(
        catalog.data_version,
        today.isoformat(),
        watch.max_age_days,
        tuple(sorted(due, key=lambda d: d.as_of)),
        checked,
        len(samples),
    )

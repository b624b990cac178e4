"""Which entries of the restrictions watchlist bind an organisation, from its profile answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wizard.answers import UNKNOWN, AnswerValue
from wizard.config import Restriction, RestrictionsFile


@dataclass(frozen=True)
class RestrictionMatch:
    """A watchlist entry that applies, and why it matched."""

    entry: Restriction
    jurisdictions: tuple[str, ...]  # the respondent's jurisdictions it matched on
    sector_assumed: bool  # True when the sector was not given, so it may not bind them


def match_restrictions(
    watchlist: RestrictionsFile, answers: Mapping[str, AnswerValue]
) -> list[RestrictionMatch]:
    """Entries whose jurisdictions meet the answered ones and whose sectors include the sector.

    An entry for every sector (``all``) matches any sector. With no sector answered, entries of
    the matched jurisdictions are listed anyway, flagged ``sector_assumed``, because leaving out
    a binding restriction is worse than showing one that may not apply.
    """
    raw = answers.get("jurisdictions")
    places = set(raw) if isinstance(raw, list | tuple) else set()
    sector = answers.get("sector")
    known_sector = isinstance(sector, str) and sector != UNKNOWN
    out = []
    for entry in watchlist.entries:
        hit = tuple(j for j in entry.jurisdictions if j in places)
        if not hit:
            continue
        if "all" in entry.sectors or (known_sector and sector in entry.sectors):
            out.append(RestrictionMatch(entry, hit, False))
        elif not known_sector:
            out.append(RestrictionMatch(entry, hit, True))
    return out

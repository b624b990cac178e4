"""Warnings on a result, language-free: conflicts with restrictions, stale reference data.

The texts are ``warning.<code>`` in the locale files, rendered by ``wizard.report``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from wizard.config import Catalog, Restriction
from wizard.cost import is_stale, price_age_days

if TYPE_CHECKING:
    from wizard.restrictions import RestrictionMatch


@dataclass(frozen=True)
class Caution:
    """A warning on the result, language-free: a code, the entries concerned, and values.

    Codes: ``restriction_conflict``, ``restriction_unclear``, ``restriction_assumed``,
    ``watchlist_stale``, ``prices_stale`` (texts ``warning.<code>`` in the locale files).
    """

    id: str
    code: str
    entries: tuple[Restriction, ...] = ()
    values: tuple[tuple[str, str | int | float], ...] = ()


def stale_cautions(
    catalog: Catalog, today: date, matches: Sequence[RestrictionMatch] = ()
) -> list[Caution]:
    """The watchlist, the matched entries and the price list older than their ``max_age_days``.

    ``matches`` are the entries that concern the organisation: each is checked on its own
    ``as_of``, since a list checked last month may hold entries nobody re-read for a year.
    """
    out = []
    watch = catalog.restrictions
    old = tuple(
        m.entry
        for m in matches
        if m.standing != "history"
        and (today - date.fromisoformat(m.entry.as_of)).days > watch.max_age_days
    )
    if old:
        out.append(
            Caution(
                "entries-stale",
                "entries_stale",
                old,
                (("as_of", min(e.as_of for e in old)), ("max_days", watch.max_age_days)),
            )
        )
    age = (today - date.fromisoformat(watch.as_of)).days
    if age > watch.max_age_days:
        out.append(
            Caution(
                "watchlist-stale",
                "watchlist_stale",
                values=(("as_of", watch.as_of), ("days", age), ("max_days", watch.max_age_days)),
            )
        )
    prices = catalog.prices
    if is_stale(prices, today):
        out.append(
            Caution(
                "prices-stale",
                "prices_stale",
                values=(
                    ("as_of", prices.newest),
                    ("days", price_age_days(prices, today)),
                    ("max_days", prices.max_age_days),
                ),
            )
        )
    return out

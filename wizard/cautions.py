"""Warnings on a result, language-free: conflicts with restrictions, stale reference data.

The texts are ``warning.<code>`` in the locale files, rendered by ``wizard.report``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wizard.config import Catalog, Restriction
from wizard.cost import is_stale, price_age_days


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


def stale_cautions(catalog: Catalog, today: date) -> list[Caution]:
    """The watchlist and the price list, when older than their ``max_age_days``."""
    out = []
    watch = catalog.restrictions
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
                    ("as_of", prices.as_of),
                    ("days", price_age_days(prices, today)),
                    ("max_days", prices.max_age_days),
                ),
            )
        )
    return out

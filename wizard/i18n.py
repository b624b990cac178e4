"""Words in a language: the locale files' sentences; dates, money and brackets as each writes.

Used by the words package (``wizard.words``), the file exports and the
shells (pages, command line); the core computes ids and numbers and never imports this.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.languages import (
    DEFAULT_LANGUAGE,
    config_root,
    language_name,
    languages,
    locales_dir,
    table,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "colon",
    "config_root",
    "date_text",
    "language_name",
    "languages",
    "locales_dir",
    "money",
    "paren",
    "strings",
    "t",
]


def strings(lang: str) -> dict[str, str]:
    """The flat ``key -> text`` table of one language (see ``wizard.languages.table``)."""
    return table(lang)


def t(key: str, lang: str, /, **values: Any) -> str:
    """Translate ``key`` into ``lang``, formatting ``{placeholders}`` with ``values``.

    A key missing from ``lang`` falls back to English, then to the key itself, so a missing
    string never breaks a page (a test keeps every locale file complete).
    """
    text = table(lang).get(key)  # an unknown language raises the ConfigError naming them
    if text is None:  # "" is a real text (e.g. no space between sentences in Chinese)
        text = table(DEFAULT_LANGUAGE).get(key)
    if text is None:
        text = key
    return text.format(**values) if values else text


def colon(lang: str) -> str:
    """The label separator of ``lang``: ": " in English, a full-width "：" in Chinese."""
    return t("wizard.colon", lang)


def paren(text: str, lang: str) -> str:
    """``text`` in brackets as ``lang`` writes them: " (x)" or full-width "（x）"."""
    return t("wizard.paren", lang, text=text)


def date_text(value: object, lang: str) -> str:
    """A day, month or year (ISO text or a date) as ``lang`` writes it.

    2027-02-20 in English, 2027 年 2 月 20 日 in Traditional Chinese; anything else comes back
    unchanged.
    """
    iso = value.isoformat() if hasattr(value, "isoformat") else str(value)
    parts = iso.split("-")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        return iso
    kind = ("year", "month", "day")[len(parts) - 1]
    numbers = dict(zip(("y", "m", "d"), (int(p) for p in parts), strict=False))
    return t(f"format.{kind}", lang, iso=iso, **numbers)


def money(usd: float, lang: str, rates: Mapping[str, Any] | None = None) -> str:
    """A USD amount as ``lang`` reads it, with the reader's currency beside it.

    ``rates`` maps currency codes to objects with ``per_usd`` and ``symbol``. The currency
    comes from the locale file (``meta.currency``): code names no language.
    """
    rate = (rates or {}).get(t("meta.currency", lang))
    whole = f"{usd:,.0f}"
    if rate is None or t("meta.currency", lang) == "USD":
        return t("format.money", lang, usd=whole)
    local = f"{usd * rate.per_usd:,.0f}"
    return t("format.money_local", lang, usd=whole, symbol=rate.symbol, local=local)

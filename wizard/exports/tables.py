"""The CSV files: UTF-8 with BOM, localised headers, formula-safe text cells.

The roadmap CSV's columns are the contract's (``wizard.words.roadmap.CSV_COLUMNS``).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from wizard.portfolio import COLUMNS, UseCase
from wizard.words.roadmap import CSV_COLUMNS, RoadmapRow, roadmap_header

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula.

    It NFKC-folds the text (full-width ＝＋－＠ become = + - @) and looks past leading
    whitespace and control characters, which some spreadsheets skip too.
    """
    if text.startswith(FORMULA_PREFIXES):
        return True
    folded = unicodedata.normalize("NFKC", text)
    start = 0
    while start < len(folded) and (
        folded[start].isspace() or unicodedata.category(folded[start]) in ("Cc", "Cf")
    ):
        start += 1
    return folded[start : start + 1] in ("=", "+", "-", "@")


def safe_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with ``'``; numbers pass through.

    The one guard every CSV the project writes goes through (roadmap, responses, group roadmap).
    """
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV bytes with a BOM (so Excel reads UTF-8 Chinese), every text cell formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def roadmap_csv(rows: Sequence[RoadmapRow], lang: str) -> bytes:
    """The roadmap CSV in ``lang``."""
    return write_csv(roadmap_header(lang), ([getattr(r, c) for c in CSV_COLUMNS] for r in rows))


def use_cases_csv(cases: Sequence[UseCase]) -> bytes:
    """The use cases as a CSV a spreadsheet opens and the app imports again.

    The header row is the contract's keys (any language reads them back); lists are joined
    with ``;``, yes/no as ``yes``/``no``.
    """

    def cell(value: Any) -> Any:
        if isinstance(value, tuple | list):
            return ";".join(value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        return "" if value is None else value

    return write_csv(COLUMNS, ([cell(getattr(c, k)) for k in COLUMNS] for c in cases))

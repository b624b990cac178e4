"""Every Traditional Chinese surface reads as written in Taiwan: no ASCII colon or bracket after
Chinese text, and no English sentence left (sources keep their original title beside a
translated label, so they are taken out before the scan)."""

from __future__ import annotations

import csv
import io
import re
from functools import cache

import pytest
import yaml

from tests.apptest import new_app, open_tab, run
from tests.conftest import FIXTURES
from tests.samples import CATALOG
from wizard.cli import main

CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
ASCII_AFTER_CJK = re.compile(CJK + r"[:;()]")
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){4,}")
FIXTURE_NAMES = [
    "answers-tw-agency-no-directive",
    "answers-tw-hospital-llama",
    "answers-us-defence-contractor",
    "answers-korea-private",
]


@cache
def _sources() -> list[str]:
    """Texts kept in their original language: the sources (citations of documents).

    Model names and vendors are data in every language now: they are checked like the rest.
    """
    out = [e.source for e in CATALOG.restrictions.entries]
    out += [m.source for m in CATALOG.prices.models]
    out += [c.source for c in CATALOG.prices.claims]
    if CATALOG.laws is not None:
        out += [law.source for law in CATALOG.laws.laws]
    if CATALOG.currency is not None:
        out += [r.source for r in CATALOG.currency.rates]
    return sorted(out, key=len, reverse=True)


def problems(text: str) -> list[str]:
    """ASCII punctuation after Chinese, and English sentences, in ``text``."""
    for source in _sources():
        text = text.replace(source, "")
    found = [m.group(0) for m in ASCII_AFTER_CJK.finditer(text)]
    found += [m.group(0) for m in ENGLISH_SENTENCE.finditer(text)]
    return found


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_cli_text_and_csv_in_chinese(name: str, capsys, tmp_path) -> None:
    """score --lang zh-TW, and its roadmap CSV."""
    out_csv = tmp_path / "roadmap.csv"
    path = FIXTURES / f"{name}.yaml"
    args = ["score", str(path), "--lang", "zh-TW", "--today", "2026-11-28", "--roadmap"]
    assert main([*args, str(out_csv)]) == 0
    text = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out_csv.read_text("utf-8-sig"))))
    cells = "\n".join(cell for row in rows for cell in row)
    assert problems(text) == []
    assert problems(cells) == []


def _page_text(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "warning", "error", "info", "success", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")


@pytest.mark.parametrize("name", FIXTURE_NAMES[:2])
def test_results_page_tabs_in_chinese(name: str) -> None:
    """Each results tab, rendered in zh-TW."""
    answers = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text("utf-8"))["answers"]
    at = new_app()
    at.session_state["answers"] = answers
    at.session_state["lang"] = "zh-TW"
    at.session_state["step"] = 6
    run(at)
    found = problems(_page_text(at))
    for tab in range(1, 5):
        open_tab(at, tab, "zh-TW")
        found += problems(_page_text(at))
    assert found == []


def test_method_page_in_chinese() -> None:
    """The method page, in zh-TW."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest import TIMEOUT, _method_script

    at = AppTest.from_function(_method_script, default_timeout=TIMEOUT)
    at.session_state["lang"] = "zh-TW"
    at.run()
    assert not at.exception
    assert problems(_page_text(at)) == []

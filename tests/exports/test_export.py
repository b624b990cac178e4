"""The roadmap CSV contract: BOM, localised headers, formula-safe text, numbers as numbers."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.samples import GOOD
from wizard.exports.tables import roadmap_csv, safe_cell, write_csv
from wizard.scoring import assess
from wizard.words.roadmap import CSV_COLUMNS, build_roadmap


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("lang", "first", "last"), [("en", "Phase", "Use case"), ("zh-TW", "階段", "應用情境")]
)
def test_headers_are_in_the_chosen_language(mini, mini_weights, lang, first, last) -> None:
    """The header row follows the language; there is one row per action."""
    result = assess(mini, mini_weights, GOOD)
    rows = build_roadmap(mini, result, GOOD, lang)
    table = _read(roadmap_csv(rows, lang))
    assert table[0][0] == first and table[0][-1] == last
    assert len(table[0]) == len(CSV_COLUMNS)
    assert len(table) == len(rows) + 1


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(mini, mini_weights) -> None:
    """An action titled '=Scale' is written as "'=Scale"; weeks are plain digits."""
    result = assess(mini, mini_weights, GOOD)
    rows = build_roadmap(mini, result, GOOD, "en")
    table = _read(roadmap_csv(rows, "en"))
    actions = [r[4] for r in table[1:]]
    assert "'=Scale" in actions and "=Scale" not in actions
    for r in table[1:]:
        assert r[1].isdigit() and r[2].isdigit()


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_prefix_is_guarded(text: str) -> None:
    """Each dangerous first character gets a leading apostrophe."""
    assert safe_cell(text) == "'" + text
    assert safe_cell(-2) == -2 and safe_cell(3.5) == 3.5 and safe_cell("ok") == "ok"


def test_chinese_and_quotes_survive(mini) -> None:
    """Commas, quotes, newlines and Chinese are quoted correctly."""
    data = write_csv(["名稱", "b"], [['王, "小明"', "line1\nline2"]])
    assert _read(data) == [["名稱", "b"], ['王, "小明"', "line1\nline2"]]


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.text(alphabet=" \t\r\n\u3000\x00\x0b\u200b", max_size=4),
    lead=st.sampled_from(["=", "+", "-", "@", "＝", "＋", "－", "＠", "a", "1", "中", ""]),
    rest=st.text(max_size=20),
)
def test_no_cell_a_spreadsheet_could_run_as_a_formula(prefix, lead, rest) -> None:
    """Whatever leading spaces, control or full-width characters come first, a cell that could
    start a formula is prefixed with a quote; others are left exactly as they were."""
    import unicodedata

    text = prefix + lead + rest
    cell = safe_cell(text)
    folded = unicodedata.normalize("NFKC", text)
    visible = folded.lstrip(
        "".join(c for c in folded if c.isspace() or unicodedata.category(c) in ("Cc", "Cf"))
    )
    risky = text[:1] in ("\t", "\r", "\n") or visible[:1] in ("=", "+", "-", "@")
    assert cell == ("'" + text if risky else text)


def test_user_text_shows_urls_and_addresses_without_making_links() -> None:
    """Titles and names: escaped, and bare URLs or e-mail addresses defused (a word joiner),
    while the visible characters stay what the user typed."""
    from wizard.words.markdown import WORD_JOINER, md_escape_user

    for typed in ("http://127.0.0.1:1/x", "see www.example.com", "mail ada@example.com"):
        shown = md_escape_user(typed)
        assert WORD_JOINER in shown
        assert shown.replace(WORD_JOINER, "").replace("\\", "") == typed
    assert md_escape_user("Board day") == "Board day"


def test_user_text_keeps_streamlit_icons_emoji_and_colours_as_words() -> None:
    """Streamlit turns :material/x:, :smile: and :red[...] into icons and colours before
    Markdown; in user text no colon is followed by a letter, what shows is what was typed."""
    import re

    from wizard.words.markdown import WORD_JOINER, md_escape_user

    for typed in (":material/warning: Board", "a :smile: day", ":red[Alert] x", ":streamlit:"):
        shown = md_escape_user(typed)
        assert not re.search(r":\\?[A-Za-z_]", shown), shown
        assert shown.replace(WORD_JOINER, "").replace("\\", "") == typed
    assert md_escape_user("Time: 10:30").replace("\\", "") == "Time: 10:30"


def test_user_text_keeps_entities_from_forming_links() -> None:
    """&colon; &period; &commat; would become : . @ after Markdown decodes them: "&" is
    escaped, so no entity forms."""
    from wizard.words.markdown import md_escape_user

    for typed in ("https&colon;//evil.example/x", "www&period;evil.example", "a&commat;b.c"):
        assert "\\&" in md_escape_user(typed)

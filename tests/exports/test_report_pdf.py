"""The one-page PDF report: one A4 page, both languages, real glyphs, fonts embedded."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS
from tests.conftest import FIXTURES
from tests.pdf import pdf_info_and_text, poppler
from tests.samples import CATALOG, Q
from wizard.answers import load_answers
from wizard.cli import main
from wizard.config import load_catalog
from wizard.exports.pdf import ReportError, ReportInput, build_report
from wizard.guidance import advise
from wizard.words import fonts as report_fonts

TODAY = date(2026, 11, 28)
#: a Taiwan agency intending DeepSeek's API (wait, a binding restriction) and a Korean firm
CASES = {
    "tw-agency": ("answers-tw-agency-deepseek-api.yaml", {"en": "Wait", "zh-TW": "暫緩觀望"}),
    "korea-private": ("answers-korea-private.yaml", {"en": "Act now", "zh-TW": "立即行動"}),
}


def _report(case: str, lang: str, profile: str = "balanced") -> bytes:
    name, _ = CASES[case]
    doc = load_answers((FIXTURES / name).read_bytes(), Q, name)
    weights = CATALOG.profile(profile)
    advice = advise(CATALOG, Q, weights, doc.answers, TODAY)
    return build_report(CATALOG, Q, advice, lang, ReportInput(weights, TODAY, subject="Board"))


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_report_is_one_a4_page_with_the_verdict_and_restrictions(case, lang, tmp_path):
    """Exactly one A4 page; its text holds the verdict, the binding restriction (for the
    Taiwan agency), the re-assessment and the disclaimer, in the chosen language."""
    info, text = pdf_info_and_text(_report(case, lang), tmp_path)
    assert "Pages:           1" in info
    assert "x 841.89 pts (A4)" in info
    flat = " ".join(text.split())
    assert CASES[case][1][lang] in flat
    if case == "tw-agency":
        assert ("Executive Yuan" if lang == "en" else "行政院") in flat
    assert ("not legal advice" if lang == "en" else "非法律意見") in flat
    assert ("Re-assess by" if lang == "en" else "重新評估") in flat
    assert "2026" in flat  # the date and the data's as-of dates


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_fonts_are_embedded_and_a_page_image_is_kept_for_people(lang, tmp_path) -> None:
    """Every font is embedded (a board member's machine may have none); a PNG of the page lands
    in artifacts/ to look at (the Chinese one must show glyphs, not boxes)."""
    data = _report("tw-agency", lang)
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    fonts = subprocess.run([poppler("pdffonts"), str(path)], capture_output=True, text=True)
    rows = fonts.stdout.strip().splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), fonts.stdout
    if lang == "zh-TW":
        assert any("CJK" in row for row in rows), fonts.stdout
    out = ARTIFACTS / "report"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"report-{lang}.pdf").write_bytes(data)
    subprocess.run(
        [
            poppler("pdftoppm"),
            "-r",
            "80",
            "-png",
            "-singlefile",
            str(path),
            str(out / f"report-{lang}"),
        ],
        check=True,
    )
    assert (out / f"report-{lang}.png").stat().st_size > 10_000


def test_without_a_cjk_font_chinese_says_so_and_english_still_works(monkeypatch, tmp_path):
    """No CJK font on the machine: a clear ReportError for zh-TW; the English report builds."""
    monkeypatch.setitem(report_fonts.FONT_FILES, "cjk-tc", ())
    monkeypatch.delenv("WIZARD_FONT_CJK_TC", raising=False)
    monkeypatch.delenv("WIZARD_CJK_FONT", raising=False)
    assert not report_fonts.report_ready("zh-TW") and report_fonts.report_ready("en")
    with pytest.raises(ReportError) as info:
        _report("tw-agency", "zh-TW")
    assert info.value.reason == "no_font" and "fonts-noto-cjk" in info.value.lines[0]
    monkeypatch.setitem(report_fonts.FONT_FILES, "latin", ())  # no Latin TTF: core font
    _, text = pdf_info_and_text(_report("tw-agency", "en"), tmp_path)
    assert "Wait" in text


def test_the_command_line_writes_the_report(tmp_path, capsys) -> None:
    """`python -m wizard report FILE --weights regulated --out report.pdf --lang zh-TW`."""
    out = tmp_path / "report.pdf"
    args = [
        "report",
        str(FIXTURES / CASES["tw-agency"][0]),
        "--weights",
        "regulated",
        "--out",
        str(out),
        "--lang",
        "zh-TW",
    ]
    assert main(args) == 0
    info, text = pdf_info_and_text(out.read_bytes(), tmp_path)
    assert "Pages:           1" in info and "暫緩觀望" in text
    assert main([*args[:-4], "--out", str(tmp_path / "no" / "r.pdf")]) == 2
    assert "--out" in capsys.readouterr().err


def test_the_pdf_library_is_not_imported_until_a_report_is_asked_for() -> None:
    """A results page render (with its download button) imports nothing of fpdf2/fontTools."""
    script = """
import sys
from streamlit.testing.v1 import AppTest
from tests.apptest import TIMEOUT
from tests.conftest import complete_answers
from wizard.config import load_catalog
q = load_catalog().questionnaire()
at = AppTest.from_file("streamlit_app.py", default_timeout=TIMEOUT)
at.session_state["answers"] = complete_answers(q)
from wizard.steps import results_index
at.session_state["step"] = results_index(q)
at.run()
keys = [b.key for b in at.get("download_button")]
assert "dl::report::en" in keys, keys
print(sorted(m for m in sys.modules if m.split(".")[0] in ("fpdf", "fontTools")))
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_prepared_cjk_font_is_small_cached_and_covers_the_apps_words(tmp_path, monkeypatch):
    """Built once per machine into the cache folder: TrueType outlines, the app's characters
    only, much smaller than the source; a second ask returns the same file."""
    from fontTools.ttLib import TTFont

    monkeypatch.setenv(report_fonts.CACHE_ENV, str(tmp_path))
    source = report_fonts.find_font("cjk-tc")
    assert source is not None, "fonts-noto-cjk missing: run tests/run.sh"
    chars = report_fonts.app_repertoire()
    first = report_fonts.prepared_font(source, chars)
    assert first != source and Path(first.path).parent == tmp_path
    assert report_fonts.prepared_font(source, chars) == first
    assert Path(first.path).stat().st_size < Path(source.path).stat().st_size / 20
    font = TTFont(first.path)
    assert "glyf" in font and "CFF " not in font
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in "立即行動暫緩觀望行政院")


def test_a_name_outside_the_apps_characters_still_gets_its_glyphs(tmp_path) -> None:
    """A respondent named with a rare character (龘) is set with the full font as fallback."""
    name, _ = CASES["korea-private"]
    doc = load_answers((FIXTURES / name).read_bytes(), Q, name)
    weights = CATALOG.profile("balanced")
    advice = advise(CATALOG, Q, weights, doc.answers, TODAY)
    data = build_report(CATALOG, Q, advice, "zh-TW", ReportInput(weights, TODAY, subject="王龘"))
    _, text = pdf_info_and_text(data, tmp_path)
    assert "王龘" in text


def test_a_cache_folder_others_can_write_to_is_not_trusted(tmp_path, monkeypatch) -> None:
    """A font planted in a shared folder would be read by every report: such a folder is not
    used (the full font is), and nothing is written there."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv(report_fonts.CACHE_ENV, str(shared))
    source = report_fonts.find_font("cjk-tc")
    assert report_fonts.prepared_font(source, report_fonts.app_repertoire()) == source
    assert list(shared.iterdir()) == []


NAMES_IN_TEN_SCRIPTS = (
    "Łukasz Źródło Dvořák Ševčík",  # Polish and Czech
    "Şükrü Öztürk İğdır",  # Turkish
    "Nguyễn Văn Đức",  # Vietnamese
    "Άννα Παπαδοπούλου",  # Greek, accented
    "Дмитрий Иванов",  # Cyrillic
    "דוד כהן",  # Hebrew
    "محمد العلي",  # Arabic
    "王小明",  # Chinese
    "山田 やまだ",  # Japanese kana
    "김민준",  # Korean Hangul
)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_names_in_ten_scripts_keep_every_letter(lang, tmp_path) -> None:
    """Each name, printed as the report's subject, reads back from the PDF letter for letter
    (right-to-left names in their own order, shaped); nothing is listed as missing."""
    name, _ = CASES["korea-private"]
    doc = load_answers((FIXTURES / name).read_bytes(), Q, name)
    weights = CATALOG.profile("balanced")
    advice = advise(CATALOG, Q, weights, doc.answers, TODAY)
    for subject in NAMES_IN_TEN_SCRIPTS:
        data = build_report(CATALOG, Q, advice, lang, ReportInput(weights, TODAY, subject=subject))
        path = tmp_path / "n.pdf"
        path.write_bytes(data)
        raw = subprocess.run(
            [poppler("pdftotext"), str(path), "-"], capture_output=True, text=True
        ).stdout
        lines = [
            line.replace("\u202b", "").replace("\u202c", "").strip() for line in raw.splitlines()
        ]
        assert any(subject in line for line in lines), (subject, lines[:6])
        assert "could not be printed" not in raw and "無法列印" not in raw


def test_a_letter_no_font_has_is_reported_not_dropped_silently(tmp_path) -> None:
    """A name in a script no font on the machine has (Linear B): the footer says which letters
    could not be printed."""
    name, _ = CASES["korea-private"]
    doc = load_answers((FIXTURES / name).read_bytes(), Q, name)
    weights = CATALOG.profile("balanced")
    advice = advise(CATALOG, Q, weights, doc.answers, TODAY)
    data = build_report(CATALOG, Q, advice, "en", ReportInput(weights, TODAY, subject="Ann 𐀀𐀁"))
    _, text = pdf_info_and_text(data, tmp_path)
    flat = " ".join(text.split())
    assert "Some letters of the names could not be printed" in flat
    assert "U+10000 U+10001" in flat  # named by code point: the letters themselves cannot print


def test_a_corrupted_cached_font_is_rebuilt_not_fatal(tmp_path, monkeypatch) -> None:
    """A cached font cut short (a full disk, a crash mid-copy elsewhere) is not trusted: it is
    rebuilt, and the report still prints Chinese."""
    monkeypatch.setenv(report_fonts.CACHE_ENV, str(tmp_path / "cache"))
    source = report_fonts.find_font("cjk-tc")
    made = report_fonts.prepared_font(source, report_fonts.app_repertoire())
    whole = Path(made.path).read_bytes()
    Path(made.path).write_bytes(whole[: len(whole) // 3])
    report_fonts._SOUND.clear()  # a new process: nothing checked yet
    again = report_fonts.prepared_font(source, report_fonts.app_repertoire())
    assert len(Path(again.path).read_bytes()) == len(whole)  # rebuilt whole (head dates differ)
    report_fonts._SOUND.clear()
    assert report_fonts._sound(Path(again.path))


def test_names_keep_their_zero_width_joiners() -> None:
    """Persian and Indic names need U+200C and U+200D: cleaning keeps them, drops other
    invisible format characters."""
    from wizard.answers import clean_name

    assert clean_name("می‌خواهم") == ("می‌خواهم")
    assert clean_name("क्‍ष") == "क्‍ष"
    assert clean_name("Ann​Lee⁦") == "AnnLee"


def test_the_font_cache_refuses_links_planted_in_it(tmp_path, monkeypatch) -> None:
    """A link where the cache folder or a cached font should be (planted by another local
    user) is never followed: the report uses the full font and writes nothing through it."""
    elsewhere = tmp_path / "theirs"
    elsewhere.mkdir()
    link = tmp_path / "cache"
    link.symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.setenv(report_fonts.CACHE_ENV, str(link))
    source = report_fonts.find_font("cjk-tc")
    assert report_fonts.prepared_font(source, report_fonts.app_repertoire()) == source
    assert list(elsewhere.iterdir()) == []
    own = tmp_path / "own"
    monkeypatch.setenv(report_fonts.CACHE_ENV, str(own))
    made = report_fonts.prepared_font(source, report_fonts.app_repertoire())
    planted = tmp_path / "planted.ttf"
    planted.write_bytes(Path(made.path).read_bytes())
    Path(made.path).unlink()
    Path(made.path).symlink_to(planted)  # a link where the cached font goes
    assert report_fonts.prepared_font(source, report_fonts.app_repertoire()) == source


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_binding_restriction_is_printed_whole_and_paper_names_no_tab(lang, tmp_path):
    """The Taiwan agency's binding restriction appears to its last sentence (the page uses its
    free space before cutting), and no line sends the reader to a "tab" of the app."""
    _, text = pdf_info_and_text(_report("tw-agency", lang), tmp_path)
    flat = "".join(text.split())
    scope = CATALOG.restrictions.by_id["tw-ey"].scope.get(lang)
    last = scope.rstrip("。.").split("。" if lang == "zh-TW" else ". ")[-1]
    assert "".join(last.split()) in flat, last
    import re

    assert not re.search(r"\btabs?\b", text.lower()) and "分頁" not in text


def _with_french(root: Path) -> Path:
    """A config root with a third, Latin-script language: every text gains an ``fr`` copy."""
    import yaml

    def add(node):
        if isinstance(node, dict):
            if "en" in node and "zh-TW" in node and isinstance(node["en"], str):
                node["fr"] = "FR " + node["en"]
            for value in node.values():
                add(value)
        elif isinstance(node, list):
            for value in node:
                add(value)
        return node

    project = Path(__file__).resolve().parents[2]
    for folder in ("questionnaires", "weights", "data"):
        (root / folder).mkdir(parents=True)
        for path in (project / folder).glob("*.yaml"):
            data = add(yaml.safe_load(path.read_text("utf-8")))
            (root / folder / path.name).write_text(yaml.safe_dump(data, allow_unicode=True))
    shutil.copytree(project / "wizard" / "locales", root / "locales")
    french = yaml.safe_load((root / "locales" / "en.yaml").read_text("utf-8"))
    french["meta"] = {"name": "Français", "currency": "EUR", "font": "latin"}
    (root / "locales" / "fr.yaml").write_text(yaml.safe_dump(french, allow_unicode=True))
    return root


def test_a_third_latin_language_makes_its_pdf_without_a_cjk_font(tmp_path, monkeypatch):
    """A French locale (meta.font: latin) on a server with no CJK font: the French report is
    made (only Traditional Chinese needs the CJK font), in French, one page."""
    root = _with_french(tmp_path / "config")
    monkeypatch.setenv("WIZARD_CONFIG_ROOT", str(root))
    monkeypatch.setitem(report_fonts.FONT_FILES, "cjk-tc", ())
    monkeypatch.delenv("WIZARD_FONT_CJK_TC", raising=False)
    monkeypatch.delenv("WIZARD_CJK_FONT", raising=False)
    monkeypatch.setenv(report_fonts.CACHE_ENV, str(tmp_path / "fonts"))
    catalog = load_catalog(root)
    q = catalog.questionnaire()
    assert report_fonts.report_ready("fr") and not report_fonts.report_ready("zh-TW")
    name, _ = CASES["korea-private"]
    doc = load_answers((FIXTURES / name).read_bytes(), q, name)
    weights = catalog.profile("balanced")
    advice = advise(catalog, q, weights, doc.answers, TODAY)
    data = build_report(catalog, q, advice, "fr", ReportInput(weights, TODAY, subject="Zoé"))
    info, text = pdf_info_and_text(data, tmp_path)
    assert "Pages:           1" in info and "Zoé" in text and "FR " in text
    with pytest.raises(ReportError):
        build_report(catalog, q, advice, "zh-TW", ReportInput(weights, TODAY))


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_an_roi_on_the_default_value_is_called_assumed_and_on_the_readers_value_theirs(
    lang, tmp_path
) -> None:
    from wizard.cost import Usage

    doc = load_answers((FIXTURES / CASES["korea-private"][0]).read_bytes(), Q, "korea")
    weights = CATALOG.profile("balanced")
    advice = advise(CATALOG, Q, weights, doc.answers, TODAY)
    assumed = {"en": "assumed value of", "zh-TW": "以假設每月"}[lang]
    theirs = {"en": "at your value of", "zh-TW": "以您每月"}[lang]
    _, text = pdf_info_and_text(
        build_report(CATALOG, Q, advice, lang, ReportInput(weights, TODAY)), tmp_path
    )
    flat = " ".join(text.split())
    assert assumed in flat and theirs not in flat
    given = ReportInput(weights, TODAY, usage=Usage(monthly_value=25_000))
    _, text = pdf_info_and_text(build_report(CATALOG, Q, advice, lang, given), tmp_path)
    flat = " ".join(text.split())
    assert theirs in flat and assumed not in flat

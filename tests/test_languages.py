"""Languages are data: a third language is a locale file plus translations in the content YAML.

The fixture adds Japanese (``ja``) to a copy of the shipped configs, in a temporary config root,
without touching any code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, TIMEOUT, run
from wizard import PROJECT_ROOT
from wizard.cli import main
from wizard.config import default_config_paths, load_catalog, validate_paths
from wizard.exports.tables import roadmap_csv
from wizard.guidance import advise
from wizard.i18n import language_name, languages, strings
from wizard.words.roadmap import advice_rows

JA_HEADERS = {
    "phase": "フェーズ",
    "start_week": "開始週",
    "end_week": "終了週",
    "workstream": "ワークストリーム",
    "action": "アクション",
    "owner": "担当",
    "priority": "優先度",
    "rationale": "理由",
    "success_metric": "成功指標",
    "depends_on": "依存",
    "use_case": "ユースケース",
}


def _add_japanese(node):
    """Every {en, zh-TW} text gains a ja text (the English, marked), recursively."""
    if isinstance(node, dict):
        if "en" in node and "zh-TW" in node and all(isinstance(v, str) for v in node.values()):
            return {**node, "ja": f"［ja］{node['en']}"}
        return {k: _add_japanese(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_add_japanese(v) for v in node]
    return node


@pytest.fixture
def japanese_root(tmp_path: Path, monkeypatch) -> Path:
    """A config root with questionnaires, weights, data and locales in en, zh-TW and ja."""
    for sub in ("questionnaires", "weights", "data"):
        (tmp_path / sub).mkdir()
        for path in (PROJECT_ROOT / sub).glob("*.yaml"):
            raw = yaml.safe_load(path.read_text("utf-8"))
            (tmp_path / sub / path.name).write_text(
                yaml.safe_dump(_add_japanese(raw), allow_unicode=True, sort_keys=False), "utf-8"
            )
    locales = tmp_path / "locales"
    locales.mkdir()
    for path in (PROJECT_ROOT / "wizard" / "locales").glob("*.yaml"):
        (locales / path.name).write_text(path.read_text("utf-8"), "utf-8")
    ja = yaml.safe_load((PROJECT_ROOT / "wizard" / "locales" / "en.yaml").read_text("utf-8"))
    ja["meta"]["name"] = "日本語"
    ja["csv"].update(JA_HEADERS)
    ja["wizard"]["next"] = "次へ"
    (locales / "ja.yaml").write_text(yaml.safe_dump(ja, allow_unicode=True), "utf-8")
    monkeypatch.setenv("WIZARD_CONFIG_ROOT", str(tmp_path))
    return tmp_path


def test_a_third_language_loads_validates_renders_and_exports(japanese_root: Path) -> None:
    """ja: validate passes, a question step renders in Japanese, the CSV has ja headers."""
    assert languages() == ("en", "ja", "zh-TW")
    assert language_name("ja") == "日本語" and language_name("zh-TW") == "繁體中文"
    assert validate_paths(default_config_paths(japanese_root)) == []
    assert main(["validate"]) == 0  # the command line reads the same config root
    catalog = load_catalog(japanese_root)
    q = catalog.questionnaire()
    assert q.questions_by_id["sec_data_class"].text.get("ja").startswith("［ja］")

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["lang"] = "ja"
    at.session_state["step"] = 1
    run(at)
    assert [r for r in at.radio if r.key == "w::lang"][0].options == [
        "English",
        "日本語",
        "繁體中文",
    ]
    radio = [r for r in at.radio if r.key == "q::ja::sec_data_class"][0]
    assert radio.label.startswith("1. ［ja］")
    assert [b for b in at.button if b.key == "nav_next"][0].label == "次へ"

    answers = {"sector": "finance", "jurisdictions": ["tw"], "size": "lt250", "role": "cio"}
    advice = advise(catalog, q, catalog.profile("balanced"), answers)
    header = roadmap_csv(advice_rows(q, advice, "ja"), "ja").decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == list(JA_HEADERS.values())


def test_a_missing_translation_is_an_error_naming_file_and_key(japanese_root: Path) -> None:
    """Drop one ja text: validate names the file and the key, nothing falls back silently."""
    path = japanese_root / "weights" / "balanced.yaml"
    raw = yaml.safe_load(path.read_text("utf-8"))
    del raw["description"]["ja"]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    lines = validate_paths([path])
    assert main(["validate"]) == 2
    assert any(
        "balanced.yaml: description: must have a text in ja, got en, zh-TW" in line
        for line in lines
    ), lines


def test_every_locale_file_has_the_same_keys_as_english() -> None:
    """The shipped locale files are complete (so t() never needs its English fallback)."""
    en = set(strings("en"))
    for lang in languages():
        assert set(strings(lang)) == en, lang


def test_a_locale_with_an_impossible_date_is_a_config_error_naming_the_file(
    tmp_path: Path, monkeypatch
) -> None:
    from wizard.errors import ConfigError
    from wizard.languages import table

    locales = tmp_path / "locales"
    locales.mkdir()
    (locales / "en.yaml").write_text('meta: {name: "English"}\nzz: 2025-02-30\n', "utf-8")
    monkeypatch.setenv("WIZARD_CONFIG_ROOT", str(tmp_path))
    monkeypatch.setenv("WIZARD_PARSE_CACHE", "off")
    with pytest.raises(ConfigError, match="en.yaml"):
        table("en")

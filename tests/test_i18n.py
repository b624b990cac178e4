"""Both languages everywhere: locale files in step, every config text in en and zh-TW."""

from __future__ import annotations

import re
import string

from wizard.config import LText
from wizard.i18n import languages, strings, t

CJK = re.compile(r"[\u4e00-\u9fff]")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_locale_files_have_the_same_keys_and_placeholders() -> None:
    """en.yaml and zh-TW.yaml define the same keys with the same {placeholders}."""
    en, zh = strings("en"), strings("zh-TW")
    assert set(en) == set(zh)
    for key in en:
        if key in ("format.day", "format.month", "format.year"):  # a date picks its fields
            assert _placeholders(en[key]) | _placeholders(zh[key]) <= {"iso", "y", "m", "d"}
            continue
        assert _placeholders(en[key]) == _placeholders(zh[key]), key


def test_chinese_strings_are_translated() -> None:
    """Chinese UI strings hold Chinese text, not copied English (except pure placeholders)."""
    zh = strings("zh-TW")
    untranslated = [
        k
        for k, v in zh.items()
        # placeholders such as {question} are code, not words
        if not CJK.search(v)
        and re.search(r"[A-Za-z]{4}", re.sub(r"\{[^}]*\}", "", v))
        and not k.startswith("template.or_")
    ]
    assert untranslated == []


def _texts(node, path="") -> list[tuple[str, LText]]:
    out = []
    if isinstance(node, LText):
        return [(path, node)]
    if hasattr(node, "__pydantic_fields__"):
        for name in node.__pydantic_fields__:
            out += _texts(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, tuple | list):
        for i, item in enumerate(node):
            out += _texts(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        for key, item in node.items():
            out += _texts(item, f"{path}.{key}")
    return out


def test_every_config_text_exists_in_both_languages(catalog) -> None:
    """Questionnaire, profiles and watchlist: every text has en and a Chinese zh-TW."""
    texts = []
    for q in catalog.questionnaires.values():
        texts += _texts(q, q.id)
    for w in catalog.weights.values():
        texts += _texts(w, w.id)
    texts += _texts(catalog.restrictions, "restrictions")
    assert len(texts) > 300
    for path, text in texts:
        en, zh = text.get("en"), text.get("zh-TW")
        assert en.strip() and zh.strip(), path
        if re.search(r"[A-Za-z]{3}", en) and en not in {"X", "Y"}:
            assert CJK.search(zh) or zh == en.upper() or len(en) < 5, path


def test_missing_key_falls_back_to_english_then_the_key() -> None:
    """A string missing in one language never breaks a page."""
    assert t("decision.act_now", "zh-TW") == "立即行動"
    assert t("no.such.key", "zh-TW") == "no.such.key"
    assert languages() == ("en", "zh-TW")


def test_sessions_opening_at_once_read_each_locale_file_once(tmp_path, monkeypatch) -> None:
    """A workshop's start opens dozens of sessions together: the first read of a language is
    shared, not repeated by every thread that asked before it finished."""
    import shutil
    import threading
    import time

    from wizard import languages as locale_files

    shutil.copytree(locale_files.PACKAGE_LOCALES, tmp_path / "locales")
    monkeypatch.setenv(locale_files.CONFIG_ROOT_ENV, str(tmp_path))
    reads: list[str] = []
    real = locale_files._read_table

    def slow_read(path):
        reads.append(path.name)
        time.sleep(0.05)  # long enough for every thread to ask before the first read ends
        return real(path)

    monkeypatch.setattr(locale_files, "_read_table", slow_read)
    got: list[str] = []
    threads = [
        threading.Thread(target=lambda lang=lang: got.append(t("wizard.next", lang)))
        for lang in ("en", "zh-TW") * 8
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(reads) == ["en.yaml", "zh-TW.yaml"]
    assert set(got) == {strings("en")["wizard.next"], strings("zh-TW")["wizard.next"]}

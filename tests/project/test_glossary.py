"""One word per concept in Traditional Chinese: the glossary's words are used, its variants not."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def glossary() -> list[tuple[str, str, list[str]]]:
    """(concept, the zh-TW word, the variants not used) from docs/glossary.md's table."""
    rows = []
    for line in (ROOT / "docs" / "glossary.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("concept", "---"):
            continue
        rows.append((cells[0], cells[2], [v.strip() for v in cells[3].split(",") if v.strip()]))
    return rows


def zh_texts() -> dict[str, str]:
    """Every file whose Traditional Chinese words people read: the locale and the content."""
    paths = [ROOT / "wizard" / "locales" / "zh-TW.yaml"]
    for folder in ("questionnaires", "weights", "data"):
        paths += sorted((ROOT / folder).glob("*.yaml"))
    return {str(p.relative_to(ROOT)): p.read_text("utf-8") for p in paths}


def test_the_glossary_lists_the_concepts_of_the_domain() -> None:
    """The table is read (a broken table would make the checks below pass vacuously)."""
    concepts = {row[0] for row in glossary()}
    assert {"confidence", "facilitator", "act now", "wait", "restriction (a ban)"} <= concepts


def test_each_concept_has_one_word_in_traditional_chinese() -> None:
    """No variant of a glossary word appears; every glossary word is used somewhere."""
    texts = zh_texts()
    everything = "\n".join(texts.values())
    found = [
        f"{path}: {variant!r} (use {word!r} for {concept})"
        for concept, word, variants in glossary()
        for variant in variants
        for path, text in texts.items()
        if variant in text
    ]
    assert found == []
    unused = [word for _, word, _ in glossary() if word not in everything]
    assert unused == []

"""The answers file: round trip, and every kind of hostile or wrong upload refused whole."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES
from wizard.answers import (
    UNKNOWN,
    AnswersFile,
    Respondent,
    clean_name,
    dump_answers,
    load_answers,
    make_answers_file,
    template,
)
from wizard.errors import AnswersError

BANK = (FIXTURES / "answers-taiwan-bank.yaml").read_bytes()


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_and_load_round_trip(questionnaire, fmt: str) -> None:
    """What the app downloads loads back to the same answers, respondent and language."""
    doc = load_answers(BANK, questionnaire)
    again = load_answers(dump_answers(doc, fmt), questionnaire)
    assert again == doc
    assert again.answers["sec_controls"] == ["sso-rbac", "logging"]
    assert again.answers["eth_euai_tier"] == ["limited"]  # saved single before 1.2: now a list
    assert again.answers["bud_value"] == UNKNOWN
    assert again.respondent == Respondent(name="Example CIO", role="cio")


def test_chinese_text_survives_the_round_trip(questionnaire) -> None:
    """A Traditional Chinese name is kept readable in the file and equal after loading."""
    doc = make_answers_file(
        questionnaire,
        {"sector": "finance"},
        language="zh-TW",
        weights="balanced",
        respondent=Respondent(name="王小明", role="cio"),
    )
    text = dump_answers(doc)
    assert "王小明" in text
    assert load_answers(text, questionnaire).respondent.name == "王小明"


def test_bare_yes_and_no_ids_are_read_as_text(questionnaire) -> None:
    """YAML 1.1 reads a bare `yes` as true; the loader turns it back into the option id."""
    text = BANK.decode() + "  eth_consult_extra: 1\n"
    text = text.replace("eth_consult: planned", "eth_consult: yes").replace(
        "  eth_consult_extra: 1\n", ""
    )
    assert load_answers(text, questionnaire).answers["eth_consult"] == "yes"


def test_oversized_file_is_refused_before_parsing(questionnaire) -> None:
    """Files over 1 MB are refused with the size."""
    big = BANK + b"#" * 1_000_001
    with pytest.raises(AnswersError, match=r"must be at most 1 MB, got 1\.\d MB"):
        load_answers(big, questionnaire)


def test_anchors_and_aliases_are_refused(questionnaire) -> None:
    """A billion-laughs style file never expands."""
    bomb = b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    with pytest.raises(AnswersError, match="anchors and aliases are not allowed"):
        load_answers(bomb, questionnaire)


def test_python_tags_are_refused(questionnaire) -> None:
    """!!python tags never construct objects."""
    evil = b"schema_version: 1\nanswers: !!python/object/apply:os.system ['echo pwned']\n"
    with pytest.raises(AnswersError, match="tags such as !!python are not allowed"):
        load_answers(evil, questionnaire)


def test_unknown_question_and_option_ids_are_named(questionnaire) -> None:
    """Each wrong id is listed with the key it sits under."""
    text = BANK.decode().replace("eth_owner: committee", "eth_owner: everybody")
    text = text.replace("urg_window: within-6m", "urg_window: within-6m\n  urg_mood: great")
    with pytest.raises(AnswersError) as info:
        load_answers(text, questionnaire, "upload.yaml")
    joined = "\n".join(info.value.lines)
    assert "upload.yaml: answers.eth_owner: must be one of" in joined and "'everybody'" in joined
    assert "upload.yaml: answers.urg_mood: must be a question id" in joined


def test_other_questionnaire_and_major_version_are_refused(questionnaire) -> None:
    """A file for another questionnaire, or another major version, is refused."""
    other = BANK.decode().replace("questionnaire: genai-readiness", "questionnaire: cloud-ready")
    with pytest.raises(AnswersError, match="questionnaire: must be 'genai-readiness', got 'cloud"):
        load_answers(other, questionnaire)
    old = BANK.decode().replace('questionnaire_version: "1.0"', 'questionnaire_version: "0.9"')
    with pytest.raises(AnswersError, match="questionnaire_version: must be 1.x"):
        load_answers(old, questionnaire)


def test_newer_schema_is_refused(questionnaire) -> None:
    """A file from a newer app is refused rather than half-read."""
    newer = BANK.decode().replace("schema_version: 1", "schema_version: 7")
    with pytest.raises(AnswersError, match="schema_version: must be 1 or older .* got 7"):
        load_answers(newer, questionnaire)


def test_not_a_mapping_and_bad_json(questionnaire) -> None:
    """A list, broken JSON or binary junk each get a clear one-line reason."""
    with pytest.raises(AnswersError, match=r"\(lines of name: value\), got a list"):
        load_answers(b"- a\n- b\n", questionnaire)
    with pytest.raises(AnswersError, match="cannot be read as JSON"):
        load_answers(b'{"schema_version": 1,', questionnaire)
    with pytest.raises(AnswersError, match="must be UTF-8 text"):
        load_answers(b"\xff\xfe\x00bad", questionnaire)


def test_json_answers_file_is_accepted(questionnaire) -> None:
    """The CLI and the upload accept JSON as well as YAML."""
    data = {
        "schema_version": 1,
        "questionnaire": "genai-readiness",
        "questionnaire_version": "1.0",
        "answers": {"sector": "retail"},
    }
    doc = load_answers(json.dumps(data).encode(), questionnaire)
    assert isinstance(doc, AnswersFile) and doc.answers == {"sector": "retail"}


def test_names_are_cleaned_and_capped() -> None:
    """Control characters go, whitespace folds, and an overlong name is refused."""
    assert clean_name("  Ada\u200b\tLovelace\x07 ") == "Ada Lovelace"
    with pytest.raises(AnswersError, match="at most 80 characters"):
        clean_name("x" * 81)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_template_lists_every_question_and_loads_when_filled(questionnaire, lang: str) -> None:
    """The skeleton names every question; filling one answer per question gives a valid file."""
    text = template(questionnaire, lang)
    for question in questionnaire.questions:
        assert f"  {question.id}:" in text
    assert questionnaire.questions_by_id["sec_dpia"].text.get(lang) in text
    filled = text.replace("  sector: null", "  sector: retail")
    assert load_answers(filled, questionnaire).answers == {"sector": "retail"}

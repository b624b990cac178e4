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
)
from wizard.errors import AnswersError
from wizard.words.answers import template

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
    assert "upload.yaml: answers.eth_owner: must be one option id such as" in joined
    assert "'everybody'" in joined
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
    newer = BANK.decode().replace("schema_version: 2", "schema_version: 7")
    with pytest.raises(AnswersError, match="schema_version: must be 2 or older .* got 7"):
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


# --------------------------------------------------------------------------- refused kindly
def _refusal(questionnaire, text: str, name: str = "a.yaml") -> list[str]:
    with pytest.raises(AnswersError) as refused:
        load_answers(text, questionnaire, name)
    return refused.value.lines


def _file(answers: str, extra: str = "") -> str:
    return (
        "schema_version: 1\nquestionnaire: genai-readiness\nquestionnaire_version: '1.2'\n"
        f"{extra}answers:\n{answers}"
    )


def test_a_huge_repeated_list_gives_a_short_line_with_a_count(questionnaire) -> None:
    """150,000 repeated items: one short line per problem, each repeated id named once."""
    doc = {
        "schema_version": 1,
        "questionnaire": "genai-readiness",
        "questionnaire_version": "1.2",
        "answers": {"sec_controls": ["dlp"] * 149_999 + ["bogus-option"]},
    }
    text = json.dumps(doc, separators=(",", ":"))
    assert len(text) < 1_000_000  # under the size cap: the list itself must be handled
    lines = _refusal(questionnaire, text, "a.json")
    assert all(len(line) < 400 for line in lines), max(len(x) for x in lines)
    joined = "\n".join(lines)
    assert "bogus-option" in joined and "must not repeat an option, got dlp" in joined


def test_thousands_of_wrong_ids_are_capped_with_a_count(questionnaire) -> None:
    """Many unknown question ids: at most 20 problems listed, then how many more."""
    answers = "".join(f"  q{i}: x\n" for i in range(500))
    lines = _refusal(questionnaire, _file(answers))
    assert len(lines) == 21 and "and 480 more problems" in lines[-1]


def test_a_wrong_date_is_said_as_a_wrong_date(questionnaire) -> None:
    """saved_on 2025-02-30 is no real day: "must be a real date", never a word about numbers."""
    lines = _refusal(questionnaire, _file("  sector: retail\n", "saved_on: 2025-02-30\n"))
    assert any("saved_on: must be a real date (YYYY-MM-DD)" in x for x in lines), lines
    assert not any("digits" in x for x in lines)
    as_json = json.dumps(
        {
            "schema_version": 1,
            "questionnaire": "genai-readiness",
            "questionnaire_version": "1.2",
            "saved_on": "2025-02-30",
            "answers": {},
        }
    )
    lines = _refusal(questionnaire, as_json, "a.json")
    assert any("must be a real date" in x for x in lines), lines


def test_a_file_saved_in_the_future_is_refused(questionnaire) -> None:
    """saved_on 2999-01-01 would sort last in every comparison: refused, naming the key."""
    lines = _refusal(questionnaire, _file("  sector: retail\n", "saved_on: 2999-01-01\n"))
    assert any("saved_on: must not be in the future" in x for x in lines), lines


def test_a_key_given_twice_is_refused_with_its_line(questionnaire) -> None:
    """YAML and JSON: the second 'sector' is refused with the key and its line, not kept."""
    lines = _refusal(questionnaire, _file("  sector: retail\n  sector: finance\n"))
    assert lines == ["a.yaml: line 6: 'sector' is given twice in the same block: keep one"]
    text = '{"schema_version": 1,\n "answers": {"sector": "retail",\n "sector": "finance"}}'
    lines = _refusal(questionnaire, text, "a.json")
    assert lines == ["a.json: line 3: 'sector' is given twice in the same block: keep one"]


def test_an_unknown_option_names_the_nearest_valid_ones_not_all(questionnaire) -> None:
    """A mistyped jurisdiction: the three nearest ids are suggested, never the whole list."""
    lines = _refusal(questionnaire, _file("  jurisdictions: [taiwan]\n"))
    [line] = lines
    assert "taiwan" in line and line.count(",") <= 3
    assert "us-pa" not in line  # not a wall of every option


def test_a_data_version_is_a_real_day_quoted_or_not(questionnaire) -> None:
    from wizard.answers import load_answers
    from wizard.words.answers import problem_lines

    base = (
        b"schema_version: 2\nquestionnaire: genai-readiness\nquestionnaire_version: '1.3'\n"
        b"answers: {sector: finance}\n"
    )
    doc = load_answers(base + b"data_version: 2026-12-04\n", questionnaire, "f.yaml")
    assert doc.data_version == "2026-12-04"  # YAML read it as a date: the day it names
    for bad in (b"'2025-02-30'", b"'0000-00-00'"):
        with pytest.raises(AnswersError) as caught:
            load_answers(base + b"data_version: " + bad + b"\n", questionnaire, "f.yaml")
        assert any("data_version" in line for line in problem_lines(caught.value, "en"))

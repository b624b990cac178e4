"""Config validation: shipped files load; each kind of breakage names file, key, expected, found."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, mini_raw
from wizard.config import (
    default_config_paths,
    load_catalog,
    load_questionnaire,
    load_restrictions,
    load_weights,
    validate_paths,
)
from wizard.errors import ConfigError


def _write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def _errors_of(tmp_path: Path, raw: dict[str, Any]) -> list[str]:
    path = _write(tmp_path, "broken.yaml", raw)
    with pytest.raises(ConfigError) as info:
        load_questionnaire(path)
    return info.value.lines


def _question(raw: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in raw["questions"] if q["id"] == qid)


def test_shipped_configs_all_validate(catalog) -> None:
    """It loads every shipped questionnaire, profile and the watchlist without a problem."""
    assert "genai-readiness" in catalog.questionnaires
    assert {"balanced", "regulated", "cost-first", "speed-first"} <= set(catalog.weights)
    assert validate_paths(default_config_paths()) == []


def test_shipped_questionnaire_has_the_required_depth(questionnaire) -> None:
    """It has >= 6 scored questions per dimension, help, refs, two show_if, and don't-know."""
    for dim in ("security", "ethics", "budget", "urgency"):
        questions = questionnaire.questions_of(dim)
        assert len(questions) >= 6, dim
        for question in questions:
            assert question.help.get("en") and question.help.get("zh-TW")
            assert question.refs, question.id
            assert all(o.score is not None for o in question.options)
        assert any(q.unknown for q in questions), dim
    assert sum(q.show_if is not None for q in questionnaire.questions) >= 2
    profile_ids = {q.id for q in questionnaire.questions_of("profile")}
    assert {"sector", "jurisdictions", "size", "role"} <= profile_ids


def test_weight_profiles_describe_who_should_use_them(catalog) -> None:
    """Each shipped profile has weights, a threshold, floors and a description in both languages."""
    for profile in catalog.weights.values():
        assert sum(profile.dimension_weights.values()) > 0
        assert 0 < profile.threshold < 100
        assert profile.floors
        assert len(profile.description.get("en")) > 40 and profile.description.get("zh-TW")


def test_wrong_type_names_key_and_found_value(tmp_path: Path) -> None:
    """It reports a wrong type with the key path, what was expected and what was found."""
    raw = mini_raw()
    _question(raw, "a1")["weight"] = "heavy"
    lines = _errors_of(tmp_path, raw)
    assert any(
        "broken.yaml: questions[a1].weight: must be a number, got 'heavy'" in line for line in lines
    ), lines


def test_missing_language_is_reported(tmp_path: Path) -> None:
    """A text without zh-TW is an error on that text's key."""
    raw = mini_raw()
    del _question(raw, "a1")["text"]["zh-TW"]
    lines = _errors_of(tmp_path, raw)
    assert any("questions[a1].text: must have a text in zh-TW, got en" in line for line in lines), (
        lines
    )


def test_unknown_dimension_id(tmp_path: Path) -> None:
    """A question in a dimension that does not exist is named."""
    raw = mini_raw()
    _question(raw, "b2")["dimension"] = "gamma"
    lines = _errors_of(tmp_path, raw)
    assert any(
        "questions[b2].dimension: must be one of" in line and "got 'gamma'" in line
        for line in lines
    ), lines


def test_duplicate_ids(tmp_path: Path) -> None:
    """Duplicate question and option ids are reported with the id."""
    raw = mini_raw()
    raw["questions"].append(copy.deepcopy(_question(raw, "b2")))
    _question(raw, "a2")["options"][1]["id"] = "p"
    lines = _errors_of(tmp_path, raw)
    assert any("questions[b2]: ids must be unique, got 'b2' twice" in line for line in lines)
    assert any("questions[a2].options[p]: ids must be unique" in line for line in lines), lines


@pytest.mark.parametrize("score", [-5, 101, 250])
def test_scores_outside_0_to_100(tmp_path: Path, score: int) -> None:
    """An option score outside 0..100 is rejected with the value found."""
    raw = mini_raw()
    _question(raw, "a2")["options"][0]["score"] = score
    lines = _errors_of(tmp_path, raw)
    assert any(
        line.startswith(f"{tmp_path}/broken.yaml: questions[a2].options[p].score: must be")
        and f"got {score}" in line
        for line in lines
    ), lines


def test_show_if_pointing_at_a_later_question(tmp_path: Path) -> None:
    """show_if must name an earlier question."""
    raw = mini_raw()
    _question(raw, "a2")["show_if"] = {"question": "b1", "in": ["m"]}
    lines = _errors_of(tmp_path, raw)
    assert any(
        "questions[a2].show_if.question: must name an earlier question, got 'b1'" in line
        for line in lines
    ), lines


def test_show_if_pointing_at_an_unknown_question_or_option(tmp_path: Path) -> None:
    """show_if with an unknown question, or an option that its question lacks, is named."""
    raw = mini_raw()
    _question(raw, "a2")["show_if"] = {"question": "nope", "in": ["y"]}
    lines = _errors_of(tmp_path, raw)
    assert any("show_if.question: must name a question, got 'nope'" in line for line in lines)
    raw = mini_raw()
    _question(raw, "a2")["show_if"] = {"question": "a1", "in": ["w"]}
    lines = _errors_of(tmp_path, raw)
    assert any("show_if.in: must list options of 'a1', got 'w'" in line for line in lines), lines


def test_unknown_action_ids(tmp_path: Path) -> None:
    """Options, dimension_actions and depends_on must name existing actions."""
    raw = mini_raw()
    _question(raw, "a1")["options"][1]["actions"] = ["fly-to-moon"]
    raw["roadmap"]["actions"][1]["depends_on"] = ["ghost"]
    raw["roadmap"]["dimension_actions"]["beta"] = ["phantom"]
    lines = _errors_of(tmp_path, raw)
    joined = "\n".join(lines)
    assert (
        "questions[a1].options[y].actions: must name roadmap actions, got 'fly-to-moon'" in joined
    )
    assert "roadmap.actions[pilot].depends_on: must name roadmap actions, got 'ghost'" in joined
    assert "roadmap.dimension_actions.beta: must name roadmap actions, got 'phantom'" in joined


def test_dependency_loop_is_rejected(tmp_path: Path) -> None:
    """depends_on must not loop, or no schedule exists."""
    raw = mini_raw()
    raw["roadmap"]["actions"][0]["depends_on"] = ["scale"]
    lines = _errors_of(tmp_path, raw)
    assert any("depends_on must not loop" in line for line in lines), lines


def test_blocker_option_must_not_outscore_others(tmp_path: Path) -> None:
    """A blocker option scoring above a normal option would make improving an answer block."""
    raw = mini_raw()
    _question(raw, "a1")["options"][2]["score"] = 90
    lines = _errors_of(tmp_path, raw)
    assert any("questions[a1].options[z].score: a blocker option" in line for line in lines)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    """Unparseable YAML gives the file and the line, not a traceback."""
    path = _write(tmp_path, "bad.yaml", "id: [unclosed\nversion: 1\n")
    with pytest.raises(ConfigError) as info:
        load_questionnaire(path)
    assert "bad.yaml: line" in info.value.lines[0]
    assert "cannot be read as YAML" in info.value.lines[0]


def test_negative_weight_names_the_dimension(tmp_path: Path) -> None:
    """A negative dimension weight is reported on its own key with the value."""
    raw = yaml.safe_load((FIXTURES / "mini-weights.yaml").read_text(encoding="utf-8"))
    raw["dimension_weights"]["alpha"] = -1
    path = _write(tmp_path, "neg.yaml", raw)
    with pytest.raises(ConfigError) as info:
        load_weights(path)
    assert info.value.lines == [f"{path}: dimension_weights.alpha: must be >= 0, got -1"]


def test_weights_with_unknown_dimension(tmp_path: Path, mini) -> None:
    """A profile naming a dimension the questionnaire lacks is reported."""
    raw = yaml.safe_load((FIXTURES / "mini-weights.yaml").read_text(encoding="utf-8"))
    raw["floors"]["gamma"] = 10
    path = _write(tmp_path, "w.yaml", raw)
    with pytest.raises(ConfigError) as info:
        load_weights(path, mini.dimension_ids)
    assert "floors.gamma: must be one of ['alpha', 'beta'], got 'gamma'" in info.value.lines[0]


def test_threshold_out_of_range(tmp_path: Path) -> None:
    """The threshold must lie in 0..100."""
    raw = yaml.safe_load((FIXTURES / "mini-weights.yaml").read_text(encoding="utf-8"))
    raw["threshold"] = 140
    path = _write(tmp_path, "w.yaml", raw)
    with pytest.raises(ConfigError) as info:
        load_weights(path)
    assert info.value.lines == [f"{path}: threshold: must be <= 100, got 140"]


def test_restrictions_must_use_profile_option_ids(tmp_path: Path, questionnaire) -> None:
    """A restriction for a jurisdiction the questionnaire cannot express is an error."""
    src = Path(__file__).resolve().parents[2] / "data" / "restrictions.yaml"
    raw = yaml.safe_load(src.read_text(encoding="utf-8"))
    raw["entries"][0]["jurisdictions"] = ["atlantis"]
    path = _write(tmp_path, "restrictions.yaml", raw)
    with pytest.raises(ConfigError) as info:
        load_restrictions(path, questionnaire)
    first = raw["entries"][0]["id"]
    assert f"entries[{first}].jurisdictions: must be options of" in info.value.lines[0]
    assert "got 'atlantis'" in info.value.lines[0]


def test_restrictions_carry_source_and_as_of(catalog) -> None:
    """Every watchlist entry has a source, an as_of date, and scope in both languages."""
    entries = catalog.restrictions.entries
    assert len(entries) >= 18
    for entry in entries:
        assert entry.source and entry.as_of and entry.scope.get("en") and entry.scope.get("zh-TW")


def test_catalog_collects_every_problem_at_once(tmp_path: Path) -> None:
    """A broken tree reports all its broken files together, each by name."""
    root = Path(__file__).resolve().parents[2]
    for sub in ("questionnaires", "weights", "data"):
        (tmp_path / sub).mkdir()
    raw = mini_raw()
    _question(raw, "a1")["weight"] = -2
    _write(tmp_path / "questionnaires", "mini.yaml", raw)
    _write(tmp_path / "weights", "w.yaml", {"schema_version": 1, "id": "w"})
    (tmp_path / "data" / "restrictions.yaml").write_text(
        (root / "data" / "restrictions.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_catalog(tmp_path)
    joined = "\n".join(info.value.lines)
    assert "questions[a1].weight: must be >= 0, got -2" in joined
    assert "w.yaml: title: is required" in joined


def test_a_customised_profile_is_a_new_valid_profile(catalog) -> None:
    """customised() keeps the base untouched and validates the new numbers like a file would."""
    from pydantic import ValidationError

    base = catalog.profile("regulated")
    title = base.title.model_copy()
    custom = base.customised(
        dimension_weights={"security": 1, "ethics": 1, "budget": 1, "urgency": 1},
        threshold=55,
        floors={},
        title=title,
        description=base.description,
    )
    assert custom.id == "regulated-custom" and custom.threshold == 55 and not custom.floors
    assert base.threshold != 55  # the shipped profile is unchanged
    with pytest.raises(ValidationError):
        base.customised(
            dimension_weights={"security": -1},
            threshold=55,
            floors={},
            title=title,
            description=base.description,
        )


def test_a_config_key_given_twice_is_refused_with_file_and_line(tmp_path: Path) -> None:
    """A weight profile naming a dimension twice: validate names the file, the line, the key."""
    path = tmp_path / "weights" / "twice.yaml"
    path.parent.mkdir()
    path.write_text(
        "schema_version: 1\nid: twice\ntitle: {en: T, zh-TW: T}\ndescription: {en: D, zh-TW: D}\n"
        "dimension_weights:\n  security: 1\n  security: 3\nthreshold: 60\n",
        encoding="utf-8",
    )
    errors = validate_paths([path])
    assert len(errors) == 1 and "line 7" in errors[0] and "duplicate key 'security'" in errors[0]


def test_reference_data_needs_every_language_in_its_texts(tmp_path: Path) -> None:
    """A model name given in English only is refused, naming the file and the key (as a
    questionnaire's text would be)."""
    raw = yaml.safe_load((FIXTURES.parent.parent / "data" / "model_prices.yaml").read_text("utf-8"))
    raw["models"][0]["name"] = {"en": "Only English"}
    path = tmp_path / "data" / "model_prices.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    errors = validate_paths([path])
    assert any("models[deepseek-r1].name: must have a text in zh-TW" in e for e in errors), errors

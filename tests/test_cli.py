"""The command line contract: validate, template, score; exit 2 with one line on bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, mini_raw
from wizard.cli import main

BANK = FIXTURES / "answers-taiwan-bank.yaml"
ROOT = Path(__file__).resolve().parent.parent


def test_validate_all_shipped_files(capsys) -> None:
    """validate with no path checks every shipped file and exits 0."""
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "OK questionnaires/genai-readiness.yaml" in out
    assert "OK weights/regulated.yaml" in out and "OK data/restrictions.yaml" in out


def test_validate_a_broken_file_prints_its_lines(tmp_path: Path, capsys) -> None:
    """A broken questionnaire exits 2 and prints file: key: problem lines."""
    raw = mini_raw()
    raw["questions"][2]["options"][0]["score"] = 140
    path = tmp_path / "questionnaires" / "bad.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: questions[a1].options[x].score: must be <= 100, got 140" in err


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_template_prints_a_loadable_skeleton(lang: str, capsys) -> None:
    """template prints YAML that parses and names the questionnaire."""
    assert main(["template", "--lang", lang]) == 0
    doc = yaml.safe_load(capsys.readouterr().out)
    assert doc["questionnaire"] == "genai-readiness" and doc["language"] == lang
    assert "sec_data_class" in doc["answers"]


def test_score_text_in_english_and_chinese(capsys) -> None:
    """score prints the decision, the scores and the reasons in the chosen language."""
    assert main(["score", str(BANK), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert main(["score", str(BANK)]) == 0
    out = capsys.readouterr().out
    word = {"act_now": "Act now", "wait": "Wait"}[doc["decision"]]
    assert out.startswith(f"Decision: {word}")
    side = "at or above" if doc["overall"] >= doc["threshold"] else "below"
    assert f"{side} the threshold 65" in out
    assert f"Robustness: {word} in" in out and "What would turn this into " in out
    assert main(["score", str(BANK), "--lang", "zh-TW", "--weights", "speed-first"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("建議：立即行動")  # full-width colon after Chinese
    assert "資訊安全" in out


def test_score_json_and_roadmap_csv(tmp_path: Path, capsys) -> None:
    """json holds the contract keys; --roadmap writes the CSV with the same rows."""
    out_csv = tmp_path / "roadmap.csv"
    assert (
        main(
            [
                "score",
                str(BANK),
                "--format",
                "json",
                "--roadmap",
                str(out_csv),
                "--today",
                "2026-11-28",
            ]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    for key in (
        "decision",
        "overall",
        "threshold",
        "dimensions",
        "floors_failed",
        "blockers",
        "restrictions",
        "confidence",
        "roadmap",
    ):
        assert key in doc
    assert doc["decision"] in ("act_now", "wait")
    assert set(doc["dimensions"]) == {"security", "ethics", "budget", "urgency"}
    assert doc["sensitivity"]["draws"] == 10_000
    assert 0 < doc["sensitivity"]["agree_share"] <= 1
    assert doc["confidence"] <= doc["confidence_before_sensitivity"]
    assert doc["flip"]["target"] != doc["decision"]
    assert {r["id"] for r in doc["routes"]} >= {"open-weights-cloud", "wait-and-watch"}
    rows = list(csv.reader(io.StringIO(out_csv.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == len(doc["roadmap"]) + 1
    assert rows[1][4] == doc["roadmap"][0]["action"]


def test_score_with_a_weights_file(tmp_path: Path, capsys) -> None:
    """--weights also takes a path to a profile YAML (a custom profile)."""
    profile = yaml.safe_load((ROOT / "weights" / "balanced.yaml").read_text(encoding="utf-8"))
    profile.update(id="custom", threshold=10, floors={})
    path = tmp_path / "custom.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    assert main(["score", str(BANK), "--weights", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["decision"] == "act_now"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["score", "missing.yaml"], "missing.yaml: (file): cannot be read"),
        (["score", str(BANK), "--weights", "reckless"], "--weights: must be one of"),
        (["score", str(BANK), "--lang", "fr"], "invalid choice: 'fr'"),
        (["template", "--questionnaire", "nope"], "questionnaire: must be one of"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, expected, capsys) -> None:
    """Bad input: exit code 2 and a single line naming the problem."""
    assert _exit_code(args) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err
    assert len(err.splitlines()) == 1


def test_tampered_answers_file_exits_2(tmp_path: Path, capsys) -> None:
    """An answers file with a wrong option id exits 2 naming the file and key."""
    path = tmp_path / "a.yaml"
    path.write_text(
        BANK.read_text(encoding="utf-8").replace(
            "sec_redteam: partner", "sec_redteam: '=HYPERLINK()'"
        )
    )
    assert main(["score", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: answers.sec_redteam: must be one option id such as" in err


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    """Run as a user would: a hostile file gives exit 2 and no traceback."""
    path = tmp_path / "bomb.yaml"
    path.write_text("a: &a [x]\nb: *a\n")
    proc = subprocess.run(
        [sys.executable, "-m", "wizard", "score", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "anchors and aliases are not allowed" in proc.stderr


def _exit_code(args: list[str]) -> int:
    """main()'s return code, or argparse's exit code for malformed command lines."""
    try:
        return main(args)
    except SystemExit as exc:
        return int(exc.code or 0)


def test_validate_in_a_folder_without_configs_says_so(tmp_path, monkeypatch, capsys) -> None:
    """An installed `wizard validate` run elsewhere names the folder instead of "0 valid"."""
    monkeypatch.setenv("WIZARD_CONFIG_ROOT", str(tmp_path))
    assert main(["validate"]) == 2
    assert "has no questionnaires/, weights/ or data/" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["/dev/zero", "folder", "big"])
def test_score_refuses_what_is_not_a_small_regular_file(target, tmp_path, capsys) -> None:
    """A device, a folder or a file over 1 MB: exit 2 with one line, never a hang or traceback."""
    path = {"/dev/zero": Path("/dev/zero"), "folder": tmp_path, "big": tmp_path / "big.yaml"}
    if target == "big":
        path["big"].write_bytes(b"a" * 1_000_001)
    assert main(["score", str(path[target])]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and ("regular file" in err[0] or "at most 1 MB" in err[0])


def test_a_deeply_nested_json_answers_file_is_refused_in_one_line(tmp_path, capsys) -> None:
    """~950 levels of nesting: exit 2 with "nested too deeply", not a RecursionError."""
    deep = "[" * 950 + "]" * 950
    path = tmp_path / "deep.json"
    path.write_text(
        '{"schema_version": 1, "questionnaire": "genai-readiness", '
        f'"questionnaire_version": "1.2", "answers": {{"sector": {deep}}}}}',
        "utf-8",
    )
    assert main(["score", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nested too deeply" in err[0]


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    return err[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("questionnaire: [genai-readiness]\n", "questionnaire: must be one of"),
        ("answers: {}\n", "questionnaire: is required, got nothing"),
        ("questionnaire: {a: 1}\n", "questionnaire: must be one of"),
    ],
)
def test_wrong_types_for_top_level_keys_are_one_line(content, expected, tmp_path, capsys) -> None:
    """`questionnaire:` as a list or a mapping, or missing: exit 2 with the key named."""
    path = tmp_path / "odd.yaml"
    path.write_text(content, "utf-8")
    assert main(["score", str(path)]) == 2
    assert expected in _one_error_line(capsys)


@pytest.mark.parametrize("kind", ["alias_bomb", "dev_zero", "folder", "deep", "big"])
def test_a_crafted_weights_file_is_refused_in_one_line(kind, tmp_path, capsys) -> None:
    """--weights goes through the safe loader: aliases, devices, folders, depth and size."""
    path = tmp_path / "w.yaml"
    if kind == "alias_bomb":
        lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
        lines += [
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ]
        path.write_text("\n".join(lines) + "\n", "utf-8")
        expected = "anchors and aliases are not allowed"
    elif kind == "dev_zero":
        path, expected = Path("/dev/zero"), "must be a regular file"
    elif kind == "folder":
        path, expected = tmp_path, "must be a regular file"
    elif kind == "deep":
        path.write_text("a: " + "[" * 3000 + "]" * 3000 + "\n", "utf-8")
        expected = "nested"
    else:
        path.write_bytes(b"# " + b"x" * 2_000_100 + b"\n")
        expected = "must be at most 2 MB"
    assert main(["score", str(BANK), "--weights", str(path)]) == 2
    assert expected in _one_error_line(capsys)


def test_validate_refuses_an_alias_bomb_given_on_the_command_line(tmp_path, capsys) -> None:
    """validate reads a user's file with the alias-refusing loader too."""
    path = tmp_path / "profile.yaml"
    path.write_text("a: &a [1]\nb: *a\n", "utf-8")
    assert main(["validate", str(path)]) == 2
    assert "anchors and aliases are not allowed" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_number_of_thousands_of_digits_is_one_line(suffix, tmp_path, capsys) -> None:
    """Python refuses to read an integer of 4,300+ digits: one line, not a ValueError."""
    path = tmp_path / f"big{suffix}"
    digits = "1" + "0" * 4400
    path.write_text(f'{{"v": {digits}}}' if suffix == ".json" else f"v: {digits}\n", "utf-8")
    assert main(["score", str(path)]) == 2
    assert "thousands of digits" in _one_error_line(capsys)
    weights = tmp_path / "w.yaml"
    weights.write_text(f"id: x\nv: {digits}\n", "utf-8")
    assert main(["score", str(BANK), "--weights", str(weights)]) == 2
    assert "cannot be read as YAML" in _one_error_line(capsys)


_HEAD = "schema_version: 1\nquestionnaire: genai-readiness\nquestionnaire_version: '1.2'\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a file's weights field names a profile; it never makes the command read a path
        ("weights: /etc/passwd\nanswers: {}\n", "weights: must be one of"),
        ("weights: weights/balanced.yaml\nanswers: {}\n", "give a profile file with --weights"),
        ("saved_on: 2999-01-01\nanswers: {}\n", "got 2999-01-01"),
        ("answers: {sec_controls: [1, 2]}\n", "got a list holding a number"),
        ("answers:\n  <<: {sector: retail}\n", "merge keys (<<)"),
        ("answers: [1, 2\n", "expected ',' or ']'"),
    ],
)
def test_answers_file_problems_are_named_as_a_reader_would_say_them(
    body, expected, tmp_path, capsys
) -> None:
    """Each problem in one line that says what was found, in words (a date as a date, the kind
    of item in a list, a merge key as a merge key, the parser's own complaint)."""
    path = tmp_path / "a.yaml"
    path.write_text(_HEAD + body, "utf-8")
    assert main(["score", str(path)]) == 2
    line = _one_error_line(capsys)
    assert expected in line, line
    assert "datetime.date" not in line


def test_the_count_of_further_problems_includes_those_left_out(tmp_path, capsys) -> None:
    """25 unknown question ids: three are shown, and '+22 more' counts every other one, also
    the five the file's own list already left out."""
    wrong = "\n".join(f"  zz_{i}: yes" for i in range(25))
    path = tmp_path / "a.yaml"
    path.write_text(_HEAD + f"answers:\n{wrong}\n", "utf-8")
    assert main(["score", str(path)]) == 2
    line = _one_error_line(capsys)
    assert line.endswith("(+22 more)"), line


def test_each_wrong_option_gets_its_own_nearest_suggestion(tmp_path, capsys) -> None:
    """Two misspelt options of one multi-choice answer: the suggestions name the nearest of
    each, not only of the first."""
    from tests.conftest import load_catalog

    q = load_catalog().questionnaire("genai-readiness")
    multi = next(x for x in q.questions if x.type == "multi" and len(x.options) >= 4)
    first, second = multi.options[0].id, multi.options[-1].id
    path = tmp_path / "a.yaml"
    path.write_text(_HEAD + f"answers: {{{multi.id}: [{first}x, {second}x]}}\n", "utf-8")
    assert main(["score", str(path)]) == 2
    line = _one_error_line(capsys)
    assert first in line and second in line, line

"""Compare with last time: scores over time, the answers that moved, the rows closed."""

from __future__ import annotations

import json
from datetime import date

import yaml

from tests.conftest import FIXTURES
from tests.samples import CATALOG, Q
from wizard.answers import load_answers
from wizard.cli import main
from wizard.compare import compare, snapshot
from wizard.guidance import advise
from wizard.scoring import assess


def balanced():
    """The balanced weight profile."""
    return CATALOG.profile("balanced")


KOREA = yaml.safe_load((FIXTURES / "answers-korea-private.yaml").read_text("utf-8"))


def _file(tmp_path, name: str, saved_on: str | None, **answers) -> object:
    doc = {**KOREA, "answers": {**KOREA["answers"], **answers}}
    if saved_on:
        doc["saved_on"] = saved_on
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    return path


def _snap(path):
    doc = load_answers(path.read_bytes(), Q, path.name)
    return snapshot(
        Q, advise(CATALOG, Q, balanced(), doc.answers, date(2026, 11, 28)), doc, path.name
    )


def test_changes_carry_the_points_each_moves_and_closed_rows(tmp_path) -> None:
    """Last time: no red-teaming and no AI policy. Now both are in place: each change is listed
    with the points it alone moves the overall, and the testing row of last time is closed."""
    old = _file(tmp_path, "old.yaml", "2026-05-01", sec_redteam="no", eth_policy="none")
    new = _file(tmp_path, "new.yaml", "2026-11-20")
    result = compare(Q, balanced(), [_snap(new), _snap(old)])  # given out of order
    assert [s.label for s in result.snapshots] == ["old.yaml", "new.yaml"]
    moved = {c.question: c for c in result.changes}
    assert set(moved) == {"sec_redteam", "eth_policy"}
    old_answers = result.snapshots[0].answers
    for qid, change in moved.items():
        alone = assess(Q, balanced(), {**old_answers, qid: change.after}).overall
        assert change.points == round(alone - assess(Q, balanced(), old_answers).overall, 1)
        assert change.points > 0
    old_rows = set(result.snapshots[0].plan_ids)
    assert result.closed and set(result.closed) <= old_rows
    assert not set(result.closed) & set(result.snapshots[1].plan_ids)


def test_an_older_questionnaire_compares_on_shared_questions_only(tmp_path) -> None:
    """A 1.0 file (no body type, no model families) against a 1.2 file: those questions are
    listed as not compared and never reported as changed."""
    old = FIXTURES / "answers-taiwan-bank.yaml"
    new = _file(tmp_path, "now.yaml", "2026-11-20")
    result = compare(Q, balanced(), [_snap(old), _snap(new)])
    assert {"body_type", "models"} <= set(result.not_compared)
    assert not {"body_type", "models"} & {c.question for c in result.changes}


def test_the_command_line_prints_text_and_json(tmp_path, capsys) -> None:
    old = _file(tmp_path, "old.yaml", "2026-05-01", sec_redteam="no")
    new = _file(tmp_path, "new.yaml", "2026-11-20")
    assert main(["compare", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "Answers changed since old.yaml" in out and "points overall" in out
    assert main(["compare", str(new), str(old), "--format", "json", "--lang", "zh-TW"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [s["label"] for s in doc["snapshots"]] == ["old.yaml", "new.yaml"]
    assert doc["changes"][0]["question"] == "sec_redteam" and doc["changes"][0]["points"] > 0
    assert doc["closed"] and all(row["action"] != row["id"] for row in doc["closed"])
    assert main(["compare", str(old)]) == 2
    assert "at least two" in capsys.readouterr().err


def test_a_saved_answers_file_carries_its_date() -> None:
    """Files the app saves now carry saved_on, so a later comparison can order them."""
    from wizard.answers import dump_answers, make_answers_file

    doc = make_answers_file(
        Q, KOREA["answers"], language="en", weights="balanced", saved_on=date(2026, 11, 28)
    )
    again = load_answers(dump_answers(doc).encode(), Q, "x.yaml")
    assert again.saved_on == date(2026, 11, 28)


def test_rows_that_left_only_because_the_decision_flipped_are_not_called_closed(tmp_path):
    """Last time a prohibited use case blocked (wait plan: interim rule, watch brief); now it is
    dropped and the verdict is act now. Rows tied to the changed answer are closed; the wait
    plan's other rows only left the plan, and are listed apart."""
    old = _file(tmp_path, "old.yaml", "2026-05-01", eth_euai_tier=["prohibited"])
    new = _file(tmp_path, "new.yaml", "2026-11-20")
    result = compare(Q, balanced(), [_snap(old), _snap(new)])
    assert result.snapshots[0].result.decision == "wait"
    assert result.snapshots[1].result.decision == "act_now"
    assert result.dropped, "the wait plan's own rows should be listed as dropped"
    old_plan = {a.key: a for a in result.snapshots[0].advice.plan}
    for key in result.closed:
        triggers = {v for r in old_plan[key].reasons for k, v in r.values if k == "question"}
        assert "eth_euai_tier" in triggers or triggers & {c.question for c in result.changes}
    for key in result.dropped:
        triggers = {v for r in old_plan[key].reasons for k, v in r.values if k == "question"}
        assert not triggers & {c.question for c in result.changes}


def test_a_question_branching_no_longer_shows_is_said_as_no_longer_asked(catalog, questionnaire):
    """The DPIA question was answered while the data was personal; now the data is public and
    the question is hidden: the comparison says "no longer asked", not "not answered"."""
    from datetime import date

    from tests.conftest import complete_answers
    from wizard.compare import answers_snapshot, compare
    from wizard.guidance import advise
    from wizard.words.compare import comparison_document

    profile = catalog.weights["balanced"]
    before = complete_answers(questionnaire, sec_data_class="personal", sec_dpia="done")
    after = complete_answers(questionnaire, sec_data_class="public")
    after.pop("sec_dpia", None)
    snaps = [
        answers_snapshot(questionnaire, advise(catalog, questionnaire, profile, a), a, label, day)
        for a, label, day in ((before, "then", date(2026, 1, 5)), (after, "now", date(2026, 6, 5)))
    ]
    for lang, words in (("en", "no longer asked"), ("zh-TW", "已不再詢問")):
        doc = comparison_document(questionnaire, compare(questionnaire, profile, snaps), lang)
        [dpia] = [c for c in doc["changes"] if c["question"] == "sec_dpia"]
        assert words in dpia["after_text"] and "not answered" not in dpia["after_text"]

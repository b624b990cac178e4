"""What changed in the world since an earlier assessment: the change log, the data version in
answers files, the verdict moved by the world or by the answers, on every surface."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as hs

from tests.conftest import FIXTURES, best_answers
from wizard.answers import dump_answers, load_answers, make_answers_file
from wizard.cli import main
from wizard.config import Catalog, load_catalog, load_restrictions
from wizard.config.checks import removal_problems

TODAY = date(2026, 12, 5)
#: a Taiwan ministry that planned to self-host DeepSeek weights, saved on the data of 2026-11-01
MINISTRY = {
    "sector": "government",
    "jurisdictions": ["tw"],
    "body_type": ["central-gov"],
    "models": ["deepseek-weights"],
    "size": "gt10000",
    "role": "cio",
}


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


def _old_file(cat: Catalog, tmp_path: Path, *, recorded: bool = True, **extra) -> Path:
    """An answers file as the previous data version saved it (act now, on 2026-11-01's data)."""
    q = cat.questionnaire()
    answers = {**best_answers(q), "sec_vendor_restriction": "other-routes", **MINISTRY, **extra}
    doc = make_answers_file(
        q,
        answers,
        language="en",
        weights="balanced",
        saved_on=date(2026, 11, 10),
        data_version="2026-11-01" if recorded else None,
        decision="act_now" if recorded else None,
    )
    raw = yaml.safe_load(dump_answers(doc))
    raw["questionnaire_version"] = "1.2"
    if not recorded:
        raw["schema_version"] = 1
    path = tmp_path / "earlier.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    return path


def test_the_world_news_for_a_re_opened_file_lists_what_concerns_it(cat) -> None:
    """Changes since 2026-11-01 that concern a Taiwan ministry: the widened stop and the AI
    Basic Act, not Australian or Korean news."""
    from wizard.world import world_news

    q = cat.questionnaire()
    news = world_news(cat, q, {**best_answers(q), **MINISTRY}, "2026-11-01")
    refs = {c.restriction or c.law for c in news.changes}
    assert {"tw-agencies-2025-11", "tw-prc-ict", "tw-ai-basic-act"} <= refs
    assert not refs & {"au-sa", "kr-pipc-transfer", "eu-gdpr-transfer"}
    assert world_news(cat, q, MINISTRY, cat.data_version) is None  # today's data: nothing new


def test_the_cli_says_the_world_changed_first_and_that_it_moved_the_verdict(
    cat, tmp_path, capsys
) -> None:
    """`score` of the old file starts with the world's changes and says the verdict moved
    because of the world (act now then, wait today); the JSON carries the same."""
    path = _old_file(cat, tmp_path)
    assert main(["score", str(path), "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Since your last assessment (reference data of 2026-11-01")
    assert out[1].startswith(
        "  - The verdict moved because of the world: your earlier answers score differently on "
        "today's data."
    )
    # from what to what: the verdict when saved, the same answers today, the latest answers
    assert "Earlier file: Act now when saved (data of 2026-11-01)" in out[1]
    assert "its answers on today's data: Wait" in out[1]
    assert any("on-premises downloads" in line for line in out[2:6])
    assert main(["score", str(path), "--format", "json", "--today", TODAY.isoformat()]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["data_version"] == cat.data_version
    since = doc["since_last_assessment"]
    assert since["since_data_version"] == "2026-11-01"
    assert "tw-agencies-2025-11" in {c["restriction"] for c in since["changes"]}


def test_compare_tells_the_world_from_the_answers(cat, tmp_path, capsys) -> None:
    """Two files: the earlier one (act now on old data), the latest with the same answers but
    Llama instead of DeepSeek, saved today: the world moved the verdict of the earlier answers,
    the answers moved it back; the world's changes come before the answers' in text and JSON."""
    old = _old_file(cat, tmp_path)
    q = cat.questionnaire()
    answers = yaml.safe_load(old.read_text("utf-8"))["answers"]
    answers["models"] = ["open-weights"]
    new_doc = make_answers_file(
        q,
        answers,
        language="zh-TW",
        weights="balanced",
        saved_on=TODAY,
        data_version=cat.data_version,
        decision="act_now",
    )
    new = tmp_path / "latest.yaml"
    new.write_text(dump_answers(new_doc), "utf-8")
    assert main(["compare", str(old), str(new), "--format", "json", "--today", "2026-12-05"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert list(doc)[:2] == ["world", "moved_by"]
    assert doc["moved_by"]["world"] is True and doc["moved_by"]["answers"] is True
    assert doc["moved_by"]["text"] == "結論因外在環境與您的答案而共同改變。"
    assert any("地端下載" in c["text"] for c in doc["world"]["changes"])
    assert main(["compare", str(old), str(new), "--today", "2026-12-05"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].startswith("自您上次評估以來")
    assert text.index(doc["moved_by"]["text"]) < text.index("歷次評估：")


def test_a_file_that_recorded_no_version_counts_from_the_baseline_and_says_so(
    cat, tmp_path, capsys
) -> None:
    """Answers files saved before data versions existed still load; their news counts from the
    change log's baseline, and the world's part in the verdict cannot be told."""
    path = _old_file(cat, tmp_path, recorded=False)
    assert main(["score", str(path), "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Since your last assessment (its file recorded no data version")
    assert "the world's part cannot be told" in out[1]


def test_the_pdf_says_since_your_last_assessment(cat, tmp_path) -> None:
    """The one-page PDF of the re-opened file carries the same heading and the first change."""
    import subprocess

    path = _old_file(cat, tmp_path)
    pdf = tmp_path / "r.pdf"
    assert main(["report", str(path), "--out", str(pdf), "--today", TODAY.isoformat()]) == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Since your last assessment" in flat
    assert "The verdict moved because of the world" in flat


def test_answers_files_record_the_data_version_and_verdict(cat) -> None:
    """What the app saves carries the data version and the verdict, and loads again."""
    q = cat.questionnaire()
    doc = make_answers_file(
        q, MINISTRY, language="en", weights="balanced", data_version="2026-12-04", decision="wait"
    )
    again = load_answers(dump_answers(doc), q)
    assert (again.data_version, again.decision) == ("2026-12-04", "wait")


def test_an_older_australian_file_loads_with_a_note_for_the_new_region_question(cat) -> None:
    """A file of questionnaire 1.2 for an Australian body: loads, and the new question (which
    state) is listed as asked since its version."""
    from wizard.answers import added_since

    q = cat.questionnaire()
    raw = {
        "schema_version": 1,
        "questionnaire": q.id,
        "questionnaire_version": "1.2",
        "answers": {**MINISTRY, "jurisdictions": ["au"], "body_type": ["state-gov"]},
    }
    doc = load_answers(yaml.safe_dump(raw), q)
    assert "regions_au" in added_since(q, doc)


# --------------------------------------------------------------------------- versions
def test_the_shipped_watchlist_dropped_no_binding_entry_of_the_previous_version(cat) -> None:
    """Every entry that bound someone in the previous version (2026-11-01) is still listed."""
    old = load_restrictions(FIXTURES / "data" / "restrictions-2026-11-01.yaml")
    assert removal_problems(old, cat.restrictions, cat.changes) == []


@settings(max_examples=40, deadline=None)
@given(data=hs.data())
def test_a_newer_version_never_drops_a_binding_entry_silently(cat, data) -> None:
    """Property: removing any binding in-force entry, or ending one without a change-log
    record, is always reported; ending one with a record is not."""
    watch = cat.restrictions
    binding = [e for e in watch.entries if e.in_force and e.binds]
    entry = data.draw(hs.sampled_from(binding))
    action = data.draw(hs.sampled_from(["remove", "lift_silently", "lift_logged"]))
    if action == "remove":
        new = watch.model_copy(update={"entries": tuple(e for e in watch.entries if e != entry)})
        log = cat.changes
    else:
        ended = entry.model_copy(update={"status": "lifted", "until": "2026-12-01"})
        new = watch.model_copy(
            update={"entries": tuple(ended if e is entry else e for e in watch.entries)}
        )
        changes = tuple(c for c in cat.changes.changes if c.restriction != entry.id)
        if action == "lift_logged":
            record = cat.changes.changes[0].model_copy(
                update={"restriction": entry.id, "kind": "lifted"}
            )
            changes = (*changes, record)
        log = cat.changes.model_copy(update={"changes": changes})
    problems = removal_problems(watch, new, log)
    assert bool(problems) is (action != "lift_logged"), (action, problems)
    if problems:
        assert entry.id in problems[0]


def test_the_change_log_names_only_known_entries(cat, tmp_path) -> None:
    """A change naming an entry the watchlist does not have is refused, naming it."""
    from wizard.config import load_changes
    from wizard.errors import ConfigError

    raw = yaml.safe_load((Path(__file__).parents[2] / "data" / "changes.yaml").read_text("utf-8"))
    raw["changes"][0]["restriction"] = "au-vic"
    bad = tmp_path / "changes.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    with pytest.raises(ConfigError) as err:
        load_changes(bad, cat.restrictions, cat.laws, cat.prices)
    assert "changes[0].restriction: must be a known id, got 'au-vic'" in str(err.value)


# --------------------------------------------------------------------------- data status
@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_data_status_lists_the_entries_due_with_their_sources(lang, capsys) -> None:
    """Entries not re-checked for the third edition are due, each with its source and what
    lapsing it would change for the sample organisations."""
    assert main(["data", "status", "--today", "2026-12-05", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert "it-garante" in out and "Garante per la protezione" in out
    assert "tw-agencies-2025-11" not in out  # checked on 2026-12-04
    assert ("re-check" in out) is (lang == "en") and ("重新查核" in out) is (lang == "zh-TW")
    assert main(["data", "status", "--today", "2026-12-05", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == "2026-12-04" and doc["organisations"] >= 5
    assert {d["id"] for d in doc["due"]} >= {"it-garante", "us-house", "in-finance"}


def test_data_status_says_what_a_lapse_would_change(tmp_path, capsys) -> None:
    """A sample New York state agency that intends DeepSeek's app rests on one overdue entry
    (the Governor's ban, last checked mid-2025): if it lapsed, the agency would go from wait to
    act now, and the status says so; a Navy office stays blocked by the NDAA either way."""
    q = load_catalog().questionnaire()
    base = {
        **best_answers(q),
        "models": ["deepseek-hosted"],
        "size": "gt10000",
        "role": "cio",
        "sec_vendor_restriction": "other-routes",
    }
    for name, profile in (
        (
            "ny-agency",
            {"sector": "government", "jurisdictions": ["us-ny"], "body_type": ["state-gov"]},
        ),
        (
            "navy-office",
            {"sector": "defense", "jurisdictions": ["us-federal"], "body_type": ["central-gov"]},
        ),
    ):
        doc = make_answers_file(q, {**base, **profile}, language="en", weights="balanced")
        (tmp_path / f"answers-{name}.yaml").write_text(dump_answers(doc), "utf-8")
    assert main(["data", "status", "--today", "2026-12-05", "--organisations", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(out) if "restriction us-new-york" in line)
    assert out[at + 1].strip() == "if it lapsed: ny-agency would go from Wait to Act now"
    assert not any("navy-office" in line for line in out)


def test_a_price_that_fell_by_more_than_a_quarter_is_news_for_those_who_use_it(cat) -> None:
    """Read from the dated price series: DeepSeek's hosted price fell from USD 1.10 to 0.42
    per 1M output tokens since September 2025; it is news for an organisation intending it,
    said in both languages, and not for one intending only self-hosted Llama."""
    from wizard.words.world import news_lines
    from wizard.world import price_moves, world_news

    (move,) = price_moves(cat.prices, "2025-09-01", ("deepseek-hosted",))
    assert (move.before, move.now) == (1.1, 0.42) and move.fell_by > 0.25
    assert price_moves(cat.prices, "2025-09-01", ("open-weights",)) == ()
    q = cat.questionnaire()
    answers = {**best_answers(q), **MINISTRY, "jurisdictions": ["other"], "body_type": ["private"]}
    news = world_news(cat, q, {**answers, "models": ["deepseek-hosted"]}, "2025-09-01")
    assert [m.family for m in news.prices] == ["deepseek-hosted"]
    en = news_lines(q, cat, news, "en")
    zh = news_lines(q, cat, news, "zh-TW")
    assert any("fell by 62 %" in line and "USD 1.10" in line for line in en)
    assert any("降價 62%" in line for line in zh)


def test_the_age_warning_counts_the_entries_due_and_points_to_the_method_page(cat) -> None:
    """An organisation whose matched entries are past their age is told how many, which, and
    where the list with their sources is, in both languages."""
    from wizard.guidance import advise
    from wizard.words.restrictions import warning_lines

    q = cat.questionnaire()
    answers = {
        **best_answers(q),
        **MINISTRY,
        "jurisdictions": ["us-federal"],
        "sector": "defense",
        "sec_vendor_restriction": "other-routes",
    }
    advice = advise(cat, q, cat.profile("balanced"), answers, TODAY)
    stale = next(c for c in advice.warnings if c.code == "entries_stale")
    line = next(x for x in warning_lines(q, advice, "en") if "due for a re-check" in x)
    assert line.startswith(f"{len(stale.entries)} entries that concern you")
    assert "Method page" in line
    zh = next(x for x in warning_lines(q, advice, "zh-TW") if "須重新查核" in x)
    assert zh.startswith(f"{len(stale.entries)} 筆") and "方法說明頁" in zh

"""Group analytics on hand-made rooms where the right answer is known; exports; the CLI."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst

from tests.conftest import best_answers, worst_answers
from tests.pdf import pdf_text
from tests.samples import CATALOG, Q
from tests.strategies import answer_sets
from wizard.batch import dimension_scores
from wizard.cli import main
from wizard.exports.workshop import responses_csv, summary_markdown
from wizard.guidance import advise
from wizard.i18n import t
from wizard.scoring import ACT_NOW, WAIT, assess
from wizard.storage import Store
from wizard.words.workshop import cluster_caption, decision_lines, note_text
from wizard.workshop.analytics import (
    Person,
    analyse,
    group_decision,
    majority_of,
    median_answers,
    score_people,
)

PROFILE = {
    "sector": "retail",
    "jurisdictions": ["tw"],
    "body_type": ["private"],
    "models": ["open-weights"],
    "size": "lt250",
    "role": "cio",
}


def _people(questionnaire, n_best: int, n_worst: int, gut=None):
    best = {**PROFILE, **best_answers(questionnaire)}
    worst = {**PROFILE, **worst_answers(questionnaire)}
    people = [Person(f"B{i}", "cio", best, True, 6, gut) for i in range(n_best)]
    people += [Person(f"W{i}", "cfo", worst, True, 6, gut) for i in range(n_worst)]
    return people


def test_median_answers_take_the_middle_score(mini) -> None:
    """Three people on a1 (x=100, y=50, z=0): the median answer is y."""
    people = [Person("a", "", {"a1": v}) for v in ("x", "y", "z")]
    assert median_answers(mini, people)["a1"] == "y"


def test_two_rules_and_agreement(catalog, questionnaire) -> None:
    """Three optimists, two pessimists: both rules say act now; 60% agree with the median."""
    profile = catalog.weights["balanced"]
    group = analyse(catalog, questionnaire, profile, _people(questionnaire, 3, 2))
    assert group.majority == ACT_NOW and group.majority_share == 0.6
    assert group.median_decision == ACT_NOW and group.rules_agree
    assert group.agreement == 0.6
    top = group.disagreements.iloc[0]
    assert top["spread"] > 0 and top["low"] < top["high"]
    assert list(group.disagreements["spread"]) == sorted(
        group.disagreements["spread"], reverse=True
    )


def test_a_tie_is_no_majority_and_the_rules_disagree(catalog, questionnaire) -> None:
    """Two against two: no majority (not "wait, 50%"), and the rules are said to disagree."""
    group = analyse(
        catalog, questionnaire, catalog.weights["balanced"], _people(questionnaire, 2, 2)
    )
    assert group.majority is None and group.majority_share == 0.5
    assert not group.rules_agree
    decided = group.decision
    assert (decided.acts, decided.waits) == (2, 2)
    for lang in ("en", "zh-TW"):
        lines = decision_lines(decided, lang)
        assert lines[2] == t("workshop.rule_no_majority", lang, acts=2, waits=2)
        median = t(f"decision.{decided.median.decision}", lang)
        assert lines[3] == t("workshop.rules_tie", lang, decision=median)
        for said in (ACT_NOW, WAIT):  # never a "majority" of half the room
            claim = t(
                "workshop.rule_majority", lang, decision=t(f"decision.{said}", lang), share=""
            )
            assert not any(line.startswith(claim[:-8]) for line in lines)


def test_one_against_one_is_a_tie_on_every_written_surface(catalog, questionnaire) -> None:
    """1-1: the summary and the group PDF say "no majority", never a 50% majority."""
    from wizard.exports.pdf import group_report

    profile = catalog.weights["balanced"]
    group = analyse(catalog, questionnaire, profile, _people(questionnaire, 1, 1))
    assert group.majority is None
    for lang in ("en", "zh-TW"):
        summary = summary_markdown(questionnaire, profile, "Room", group, lang)
        assert t("workshop.rule_no_majority", lang, acts=1, waits=1) in summary
        for said in (ACT_NOW, WAIT):  # never a "majority" of half the room
            claim = t(
                "workshop.rule_majority", lang, decision=t(f"decision.{said}", lang), share=""
            )
            assert claim.split("(")[0].split("（")[0] not in summary
    pdf = group_report(catalog, questionnaire, profile, group, "Room", "en", date(2026, 12, 4))
    text = pdf_text(pdf)
    assert "no majority" in text and "Majority of individual results: Wait" not in text


def test_a_majority_needs_more_than_half() -> None:
    """3-1 is a majority of 75%; 1-1 and 2-2 are none; an empty room has none."""
    assert majority_of(["act_now"] * 3 + ["wait"]) == (ACT_NOW, 0.75)
    assert majority_of(["act_now", "wait"]) == (None, 0.5)
    assert majority_of(["wait", "wait", "act_now", "act_now"]) == (None, 0.5)
    assert majority_of(["wait", "wait", "act_now"]) == (WAIT, 0.6667)
    assert majority_of([]) == (None, 0.0)


def test_clusters_find_the_two_camps_and_say_what_separates_them(catalog, questionnaire) -> None:
    """Four optimists and four pessimists fall into two groups of four."""
    group = analyse(
        catalog, questionnaire, catalog.weights["balanced"], _people(questionnaire, 4, 4)
    )
    assert group.clusters is not None and group.clusters.k == 2
    assert group.clusters.sizes == (4, 4)
    labels = group.clusters.labels
    assert len(set(labels[:4])) == 1 and len(set(labels[4:])) == 1 and labels[0] != labels[4]
    assert "points higher than the rest" in cluster_caption(questionnaire, group.clusters, "en")
    assert len(group.clusters.xy) == 8


def test_too_few_people_for_clusters_or_implied_weights(catalog, questionnaire) -> None:
    """Below the minimums, the notes say how many are needed instead of inventing groups."""
    group = analyse(
        catalog, questionnaire, catalog.weights["balanced"], _people(questionnaire, 2, 1)
    )
    assert group.clusters is None and "分群至少需要 6 位" in note_text(group.cluster_note, "zh-TW")
    assert group.implied is None and "至少需要 8 筆" in note_text(group.implied_note, "zh-TW")


def test_implied_weights_follow_the_gut_calls(catalog, questionnaire) -> None:
    """Gut calls that track security alone put the implied weight on security."""
    profile = catalog.weights["balanced"]
    sec_questions = [x for x in questionnaire.questions_of("security") if x.show_if is None]
    people = []
    for i in range(12):
        answers = {**PROFILE, **best_answers(questionnaire)}
        secure = i % 2 == 0
        if not secure:
            for question in sec_questions:
                worst = min(question.options, key=lambda o: o.score or 0)
                if worst.blocker is None:
                    answers[question.id] = worst.id if question.type == "single" else [worst.id]
        people.append(Person(f"P{i}", "cio", answers, True, 6, "act_now" if secure else "wait"))
    group = analyse(catalog, questionnaire, profile, people)
    assert group.implied is not None and group.implied.n == 12
    assert max(group.implied.weights, key=group.implied.weights.get) == "security"
    assert sum(group.implied.weights.values()) == pytest.approx(1.0)


def test_exports_are_safe_and_complete(catalog, questionnaire) -> None:
    """Responses CSV: one row per person, formula-safe names; summary in both languages."""
    profile = catalog.weights["balanced"]
    people = _people(questionnaire, 1, 1)
    people[0] = Person("@SUM(A1)", "cio", people[0].answers)
    group = analyse(catalog, questionnaire, profile, people)
    rows = list(
        csv.reader(
            io.StringIO(responses_csv(questionnaire, profile, people, "en").decode("utf-8-sig"))
        )
    )
    assert rows[1][0] == "'@SUM(A1)" and len(rows) == 3
    assert rows[0][rows[0].index("sec_route")] == "sec_route"
    assert rows[2][rows[0].index("sec_route")] == "none"
    en = summary_markdown(questionnaire, profile, "Day", group, "en")
    zh = summary_markdown(questionnaire, profile, "Day", group, "zh-TW")
    assert "## Group decision" in en and "## 團體決策" in zh


def test_cli_workshop_export_writes_four_files(tmp_path: Path, questionnaire, capsys) -> None:
    """`python -m wizard workshop export CODE` writes the responses, roadmap and summary."""
    url = f"sqlite:///{tmp_path / 'ws.db'}"
    store = Store(url)
    created = store.create_workshop(
        "Shell day", questionnaire, "balanced", anonymous=False, blind=True
    )
    for name, answers in (
        ("Ann", best_answers(questionnaire)),
        ("Bo", worst_answers(questionnaire)),
    ):
        _, token = store.join(created.code, name, "cio")
        store.save(
            created.code, token, questionnaire, {**PROFILE, **answers}, progress=6, submitted=True
        )
    store.dispose()
    out = tmp_path / "out"
    assert (
        main(
            [
                "workshop",
                "export",
                created.code,
                "--out",
                str(out),
                "--database",
                url,
                "--lang",
                "zh-TW",
            ]
        )
        == 0
    )
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        f"workshop-{created.code}-report-zh-TW.pdf",
        f"workshop-{created.code}-responses.csv",
        f"workshop-{created.code}-roadmap-zh-TW.csv",
        f"workshop-{created.code}-summary.md",
    ]
    assert (out / names[3]).read_text("utf-8").startswith("# Shell day")
    # the group's one-page PDF: one page, its title and the group's decision in Chinese
    from tests.pdf import pdf_info_and_text as _text

    info, text = _text((out / names[0]).read_bytes(), tmp_path)
    flat = " ".join(text.split())
    assert "Pages:           1" in info and "Shell day" in flat and "中位數答案" in flat
    assert main(["workshop", "export", "NOPE99", "--database", url]) == 2
    assert "no workshop with code 'NOPE99'" in capsys.readouterr().err


def test_unfinished_people_count_in_no_group_figure(catalog, questionnaire) -> None:
    """One finished optimist and one person who answered only the profile: the room acts now
    (1 of 1 finished), not "wait 50%"; the unfinished person is in no figure."""
    profile = catalog.weights["balanced"]
    done = Person("Done", "cio", {**PROFILE, **best_answers(questionnaire)}, True, 6)
    started = Person("Started", "cfo", dict(PROFILE), False, 1)
    group = analyse(catalog, questionnaire, profile, [done, started])
    assert group.majority == ACT_NOW and group.majority_share == 1.0
    assert group.median_decision == ACT_NOW and group.agreement == 1.0
    assert (group.finished, group.total) == (1, 2)
    assert list(group.people["label"]) == ["Done"]
    alone = analyse(catalog, questionnaire, profile, [done])
    assert group.median_answers == alone.median_answers
    assert "1 of 2 participants who finished" in summary_markdown(
        questionnaire, profile, "Day", group, "en"
    )


def test_no_group_result_before_anyone_finishes(catalog, questionnaire) -> None:
    """People who just joined (or are mid-way) give no group result at all, not "wait"."""
    profile = catalog.weights["balanced"]
    people = [
        Person("A", "cio", {}, False, 0),
        Person("B", "cfo", {**PROFILE, **worst_answers(questionnaire)}, False, 4),
    ]
    assert analyse(catalog, questionnaire, profile, people) is None
    assert group_decision(questionnaire, profile, people) is None
    people.append(Person("C", "cio", {**PROFILE, **best_answers(questionnaire)}, True, 6))
    decided = group_decision(questionnaire, profile, people)
    median, majority, share = decided.median, decided.majority, decided.majority_share
    finished, total = decided.finished, decided.total
    assert (median.decision, majority, share, finished, total) == (ACT_NOW, ACT_NOW, 1.0, 1, 3)


def test_responses_mark_unfinished_people_as_unfinished(catalog, questionnaire) -> None:
    """The responses CSV gives an unfinished person the decision "unfinished" and no overall."""
    profile = catalog.weights["balanced"]
    people = [
        Person("Done", "cio", {**PROFILE, **worst_answers(questionnaire)}, True, 6),
        Person("Half", "cfo", {**PROFILE, **worst_answers(questionnaire)}, False, 3),
    ]
    rows = list(
        csv.DictReader(
            io.StringIO(responses_csv(questionnaire, profile, people, "en").decode("utf-8-sig"))
        )
    )
    assert [r["Result"] for r in rows] == ["Wait", "Unfinished"]
    assert [r["Submitted"] for r in rows] == ["Yes", "No"]
    assert rows[0]["Overall"] != "" and rows[1]["Overall"] == ""


def test_median_answers_are_a_valid_answer_set(catalog, questionnaire) -> None:
    """The composite of medians always scores without error."""
    people = _people(questionnaire, 2, 3)
    answers = median_answers(questionnaire, people)
    assert assess(questionnaire, catalog.weights["balanced"], answers).overall is not None


def test_a_derived_blocker_makes_a_persons_decision_wait(catalog, questionnaire) -> None:
    """In the room as on their own page: DeepSeek's API in a Taiwan agency waits."""
    agency = {
        **best_answers(questionnaire),
        "sector": "government",
        "jurisdictions": ["tw"],
        "body_type": ["central-gov"],
        "size": "1000-10000",
        "role": "cio",
        "sec_vendor_restriction": "other-routes",
    }
    blocked = Person("A", "cio", {**agency, "models": ["deepseek-hosted"]}, True, 6)
    allowed = Person("B", "cfo", {**agency, "models": ["open-weights"]}, True, 6)
    profile = catalog.weights["balanced"]
    without = score_people(questionnaire, profile, [blocked, allowed])
    assert list(without["decision"]) == ["act_now", "act_now"]
    scored = score_people(questionnaire, profile, [blocked, allowed], catalog)
    assert list(scored["decision"]) == ["wait", "act_now"]
    assert list(scored["restriction"]) == ["blocked", ""]
    group = analyse(catalog, questionnaire, profile, [blocked, allowed])
    assert group.restriction_flags == {"blocked": 1, "conflict": 0}


def _self_hosting_agency(questionnaire) -> dict:
    """A well-prepared Taiwan central agency that self-hosts (models left to the test)."""
    return {
        **best_answers(questionnaire),
        "sector": "government",
        "jurisdictions": ["tw"],
        "body_type": ["central-gov"],
        "size": "1000-10000",
        "role": "cio",
        "sec_route": ["self-hosted"],
    }


def test_a_rule_on_one_of_two_intended_models_does_not_stop_the_person_in_the_room(
    catalog, questionnaire
) -> None:
    """A Taiwan agency that intends Llama-class and PRC open weights self-hosted acts now on
    its own page (the PRC weights are dropped, Llama runs): the room counts it as act now too,
    so one act now and one wait is a tie, never "wait (100%)"."""
    agency = _self_hosting_agency(questionnaire)
    both = {**agency, "models": ["open-weights", "prc-open-weights"]}
    only_prc = {**agency, "models": ["prc-open-weights"]}
    profile = catalog.weights["balanced"]
    own = [advise(catalog, questionnaire, profile, a, date(2026, 12, 6)) for a in (both, only_prc)]
    assert [o.result.decision for o in own] == ["act_now", "wait"]
    people = [Person("A", "cio", both, True, 6), Person("B", "cfo", only_prc, True, 6)]
    scored = score_people(questionnaire, profile, people, catalog)
    assert list(scored["decision"]) == ["act_now", "wait"]
    assert scored["restriction"].iloc[0] != "blocked" and scored["restriction"].iloc[1] == "blocked"
    decided = group_decision(questionnaire, profile, people, catalog)
    assert decided is not None and decided.majority is None  # one each: a tie


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hst.data())
def test_each_persons_decision_in_the_room_is_the_one_on_their_own_page(data) -> None:
    """Whatever they answered (places, kinds of body, models, routes included)."""
    answers = data.draw(answer_sets(Q, allow_missing=False))
    profile = CATALOG.weights["balanced"]
    own = advise(CATALOG, Q, profile, answers, date(2026, 12, 6)).result.decision
    scored = score_people(Q, profile, [Person("A", "cio", answers, True, 6)], CATALOG)
    assert scored["decision"].iloc[0] == own


def test_median_models_drop_not_decided_beside_decided_answers(questionnaire) -> None:
    """'Not decided' next to named models in the room: the named models stand."""
    people = [
        Person("A", "", {"models": ["undecided"]}),
        Person("B", "", {"models": ["open-weights"]}),
    ]
    assert median_answers(questionnaire, people)["models"] == ["open-weights"]
    alone = [Person("A", "", {"models": ["undecided"]})]
    assert median_answers(questionnaire, alone)["models"] == ["undecided"]


def test_the_minutes_name_the_binding_restrictions(catalog, questionnaire) -> None:
    """The Markdown summary says who is blocked and which entries bind the organisation."""
    from wizard.exports.workshop import summary_markdown

    agency = {
        **best_answers(questionnaire),
        "sector": "government",
        "jurisdictions": ["tw"],
        "body_type": ["central-gov"],
        "size": "1000-10000",
        "role": "cio",
        "models": ["deepseek-hosted"],
    }
    profile = catalog.weights["balanced"]
    group = analyse(catalog, questionnaire, profile, [Person("A", "cio", agency, True, 6)])
    for lang, words in (("en", "Taiwan: Executive Yuan"), ("zh-TW", "台灣：行政院")):
        text = summary_markdown(questionnaire, profile, "Day", group, lang)
        heading = "Binding on your organisation" if lang == "en" else "約束貴組織"
        section = text.split(f"## {heading}")[1].split("## ")[0]
        assert words in section
        assert ("1 of 1 finished" in section) or ("有 1 位" in section)


@pytest.mark.parametrize(
    "title", ["**x**", "[a](javascript:alert(1))", "![i](http://127.0.0.1:1/x)", "<img onerror=x>"]
)
def test_the_minutes_show_the_title_as_text(catalog, questionnaire, title) -> None:
    """A workshop title is the facilitator's words: in the Markdown minutes it cannot become
    bold text, a link, an image fetched from a URL, or HTML."""
    from wizard.exports.workshop import summary_markdown

    person = Person("A", "cio", {**PROFILE, **best_answers(questionnaire)}, True, 6)
    profile = catalog.weights["balanced"]
    group = analyse(catalog, questionnaire, profile, [person])
    heading = summary_markdown(questionnaire, profile, title, group, "en").splitlines()[0]
    assert heading.startswith("# ")
    body = heading[2:]
    for char in "*[]()!<>":
        assert all(body[i - 1] == "\\" for i, c in enumerate(body) if c == char)


def test_cli_reset_key_gives_a_lost_facilitator_a_new_key(tmp_path: Path, questionnaire, capsys):
    """workshop reset-key: a new key that works (pasted with a trailing space too); the old
    one is refused from then on."""
    from wizard.cli import main
    from wizard.storage import Store, WorkshopError

    url = f"sqlite:///{tmp_path / 'ws.db'}"
    store = Store(url)
    created = store.create_workshop("Day", questionnaire, "balanced", anonymous=True, blind=False)
    assert main(["workshop", "reset-key", created.code, "--database", url]) == 0
    new_key = capsys.readouterr().out.strip()
    assert new_key and new_key != created.key
    assert store.facilitator(created.code, new_key + " \n").code == created.code
    with pytest.raises(WorkshopError):
        store.facilitator(created.code, created.key)
    assert main(["workshop", "reset-key", "NOSUCH", "--database", url]) == 2
    store.dispose()


@pytest.mark.parametrize(
    ("database", "expected"),
    [
        ("not a url", "must be a database URL"),
        ("foo://x", "no driver for 'foo'"),
        ("postgresql+nodriver://h/db", "no driver for 'postgresql+nodriver'"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/test", "cannot open the database"),
    ],
)
def test_workshop_export_checks_the_database_url_first(database, expected, tmp_path, capsys):
    """A bad URL or driver, or an unreachable server: exit 2 with one line naming --database."""
    assert (
        main(["workshop", "export", "ABC123", "--database", database, "--out", str(tmp_path)]) == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--database" in err[0] and expected in err[0], err


@pytest.mark.parametrize("command", ["export", "reset-key"])
def test_a_mistyped_sqlite_path_creates_nothing(command, tmp_path, capsys) -> None:
    """A path to no database says so and leaves no empty database (or folder) behind."""
    target = tmp_path / "typo" / "workshop.db"
    assert main(["workshop", command, "ABC123", "--database", f"sqlite:///{target}"]) == 2
    assert "no SQLite workshop database" in capsys.readouterr().err
    assert not target.parent.exists()


def test_workshop_export_checks_the_output_folder(tmp_path, questionnaire, capsys) -> None:
    """--out naming a file, or a folder that cannot be made: one line, nothing written; a bad
    database with a new --out folder creates no folder."""
    from wizard.storage import Store

    url = f"sqlite:///{tmp_path / 'ws.db'}"
    store = Store(url)
    created = store.create_workshop("Out", questionnaire, "balanced", anonymous=True, blind=False)
    store.join(created.code, "", "cio")
    store.dispose()
    afile = tmp_path / "afile"
    afile.write_text("x", "utf-8")
    for out, expected in ((afile, "must be a folder"), (afile / "sub", "cannot create")):
        assert main(["workshop", "export", created.code, "--database", url, "--out", str(out)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "--out" in err[0] and expected in err[0], err
    fresh = tmp_path / "new-folder"
    bad = f"sqlite:///{tmp_path / 'typo.db'}"
    assert main(["workshop", "export", created.code, "--database", bad, "--out", str(fresh)]) == 2
    assert not fresh.exists()


@pytest.mark.parametrize(
    ("database", "expected"),
    [
        ("mysql://u@h/db", "no driver for 'mysql'"),
        ("postgresql+psycopg//admin:hunter2@h/db", "admin:***@h"),
    ],
)
def test_missing_drivers_and_passwords_in_bad_urls(database, expected, capsys) -> None:
    """A dialect whose driver is not installed is one line; a password is never printed."""
    assert main(["workshop", "export", "ABC123", "--database", database]) == 2
    err = capsys.readouterr().err
    assert expected in err and "hunter2" not in err and "Traceback" not in err


def test_an_empty_file_is_not_taken_for_an_sqlite_database(tmp_path, capsys) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert main(["workshop", "reset-key", "ABC123", "--database", f"sqlite:///{empty}"]) == 2
    assert "is not an SQLite database" in capsys.readouterr().err
    assert empty.read_bytes() == b""


def test_a_workshop_compares_with_the_facilitators_previous_one(tmp_path, questionnaire, capsys):
    """Spring: nobody could test for prompt injection; autumn: the room can. Linked with the
    spring key, the export's summary says what moved since, with the points, and refuses a link
    without the earlier key."""
    from tests.conftest import complete_answers
    from wizard.storage import Store, WorkshopError

    url = f"sqlite:///{tmp_path / 'ws.db'}"
    store = Store(url)
    rooms = {}
    for title, redteam in (("Spring *board*", "no"), ("Autumn board", "in-house")):
        created = store.create_workshop(
            title, questionnaire, "balanced", anonymous=True, blind=False
        )
        for _ in range(3):
            _, token = store.join(created.code, "", "cio")
            store.save(
                created.code,
                token,
                questionnaire,
                complete_answers(questionnaire, sec_redteam=redteam),
                progress=6,
                submitted=True,
            )
        rooms[title] = created
    spring, autumn = rooms["Spring *board*"], rooms["Autumn board"]
    with pytest.raises(WorkshopError):
        store.link_previous(autumn.code, autumn.key, spring.code, "not-the-key")
    with pytest.raises(WorkshopError):
        store.link_previous(autumn.code, autumn.key, autumn.code, autumn.key)
    store.link_previous(autumn.code, autumn.key, spring.code, spring.key)
    store.dispose()
    out = tmp_path / "out"
    assert main(["workshop", "export", autumn.code, "--database", url, "--out", str(out)]) == 0
    summary = (out / f"workshop-{autumn.code}-summary.md").read_text("utf-8")
    assert "## Since the previous workshop: Spring \\*board\\*" in summary
    assert "prompt injection" in summary and "points overall" in summary


# --------------------------------------------------------------------------- properties

_CATALOG = CATALOG  # loaded on first use
_Q = Q
_ROOMS = hst.lists(answer_sets(_Q), min_size=1, max_size=7)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rooms=_ROOMS)
def test_the_median_answers_never_leave_the_range_of_the_people(rooms) -> None:
    """For any room (odd or even, gaps and "don't know" included), each dimension's score under
    the median answers lies between the lowest and the highest person's own score in it."""
    people = [Person(f"P{i}", "cio", answers) for i, answers in enumerate(rooms)]
    own = dimension_scores(_Q, rooms)
    group = dimension_scores(_Q, [median_answers(_Q, people)])[0]
    for k, _ in enumerate(_Q.dimension_ids):
        column = own[:, k][~np.isnan(own[:, k])]
        if column.size and not np.isnan(group[k]):
            assert column.min() - 1e-6 <= group[k] <= column.max() + 1e-6


def test_two_people_whose_middles_lean_low_stay_within_their_range(questionnaire) -> None:
    """The reported case: two people whose per-question lower middles would put security
    below both of them; the group's security score now sits between theirs."""
    a = {**PROFILE, **best_answers(questionnaire)}
    b = {**PROFILE, **best_answers(questionnaire)}
    a.update(sec_data_class="public", sec_route=["none"], sec_controls=["sso-rbac", "logging"])
    b.update(sec_data_class="regulated", sec_route=["self-hosted"], sec_controls=["none"])
    b.update(sec_dpia="done")
    people = [Person("A", "cio", a), Person("B", "ciso", b)]
    own = dimension_scores(questionnaire, [a, b])[:, 0]
    group = dimension_scores(questionnaire, [median_answers(questionnaire, people)])[0][0]
    assert own.min() <= group <= own.max()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rooms=_ROOMS, finished=hst.lists(hst.booleans(), min_size=7, max_size=7))
def test_the_participants_card_and_the_dashboard_tell_the_same_decision(rooms, finished) -> None:
    """One path to the group decision: what a participant sees equals the dashboard's."""
    profile = _CATALOG.weights["balanced"]
    people = [
        Person(f"P{i}", "cio", {**PROFILE, **answers}, finished[i], 3)
        for i, answers in enumerate(rooms)
    ]
    card = group_decision(_Q, profile, people, _CATALOG)
    group = analyse(_CATALOG, _Q, profile, people)
    if card is None:
        assert group is None
        return
    board = group.decision
    assert card.median.decision == board.median.decision
    assert card.median.overall == board.median.overall
    assert (card.majority, card.majority_share, card.acts, card.waits) == (
        board.majority,
        board.majority_share,
        board.acts,
        board.waits,
    )
    assert card.rules_agree == board.rules_agree


@pytest.mark.parametrize("with_log", [False, True], ids=["checkpointed", "answers-in-wal"])
def test_workshop_export_reads_a_read_only_database(
    tmp_path: Path, questionnaire, with_log: bool
) -> None:
    """An auditor's copy on a read-only file system (a read-only bind mount as root, else a
    folder and file without write permission) exports its four files, and stays unchanged;
    a copy taken while the answers still sat in the write-ahead log exports them too."""
    import hashlib
    import os
    import shutil
    import subprocess
    import sys

    source = tmp_path / "src"
    source.mkdir()
    live = tmp_path / "live"
    live.mkdir()
    store = Store(f"sqlite:///{(live if with_log else source) / 'ws.db'}")
    created = store.create_workshop("Audit", questionnaire, "balanced", anonymous=True, blind=False)
    _, token = store.join(created.code, "", "cio")
    store.save(
        created.code,
        token,
        questionnaire,
        {**PROFILE, **best_answers(questionnaire)},
        progress=6,
        submitted=True,
    )
    if with_log:  # copied while the store is open: the answer is in ws.db-wal only
        assert (live / "ws.db-wal").stat().st_size > 0
        for name in ("ws.db", "ws.db-wal"):
            shutil.copyfile(live / name, source / name)
    store.dispose()
    mounted = tmp_path / "ro"
    mounted.mkdir()
    as_root = os.geteuid() == 0
    if as_root:
        subprocess.run(["mount", "--bind", str(source), str(mounted)], check=True)
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)], check=True)
    else:
        mounted = source
        for path in source.iterdir():
            path.chmod(0o444)
        source.chmod(0o555)
    try:
        before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in mounted.iterdir()}
        with pytest.raises(OSError):
            (mounted / "probe").write_text("x")  # really read-only
        out = tmp_path / "out"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "wizard",
                "workshop",
                "export",
                created.code,
                "--out",
                str(out),
                "--database",
                f"sqlite:///{mounted / 'ws.db'}",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert len(list(out.iterdir())) == 4
        exported = "".join(
            p.read_text(encoding="utf-8") for p in out.iterdir() if p.suffix in (".csv", ".md")
        )
        assert "cio" in exported  # the participant's role: the answer was read
        after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in mounted.iterdir()}
        assert after == before
    finally:
        if as_root:
            subprocess.run(["umount", str(mounted)], check=True)
        else:
            source.chmod(0o755)


def test_the_responses_file_gives_each_person_the_result_of_their_own_page(
    catalog, questionnaire
) -> None:
    """A participant a restriction stops reads Wait in the exported file too."""
    agency = _self_hosting_agency(questionnaire)
    people = [
        Person("A", "cio", {**agency, "models": ["open-weights", "prc-open-weights"]}, True, 6),
        Person("B", "cfo", {**agency, "models": ["prc-open-weights"]}, True, 6),
    ]
    profile = catalog.weights["balanced"]
    rows = list(
        csv.DictReader(
            io.StringIO(
                responses_csv(questionnaire, profile, people, "en", catalog).decode("utf-8-sig")
            )
        )
    )
    own = [advise(catalog, questionnaire, profile, p.answers, date(2026, 12, 6)) for p in people]
    assert [r["Result"] for r in rows] == ["Act now", "Wait"]
    assert [o.result.decision for o in own] == ["act_now", "wait"]


def test_a_unanimous_room_lists_no_disagreement(catalog, questionnaire) -> None:
    people = _people(questionnaire, 3, 0)  # three people, the same answers
    profile = catalog.weights["balanced"]
    group = analyse(catalog, questionnaire, profile, people)
    assert group is not None and (group.disagreements["spread"] == 0).all()
    summary = summary_markdown(questionnaire, profile, "Room", group, "en")
    part = summary.split("## Where the room disagrees most", 1)[1].split("##", 1)[0]
    assert "no split to discuss" in part and "\n- " not in part
    mixed = analyse(catalog, questionnaire, profile, _people(questionnaire, 2, 1))
    text = summary_markdown(questionnaire, profile, "Room", mixed, "en")
    assert "\n- " in text.split("## Where the room disagrees most", 1)[1].split("##", 1)[0]

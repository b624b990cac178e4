"""Use cases in the app (AppTest): the editor on the profile step, the Use cases tab, the roadmap
rows, answers files, the private resume link and the language switch."""

from __future__ import annotations

import csv
import io

import yaml

from tests.apptest import (
    click,
    media,  # noqa: F401 - fixture
    new_app,
    open_tab,
    routed_app,
    run,
    widget,
)
from tests.conftest import FIXTURES
from tests.samples import CATALOG

BANK = yaml.safe_load((FIXTURES / "answers-taiwan-bank.yaml").read_text("utf-8"))["answers"]
BANK = {**BANK, "body_type": ["private"], "models": ["open-weights", "frontier-api"]}
HOSTILE = "**Chatbot** ![x](http://evil.example/x.png) <b>bold</b>"
CASES = [
    {"name": "Code assistant", "template": "code-assistant"},
    {"name": HOSTILE, "template": "customer-chatbot", "dpia_done": "no"},
    {"name": "Mood of staff", "template": "emotion-recognition"},
]
RESULTS = 6


def _results(lang: str, cases=CASES, tab: int | None = 6):
    at = new_app()
    at.session_state["answers"] = {**BANK, "sec_dpia": "done"}
    at.session_state["lang"] = lang
    at.session_state["use_cases"] = [dict(c) for c in cases]
    at.session_state["step"] = RESULTS
    run(at)
    assert not at.exception, at.exception
    return open_tab(at, tab, lang) if tab is not None else at


def test_the_use_case_tab_says_how_many_may_start_and_ranks_them_in_both_languages() -> None:
    for lang, sentence, verdicts in (
        (
            "en",
            "Act now on 1 of 3 use cases; wait on 1; 1 not allowed as planned.",
            ["Act now", "Wait", "Not allowed as planned"],
        ),
        (
            "zh-TW",
            "3 個應用情境中，1 個可立即行動；1 個暫緩；1 個依目前規劃不允許。",
            ["立即行動", "暫緩觀望", "依規劃不允許"],
        ),
    ):
        at = _results(lang)
        text = "\n".join(str(m.value) for m in at.markdown)
        assert sentence.replace(".", "\\.") in text or sentence in text, lang
        assert len(at.get("vega_lite_chart")) == 1  # the value x readiness matrix
        table = at.dataframe[0].value
        assert list(table.iloc[:, 0]) == [1, 2, 3]  # "#": the numbers the matrix shows
        assert list(table.iloc[:, 2]) == verdicts, lang  # ready first, not allowed last
        assert HOSTILE in list(table.iloc[:, 1])  # the name exactly as typed: text, never Markdown
        assert not any("evil.example" in str(m.value) for m in at.markdown)


def test_the_roadmap_names_pilots_and_gates_by_use_case_and_its_csv_has_the_column() -> None:
    at = _results("en", tab=4)
    table = at.dataframe[0].value
    last = list(table.columns)[-1]
    assert last == "Use case"
    by_case: dict[str, list[str]] = {}
    for case, action in zip(table[last], table["Action"], strict=False):
        by_case.setdefault(case, []).append(action)
    assert by_case["Code assistant"][0].startswith("Pilot: Code assistant")
    assert by_case[HOSTILE][0] == f"DPIA for {HOSTILE}"  # the name as text, never Markdown
    assert by_case[HOSTILE][1].startswith(f"Pilot: {HOSTILE}")  # once its DPIA is done
    # the intro says how long the rows run, use cases included (not "six months" by rote)
    months = max(1, round(max(table["End week"]) / 4.35))
    intro = " ".join(str(c.value) for c in at.caption)
    assert f"in three phases over about {months} months" in intro
    # a Taiwan bank: the EU's prohibition is a yardstick there, so the row says whose law decides
    assert by_case["Mood of staff"] == [
        "Drop Mood of staff unless your own law and counsel clear it (prohibited in the EU)"
    ]


def test_no_use_case_listed_keeps_the_results_as_they_were() -> None:
    at = _results("en", cases=[], tab=None)
    assert not any("Use cases:" in str(i.value) for i in at.info)
    open_tab(at, 6, "en")
    assert any("No use cases listed" in str(i.value) for i in at.info)


def test_the_editor_adds_a_template_in_the_readers_language_and_a_switch_keeps_the_list() -> None:
    at = new_app()
    at.session_state["lang"] = "zh-TW"
    run(at)
    assert not at.exception, at.exception
    widget(at, "toggle", "w::use_cases::on").set_value(True)
    run(at)
    widget(at, "selectbox", "w::use_cases::template::zh-TW").set_value("customer-chatbot")
    click(at, "w::use_cases::add")
    # the template's attributes are written into the row, so the table shows what is judged
    chatbot = {
        "name": "客服聊天機器人",
        "template": "customer-chatbot",
        "serves": "customers",
        "data_class": "personal",
        "risk_tiers": ["limited"],
        "size": "large",
        "value": "high",
        "weeks_to_value": 16,
    }
    assert at.session_state["use_cases"] == [chatbot]
    assert any("已加入" in str(i.value) for i in at.info)
    at.session_state["lang"] = "en"
    run(at)
    assert not at.exception, at.exception
    # the template's own name reads in the reader's language; nothing else of the row moves
    english = CATALOG.use_cases.templates_by_id["customer-chatbot"].name.get("en")
    assert english != "客服聊天機器人"
    row = dict(at.session_state["use_cases"][0])
    assert row.pop("id")  # the id its first name gave stays: files and the link still match
    assert row == {**chatbot, "name": english}
    widget(at, "selectbox", "w::use_cases::template::en").set_value("code-assistant")
    click(at, "w::use_cases::add")
    assert [c["name"] for c in at.session_state["use_cases"]] == [
        english,
        "Code assistant for developers",
    ]
    # a name the person typed stays as typed in every language
    at.session_state["use_cases"] = [
        {**at.session_state["use_cases"][0], "name": "Our helpdesk bot"},
        at.session_state["use_cases"][1],
    ]
    at.session_state["lang"] = "zh-TW"
    run(at)
    names = [c["name"] for c in at.session_state["use_cases"]]
    assert names[0] == "Our helpdesk bot"
    assert names[1] == CATALOG.use_cases.templates_by_id["code-assistant"].name.get("zh-TW")


def test_the_editor_refuses_a_sixteenth_case_and_names_a_wrong_row() -> None:
    at = new_app()
    at.session_state["use_cases"] = [{"name": f"Case {i}"} for i in range(15)]
    run(at)
    click(at, "w::use_cases::add")
    assert len(at.session_state["use_cases"]) == 15
    assert any("15 use cases, the most it may hold" in str(i.value) for i in at.info)
    at.session_state["use_cases"] = [{"name": "Fine"}, {"name": "Broken", "data_class": "secret"}]
    at.session_state["use_cases_revision"] = 99
    run(at)
    warning = "\n".join(str(w.value) for w in at.warning)
    assert "Row 2 \\(Broken\\)" in warning and "secret" in warning


def test_the_saved_answers_file_carries_the_use_cases_and_reads_back(media) -> None:  # noqa: F811
    from tests.samples import CATALOG, Q
    from wizard.answers import load_answers
    from wizard.portfolio import read_use_cases

    at = _results("en", tab=4)
    data = media.download(at, "dl::answers::results")
    doc = load_answers(data, Q, "saved.yaml")
    cases = read_use_cases(doc.use_cases, Q, CATALOG.use_cases, "saved.yaml")
    assert [c.name for c in cases] == [c["name"] for c in CASES]
    assert cases[1].dpia_done is False


def test_a_csv_of_the_editor_reads_back_in_any_language(media) -> None:  # noqa: F811
    at = new_app()
    at.session_state["use_cases"] = [dict(c) for c in CASES]
    run(at)
    data = media.download(at, "w::use_cases::download")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == [c["name"] for c in CASES]
    assert rows[1]["dpia_done"] == "no"


def test_use_cases_survive_a_reload_behind_the_private_link() -> None:
    from wizard.ui import loaders

    at = routed_app(page="assessment")
    widget(at, "radio", "q::en::sector").set_value("finance")
    run(at)
    token = at.query_params["r"]
    token = token[0] if isinstance(token, list) else token
    at.session_state["use_cases"] = [{"name": "Code assistant", "template": "code-assistant"}]
    widget(at, "radio", "q::en::size").set_value("lt250")
    run(at)
    assert loaders.store().resume_load(token).use_cases == (
        {"name": "Code assistant", "template": "code-assistant"},
    )
    again = routed_app(page="assessment", query={"r": token})
    assert again.session_state["use_cases"] == [
        {"name": "Code assistant", "template": "code-assistant"}
    ]


def test_a_case_added_before_any_answer_makes_the_private_link_and_survives_a_reload() -> None:
    from wizard.ui import loaders

    at = routed_app(page="assessment")
    assert "r" not in at.query_params  # nothing typed yet: nothing kept
    widget(at, "toggle", "w::use_cases::on").set_value(True)
    run(at)
    widget(at, "selectbox", "w::use_cases::template::en").set_value("code-assistant")
    click(at, "w::use_cases::add")
    assert not at.exception, at.exception
    assert at.session_state["answers"] == {}
    token = at.query_params["r"]
    token = token[0] if isinstance(token, list) else token
    kept = loaders.store().resume_load(token).use_cases
    assert [c["template"] for c in kept] == ["code-assistant"]
    again = routed_app(page="assessment", query={"r": token})
    assert [c["template"] for c in again.session_state["use_cases"]] == ["code-assistant"]


def test_rows_typed_in_the_table_survive_a_switch_of_language_and_back() -> None:
    """A table's edits live in its widget; the language switch drops that widget, so the table
    of each language is drawn anew from the rows as they are, not from an older seed."""
    typed = [{"name": "Code assistant", "template": "code-assistant"}, {"name": "Typed here"}]
    at = new_app()
    at.session_state["use_cases"] = typed[:1]
    run(at)
    assert not at.exception, at.exception
    at.session_state["use_cases"] = [dict(c) for c in typed]  # as an edit of the table leaves it
    widget(at, "radio", "w::lang").set_value("zh-TW")
    run(at)
    assert at.session_state["lang"] == "zh-TW"
    assert at.session_state["use_cases"] == typed
    widget(at, "radio", "w::lang").set_value("en")
    run(at)
    assert not at.exception, at.exception
    assert at.session_state["use_cases"] == typed


def test_the_review_step_lists_the_use_cases_under_the_profile() -> None:
    for lang, heading in (("en", "Candidate use cases (3)"), ("zh-TW", "候選應用情境（3 個）")):
        at = new_app()
        at.session_state["answers"] = {**BANK}
        at.session_state["lang"] = lang
        at.session_state["use_cases"] = [dict(c) for c in CASES]
        at.session_state["step"] = RESULTS - 1
        run(at)
        assert not at.exception, at.exception
        text = "\n".join(str(m.value) for m in at.markdown)
        assert heading in text
        assert "Mood of staff" in text
        assert "**Chatbot**" not in text.replace("\\*\\*Chatbot\\*\\*", "")  # shown as text

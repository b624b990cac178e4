"""Use cases in a workshop (AppTest and the store): the facilitator seeds them, each participant
rates value and feasibility, the dashboard shows the room's medians, where it disagrees most and
its matrix, blind until revealed, and the CSV carries them."""

from __future__ import annotations

import csv
import io

import pytest

from tests.apptest import (
    click,
    media,  # noqa: F401 - fixture
    open_tab,
    routed_app,
    run,
    widget,
)
from tests.conftest import best_answers
from tests.samples import Q
from wizard.errors import WorkshopError
from wizard.ui import loaders

PROFILE = {
    "sector": "finance",
    "jurisdictions": ["tw"],
    "body_type": ["private"],
    "models": ["open-weights", "frontier-api"],
    "size": "lt250",
    "role": "cio",
}
OWN = "Loan letters **bold** =1+1"


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("WIZARD_DATABASE_URL", f"sqlite:///{tmp_path / 'ws.db'}")
    loaders.join_throttle.clear()
    yield
    loaders.join_throttle.clear()
    loaders.store().dispose()


def _create(at, blind: bool, lang: str = "en"):
    widget(at, "text_input", "w::create::title").set_value("Use-case day")
    widget(at, "checkbox", "w::create::blind").set_value(blind)
    widget(at, "multiselect", "w::create::use_case_templates").set_value(
        ["code-assistant", "customer-chatbot"]
    )
    widget(at, "text_area", "w::create::use_case_names").set_value(f"{OWN}\n\n")
    [b for b in at.button if b.label == "Create workshop"][0].click()
    run(at)
    click(at, "w::key_saved")
    return at.session_state["facilitator"].code, at.session_state["facilitator"].key


def _finished(code: str, name: str, ratings: dict[int, tuple[int, int]]) -> None:
    store = loaders.store()
    cases = store.workshop(code).use_cases
    _, token = store.join(code, name, "cio")
    store.save(code, token, Q, {**best_answers(Q), **PROFILE}, progress=6, submitted=True)
    store.rate(
        code,
        token,
        {cases[i]["id"]: {"value": v, "feasibility": f} for i, (v, f) in ratings.items()},
    )


def _text(at) -> str:
    parts = [str(e.value) for kind in ("markdown", "info", "caption") for e in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")  # Markdown escapes off: the words as read


def test_seeded_cases_are_rated_and_the_room_shows_medians_disagreement_and_matrix(media) -> None:  # noqa: F811
    fac = routed_app()
    code, _ = _create(fac, blind=True)
    seeded = loaders.store().workshop(code).use_cases
    assert [c["name"] for c in seeded] == [
        "Code assistant for developers",
        "Customer service chatbot",
        OWN,
    ]
    _finished(code, "Ann", {0: (5, 5), 1: (5, 1), 2: (2, 4)})
    _finished(code, "Ben", {0: (4, 4), 1: (1, 5)})
    _finished(code, "Cy", {0: (5, 4), 1: (4, 2), 2: (3, 3)})
    run(fac)
    assert "Use cases: how the room rates them" not in _text(fac)  # blind: nothing before reveal
    click(fac, "w::reveal")
    text = _text(fac)
    assert "Use cases: how the room rates them" in text
    assert "Where the room disagrees most: Customer service chatbot" in text
    table = [d.value for d in fac.dataframe if "Rated by" in list(d.value.columns)][0]
    rows = {r["Use case"]: r for r in table.to_dict("records")}
    assert rows["Code assistant for developers"]["Value (median)"] == "5"
    assert rows["Code assistant for developers"]["Rated by"] == 3
    assert rows[OWN]["Rated by"] == 2  # Ben left it out
    assert rows[OWN]["Value (median)"] == "2.5"
    assert rows["Code assistant for developers"]["Room's quadrant"] == "Start now"
    assert rows["Code assistant for developers"]["Verdict (room's answers)"] == "Act now"
    charts = [c for c in fac.get("vega_lite_chart") if "matrix" in str(c.proto.spec)]
    assert charts, "the room's matrix is drawn"
    data = media.download(fac, "dl::ws_uc::live::en")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0][1] == "Use case"
    assert [row[1] for row in lines[1:]] == [c["name"] for c in seeded]


def test_a_participant_rates_on_the_review_step_and_the_ratings_are_kept() -> None:
    fac = routed_app()
    code, _ = _create(fac, blind=False)
    store = loaders.store()
    cases = store.workshop(code).use_cases
    _, token = store.join(code, "Dee", "cio")
    store.save(code, token, Q, {**best_answers(Q), **PROFILE}, progress=5)
    person = routed_app(page="assessment", query={"w": code, "p": token})
    person.session_state["step"] = 5  # review
    run(person)
    assert not person.exception, person.exception
    assert any(str(x.value) == OWN for x in person.text)  # the name as text, never Markdown
    first = cases[0]["id"]
    widget(person, "radio", f"w::rate::{first}::value::en").set_value(4)
    run(person)
    widget(person, "radio", f"w::rate::{first}::feasibility::en").set_value(2)
    run(person)
    (me,) = store.all_participants(code)[1]
    assert me.ratings == {first: {"value": 4, "feasibility": 2}}
    again = routed_app(page="assessment", query={"w": code, "p": token})
    again.session_state["step"] = 5
    run(again)
    assert widget(again, "radio", f"w::rate::{first}::value::en").value == 4


def test_the_store_refuses_ratings_of_unknown_cases_or_outside_one_to_five() -> None:
    store = loaders.store()
    created = store.create_workshop(
        "Day", Q, "balanced", anonymous=False, blind=False, use_cases=[{"id": "a", "name": "A"}]
    )
    _, token = store.join(created.code, "Ann", "cio")
    for bad in ({"b": {"value": 3}}, {"a": {"value": 6}}, {"a": {"value": True}}, {"a": {"x": 3}}):
        with pytest.raises(WorkshopError):
            store.rate(created.code, token, bad)
    store.rate(created.code, token, {"a": {"value": 3}})
    assert store.all_participants(created.code)[1][0].ratings == {"a": {"value": 3}}


def test_more_than_fifteen_seeded_cases_are_refused_and_the_form_keeps_them() -> None:
    fac = routed_app()
    widget(fac, "text_input", "w::create::title").set_value("Too many")
    names = "\n".join(f"Case {i}" for i in range(16))
    widget(fac, "text_area", "w::create::use_case_names").set_value(names)
    [b for b in fac.button if b.label == "Create workshop"][0].click()
    run(fac)
    assert fac.session_state["facilitator"] is None
    errors = "\n".join(str(e.value) for e in fac.error)
    assert "at most 15 use cases, got 16" in errors
    assert widget(fac, "text_area", "w::create::use_case_names").value == names


def test_the_workshop_export_and_its_pdf_carry_the_rooms_use_cases(tmp_path) -> None:
    from tests.pdf import pdf_info_and_text
    from wizard.cli import main

    store = loaders.store()
    seeded = [{"id": "code", "name": "Code assistant"}, {"id": "chat", "name": OWN}]
    created = store.create_workshop(
        "Board day", Q, "balanced", anonymous=False, blind=False, use_cases=seeded
    )
    _finished(created.code, "Ann", {0: (5, 4), 1: (2, 2)})
    _finished(created.code, "Ben", {0: (4, 4), 1: (5, 1)})
    url = str(store.engine.url)
    for lang in ("en", "zh-TW"):
        out = tmp_path / lang
        assert (
            main(
                [
                    "workshop",
                    "export",
                    created.code,
                    "--out",
                    str(out),
                    "--lang",
                    lang,
                    "--database",
                    url,
                ]
            )
            == 0
        )
        table = (out / f"workshop-{created.code}-use-cases-{lang}.csv").read_bytes()
        rows = list(csv.reader(io.StringIO(table.decode("utf-8-sig"))))
        assert [r[1] for r in rows[1:]] == ["Code assistant", "'" + OWN if OWN[0] == "=" else OWN]
        assert rows[1][3] == "4.5" and rows[2][5] == "3"  # a median, a spread
        pdf = (out / f"workshop-{created.code}-report-{lang}.pdf").read_bytes()
        info, text = pdf_info_and_text(pdf, tmp_path)
        assert "Pages:           1" in info
        assert "Code assistant" in text
        assert ("Use cases the room rated" if lang == "en" else "全場評分的應用情境") in text


def test_a_rating_can_be_taken_back_and_each_label_names_its_case() -> None:
    fac = routed_app()
    code, _ = _create(fac, blind=False)
    store = loaders.store()
    cases = store.workshop(code).use_cases
    _, token = store.join(code, "Dee", "cio")
    store.save(code, token, Q, {**best_answers(Q), **PROFILE}, progress=5)
    person = routed_app(page="assessment", query={"w": code, "p": token})
    person.session_state["step"] = 5  # review
    run(person)
    first = cases[0]["id"]
    value = widget(person, "radio", f"w::rate::{first}::value::en")
    assert "Code assistant for developers" in value.label  # a screen reader names the case
    assert value.value == 0 and value.options[0] == "Not rated"
    value.set_value(4)
    run(person)
    assert store.all_participants(code)[1][0].ratings == {first: {"value": 4}}
    widget(person, "radio", f"w::rate::{first}::value::en").set_value(0)  # taken back
    run(person)
    assert store.all_participants(code)[1][0].ratings == {}
    # a hostile name in a label is escaped: its Markdown is not read
    own = next(c for c in cases if c["name"] == OWN)
    label = widget(person, "radio", f"w::rate::{own['id']}::value::en").label
    assert "\\*\\*bold\\*\\*" in label


def test_a_template_seeded_in_english_reads_in_chinese_for_a_chinese_reader() -> None:
    fac = routed_app()
    code, _ = _create(fac, blind=False)  # ticked in English
    store = loaders.store()
    cases = store.workshop(code).use_cases
    _finished(code, "Ann", {0: (5, 5), 1: (3, 2), 2: (2, 4)})
    _, token = store.join(code, "陳", "cio")
    store.save(code, token, Q, {**best_answers(Q), **PROFILE}, progress=5)
    person = routed_app(page="assessment", query={"w": code, "p": token, "lang": "zh-TW"})
    person.session_state["lang"] = "zh-TW"
    person.session_state["step"] = 5
    run(person)
    names = [str(x.value) for x in person.text]
    assert "客服聊天機器人" in names and "Customer service chatbot" not in names
    assert OWN in names  # a name someone typed stays as typed
    # the ids did not change with the name: a rating still lands on its case
    chatbot = cases[1]["id"]
    widget(person, "radio", f"w::rate::{chatbot}::value::zh-TW").set_value(5)
    run(person)
    mine = [p for p in store.all_participants(code)[1] if p.name == "陳"][0]
    assert mine.ratings == {chatbot: {"value": 5}}
    # the facilitator's dashboard in Chinese names the template in Chinese too
    fac.session_state["lang"] = "zh-TW"
    run(fac)
    tables = [d.value for d in fac.dataframe if "應用情境" in list(d.value.columns)]
    assert tables and "客服聊天機器人" in list(tables[-1]["應用情境"])


def test_a_participant_sees_the_seeded_cases_judged_and_the_room_only_after_the_reveal() -> None:
    fac = routed_app()
    code, _ = _create(fac, blind=True)
    _finished(code, "Ann", {0: (5, 5), 1: (4, 2)})
    store = loaders.store()
    _, token = store.join(code, "Dee", "cio")
    store.save(code, token, Q, {**best_answers(Q), **PROFILE}, progress=6, submitted=True)
    person = routed_app(page="assessment", query={"w": code, "p": token})
    person.session_state["step"] = 6  # results
    run(person)
    assert not person.exception, person.exception
    before = _text(person)
    assert "Use cases the room rated" not in before  # blind: the room stays hidden
    assert "Use cases: Act now on" in before  # the seeded cases, judged on this person's answers
    open_tab(person, 6, "en")
    text = _text(person)
    assert "the use cases the facilitator listed" in text
    assert "Add them on the first step" not in text
    assert "appear once the facilitator shows the group result" in text
    click(fac, "w::reveal")
    person = routed_app(page="assessment", query={"w": code, "p": token})
    person.session_state["step"] = 6
    run(person)
    after = _text(person)
    assert "Use cases the room rated" in after
    assert "Code assistant for developers: Act now; value 5, feasibility 5" in after
    open_tab(person, 6, "en")
    revealed = _text(person)
    assert "are in the group result above" in revealed
    assert "appear once the facilitator shows the group result" not in revealed


def test_the_written_summary_carries_the_rooms_use_cases(tmp_path) -> None:
    from wizard.cli import main

    store = loaders.store()
    seeded = [{"id": "code", "name": "Code assistant"}, {"id": "chat", "name": OWN}]
    created = store.create_workshop(
        "Board day", Q, "balanced", anonymous=False, blind=False, use_cases=seeded
    )
    _finished(created.code, "Ann", {0: (5, 4), 1: (2, 2)})
    url = str(store.engine.url)
    args = ["workshop", "export", created.code, "--out", str(tmp_path), "--database", url]
    assert main(args) == 0
    summary = (tmp_path / f"workshop-{created.code}-summary.md").read_text("utf-8")
    assert "## Use cases: how the room rates them" in summary
    assert "Loan letters \\*\\*bold\\*\\*" in summary  # the name as text, escaped
    read = summary.replace("\\", "")  # as the Markdown reads
    assert "- Code assistant: Act now; value 5, feasibility 4 (Start now)" in read

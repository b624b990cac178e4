"""The room keeps its promises (AppTest): blind is blind, a tie is a tie, an outage is said
plainly, nobody is locked out by someone else's wrong codes, small forms keep their choices."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.apptest import answer_step, click, go, open_panel, routed_app, run, widget
from tests.conftest import best_answers, worst_answers
from tests.outage import postgres_database, postgres_outage, sqlite_outage
from tests.samples import Q
from wizard.steps import results_index
from wizard.ui import loaders
from wizard.ui.state import WorkshopLink

PROFILE = {
    "sector": "finance",
    "jurisdictions": ["tw"],
    "body_type": ["private"],
    "models": ["open-weights"],
    "size": "lt250",
    "role": "cfo",
}
POSTGRES_URL = os.environ.get(
    "WIZARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    """Each test: its own SQLite workshop database and fresh code throttles."""
    monkeypatch.setenv("WIZARD_DATABASE_URL", f"sqlite:///{tmp_path / 'ws.db'}")
    loaders.join_throttle.clear()
    yield
    loaders.join_throttle.clear()
    loaders.store().dispose()


def _create(at, blind: bool = True, anonymous: bool = False):
    widget(at, "text_input", "w::create::title").set_value("Strategy day")
    widget(at, "checkbox", "w::create::anonymous").set_value(anonymous)
    widget(at, "checkbox", "w::create::blind").set_value(blind)
    [b for b in at.button if b.label == "Create workshop"][0].click()
    run(at)
    click(at, "w::key_saved")
    return at.session_state["facilitator"].code, at.session_state["facilitator"].key


def _finished(code: str, answers: dict, name: str, role: str = "cio") -> str:
    store = loaders.store()
    _, token = store.join(code, name, role)
    store.save(code, token, Q, {**PROFILE, **answers}, progress=6, submitted=True)
    return token


def _shown(at) -> str:
    parts = [
        str(e.value)
        for kind in ("markdown", "info", "warning", "success", "caption")
        for e in getattr(at, kind)
    ]
    parts += [f"{m.label}={m.value}" for m in at.metric]
    return "\n".join(parts)


# --------------------------------------------------------------------------- blind
def test_a_blind_room_shows_progress_only_until_reveal_and_a_private_view_says_so() -> None:
    """Before Reveal the presenter view has progress but no group figure, chart or export;
    the facilitator's private view shows them under a banner; after Reveal they are public."""
    fac = routed_app()
    code, _ = _create(fac, blind=True)
    _finished(code, best_answers(Q), "A")
    _finished(code, worst_answers(Q), "B")
    run(fac)
    shown = _shown(fac)
    assert "Participants=2" in shown and "Finished=2 of 2" in shown
    for figure in ("Median answers say", "Majority of individuals says", "agree", "points"):
        assert figure not in shown, figure
    assert not fac.get("vega_lite_chart") and not fac.get("arrow_vega_lite_chart")
    assert not fac.get("download_button") and not fac.dataframe
    assert any("hidden on this screen" in i.value for i in fac.info)
    widget(fac, "toggle", "w::panel::private::live::en").set_value(True)
    run(fac)
    assert any("Private view" in w.value for w in fac.warning)
    assert "Median answers say" in _shown(fac)
    widget(fac, "toggle", "w::panel::private::live::en").set_value(False)
    run(fac)
    assert "Median answers say" not in _shown(fac)
    click(fac, "w::reveal")
    shown = _shown(fac)
    assert "Median answers say" in shown and "Private view" not in shown
    assert not any(t.key == "w::panel::private::live::en" for t in fac.get("toggle"))


# --------------------------------------------------------------------------- ties
@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_one_to_one_split_is_no_majority_on_the_dashboard_and_the_card(lang) -> None:
    """One Wait and one Act now: the dashboard and a participant's card say there is no
    majority and that the rules disagree, in the page's language; never "50%" as a majority."""
    from wizard.i18n import t

    fac = routed_app()
    code, _ = _create(fac, blind=False)
    token = _finished(code, best_answers(Q), "A")
    _finished(code, worst_answers(Q), "B")
    fac.session_state["lang"] = lang
    run(fac)
    metrics = {m.label: m.value for m in fac.metric}
    assert metrics[t("workshop.by_majority", lang)] == t("workshop.no_majority", lang)
    said = "\n".join(w.value for w in fac.warning)
    assert t("workshop.rules_tie", lang, decision="")[:10] in said
    assert t("workshop.rules_agree", lang) not in _shown(fac)
    p = routed_app(query={"w": code, "p": token, "lang": lang})
    go(p, "workshop")
    card = "\n".join(m.value for m in p.markdown)
    assert t("workshop.rule_no_majority", lang, acts=1, waits=1) in card


# --------------------------------------------------------------------------- outages
def _participant(code: str):
    p = routed_app(query={"join": code})
    widget(p, "text_input", "w::join::name").set_value("Grace")
    widget(p, "selectbox", "w::join::role::en").set_value("cfo")
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    run(p)
    return go(p, "assessment")


def _answer(at, qid: str, value) -> None:
    kind = "radio" if Q.questions_by_id[qid].type == "single" else "multiselect"
    widget(at, kind, f"q::en::{qid}").set_value(value)
    run(at)


def _outage_and_back(outage) -> None:
    fac = routed_app()
    code, key = _create(fac, blind=False)
    p = _participant(code)
    _answer(p, "sector", "finance")
    with outage():
        _answer(p, "size", "lt250")
        assert not p.exception
        errors = "\n".join(e.value for e in p.error)
        assert "cannot be reached right now" in errors
        assert "Something went wrong" not in errors
        captions = "\n".join(c.value for c in p.caption)
        assert "not saved to the workshop" in captions and "saved as you answer" not in captions
        assert p.session_state["answers"]["size"] == "lt250"
        late = routed_app(query={"join": code})
        widget(late, "text_input", "w::join::name").set_value("Late")
        widget(late, "selectbox", "w::join::role::en").set_value("cio")
        [b for b in late.button if b.label == "Join the workshop"][0].click()
        run(late)
        assert not late.exception
        assert any("cannot be reached right now" in e.value for e in late.error)
    _answer(p, "role", "cio")  # the next save goes through and clears the notice
    captions = "\n".join(c.value for c in p.caption)
    assert "saved as you answer" in captions and "not saved" not in captions
    [stored] = loaders.store().participants(code, key)[1]
    assert stored.answers["sector"] == "finance" and stored.answers["size"] == "lt250"


def test_an_unreachable_sqlite_file_is_said_plainly_and_nothing_is_lost(tmp_path) -> None:
    """SQLite: a save during the outage says the workshop cannot be reached (no exception box),
    the header stops claiming "saved", a join says so too; the next save after it clears both."""
    path = Path(make_url(os.environ["WIZARD_DATABASE_URL"]).database)

    def outage():
        loaders.store().engine.dispose()  # as a restarted worker: no connection kept open
        return sqlite_outage(path)

    _outage_and_back(outage)


@pytest.mark.postgres
def test_an_unreachable_postgres_is_said_plainly_and_nothing_is_lost(monkeypatch) -> None:
    """PostgreSQL cut off mid-workshop: the same plain notices, and every answer arrives."""
    with postgres_database(POSTGRES_URL) as url:
        monkeypatch.setenv("WIZARD_DATABASE_URL", url)
        _outage_and_back(lambda: postgres_outage(POSTGRES_URL, url))
        loaders.store().dispose()


def test_a_participant_link_opened_during_an_outage_is_never_switched_to_private_saving(
    tmp_path,
) -> None:
    """The link cannot be checked: answers given meanwhile stay on the page (no resume link is
    made), and reach the workshop as soon as the store answers again."""
    path = Path(make_url(os.environ["WIZARD_DATABASE_URL"]).database)
    fac = routed_app()
    code, key = _create(fac, blind=False)
    _, token = loaders.store().join(code, "Grace", "cfo")
    loaders.store().engine.dispose()
    with sqlite_outage(path):
        p = routed_app(page="assessment", query={"w": code, "p": token})
        assert not p.exception
        assert any("cannot be reached" in c.value for c in p.caption)
        _answer(p, "sector", "retail")
        assert p.session_state["resume"] is None and "r" not in p.query_params
        assert p.query_params["w"] == code
    _answer(p, "size", "lt250")
    assert p.session_state["workshop"] == WorkshopLink(code, token)
    [stored] = loaders.store().participants(code, key)[1]
    assert stored.answers.get("sector") == "retail" and stored.answers.get("size") == "lt250"


# --------------------------------------------------------------------------- throttling
def test_someone_elses_wrong_codes_never_refuse_a_valid_link_or_the_facilitator() -> None:
    """Many wrong codes from this session: its next code guess waits, but its valid participant
    link opens, and the facilitator's code and key open the dashboard."""
    fac = routed_app()
    code, key = _create(fac, blind=False)
    _, token = loaders.store().join(code, "Grace", "cfo")
    p = routed_app()
    for _ in range(6):
        widget(p, "text_input", "w::join::code").set_value("WRONG9")
        widget(p, "text_input", "w::join::name").set_value("Eve")
        widget(p, "selectbox", "w::join::role::en").set_value("cio")
        [b for b in p.button if b.label == "Join the workshop"][0].click()
        run(p)
    assert any("Too many wrong codes" in e.value for e in p.error)  # its guesses wait
    p.query_params["w"], p.query_params["p"] = code, token
    run(p)
    assert p.session_state["workshop"] == WorkshopLink(code, token)
    f2 = routed_app()
    widget(f2, "text_input", "w::open::code").set_value(code)
    widget(f2, "text_input", "w::open::key").set_value(key)
    [b for b in f2.button if b.label == "Open dashboard"][0].click()
    run(f2)
    assert f2.session_state["facilitator"].code == code


def test_a_wrong_code_is_said_before_the_role_is_asked_for() -> None:
    """A wrong code with no role chosen: "no workshop has this code", not "choose your role"."""
    p = routed_app()
    widget(p, "text_input", "w::join::code").set_value("NOPE42")
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    run(p)
    errors = "\n".join(e.value for e in p.error)
    assert "No workshop has this code" in errors and "choose your role" not in errors


# --------------------------------------------------------------------------- small things
def test_removal_keeps_its_choice_and_participants_are_numbered_in_the_room() -> None:
    """Numbers start at #1 in every room; a removal refused for the missing tick keeps the
    chosen participant, so ticking and pressing again removes that one."""
    other = routed_app()
    other_code, _ = _create(other)
    _finished(other_code, best_answers(Q), "Elsewhere")  # ids in the database move on
    fac = routed_app()
    code, key = _create(fac, blind=False)
    for name in ("Ann", "Ben", "Cy"):
        _finished(code, best_answers(Q), name)
    open_panel(fac, "manage")
    labels = widget(fac, "selectbox", "w::remove::who").options
    assert [label.split(" ")[0] for label in labels] == ["#1", "#2", "#3"]
    ben = [x for x in loaders.store().participants(code, key)[1] if x.name == "Ben"][0]
    widget(fac, "selectbox", "w::remove::who").set_value(ben.id)
    [b for b in fac.button if b.label == "Remove"][0].click()
    run(fac)
    assert any("tick the confirmation" in e.value for e in fac.error)
    assert widget(fac, "selectbox", "w::remove::who").value == ben.id
    widget(fac, "checkbox", "w::remove::sure").set_value(True)
    [b for b in fac.button if b.label == "Remove"][0].click()
    run(fac)
    assert [x.name for x in loaders.store().participants(code, key)[1]] == ["Ann", "Cy"]


def test_one_role_per_person_from_the_join_form_to_the_export() -> None:
    """The join form's role is the profile's role answer; changing it on the profile step
    changes the role the room sees (the export shows one role, not CISO and cio)."""
    fac = routed_app()
    code, key = _create(fac, blind=False)
    p = routed_app(query={"join": code})
    widget(p, "text_input", "w::join::name").set_value("Grace")
    widget(p, "selectbox", "w::join::role::en").set_value("ciso")
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    run(p)
    go(p, "assessment")
    assert widget(p, "radio", "q::en::role").value == "ciso"
    _answer(p, "role", "cio")
    [stored] = loaders.store().participants(code, key)[1]
    assert stored.role == "cio" and stored.answers["role"] == "cio"


def test_switching_keep_on_server_off_survives_a_reload() -> None:
    """Off deletes the copy and puts ?keep=0 in the address; a reload of that address starts
    off, and the next answer makes no new server copy."""
    at = routed_app(page="assessment")
    answer_step(at, Q, "profile", {"sector": "retail"})
    assert at.session_state["resume"] is not None
    widget(at, "toggle", "w::resume::en").set_value(False)
    run(at)
    assert at.query_params["keep"] == "0" and at.session_state["resume"] is None
    again = routed_app(page="assessment", query={"keep": "0"})
    answer_step(again, Q, "profile", {"sector": "retail", "size": "lt250"})
    assert again.session_state["resume"] is None and "r" not in again.query_params
    assert widget(again, "toggle", "w::resume::en").value is False


def test_a_participant_arriving_at_results_is_counted_in_the_group_card() -> None:
    """The card drawn on arriving at Results already counts this person's finished answers
    (a 1 : 1 tie here), not the room as it was before they finished."""
    fac = routed_app()
    code, _ = _create(fac, blind=False)
    _finished(code, best_answers(Q), "Ann")
    _, token = loaders.store().join(code, "Ben", "cfo")
    p = routed_app(page="assessment")
    p.session_state["workshop"] = WorkshopLink(code, token)
    p.session_state["answers"] = {**PROFILE, **worst_answers(Q)}
    p.session_state["step"] = results_index(Q)  # straight to Results
    run(p)
    text = _shown(p)
    assert "Based on the 2 of 2 participants who finished" in text, text
    assert "no majority" in text.lower()


def test_a_removal_is_said_beside_the_button_once_and_in_the_chosen_language() -> None:
    """The refusal for a missing tick appears in the removal form, not at the top of the
    page; it is not repeated on the next run, nor shown in English after a switch."""
    fac = routed_app()
    code, key = _create(fac, blind=False)
    _finished(code, best_answers(Q), "Ann")
    open_panel(fac, "manage")
    ann = loaders.store().participants(code, key)[1][0]
    widget(fac, "selectbox", "w::remove::who").set_value(ann.id)
    [b for b in fac.button if b.label == "Remove"][0].click()
    run(fac)
    inside = [e.value for x in fac.expander for e in x.error if "tick the confirmation" in e.value]
    assert inside  # in the removal panel, beside the button
    run(fac)
    assert not [e.value for e in fac.error if "tick the confirmation" in e.value]

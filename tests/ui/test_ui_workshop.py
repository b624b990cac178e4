"""Workshop pages through AppTest: facilitator and participant flows, dashboard, offline path."""

from __future__ import annotations

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.apptest import (  # noqa: F401
    APP,
    TIMEOUT,
    answer_step,
    click,
    go,
    media,
    routed_app,
    run,
    widget,
)
from tests.conftest import FIXTURES, best_answers, worst_answers
from tests.samples import Q
from wizard.ui import loaders
from wizard.ui.state import FacilitatorSession, WorkshopLink

PROFILE = {
    "sector": "finance",
    "jurisdictions": ["tw"],
    "body_type": ["private"],
    "models": ["open-weights"],
    "size": "lt250",
    "role": "cfo",
}


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    """Each test gets its own SQLite workshop database and fresh code throttles (AppTest
    sessions may share an id, so counts would carry over)."""
    monkeypatch.setenv("WIZARD_DATABASE_URL", f"sqlite:///{tmp_path / 'ws.db'}")
    loaders.join_throttle.clear()
    yield
    loaders.join_throttle.clear()
    loaders.store().dispose()


def create(at, title="Strategy day", anonymous=False, blind=True, past_key=True):
    """Create a workshop; ``past_key`` also confirms the key step, to reach the dashboard."""
    widget(at, "text_input", "w::create::title").set_value(title)
    widget(at, "checkbox", "w::create::anonymous").set_value(anonymous)
    widget(at, "checkbox", "w::create::blind").set_value(blind)
    submit = [b for b in at.button if b.label == "Create workshop"][0]
    submit.click()
    run(at)
    return click(at, "w::key_saved") if past_key else at


def _everything_shown(at) -> str:
    return "\n".join(
        str(e.value)
        for kind in ("markdown", "code", "warning", "info", "header", "subheader", "caption")
        for e in getattr(at, kind)
    )


def test_facilitator_creates_a_workshop_and_gets_code_link_qr_and_key() -> None:
    """Creating shows the key first, alone and as literal text, on the Facilitate tab; then
    the presenter view (code, link, QR, progress) that never shows the key."""
    at = routed_app()
    create(at, past_key=False)
    context = at.session_state["facilitator"]
    code, key = context.code, context.key
    assert at.session_state["workshop_tab"] == 1  # stays on Facilitate
    assert [c.value for c in at.code] == [key]  # literal text with a copy button, no Markdown
    assert not at.get("image") and f"## Code: {code}" not in _everything_shown(at)
    assert any(b.key == "dl::ws::key" for b in at.get("download_button"))
    click(at, "w::key_saved")
    text = "\n".join(m.value for m in at.markdown)
    assert f"## Code: {code}" in text and f"join={code}" in text
    assert len(at.get("image")) == 1  # the QR code
    assert any("Waiting for the first participant" in i.value for i in at.info)
    assert key not in _everything_shown(at)  # never on the projector


def test_participant_joins_by_link_answers_autosaves_and_resumes() -> None:
    """The join link fills the code; each Next saves; reopening the link restores it all."""
    at = routed_app()
    create(at)
    code = at.session_state["facilitator"].code
    key = at.session_state["facilitator"].key

    p = routed_app(query={"join": code})
    assert widget(p, "text_input", "w::join::code").value == code
    widget(p, "text_input", "w::join::name").set_value("Grace")
    widget(p, "selectbox", "w::join::role::en").set_value("cfo")
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    run(p)
    token = p.session_state["workshop"].token
    assert p.query_params["w"] == [code] or p.query_params["w"] == code
    go(p, "assessment")
    answer_step(p, Q, "profile", {k: v for k, v in PROFILE.items() if k != "role"})
    assert widget(p, "radio", "q::en::role").value == "cfo"  # from the join form
    click(p, "nav_next")
    store = loaders.store()
    saved = store.me(code, token)
    assert saved.progress == 1 and saved.answers["sector"] == "finance"

    again = routed_app(page="assessment", query={"w": code, "p": token})
    assert again.session_state["step"] == 1
    assert again.session_state["answers"]["size"] == "lt250"
    _, people = store.participants(code, key)
    assert [x.name for x in people] == ["Grace"]


def test_blind_until_revealed_and_only_aggregates_for_participants() -> None:
    """A participant sees the group result only after the reveal, and never others' answers."""
    fac = routed_app()
    create(fac, blind=True)
    code = fac.session_state["facilitator"].code
    store = loaders.store()
    for answers, name in ((best_answers(Q), "A"), (worst_answers(Q), "B")):
        _, token = store.join(code, name, "cio")
        store.save(code, token, Q, {**PROFILE, **answers}, progress=6, submitted=True)
    p = routed_app()
    c_token = store.join(code, "C", "cio")[1]
    p.session_state["workshop"] = WorkshopLink(code, c_token)
    go(p, "workshop")
    assert any("hidden until the facilitator reveals" in i.value for i in p.info)
    click(fac, "w::reveal")
    run(p)
    # revealed, but C has not answered yet: the room's result waits for C's own answers
    assert "**Group result**" not in "\n".join(m.value for m in p.markdown)
    assert any("once you have finished your own answers" in i.value for i in p.info)
    store.save(code, c_token, Q, {**PROFILE, **best_answers(Q)}, progress=6, submitted=True)
    run(p)
    text = "\n".join(m.value for m in p.markdown)
    assert "**Group result**" in text and "Median answers:" in text
    assert "Majority of individual results" in text
    assert "A" not in [m.value for m in p.markdown]  # no names, no individual answers


def test_wrong_key_and_unknown_code_are_refused_in_the_page() -> None:
    """Opening with a wrong key or joining with an unknown code shows a clear message."""
    fac = routed_app()
    create(fac)
    code = fac.session_state["facilitator"].code
    at = routed_app()
    widget(at, "text_input", "w::open::code").set_value(code)
    widget(at, "text_input", "w::open::key").set_value("not-the-key")
    [b for b in at.button if b.label == "Open dashboard"][0].click()
    run(at)
    error = at.error[0].value.replace("\\", "")  # Markdown escapes
    # one message for a wrong code or a wrong key: the form is no way to find codes
    assert "No workshop matches this code and facilitator key." in error
    assert at.session_state["facilitator"] is None
    p = routed_app(query={"join": "NOPE42"})
    assert any("No workshop has this code" in e.value for e in p.error)


def test_closed_workshop_refuses_joins_and_keeps_local_answers() -> None:
    """After closing, joining is refused; a participant's next save fails but loses nothing."""
    fac = routed_app()
    create(fac, anonymous=True)
    code = fac.session_state["facilitator"].code
    p = routed_app(query={"join": code})
    widget(p, "selectbox", "w::join::role::en").set_value("cfo")
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    run(p)
    click(fac, "w::close")
    go(p, "assessment")
    answer_step(p, Q, "profile", PROFILE)
    click(p, "nav_next")
    assert "closed" in p.error[0].value
    assert p.session_state["answers"]["sector"] == "finance"
    # the page stops saying the answers are saved, and the toast gives the reason
    assert any("not saved to the workshop" in c.value for c in p.caption)
    assert not any("saved as you answer" in c.value for c in p.caption)
    assert any("closed" in x.value for x in p.toast)
    late = routed_app(query={"join": code})
    widget(late, "selectbox", "w::join::role::en").set_value("cio")
    [b for b in late.button if b.label == "Join the workshop"][0].click()
    run(late)
    assert "This workshop is closed" in late.error[0].value


def test_dashboard_shows_the_group_and_exports_formula_safe_responses(media) -> None:  # noqa: F811
    """With people in the room: progress, both decision rules, disagreements, safe CSV."""
    fac = routed_app()
    create(fac, blind=False)
    code = fac.session_state["facilitator"].code
    store = loaders.store()
    sets = [best_answers(Q), best_answers(Q), worst_answers(Q)]
    names = ["=cmd|' /C calc'!A0", "Lin", "Wu"]
    for name, answers in zip(names, sets, strict=True):
        _, token = store.join(code, name, "cio")
        store.save(
            code, token, Q, {**PROFILE, **answers}, progress=6, submitted=True, gut_call="act_now"
        )
    run(fac)
    metrics = {m.label: m.value for m in fac.metric}
    assert metrics["Participants"] == "3" and metrics["Finished"] == "3 of 3"
    assert metrics["Majority of individuals says"] == "Act now"
    assert len(fac.dataframe[0].value) >= 1  # the disagreement table
    # the responses and summary are built on click (their content: test_workshop_analytics and
    # the browser test); the group roadmap is sent with the page
    buttons = {b.key: b for b in fac.get("download_button")}
    assert buttons["dl::ws::live::responses"].proto.deferred_file_id
    assert buttons["dl::ws::live::summary"].proto.deferred_file_id
    roadmap = media.download(fac, "dl::ws::live::roadmap").decode("utf-8-sig")
    assert roadmap.startswith("Phase,Start week")


@pytest.mark.parametrize("with_live_dashboard", [False, True])
def test_offline_dashboard_from_answer_files(media, with_live_dashboard) -> None:  # noqa: F811
    """Several uploaded answers files give the same dashboard; a bad file is named. With a live
    dashboard open in the same session (both tabs draw every run), both keep their exports."""
    at = routed_app()
    if with_live_dashboard:
        create(at, blind=False)
        code = at.session_state["facilitator"].code
        store = loaders.store()
        _, token = store.join(code, "Live", "cio")
        store.save(code, token, Q, {**PROFILE, **best_answers(Q)}, progress=6, submitted=True)
        run(at)
    bank = (FIXTURES / "answers-taiwan-bank.yaml").read_bytes()
    doc = yaml.safe_load(bank)
    second = dict(
        doc,
        respondent={"name": "Second", "role": "ciso"},
        answers={**doc["answers"], "eth_policy": "none"},
    )
    files = [
        ("bank.yaml", bank, "application/x-yaml"),
        ("second.yaml", yaml.safe_dump(second, allow_unicode=True).encode(), "application/x-yaml"),
        ("bad.yaml", b"a: &x 1\nb: *x\n", "application/x-yaml"),
        ("deep.json", b'{"answers": {"a": ' + b"[" * 950 + b"]" * 950 + b"}}", "application/json"),
        ("listq.yaml", b"questionnaire: [genai-readiness]\nanswers: {}\n", "application/x-yaml"),
    ]
    uploader = [u for u in at.get("file_uploader") if u.proto.label == "Answers files"][0]
    uploader.set_value(files)
    run(at)
    shown = " ".join(e.value.replace("\\", "") for e in at.error)
    # every bad file listed as skipped, by name and reason; the good ones analysed
    assert "bad.yaml" in shown and "anchors" in shown
    assert "deep.json" in shown and "listq.yaml" in shown
    keys = {b.key for b in at.get("download_button")}
    assert {"dl::ws::offline::responses", "dl::ws::offline::summary"} <= keys
    if with_live_dashboard:
        assert "dl::ws::live::responses" in keys
    metrics = [m.value for m in at.metric if m.label == "Participants"]
    assert metrics[-1] == "2"
    top = at.dataframe[-1].value.iloc[0]
    assert top.iloc[0] == "Is there an AI acceptable-use policy, and is it enforced?"
    assert "Approved, not yet enforced (1)" in top.iloc[3] and "None (1)" in top.iloc[3]


def test_dashboard_banner_when_answers_meet_a_binding_restriction(media) -> None:  # noqa: F811
    """One participant intends DeepSeek's API in a Taiwan agency, another denies the ban:
    the dashboard says so above the group decision."""
    at = routed_app()
    files = [
        (f"{name}.yaml", (FIXTURES / f"answers-{name}.yaml").read_bytes(), "application/x-yaml")
        for name in ("tw-agency-deepseek-api", "tw-agency-no-directive")
    ]
    uploader = [u for u in at.get("file_uploader") if u.proto.label == "Answers files"][0]
    uploader.set_value(files)
    run(at)
    banner = [e.value.replace("\\", "") for e in at.error]
    assert any(
        "1 of 2 finished participants intend to use models that a binding restriction rules out"
        in b
        and "1 of 2 finished participants answered that no directive binds" in b
        and "Taiwan: Executive Yuan" in b
        for b in banner
    ), banner


def _join(code: str, name: str = "Grace", role: str = "cfo", as_new: bool = False):
    p = routed_app(query={"join": code})
    if as_new:
        widget(p, "checkbox", "w::join::new").set_value(True)
    widget(p, "text_input", "w::join::name").set_value(name)
    widget(p, "selectbox", "w::join::role::en").set_value(role)
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    return run(p)


def _participant_on_the_steps():
    """A new workshop and one participant who joined it and opened the assessment."""
    fac = routed_app()
    create(fac)
    code = fac.session_state["facilitator"].code
    p = _join(code)
    go(p, "assessment")
    return code, p.session_state["workshop"].token, p


def _answer(at, qid: str, value) -> None:
    """One click on question ``qid`` of the open step (each click autosaves)."""
    kind = "radio" if Q.questions_by_id[qid].type == "single" else "multiselect"
    widget(at, kind, f"q::en::{qid}").set_value(value)
    run(at)


def test_two_tabs_on_one_link_lose_nothing_and_the_stale_tab_is_told() -> None:
    """Laptop and phone open one participant link; they answer in turn on the profile step,
    each from its own (stale) copy. Every answer either gave is stored, and the tab that was
    behind is told and shows the newest answers."""
    fac = routed_app()
    create(fac)
    code = fac.session_state["facilitator"].code
    p = _join(code)
    token = p.session_state["workshop"].token
    laptop = routed_app(page="assessment", query={"w": code, "p": token})
    phone = routed_app(page="assessment", query={"w": code, "p": token})
    _answer(laptop, "sector", "finance")
    _answer(phone, "size", "lt250")  # stale: it never saw "sector"
    assert any("another tab" in i.value for i in phone.info)
    assert phone.session_state["answers"]["sector"] == "finance"  # shows the newest
    assert widget(phone, "radio", "q::en::sector").value == "finance"
    _answer(laptop, "jurisdictions", ["tw"])  # the laptop is stale now in turn
    _answer(phone, "body_type", ["private"])
    _answer(laptop, "models", ["open-weights"])
    stored = loaders.store().me(code, token).answers
    assert stored == {
        "sector": "finance",
        "size": "lt250",
        "jurisdictions": ["tw"],
        "body_type": ["private"],
        "models": ["open-weights"],
        "role": "cfo",
    }


def test_every_answer_change_is_saved_not_only_each_step() -> None:
    """A participant's click is in the store before they press Next (a restart loses nothing)."""
    code, token, p = _participant_on_the_steps()
    _answer(p, "sector", "government")
    assert loaders.store().me(code, token).answers["sector"] == "government"
    # a new session (a restart, a phone that slept) resumes and merges what it has over it
    again = routed_app(page="assessment", query={"w": code, "p": token})
    assert again.session_state["answers"]["sector"] == "government"


def test_rejoining_from_the_same_browser_session_is_the_same_participant() -> None:
    """Join, leave the page state's participant, join again: one participant, not two;
    "join as someone else" makes a second one."""
    fac = routed_app()
    create(fac)
    code = fac.session_state["facilitator"].code
    key = fac.session_state["facilitator"].key
    p = _join(code)
    first = p.session_state["workshop"].token
    p.session_state["workshop"] = None  # as after a reload that lost the link
    p.query_params.clear()
    p.session_state["__page"] = "workshop"
    run(p)
    widget(p, "text_input", "w::join::code").set_value(code)
    widget(p, "selectbox", "w::join::role::en").set_value("cfo")
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    run(p)
    assert p.session_state["workshop"].token == first
    assert any("same participant" in s.value for s in p.success)
    assert len(loaders.store().participants(code, key)[1]) == 1
    p.session_state["workshop"] = None
    p.query_params.clear()
    run(p)
    widget(p, "text_input", "w::join::code").set_value(code)
    widget(p, "text_input", "w::join::name").set_value("Other")
    widget(p, "selectbox", "w::join::role::en").set_value("ciso")
    widget(p, "checkbox", "w::join::new").set_value(True)
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    run(p)
    assert p.session_state["workshop"].token != first
    assert len(loaders.store().participants(code, key)[1]) == 2


def test_wrong_codes_are_throttled_per_client_and_logged(caplog) -> None:
    """Five wrong codes, then even the right one waits; each wrong code is logged."""
    loaders.join_throttle.clear()
    fac = routed_app()
    create(fac)
    code = fac.session_state["facilitator"].code
    p = routed_app()
    with caplog.at_level("WARNING", logger="wizard.workshop"):
        for _ in range(5):
            widget(p, "text_input", "w::join::code").set_value("WRONG9")
            widget(p, "text_input", "w::join::name").set_value("Eve")
            widget(p, "selectbox", "w::join::role::en").set_value("cio")
            [b for b in p.button if b.label == "Join the workshop"][0].click()
            run(p)
            assert any("No workshop has this code" in e.value for e in p.error)
    logged = [
        r.getMessage() for r in caplog.records if "wrong workshop code 'WRONG9'" in r.getMessage()
    ]
    assert len(logged) == 5 and "session:" in logged[-1] and "(5 from this session" in logged[-1]
    widget(p, "text_input", "w::join::code").set_value(code)
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    run(p)
    assert any("Too many wrong codes" in e.value for e in p.error), [e.value for e in p.error] + [
        s.value for s in p.success
    ]
    assert p.session_state["workshop"] is None
    loaders.join_throttle.clear()


def test_the_cap_is_set_at_creation_and_refuses_the_next_join() -> None:
    """The facilitator sets the cap on the create form; one more join is refused as full."""
    at = routed_app()
    widget(at, "number_input", "w::create::cap").set_value(1)
    create(at)
    code = at.session_state["facilitator"].code
    assert loaders.store().workshop(code).max_participants == 1
    _join(code, "One")
    late = _join(code, "Two")
    assert any("This workshop is full" in e.value for e in late.error)
    assert late.session_state["workshop"] is None


def test_the_facilitator_removes_a_participant_from_every_figure() -> None:
    """Manage participants: choose one, confirm, remove; the dashboard counts one fewer."""
    from tests.apptest import open_panel

    fac = routed_app()
    create(fac, blind=False)
    code = fac.session_state["facilitator"].code
    store = loaders.store()
    for name in ("Stay", "Go"):
        _, token = store.join(code, name, "cio")
        store.save(code, token, Q, {**PROFILE, **best_answers(Q)}, progress=6, submitted=True)
    run(fac)
    open_panel(fac, "manage")
    assert {m.label: m.value for m in fac.metric}["Participants"] == "2"
    gone = [
        p
        for p in store.participants(code, fac.session_state["facilitator"].key)[1]
        if p.name == "Go"
    ][0]
    widget(fac, "selectbox", "w::remove::who").set_value(gone.id)
    widget(fac, "checkbox", "w::remove::sure").set_value(True)
    [b for b in fac.button if b.label == "Remove"][0].click()
    run(fac)
    assert {m.label: m.value for m in fac.metric}["Participants"] == "1"
    names = [p.name for p in store.participants(code, fac.session_state["facilitator"].key)[1]]
    assert names == ["Stay"]


def test_probing_codes_through_links_and_the_open_form_tells_nothing(caplog) -> None:
    """Join links (?join=), participant links (?w=&p=) and the facilitator's open form: each
    wrong try is counted and logged; a wrong link or pair says the same whichever part is
    wrong (no code oracle), and the session's next code guess waits."""
    fac = routed_app()
    create(fac)
    code = fac.session_state["facilitator"].code
    p = routed_app(query={"join": "NOPE22"})
    with caplog.at_level("WARNING", logger="wizard.workshop"):
        for probe in ("NOPE33", code, "NOPE35", code):  # an unknown code, a real one
            p.query_params["w"], p.query_params["p"] = probe, "not-a-token"
            p.session_state["workshop"] = None
            run(p)
            assert p.session_state["workshop"] is None
            assert any("This participant link is not valid" in e.value for e in p.error)
        for probe in ("NOPE44", code):
            widget(p, "text_input", "w::open::code").set_value(probe)
            widget(p, "text_input", "w::open::key").set_value("k")
            [b for b in p.button if b.label == "Open dashboard"][0].click()
            run(p)
            errors = [e.value.replace("\\", "") for e in p.error]
            assert any("No workshop matches this code and facilitator key" in e for e in errors)
    assert sum("wrong workshop code" in r.getMessage() for r in caplog.records) >= 6
    assert "w" not in p.query_params and "p" not in p.query_params  # a bad link is tried once
    widget(p, "text_input", "w::join::code").set_value(code)
    widget(p, "text_input", "w::join::name").set_value("Probe")
    widget(p, "selectbox", "w::join::role::en").set_value("cio")
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    run(p)
    assert any("Too many wrong codes" in e.value for e in p.error)


def test_a_shared_computer_joins_someone_else_as_themselves() -> None:
    """The browser remembers Alice's participant; Bob types his own name on the same browser:
    he becomes a new participant, never Alice. The join link's hint asks for her name, since
    Join alone does not bring her answers back from the browser's cookie."""
    from wizard.ui.pages.workshop import participant

    fac = routed_app()
    create(fac)
    code = fac.session_state["facilitator"].code
    key = fac.session_state["facilitator"].key
    alice = _join(code, "Alice")
    token = alice.session_state["workshop"].token
    original = participant.browser_token
    participant.browser_token = lambda c: token if c == code else None  # Alice's cookie
    try:
        page = routed_app(query={"join": code})  # the join link again, on Alice's browser
        hint = [c.value for c in page.caption if "joined this workshop before" in c.value]
        assert hint and "type that name" in hint[0] and "Alice" in hint[0]
        [b for b in page.button if b.label == "Join the workshop"][0].click()
        run(page)  # Join alone, without her name, does not open Alice's answers
        assert page.session_state["workshop"] is None
        bob = _join(code, "Bob")
        assert bob.session_state["workshop"].token != token
        again = _join(code, "alice")  # Alice herself comes back to her answers
        assert again.session_state["workshop"].token == token
    finally:
        participant.browser_token = original
    names = sorted(x.name for x in loaders.store().participants(code, key)[1])
    assert names == ["Alice", "Bob"]


def test_the_cap_can_be_changed_and_removal_needs_a_fresh_confirmation() -> None:
    """The facilitator raises the cap from the dashboard (the presenter view shows it); after a
    removal the confirmation box is cleared, so the next Remove needs it ticked again."""
    from tests.apptest import open_panel

    fac = routed_app()
    widget(fac, "number_input", "w::create::cap").set_value(2)
    create(fac, blind=False)
    code = fac.session_state["facilitator"].code
    key = fac.session_state["facilitator"].key
    store = loaders.store()
    for name in ("A", "B"):
        store.join(code, name, "cio")
    assert _join(code, "C").session_state["workshop"] is None  # full
    run(fac)
    open_panel(fac, "manage")
    assert any("at most 2 participants" in c.value for c in fac.caption)
    widget(fac, "number_input", "w::cap::n").set_value(5)
    [b for b in fac.button if b.label == "Set the cap"][0].click()
    run(fac)
    assert store.workshop(code).max_participants == 5
    assert any("at most 5 participants" in c.value for c in fac.caption)
    assert _join(code, "C").session_state["workshop"] is not None
    people = store.participants(code, key)[1]
    labels = widget(fac, "selectbox", "w::remove::who").options
    assert all(label.startswith("#") for label in labels) and "of 7" in labels[0]
    widget(fac, "selectbox", "w::remove::who").set_value(people[0].id)
    widget(fac, "checkbox", "w::remove::sure").set_value(True)
    [b for b in fac.button if b.label == "Remove"][0].click()
    run(fac)
    assert widget(fac, "checkbox", "w::remove::sure").value is False
    widget(fac, "selectbox", "w::remove::who").set_value(people[1].id)
    [b for b in fac.button if b.label == "Remove"][0].click()
    run(fac)
    assert len(store.participants(code, key)[1]) == 2  # not removed without the tick
    assert any("tick the confirmation" in e.value for e in fac.error)


def test_a_removed_participant_is_told_and_the_page_stops_claiming_to_save() -> None:
    """The facilitator removes someone mid-assessment: their next answer says it could not be
    saved, the link leaves the URL and the page no longer says answers go to the workshop."""
    fac = routed_app()
    create(fac)
    code = fac.session_state["facilitator"].code
    key = fac.session_state["facilitator"].key
    p = _join(code)
    go(p, "assessment")
    _answer(p, "sector", "finance")
    me = loaders.store().participants(code, key)[1][0]
    loaders.store().remove_participant(code, key, me.id)
    _answer(p, "size", "lt250")
    assert any("not valid for this workshop" in e.value for e in p.error)
    assert p.session_state["workshop"] is None and "w" not in p.query_params
    assert not any(f"Workshop {code}" in c.value for c in p.caption)
    assert p.session_state["answers"]["size"] == "lt250"  # kept on the page


def test_the_dashboard_shows_what_moved_since_the_previous_workshop() -> None:
    """Linking an earlier workshop by its code and key adds a "Since the previous workshop"
    section with both rooms and the changed answers."""
    from tests.apptest import open_panel

    store = loaders.store()
    spring = store.create_workshop("Spring", Q, "balanced", anonymous=True, blind=False)
    for _ in range(2):
        _, token = store.join(spring.code, "", "cio")
        store.save(
            spring.code,
            token,
            Q,
            {**PROFILE, **best_answers(Q), "sec_redteam": "no"},
            progress=6,
            submitted=True,
        )
    fac = routed_app()
    create(fac, blind=False)
    code = fac.session_state["facilitator"].code
    for name in ("Ann", "Ben"):
        _, token = store.join(code, name, "cio")
        store.save(code, token, Q, {**PROFILE, **best_answers(Q)}, progress=6, submitted=True)
    run(fac)
    open_panel(fac, "manage")
    widget(fac, "text_input", "w::link::code").set_value(spring.code)
    widget(fac, "text_input", "w::link::key").set_value(spring.key)
    [b for b in fac.button if b.label == "Compare"][0].click()
    run(fac)
    assert any(
        "Since the previous workshop: Spring" in m.value.replace("\\", "") for m in fac.markdown
    )
    tables = [d.value for d in fac.dataframe]
    assert any(list(t.iloc[:, 0]) == ["Spring", "Strategy day"] for t in tables)
    assert any("prompt injection" in str(t.iloc[0, 0]) for t in tables if len(t.columns) == 4)

    def spring_row() -> list:
        table = next(
            d.value for d in fac.dataframe if list(d.value.iloc[:, 0]) == ["Spring", "Strategy day"]
        )
        return list(table.iloc[0])

    before = spring_row()
    # the earlier room changes (someone removed, another answer): this dashboard follows, though
    # nothing moved in this workshop (its analysis is cached by both rooms' revisions)
    _, people = store.all_participants(spring.code)
    store.remove_participant(spring.code, spring.key, people[0].id)
    _, token = store.join(spring.code, "", "cio")
    store.save(spring.code, token, Q, {**PROFILE, **worst_answers(Q)}, progress=6, submitted=True)
    run(fac)
    assert spring_row() != before


def test_dashboard_refresh_reloads_nothing_until_the_revision_moves(monkeypatch) -> None:
    """Auto-refresh with nothing new reads no answers and analyses nothing; a second facilitator
    session (the projector) reuses the first one's analysis; a new answer is shown at once."""
    fac = routed_app()
    create(fac, blind=False)
    code = fac.session_state["facilitator"].code
    key = fac.session_state["facilitator"].key
    store = loaders.store()
    for name, answers in (("Lin", best_answers(Q)), ("Wu", worst_answers(Q))):
        _, token = store.join(code, name, "cio")
        store.save(code, token, Q, {**PROFILE, **answers}, progress=6, submitted=True)
    reads = []
    real = type(store).participants
    monkeypatch.setattr(
        type(store),
        "participants",
        lambda self, *a, **k: reads.append(a) or real(self, *a, **k),
    )
    cache = loaders.dashboard_cache()
    run(fac)
    builds, loaded = cache.builds, len(reads)
    assert {m.label: m.value for m in fac.metric}["Participants"] == "2"
    for _ in range(3):  # what every auto-refresh does when nobody answered meanwhile
        run(fac)
    assert len(reads) == loaded and cache.builds == builds
    projector = routed_app()
    projector.session_state["__page"] = "workshop"
    projector.session_state["facilitator"] = FacilitatorSession(code, key)
    run(projector)
    assert len(reads) == loaded and cache.builds == builds
    assert {m.label: m.value for m in projector.metric}["Finished"] == "2 of 2"
    _, token = store.join(code, "Chen", "cfo")
    store.save(code, token, Q, {**PROFILE, **best_answers(Q)}, progress=6, submitted=True)
    run(fac)
    assert len(reads) == loaded + 1 and cache.builds > builds
    assert {m.label: m.value for m in fac.metric}["Finished"] == "3 of 3"
    run(projector)
    assert len(reads) == loaded + 1
    assert {m.label: m.value for m in projector.metric}["Finished"] == "3 of 3"


def test_start_over_in_a_workshop_says_so_and_resets_the_room_s_figures() -> None:
    """A participant two steps in with a gut call starts over: the confirmation says the
    workshop's copy goes too, and the store then holds no answers, step 0 and no gut call (the
    dashboard showed them "at step 7 of 7" with nothing answered)."""
    code, token, p = _participant_on_the_steps()
    answer_step(p, Q, "profile", {k: v for k, v in PROFILE.items() if k != "role"})
    click(p, "nav_next")
    p.session_state["gut_call"] = "act_now"
    run(p)
    store = loaders.store()
    before = store.me(code, token)
    assert before.progress == 1 and before.gut_call == "act_now" and before.answers
    p = AppTest.from_file(APP, default_timeout=TIMEOUT)  # the whole app: the sidebar has it
    p.query_params["w"], p.query_params["p"] = code, token
    run(p)
    assert p.session_state["step"] == 1
    click(p, "start_over")
    assert any("in the workshop" in w.value for w in p.warning)
    click(p, "start_over_yes")
    after = store.me(code, token)
    assert after.answers == {} and after.progress == 0 and after.gut_call is None
    assert p.session_state["answers"] == {} and p.session_state["step"] == 0
    _answer(p, "sector", "retail")  # saving goes on as usual afterwards
    assert store.me(code, token).answers == {"sector": "retail"}


def test_results_say_who_set_the_weight_profile() -> None:
    """A participant's results name the profile as the facilitator's; only self-service says it
    was chosen on the Review step (a participant is never offered that choice)."""
    from wizard.steps import results_index

    fac = routed_app()
    create(fac, blind=False)
    code = fac.session_state["facilitator"].code
    texts = {}
    for who in ("participant", "self"):
        p = routed_app(page="assessment")
        if who == "participant":
            p.session_state["workshop"] = WorkshopLink(
                code, loaders.store().join(code, "D", "cio")[1]
            )
        p.session_state["answers"] = {**PROFILE, **best_answers(Q)}
        p.session_state["step"] = results_index(Q)
        run(p)
        texts[who] = "\n".join(m.value for m in p.markdown)
    assert "set by the workshop's facilitator" in texts["participant"]
    assert "chosen on the Review step" not in texts["participant"]
    assert "chosen on the Review step" in texts["self"]


def test_a_stale_tab_takes_the_gut_call_another_tab_saved() -> None:
    """Laptop and phone sit on Review; the laptop gives the gut call, the phone (stale) then
    edits an answer: the phone shows the laptop's call and saving it keeps it (the walk found
    the phone still showing none, which looked as if the call were lost)."""
    from wizard.steps import review_index

    fac = routed_app()
    create(fac)
    code = fac.session_state["facilitator"].code
    token = _join(code).session_state["workshop"].token
    store = loaders.store()
    store.save(code, token, Q, {**PROFILE, **best_answers(Q)}, progress=review_index(Q))
    laptop = routed_app(page="assessment", query={"w": code, "p": token})
    phone = routed_app(page="assessment", query={"w": code, "p": token})
    assert laptop.session_state["step"] == phone.session_state["step"] == review_index(Q)
    widget(laptop, "radio", "w::gut::en").set_value("act_now")
    run(laptop)
    assert store.me(code, token).gut_call == "act_now"
    assert widget(phone, "radio", "w::gut::en").value is None  # drawn before the laptop's call
    click(phone, "edit::profile")
    _answer(phone, "sector", "retail")  # a stale save: the laptop saved in between
    assert phone.session_state["gut_call"] == "act_now"
    assert any("another tab" in i.value for i in phone.info)
    phone.session_state["step"] = review_index(Q)
    run(phone)
    assert widget(phone, "radio", "w::gut::en").value == "act_now"
    me = store.me(code, token)
    assert me.gut_call == "act_now" and me.answers["sector"] == "retail"


def test_joining_a_workshop_starts_without_ratings_made_in_another() -> None:
    """Ratings of another room's cases are not carried into this one, where every save of them
    would be refused."""
    fac = routed_app()
    create(fac)
    code = fac.session_state["facilitator"].code
    p = routed_app(query={"join": code})
    p.session_state["use_case_ratings"] = {"other-room-case": {"value": 5, "feasibility": 5}}
    widget(p, "text_input", "w::join::name").set_value("Grace")
    widget(p, "selectbox", "w::join::role::en").set_value("cfo")
    [b for b in p.button if b.label == "Join the workshop"][0].click()
    run(p)
    assert p.session_state["workshop"] is not None
    assert p.session_state["use_case_ratings"] == {}


def test_an_answers_file_opened_in_a_workshop_keeps_the_rooms_profile_and_name() -> None:
    """Everyone in a room scores under the facilitator's weight profile: a file saved under
    another profile loads its answers, says the profile stays, and changes neither it nor
    the participant's name."""
    code, token, _ = _participant_on_the_steps()
    p = AppTest.from_file(APP, default_timeout=TIMEOUT)  # the real app, sidebar included
    p.query_params.update({"w": code, "p": token})
    run(p)
    assert p.session_state["workshop"] is not None
    profile = p.session_state["profile_id"]
    data = (FIXTURES / "answers-tw-hospital-llama.yaml").read_bytes()
    assert b"weights: regulated" in data and profile != "regulated"
    p.get("file_uploader")[0].upload("hospital.yaml", data, "application/x-yaml")
    run(p)
    assert not p.exception, p.exception
    assert p.session_state["profile_id"] == profile
    assert p.session_state["respondent"]["name"] == "Grace"
    assert p.session_state["answers"]["sector"] == "healthcare"
    assert any("facilitator's profile" in str(w.value) for w in p.warning)

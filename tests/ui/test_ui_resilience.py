"""The wizard keeps its place: language switches, refused values, crashes, clean answers.

AppTest drives the real app; the callbacks' boundary checks are also called directly.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, TIMEOUT, click, has_widget, new_app, routed_app, run, widget
from tests.conftest import FIXTURES, best_answers
from tests.samples import CATALOG, Q
from tests.strategies import answer_sets
from wizard.answers import UNKNOWN, load_answers, make_answers_file
from wizard.scoring import visible_ids
from wizard.ui import loaders
from wizard.ui import state as ui_state

PROFILE = {
    "sector": "finance",
    "jurisdictions": ["tw"],
    "body_type": ["private"],
    "models": ["open-weights"],
    "size": "250-1000",
    "role": "cio",
}


def steps() -> list[str]:
    """The question steps in order."""
    return ["profile", *Q.dimension_ids]


def shown_values(at, step: str, lang: str) -> dict:
    """What the widgets of ``step`` show, by question id (option ids, as the widgets hold)."""
    out = {}
    for question in Q.questions_of(step):
        key = f"q::{lang}::{question.id}"
        kind = "radio" if question.type == "single" else "multiselect"
        if has_widget(at, kind, key):
            value = widget(at, kind, key).value
            unknown = f"{key}::unknown"
            if has_widget(at, "checkbox", unknown) and widget(at, "checkbox", unknown).value:
                value = UNKNOWN
            out[question.id] = value
    return out


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    answers=answer_sets(Q, allow_missing=False), step=hs.deferred(lambda: hs.sampled_from(steps()))
)
def test_language_switch_on_any_step_keeps_every_answer(answers, step) -> None:
    """On any step, switching language (and back) leaves the answers as option ids, the
    widgets show the same choices in the new language, and the result is unchanged."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["answers"] = dict(answers)
    at.session_state["step"] = steps().index(step)
    run(at)
    shown = visible_ids(Q, answers)
    expected = {
        x.id: answers[x.id] for x in Q.questions_of(step) if x.id in shown and x.id in answers
    }
    assert shown_values(at, step, "en") == expected
    widget(at, "radio", "w::lang").set_value("zh-TW")
    run(at)
    assert at.session_state["answers"] == answers
    assert shown_values(at, step, "zh-TW") == expected
    widget(at, "radio", "w::lang").set_value("en")
    run(at)
    assert at.session_state["answers"] == answers
    at.session_state["step"] = len(steps()) + 1  # results
    run(at)
    from wizard.guidance import advise
    from wizard.words.verdict import decision_label

    # the page's verdict: the scores and any blocker the watchlist derives
    label = decision_label(advise(CATALOG, Q, CATALOG.profile("balanced"), answers).result, "en")
    assert any(m.value.endswith(f": {label}") for m in at.markdown if m.value.startswith("## "))


class FakeStreamlit:
    """Stands in for ``streamlit`` in the state module: a plain dict as session state."""

    def __init__(self, values: dict) -> None:
        self.session_state = {"answers": {}, "notice": None, "question_messages": {}, **values}


@pytest.mark.parametrize(
    ("kind", "value"),
    [("single", "Internal non-personal data"), ("single", "內部"), ("multi", ["Vendor API"])],
)
def test_values_that_are_not_option_ids_are_refused(monkeypatch, kind, value) -> None:
    """A display label (or anything else) reaching a callback is never stored as an answer."""
    question = Q.questions_by_id["sec_data_class" if kind == "single" else "sec_route"]
    fake = FakeStreamlit({f"q::en::{question.id}": value})
    import sys

    for part in ("answers", "navigation", "notices", "session"):  # the state package's parts
        monkeypatch.setattr(sys.modules[f"wizard.ui.state.{part}"], "st", fake)
    (ui_state.copy_single if kind == "single" else ui_state.copy_multi)(question, "en")
    assert question.id not in fake.session_state["answers"]
    assert fake.session_state["question_messages"] == {question.id: "refused"}
    assert f"q::en::{question.id}" not in fake.session_state  # the widget is seeded anew


def test_exclusive_options_stand_alone_and_the_widget_says_so() -> None:
    """Choosing "None yet" beside "Vendor API" keeps the newest choice and explains why."""
    at = new_app()
    at.session_state["answers"] = dict(PROFILE)
    at.session_state["step"] = 1
    run(at)
    route = widget(at, "multiselect", "q::en::sec_route")
    route.set_value(["vendor-api"])
    run(at)
    widget(at, "multiselect", "q::en::sec_route").set_value(["vendor-api", "none"])
    run(at)
    assert at.session_state["answers"]["sec_route"] == ["none"]
    assert widget(at, "multiselect", "q::en::sec_route").value == ["none"]
    assert any("cannot be combined" in w.value for w in at.warning)
    widget(at, "multiselect", "q::en::sec_route").set_value(["none", "self-hosted"])
    run(at)
    assert at.session_state["answers"]["sec_route"] == ["self-hosted"]
    assert any("cannot be combined" in w.value for w in at.warning)  # "None yet" was dropped
    widget(at, "multiselect", "q::en::sec_route").set_value(["self-hosted", "vendor-api"])
    run(at)
    assert at.session_state["answers"]["sec_route"] == ["self-hosted", "vendor-api"]
    assert not any("cannot be combined" in w.value for w in at.warning)


def test_an_answers_file_with_an_exclusive_option_and_others_is_refused() -> None:
    """The answers file contract: "none" with another option is an error naming the key."""
    text = (
        "schema_version: 1\nquestionnaire: genai-readiness\nquestionnaire_version: '1.0'\n"
        "answers: {sec_route: [none, vendor-api]}\n"
    )
    with pytest.raises(Exception, match=r"answers.sec_route: 'none' cannot be combined"):
        load_answers(text, Q)


def test_answers_hidden_by_branching_leave_the_answers_file() -> None:
    """A DPIA answer given while the data was personal is dropped once the data is public."""
    answers = {**PROFILE, "sec_data_class": "personal", "sec_dpia": "done"}
    assert "sec_dpia" in make_answers_file(Q, answers, language="en", weights="balanced").answers
    answers["sec_data_class"] = "public"
    doc = make_answers_file(Q, answers, language="en", weights="balanced")
    assert "sec_dpia" not in doc.answers and doc.answers["sec_data_class"] == "public"


@pytest.mark.parametrize("where", ["review", "results"])
def test_an_unexpected_error_shows_a_short_message_and_keeps_navigation(monkeypatch, where) -> None:
    """A crash inside a step: a short message in the user's language, Back still there, no
    traceback, file path or exception text on the page."""
    import importlib

    assessment = importlib.import_module("wizard.ui.pages.assessment")
    results = importlib.import_module("wizard.ui.pages.assessment.results")

    def boom(*_args, **_kwargs):
        raise RuntimeError("/srv/secret/wizard/module.py exploded")

    if where == "review":
        monkeypatch.setattr(assessment, "render_review", boom)
    else:
        monkeypatch.setattr(results, "render_decision", boom)
    for lang, message in (("en", "Something went wrong"), ("zh-TW", "發生問題")):
        at = new_app()
        at.session_state["lang"] = lang
        at.session_state["answers"] = {**PROFILE, **best_answers(Q)}
        at.session_state["step"] = len(steps()) + (0 if where == "review" else 1)
        run(at)
        assert not at.exception
        assert any(message in e.value for e in at.error)
        page = "\n".join(
            str(e.value)
            for kind in ("markdown", "error", "warning", "info", "caption", "code", "text")
            for e in getattr(at, kind)
        )
        assert "exploded" not in page and ".py" not in page and "Traceback" not in page
        assert has_widget(at, "button", "nav_back")


def test_start_over_asks_first_then_clears_the_answers() -> None:
    """Start over needs a confirmation; Cancel keeps everything, Yes clears the answers."""
    at = new_app()
    at.session_state["answers"] = {**PROFILE, "sec_data_class": "internal"}
    at.session_state["step"] = 2
    run(at)
    click(at, "start_over")
    assert at.session_state["answers"]["sec_data_class"] == "internal"
    click(at, "start_over_no")
    assert at.session_state["step"] == 2 and at.session_state["answers"]
    click(at, "start_over")
    click(at, "start_over_yes")
    assert at.session_state["answers"] == {} and at.session_state["step"] == 0
    assert widget(at, "radio", "q::en::sector").value is None


def test_the_weight_profile_is_chosen_on_review_and_named_on_the_verdict() -> None:
    """Review offers every profile with its description; the verdict names the one chosen."""
    at = new_app()
    at.session_state["answers"] = {**PROFILE, **best_answers(Q)}
    at.session_state["step"] = len(steps())
    run(at)
    choice = widget(at, "radio", "w::profile::en")
    assert sorted(choice.options) == sorted(p.title.get("en") for p in CATALOG.weights.values())
    choice.set_value("regulated")
    run(at)
    click(at, "nav_next")
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "**Regulated (public sector, finance, healthcare)**" in shown


def test_joining_needs_a_role_and_the_role_box_follows_the_language(tmp_path, monkeypatch):
    """No silent CIO default: joining without a role is refused; the role box is relabelled
    after a language switch."""
    monkeypatch.setenv("WIZARD_DATABASE_URL", f"sqlite:///{tmp_path / 'ws.db'}")
    try:
        store = loaders.store()
        created = store.create_workshop("Day", Q, "balanced", anonymous=True, blind=False)
        p = routed_app(query={"join": created.code})
        assert widget(p, "selectbox", "w::join::role::en").value is None
        [b for b in p.button if b.label == "Join the workshop"][0].click()
        run(p)
        assert p.session_state["workshop"] is None
        assert any("choose your role" in e.value for e in p.error)
        p.session_state["lang"] = "zh-TW"
        run(p)
        role = widget(p, "selectbox", "w::join::role::zh-TW")
        assert "財務長／財務" in role.options and role.label == "您的職務"
    finally:
        loaders.store().dispose()


def test_upload_errors_speak_the_users_language() -> None:
    """A rejected upload in 繁體中文 explains itself in Chinese, with no programmer words."""
    at = new_app()
    widget(at, "radio", "w::lang").set_value("zh-TW")
    run(at)
    at.get("file_uploader")[0].upload("empty.yaml", b"", "application/x-yaml")
    run(at)
    error = at.error[0].value.replace("\\", "")
    assert "答案檔格式" in error and "此檔案內容為空白" in error
    assert "NoneType" not in error and "got" not in error


def test_an_upload_keeps_the_language_the_user_chose() -> None:
    """A file saved in English, uploaded by someone working in 繁體中文, loads in Chinese."""
    at = new_app()
    widget(at, "radio", "w::lang").set_value("zh-TW")
    run(at)
    data = (FIXTURES / "answers-tw-hospital-llama.yaml").read_bytes()
    assert b"language: en" in data
    at.get("file_uploader")[0].upload("hospital.yaml", data, "application/x-yaml")
    run(at)
    assert at.session_state["lang"] == "zh-TW"
    assert "已載入 37 個答案" in at.success[0].value
    assert at.session_state["answers"]["sector"] == "healthcare"


def test_the_language_survives_a_reload() -> None:
    """Switching language puts it in the URL; a new session on that URL starts in it."""
    at = new_app()
    widget(at, "radio", "w::lang").set_value("zh-TW")
    run(at)
    assert at.query_params["lang"] in (["zh-TW"], "zh-TW")
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.query_params["lang"] = "zh-TW"
    run(again)
    assert again.session_state["lang"] == "zh-TW"
    assert widget(again, "button", "nav_next").label == "下一步"
    odd = AppTest.from_file(APP, default_timeout=TIMEOUT)
    odd.query_params["lang"] = "xx"
    run(odd)
    assert odd.session_state["lang"] == "en"  # an unknown language is ignored


def test_self_service_answers_are_kept_behind_a_private_link_that_can_be_deleted() -> None:
    """Self-service: the first answer creates a private resume link in the URL; a new session
    on that link has the answers; switching it off deletes the stored copy and the link."""
    from tests.apptest import routed_app
    from wizard.ui import loaders

    at = routed_app(page="assessment")
    assert any("From your first answer" in c.value for c in at.caption)
    widget(at, "radio", "q::en::sector").set_value("finance")
    run(at)
    token = at.query_params["r"]
    token = token[0] if isinstance(token, list) else token
    assert loaders.store().resume_load(token).answers == {"sector": "finance"}
    assert any("private resume link" in c.value for c in at.caption)
    again = routed_app(page="assessment", query={"r": token})
    assert again.session_state["answers"] == {"sector": "finance"}
    widget(again, "toggle", "w::resume::en").set_value(False)
    run(again)
    assert "r" not in again.query_params
    assert any("only in this browser tab" in c.value for c in again.caption)
    assert again.session_state["answers"] == {"sector": "finance"}  # kept on the page
    import pytest

    from wizard.errors import WizardError

    with pytest.raises(WizardError):
        loaders.store().resume_load(token)
    widget(again, "radio", "q::en::size").set_value("lt250")
    run(again)
    assert "r" not in again.query_params  # off stays off


def test_a_resume_link_deleted_elsewhere_is_let_go_with_a_clear_message() -> None:
    """Switched off on another device: this tab's next answer says the link is gone, the page
    says answers are only in this tab, and the dead link leaves the URL."""
    from tests.apptest import routed_app
    from wizard.ui import loaders

    at = routed_app(page="assessment")
    widget(at, "radio", "q::en::sector").set_value("finance")
    run(at)
    token = at.query_params["r"]
    token = token[0] if isinstance(token, list) else token
    loaders.store().resume_delete(token)
    widget(at, "radio", "q::en::size").set_value("lt250")
    run(at)
    assert any("This resume link is not valid" in e.value for e in at.error)
    assert "r" not in at.query_params
    assert any("only in this browser tab" in c.value for c in at.caption)
    assert at.session_state["answers"] == {"sector": "finance", "size": "lt250"}

"""The wizard pages through AppTest: steps, answers kept, branching, languages, uploads, weights."""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.apptest import (
    APP,
    TIMEOUT,
    answer_step,
    click,
    has_widget,
    media,  # noqa: F401 - fixture
    new_app,
    open_tab,
    open_weights,
    run,
    walk_to_results,
    widget,
)
from tests.conftest import FIXTURES, best_answers, worst_answers
from tests.samples import Q

ROOT = Path(__file__).resolve().parents[2]
PROFILE = {
    "sector": "finance",
    "jurisdictions": ["it", "tw"],
    "body_type": ["private"],
    "models": ["open-weights"],
    "size": "250-1000",
    "role": "cio",
}


def best() -> dict:
    """The best answers with a filled profile."""
    return {**best_answers(Q), **PROFILE}


def texts(at, kind: str = "markdown") -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def test_first_step_shows_progress_and_every_profile_question() -> None:
    """Step 1 of 7 with a progress bar, and each profile question with its help (the region
    questions only once their country is chosen)."""
    at = new_app()
    assert at.session_state["step"] == 0
    assert "Step 1 of 7: Profile" in at.get("progress")[0].proto.text
    assert not any(w.key == "q::en::regions_au" for w in at.multiselect)
    widget(at, "multiselect", "q::en::jurisdictions").set_value(["au", "jp", "dk"])
    run(at)
    for question in Q.questions_of("profile"):
        kind = "radio" if question.type == "single" else "multiselect"
        w = widget(at, kind, f"q::en::{question.id}")
        assert question.text.get("en") in w.label
        assert question.help.get("en") in w.help


def test_next_is_blocked_until_required_questions_are_answered() -> None:
    """Next names the open questions and stays on the step; answering them lets it through."""
    at = new_app()
    click(at, "nav_next")
    assert at.session_state["step"] == 0
    error = at.error[0].value
    assert "Please answer the questions still open on this step (6)" in error
    assert "Which sector is your organisation in?" in error
    assert "What kind of body is your organisation?" in error
    widget(at, "radio", "q::en::sector").set_value("finance")
    run(at)
    assert not at.error  # the message goes once an answer changes
    click(at, "nav_next")
    assert at.session_state["step"] == 0 and "still open on this step (5)" in at.error[0].value
    answer_step(at, Q, "profile", {k: v for k, v in PROFILE.items() if k != "sector"})
    click(at, "nav_next")
    assert at.session_state["step"] == 1


def test_back_and_next_keep_every_answer() -> None:
    """Answers survive leaving a step, whose widgets then are not rendered, and coming back."""
    at = new_app()
    answer_step(at, Q, "profile", PROFILE)
    click(at, "nav_next")
    widget(at, "radio", "q::en::sec_data_class").set_value("internal")
    widget(at, "multiselect", "q::en::sec_controls").set_value(["logging", "dlp"])
    run(at)
    click(at, "nav_back")
    assert at.session_state["step"] == 0
    assert widget(at, "radio", "q::en::sector").value == "finance"
    assert widget(at, "multiselect", "q::en::jurisdictions").value == ["it", "tw"]
    click(at, "nav_next")
    assert widget(at, "radio", "q::en::sec_data_class").value == "internal"
    assert widget(at, "multiselect", "q::en::sec_controls").value == ["logging", "dlp"]
    answers = at.session_state["answers"]
    assert answers["sector"] == "finance" and answers["sec_controls"] == ["logging", "dlp"]


def test_show_if_questions_appear_and_disappear() -> None:
    """The DPIA question shows only for personal or regulated data, and keeps its answer."""
    at = new_app()
    at.session_state["answers"] = dict(PROFILE)
    at.session_state["step"] = 1
    run(at)
    assert not has_widget(at, "radio", "q::en::sec_dpia")
    widget(at, "radio", "q::en::sec_data_class").set_value("personal")
    run(at)
    widget(at, "radio", "q::en::sec_dpia").set_value("scheduled")
    run(at)
    widget(at, "radio", "q::en::sec_data_class").set_value("public")
    run(at)
    assert not has_widget(at, "radio", "q::en::sec_dpia")
    widget(at, "radio", "q::en::sec_data_class").set_value("regulated")
    run(at)
    assert widget(at, "radio", "q::en::sec_dpia").value == "scheduled"


def test_dont_know_on_a_multi_question() -> None:
    """The "don't know" box stores unknown and disables the choice list."""
    at = new_app()
    at.session_state["answers"] = dict(PROFILE)
    at.session_state["step"] = 1
    run(at)
    widget(at, "checkbox", "q::en::sec_controls::unknown").check()
    run(at)
    assert at.session_state["answers"]["sec_controls"] == "unknown"
    assert widget(at, "multiselect", "q::en::sec_controls").disabled


def test_language_switch_mid_way_keeps_answers() -> None:
    """Switching to 繁體中文 on step 2 changes every label and keeps the answers."""
    at = new_app()
    at.session_state["answers"] = {**PROFILE, "sec_data_class": "internal"}
    at.session_state["step"] = 1
    run(at)
    widget(at, "radio", "w::lang").set_value("zh-TW")
    run(at)
    sec = widget(at, "radio", "q::zh-TW::sec_data_class")
    assert sec.value == "internal"
    assert "首批生成式 AI 應用情境" in sec.label
    assert "內部非個人資料（作業程序、程式碼、手冊）" in sec.options
    assert "第 2 步，共 7 步：資訊安全" in at.get("progress")[0].proto.text
    assert widget(at, "button", "nav_next").label == "下一步"
    click(at, "nav_back")
    assert widget(at, "radio", "q::zh-TW::sector").value == "finance"
    assert at.session_state["answers"]["sec_data_class"] == "internal"


@pytest.mark.parametrize(
    ("lang", "decision", "header", "phase"),
    [
        ("en", "Act now", "Phase", "0-30 days: foundations"),
        ("zh-TW", "立即行動", "階段", "0–30 天：奠定基礎"),
    ],
)
def test_whole_path_to_the_csv(media, lang, decision, header, phase) -> None:  # noqa: F811
    """From step 1 to the roadmap CSV, in each language; the CSV holds the shown roadmap."""
    at = new_app()
    if lang != "en":
        widget(at, "radio", "w::lang").set_value(lang)
        run(at)
    walk_to_results(at, Q, best())
    assert decision in texts(at)
    # the Garante's order concerns every sector, named in the page's own language
    assert ("Italy" if lang == "en" else "義大利") in texts(at)
    assert len(at.get("vega_lite_chart")) == 2  # dimensions, contribution: the open tab only
    open_tab(at, 4, lang)
    assert len(at.get("vega_lite_chart")) == 1  # the timeline
    data = media.download(at, "dl::roadmap")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == header and len(rows[0]) == 11  # the last: use_case
    assert rows[1][0] == phase
    assert all(r[1].isdigit() and r[2].isdigit() for r in rows[1:])
    shown = at.dataframe[-1].value
    assert len(shown) == len(rows) - 1
    saved = yaml.safe_load(media.download(at, "dl::answers::results").decode("utf-8"))
    assert saved["answers"]["sector"] == "finance" and saved["language"] == lang


def test_worst_answers_wait_with_reasons() -> None:
    """All-worst answers give wait, with every blocker and failed floor named."""
    at = new_app()
    at.session_state["answers"] = {**worst_answers(Q), **PROFILE}
    at.session_state["step"] = 6
    run(at)
    body = texts(at)
    assert "Wait" in body
    blockers = "\n".join(e.value.replace("\\", "") for e in at.error)  # their own box, up top
    assert "Blocker: A government restriction covers the route you intend to use." in blockers
    assert "below its floor" in body


def test_upload_of_a_good_file_resumes(media) -> None:  # noqa: F811
    """A saved answers file replaces the answers, sets its language and jumps to review."""
    at = new_app()
    data = (FIXTURES / "answers-tw-hospital-llama.yaml").read_bytes()
    at.get("file_uploader")[0].upload("hospital.yaml", data, "application/x-yaml")
    run(at)
    assert at.session_state["step"] == 5  # review
    assert at.session_state["answers"]["sector"] == "healthcare"
    assert at.session_state["profile_id"] == "regulated"
    assert "Loaded 37 answers" in at.success[0].value
    click(at, "nav_next")
    assert "Act now" in texts(at)


def test_an_older_file_loads_and_names_the_questions_added_since(media) -> None:  # noqa: F811
    """A file saved before the body-type and model questions existed loads, with a note."""
    at = new_app()
    data = (FIXTURES / "answers-taiwan-bank.yaml").read_bytes()
    assert b'questionnaire_version: "1.0"' in data
    at.get("file_uploader")[0].upload("bank.yaml", data, "application/x-yaml")
    run(at)
    assert at.session_state["step"] == 5  # review
    assert at.session_state["answers"]["sector"] == "finance"
    note = at.warning[0].value
    assert "Loaded 35 answers" in note and "questionnaire version 1" in note
    assert "What kind of body is your organisation?" in note
    assert "Which models do you intend to use?" in note
    assert not at.error


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bomb.yaml", b"a: &a [x]\nb: *a\n", "anchors and aliases are not allowed"),
        ("evil.yaml", b"x: !!python/object/apply:os.system ['id']\n", "tags such as !!python"),
        (
            "other.yaml",
            b"schema_version: 1\nquestionnaire: other\nquestionnaire_version: '1'\n",
            "questionnaire: must be 'genai-readiness'",
        ),
        (
            "ids.yaml",
            b"schema_version: 1\nquestionnaire: genai-readiness\nquestionnaire_version: "
            b"'1.0'\nanswers: {sec_redteam: '=cmd', mood: happy}\n",
            "answers.mood",
        ),
        ("[link](http://x).yaml", b"- just\n- a list\n", "must be an answers file"),
        (
            "url.yaml",
            b"schema_version: 1\nquestionnaire: genai-readiness\nquestionnaire_version: "
            b"'1.0'\nanswers: {sec_redteam: 'https://evil.example/login'}\n",
            "answers.sec_redteam",
        ),
    ],
)
def test_bad_upload_explains_and_keeps_answers(name, content, expected) -> None:
    """A rejected file says what is wrong and leaves the current answers and step untouched."""
    at = new_app()
    at.session_state["answers"] = {**PROFILE, "sec_data_class": "internal"}
    at.session_state["step"] = 1
    run(at)
    at.get("file_uploader")[0].upload(name, content, "application/x-yaml")
    run(at)
    raw = at.error[0].value
    assert "](http" not in raw  # the file name is shown literally, never as a link
    if name == "url.yaml":  # a URL quoted from the file: a word joiner keeps it from linking
        assert "https\u2060" in raw and "https:" not in raw.replace("\u2060", "_")
    error = raw.replace("\\", "")  # Markdown escapes, invisible on the page
    assert expected in error
    assert "Your current answers are unchanged." in error
    assert at.session_state["answers"] == {**PROFILE, "sec_data_class": "internal"}
    assert at.session_state["step"] == 1


def test_custom_weights_flip_the_decision_and_download(media) -> None:  # noqa: F811
    """Lowering the regulated threshold to 60 turns wait into act now, as a custom profile."""
    at = new_app()
    answers = yaml.safe_load((FIXTURES / "answers-taiwan-bank.yaml").read_text("utf-8"))
    at.session_state["answers"] = answers["answers"]
    at.session_state["profile_id"] = "regulated"
    at.session_state["step"] = 6
    run(at)
    assert not at.slider  # the weights panel starts closed and draws nothing
    open_weights(at)
    assert "## :material/hourglass_top: Wait" in texts(at)  # 64.5 < 65
    widget(at, "slider", "w::weight::threshold").set_value(60)
    run(at)
    assert "## :material/rocket_launch: Act now" in texts(at)
    shown = texts(at).replace("\\", "")  # Markdown escapes of the profile title
    assert "**Regulated (public sector, finance, healthcare) (custom)**" in shown
    profile = yaml.safe_load(media.download(at, "dl::profile").decode("utf-8"))
    assert profile["threshold"] == 60 and profile["title"]["zh-TW"].endswith("（自訂）")
    assert profile["floors"] == {"security": 55, "ethics": 50, "budget": 30}
    widget(at, "slider", "w::weight::urgency").set_value(0)
    widget(at, "slider", "w::weight::security").set_value(100)
    run(at)
    assert at.session_state["custom_weights"]["dimension_weights"]["urgency"] == 0
    click(at, "weights_reset")
    assert at.session_state["custom_weights"] is None
    assert widget(at, "slider", "w::weight::threshold").value == 65


def test_choosing_another_profile_changes_the_result() -> None:
    """Speed-first says act now for the bank; regulated (threshold 65) says wait."""
    at = new_app()
    answers = yaml.safe_load((FIXTURES / "answers-taiwan-bank.yaml").read_text("utf-8"))
    at.session_state["answers"] = answers["answers"]
    at.session_state["step"] = 6
    widget_key = "w::profile::en"
    run(at)
    open_weights(at)
    widget(at, "selectbox", widget_key).set_value("speed-first")
    run(at)
    assert "Act now" in texts(at)
    widget(at, "selectbox", widget_key).set_value("regulated")
    run(at)
    assert "## :material/hourglass_top: Wait" in texts(at)


def test_the_chosen_profile_is_kept_in_the_link_and_survives_a_reload() -> None:
    at = new_app()
    at.session_state["step"] = 6
    run(at)
    open_weights(at)
    widget(at, "selectbox", "w::profile::en").set_value("regulated")
    run(at)
    assert at.query_params["weights"] in ("regulated", ["regulated"])
    # a reload: a new session from the same address starts on the chosen profile
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.query_params["weights"] = "regulated"
    again.run()
    assert again.session_state["profile_id"] == "regulated"
    # an address naming no shipped profile starts on the default, and says nothing odd
    odd = AppTest.from_file(APP, default_timeout=TIMEOUT)
    odd.query_params["weights"] = "no-such-profile"
    odd.run()
    assert not odd.exception
    assert odd.session_state["profile_id"] == "balanced"
    assert odd.query_params["weights"] in ("balanced", ["balanced"])  # a copied link is sound
    # nor one the pattern refuses outright
    bad = AppTest.from_file(APP, default_timeout=TIMEOUT)
    bad.query_params["weights"] = "Bad Profile!"
    bad.run()
    assert bad.session_state["profile_id"] == "balanced"
    assert bad.query_params["weights"] in ("balanced", ["balanced"])


def test_config_error_shows_a_page_not_a_traceback(tmp_path, monkeypatch) -> None:
    """A broken weight profile stops the app with a page naming the file and the key."""
    for sub in ("questionnaires", "weights", "data"):
        (tmp_path / sub).mkdir()
        for path in (ROOT / sub).glob("*.yaml"):
            (tmp_path / sub / path.name).write_text(path.read_text("utf-8"), "utf-8")
    broken = tmp_path / "weights" / "balanced.yaml"
    broken.write_text(broken.read_text("utf-8").replace("security: 30", "security: -1"), "utf-8")
    monkeypatch.setenv("WIZARD_CONFIG_ROOT", str(tmp_path))
    at = new_app()
    assert "configuration file is broken" in at.title[0].value
    code = at.code[0].value
    assert "balanced.yaml: dimension_weights.security: must be >= 0, got -1" in code
    assert not at.exception


def test_server_settings_are_hardened() -> None:
    """config.toml: no error details, XSRF protection on, a 1 MB upload limit."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorDetails"] is False
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == 1
    # only local names may open the websocket unless the deployment adds its own
    assert set(config["server"]["allowedHosts"]) == {"localhost", "127.0.0.1", "::1"}


def test_no_user_text_goes_through_unsafe_html() -> None:
    """No page passes anything through unsafe_allow_html; st.html appears only in the page
    chrome, with fixed CSS and a fixed script whose only inputs are JSON-encoded."""
    sources = {p: p.read_text("utf-8") for p in (ROOT / "wizard").rglob("*.py")}
    assert not any("unsafe_allow_html=True" in s for s in sources.values())
    with_html = {p.name: s.count("st.html(") for p, s in sources.items() if "st.html(" in s}
    assert with_html == {"components.py": 1}
    chrome = sources[ROOT / "wizard" / "ui" / "components.py"]
    assert '"lang": json.dumps(lang)' in chrome and '"target": json.dumps(target)' in chrome
    assert '"css": json.dumps(_PAGE_CSS)' in chrome


def test_critical_infrastructure_help_follows_the_jurisdiction() -> None:
    """Taiwan's list of critical infrastructure shows under the body-type question only for
    organisations in Taiwan."""
    at = new_app()
    at.session_state["answers"] = {"jurisdictions": ["tw"]}
    run(at)
    captions = [c.value for c in at.caption]
    assert any("hospitals" in c and "science and industrial parks" in c for c in captions)
    at.session_state["answers"] = {"jurisdictions": ["jp"]}
    run(at)
    assert not any("science and industrial parks" in c.value for c in at.caption)


def test_the_page_icon_is_our_own_data_url_passed_as_it_is() -> None:
    """The favicon is the app's own PNG as a data URL (no outside server); set_page_config
    hands it to the browser unchanged, without loading numpy and Pillow to look at it."""
    from streamlit.commands import page_config

    from wizard.ui.app import ICON

    new_app()
    assert ICON.startswith("data:image/png;base64,")
    assert page_config._get_favicon_string(ICON) == ICON
    assert page_config._get_favicon_string("🙂") == "emoji:🙂"  # anything else: Streamlit's way

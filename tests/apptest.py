"""Helpers for AppTest (streamlit.testing.v1) tests of the pages."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from wizard.config import Questionnaire
from wizard.scoring import visible_ids

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
TIMEOUT = 30


def new_app() -> AppTest:
    """A fresh session of the real app, run once; fails on any exception."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def widget(at: AppTest, kind: str, key: str) -> Any:
    found = [w for w in getattr(at, kind) if w.key == key]
    assert found, f"no {kind} with key {key}"
    return found[0]


def has_widget(at: AppTest, kind: str, key: str) -> bool:
    return any(w.key == key for w in getattr(at, kind))


def answer_step(at: AppTest, q: Questionnaire, step: str, answers: Mapping[str, Any]) -> None:
    """Answer every question of ``step`` that is shown, through its widget."""
    for question in q.questions_of(step):
        if question.id not in visible_ids(q, answers) or question.id not in answers:
            continue
        value = answers[question.id]
        key = f"q::{at.session_state['lang']}::{question.id}"
        if question.type == "single":
            widget(at, "radio", key).set_value(value)
        elif value == "unknown":
            widget(at, "checkbox", f"{key}::unknown").check()
        else:
            widget(at, "multiselect", key).set_value(value)
        run(at)


def click(at: AppTest, key: str) -> AppTest:
    widget(at, "button", key).click()
    return run(at)


def walk_to_results(at: AppTest, q: Questionnaire, answers: Mapping[str, Any]) -> AppTest:
    """From the first step, answer and press Next through review to the results."""
    for step in ["profile", *q.dimension_ids]:
        answer_step(at, q, step, answers)
        click(at, "nav_next")
    assert at.session_state["step"] == len(q.dimension_ids) + 1  # review
    return click(at, "nav_next")


class MediaRecorder:
    """Captures the in-memory media stores AppTest creates, to read download buttons' bytes."""

    def __init__(self) -> None:
        self.stores: list[MemoryMediaFileStorage] = []

    def download(self, at: AppTest, key: str) -> bytes:
        buttons = [b for b in at.get("download_button") if b.key == key]
        assert buttons, f"no download button {key}"
        name = buttons[0].proto.url.rsplit("/", 1)[-1]
        for store in reversed(self.stores):
            try:
                return store.get_file(name).content
            except Exception:
                continue
        raise AssertionError(f"download {key} has no stored file {name}")


@pytest.fixture
def media(monkeypatch) -> MediaRecorder:
    recorder = MediaRecorder()

    class Recording(MemoryMediaFileStorage):
        def __init__(self, endpoint: str) -> None:
            super().__init__(endpoint)
            recorder.stores.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    return recorder


RESULT_TABS = {
    "en": [
        "Why",
        "What would change it",
        "Routes",
        "Cost and ROI",
        "Roadmap",
        "Compare with last time",
        "Use cases",
    ],
    "zh-TW": [
        "原因",
        "什麼會改變結果",
        "部署方式",
        "成本與投資報酬",
        "路線圖",
        "與上次比較",
        "應用情境",
    ],
}


def open_tab(at: AppTest, index: int, lang: str = "en") -> AppTest:
    """Switch the results page to tab ``index``, as a click on the tab would (its on_change
    callback records the position, which AppTest does not run for tabs)."""
    at.session_state[f"w::results_tab::{lang}"] = RESULT_TABS[lang][index]
    at.session_state["results_tab"] = index
    return run(at)


def open_panel(at: AppTest, name: str, lang: str = "en") -> AppTest:
    """Expand a lazy expander ("weights", "prices"), as a click on it would."""
    at.session_state[f"w::panel::{name}::{lang}"] = True
    at.session_state["panels"] = {**at.session_state["panels"], name: True}
    return run(at)


def open_weights(at: AppTest, lang: str = "en") -> AppTest:
    return open_panel(at, "weights", lang)


def _routed_app() -> None:
    """The app's pages without st.navigation (AppTest cannot switch to callable pages):
    session_state["__page"] picks the page, as the navigation menu would."""
    import streamlit as st

    from wizard.config import DEFAULT_QUESTIONNAIRE, DEFAULT_WEIGHTS
    from wizard.ui import loaders, state
    from wizard.ui.app import finish_run
    from wizard.ui.pages import assessment, workshop
    from wizard.ui.workshop_session import resume_from_query

    state.init(DEFAULT_WEIGHTS)
    catalog = loaders.catalog()
    state.keep_known_profile(catalog.weights, DEFAULT_WEIGHTS)
    q = catalog.questionnaire(DEFAULT_QUESTIONNAIRE)
    resume_from_query(q)
    if st.session_state.get("__page") == "workshop":
        workshop.page(catalog)
    else:
        assessment.page(catalog)
    finish_run(q)
    if state.take_rerun():
        st.rerun()


def routed_app(page: str = "workshop", query: dict[str, str] | None = None) -> AppTest:
    """A fresh session on the workshop (or assessment) page, optionally with URL parameters."""
    at = AppTest.from_function(_routed_app, default_timeout=TIMEOUT)
    at.session_state["__page"] = page
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return run(at)


def go(at: AppTest, page: str) -> AppTest:
    at.session_state["__page"] = page
    return run(at)


def _method_script() -> None:
    from wizard.ui import state
    from wizard.ui.loaders import catalog
    from wizard.ui.pages import method

    state.init("balanced")
    method.page(catalog())

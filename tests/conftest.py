"""Shared fixtures: the shipped catalog, the hand-checkable mini questionnaire, answer builders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from wizard.config import (
    Catalog,
    Questionnaire,
    WeightProfile,
    load_catalog,
    load_questionnaire,
    load_weights,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _own_workshop_database(tmp_path_factory) -> None:
    """Every test's app (AppTest or a real server it starts) keeps answers in a database of
    the test run, never in the project's data/workshop.db; a test may still set its own."""
    import os

    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'workshop.db'}"
    os.environ["WIZARD_DATABASE_URL"] = url


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def questionnaire(catalog: Catalog) -> Questionnaire:
    return catalog.questionnaire("genai-readiness")


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    return load_questionnaire(FIXTURES / "mini.yaml")


@pytest.fixture(scope="session")
def mini_weights(mini: Questionnaire) -> WeightProfile:
    return load_weights(FIXTURES / "mini-weights.yaml", mini.dimension_ids)


def mini_raw() -> dict[str, Any]:
    """The mini questionnaire as a plain dict, to break on purpose."""
    return yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))


def best_answers(q: Questionnaire) -> dict[str, Any]:
    """For every scored question the answer with the highest score (multi: best subset)."""
    from wizard.scoring import question_score

    out: dict[str, Any] = {}
    for question in q.scored_questions:
        if question.type == "single":
            out[question.id] = max(question.options, key=lambda o: o.score or 0).id
        else:
            subsets = [
                [o.id for k, o in enumerate(question.options) if m >> k & 1]
                for m in range(1, 1 << len(question.options))
            ]
            out[question.id] = max(subsets, key=lambda s: question_score(question, s) or 0)
    return out


#: the profile answers every complete assessment of the shipped questionnaire needs
PROFILE_ANSWERS: dict[str, Any] = {
    "sector": "finance",
    "jurisdictions": ["tw"],
    "body_type": ["private"],
    "models": ["open-weights"],
    "size": "lt250",
    "role": "cio",
}


def complete_answers(q: Questionnaire, **overrides: Any) -> dict[str, Any]:
    """A finished assessment: the profile plus the best answer to every scored question."""
    return {**PROFILE_ANSWERS, **best_answers(q), **overrides}


def worst_answers(q: Questionnaire) -> dict[str, Any]:
    """For every scored question the answer with the lowest score."""
    out: dict[str, Any] = {}
    for question in q.scored_questions:
        worst = min(question.options, key=lambda o: o.score or 0).id
        out[question.id] = worst if question.type == "single" else [worst]
    return out


@pytest.fixture(scope="module")
def server():
    """A real ``streamlit run`` of the app for one test module (browser tests)."""
    from tests.browser import streamlit_server

    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, for one test module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_browser

    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()

"""The room's promises in a real browser: blind on the projector until Reveal, a tie named as a
tie on the dashboard and the participant's card, a database outage said plainly."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser import (
    answer,
    launch_browser,
    new_page,
    screenshot,
    shown_text,
    streamlit_server,
    wait_idle,
    wait_rendered,
)
from tests.conftest import best_answers, worst_answers
from tests.outage import postgres_database, postgres_outage
from tests.samples import Q
from wizard.i18n import t
from wizard.storage import Store

pytestmark = pytest.mark.browser

PROFILE = {
    "sector": "retail",
    "jurisdictions": ["tw"],
    "body_type": ["private"],
    "models": ["open-weights"],
    "size": "lt250",
    "role": "cio",
}
POSTGRES_URL = os.environ.get(
    "WIZARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
FIGURES = ("Median answers say", "Majority of individuals says", "Where the room disagrees")


def _open_dashboard(page, url: str, code: str, key: str) -> None:
    page.goto(f"{url}/workshop")
    wait_idle(page)
    page.get_by_role("tab", name="Facilitate").click()
    page.get_by_role("textbox", name="Workshop code").last.fill(code)
    page.get_by_label("Facilitator key").fill(key)
    page.get_by_role("button", name="Open dashboard").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", name=re.compile(rf"^Code: {code}$"))).to_be_visible()
    wait_rendered(page)


def test_a_blind_room_shows_no_figure_before_reveal_and_names_a_tie_after(tmp_path) -> None:
    """On the presenter view of a blind room with one Act now and one Wait: progress only, no
    group figure; the private view says it is private; after Reveal the dashboard and the
    participant's card (in Traditional Chinese too) say there is no majority."""
    db = f"sqlite:///{tmp_path / 'workshop.db'}"
    store = Store(db)
    created = store.create_workshop("Tie day", Q, "balanced", anonymous=False, blind=True)
    tokens = []
    for name, answers in (("Ann", best_answers(Q)), ("Ben", worst_answers(Q))):
        _, token = store.join(created.code, name, "cio")
        store.save(created.code, token, Q, {**PROFILE, **answers}, progress=6, submitted=True)
        tokens.append(token)
    store.dispose()
    with streamlit_server({"WIZARD_DATABASE_URL": db}) as url, sync_playwright() as p:
        browser = launch_browser(p)
        fac = new_page(browser, viewport={"width": 1366, "height": 1000})
        _open_dashboard(fac, url, created.code, created.key)
        text = shown_text(fac)
        assert "Finished" in text and "hidden on this screen" in text
        for figure in FIGURES:
            assert figure not in text, figure
        assert not fac.locator("[data-testid=stVegaLiteChart]").count()
        screenshot(fac, "room-blind-projector")
        fac.get_by_text("Show the figures to me only").click()
        wait_rendered(fac)
        expect(fac.get_by_text("Private view: participants cannot see")).to_be_visible()
        assert "Median answers say" in shown_text(fac)
        screenshot(fac, "room-blind-private")
        fac.get_by_text("Show the figures to me only").click()
        wait_rendered(fac)
        assert "Median answers say" not in shown_text(fac)
        participant = new_page(browser, viewport={"width": 390, "height": 844})
        participant.goto(f"{url}/workshop?w={created.code}&p={tokens[0]}")
        wait_rendered(participant)
        expect(participant.get_by_text("hidden until the facilitator reveals")).to_be_visible()
        fac.get_by_role("button", name="Reveal group result").click()
        wait_rendered(fac)
        expect(fac.get_by_text("No majority", exact=True)).to_be_visible()
        text = shown_text(fac)
        assert "The two rules disagree: there is no majority" in text
        assert "Private view" not in text
        screenshot(fac, "room-revealed-tie")
        # a phone: the language comes with the link (the sidebar is folded away)
        participant.goto(f"{url}/workshop?w={created.code}&p={tokens[0]}&lang=zh-TW")
        wait_rendered(participant)
        card = shown_text(participant)
        assert t("workshop.rule_no_majority", "zh-TW", acts=1, waits=1) in card
        assert "兩種規則的結論不一致：沒有過半數" in card
        screenshot(participant, "room-tie-card-zh-phone")
        browser.close()


@pytest.mark.postgres
def test_a_database_outage_is_said_plainly_in_the_browser_and_nothing_is_lost() -> None:
    """PostgreSQL cut off while a participant answers: the page says the workshop cannot be
    reached, shows no exception box, stops saying "saved"; after it answers again the next
    answer saves and the stored copy has every answer."""
    with postgres_database(POSTGRES_URL) as db:
        store = Store(db)
        created = store.create_workshop("Outage", Q, "balanced", anonymous=True, blind=False)
        _, token = store.join(created.code, "", "cio")
        with streamlit_server({"WIZARD_DATABASE_URL": db}) as url, sync_playwright() as p:
            browser = launch_browser(p)
            page = new_page(browser, viewport={"width": 1280, "height": 900})
            page.goto(f"{url}/?w={created.code}&p={token}")
            wait_rendered(page)
            answer(page, Q.questions_by_id["sector"], "retail", "en")
            expect(page.get_by_text("your answers are saved as you answer")).to_be_visible()
            with postgres_outage(POSTGRES_URL, db):
                answer(page, Q.questions_by_id["size"], "lt250", "en")
                wait_rendered(page)
                expect(page.get_by_text("cannot be reached right now").first).to_be_visible()
                assert not page.locator("[data-testid=stException]").count()
                assert "OperationalError" not in shown_text(page)
                assert "your answers are saved as you answer" not in shown_text(page)
                screenshot(page, "room-outage")
            answer(page, Q.questions_by_id["role"], "cfo", "en")
            wait_rendered(page)
            expect(page.get_by_text("your answers are saved as you answer")).to_be_visible()
            browser.close()
        [stored] = store.participants(created.code, created.key)[1]
        assert stored.answers["sector"] == "retail" and stored.answers["size"] == "lt250"
        assert stored.answers["role"] == "cfo"
        store.dispose()

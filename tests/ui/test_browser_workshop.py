"""A workshop end to end in a real browser: a facilitator and a participant, two contexts."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import (
    launch_browser,
    new_page,
    raw_markup,
    screenshot,
    serious_violations,
    shown_text,
    streamlit_server,
    switch_language,
    wait_idle,
    wait_rendered,
    walk,
)

pytestmark = pytest.mark.browser


def test_facilitator_and_participant_run_a_workshop(tmp_path) -> None:
    """Create, join by link, answer, see the room fill in, reveal, export the responses."""
    from playwright.sync_api import sync_playwright

    env = {"WIZARD_DATABASE_URL": f"sqlite:///{tmp_path / 'workshop.db'}"}
    with streamlit_server(env) as url, sync_playwright() as p:
        browser = launch_browser(p)
        fac = new_page(browser, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        fac.goto(f"{url}/workshop")
        wait_idle(fac)
        fac.get_by_role("tab", name="Facilitate").click()
        fac.get_by_role("textbox", name="Title").fill("Board strategy day")
        fac.get_by_role("button", name="Create workshop").click()
        wait_rendered(fac)
        # the key first, alone, as literal text; the page stays on Facilitate
        expect(fac.get_by_role("tab", name="Facilitate")).to_have_attribute("aria-selected", "true")
        key = fac.locator("[data-testid=stCode] code").inner_text().strip()
        assert len(key) >= 20 and not fac.locator("[data-testid=stImage]").count()
        findings = [f"key step: {v}" for v in serious_violations(fac)]
        screenshot(fac, "workshop-facilitator-key")
        fac.get_by_role("button", name=re.compile("I have saved the key")).click()
        wait_rendered(fac)
        expect(fac.get_by_role("tab", name="Facilitate")).to_have_attribute("aria-selected", "true")
        # wait for the presenter view itself: the click's rerun may not have started yet
        heading = fac.get_by_role("heading", name=re.compile(r"^Code: [A-Z0-9]{6}$"))
        expect(heading).to_be_visible()
        wait_rendered(fac)
        assert key not in shown_text(fac)  # never on the projector
        code = heading.inner_text().split(": ")[1]
        expect(fac.get_by_text("Waiting for the first participant.")).to_be_visible()
        findings += [f"presenter: {v}" for v in serious_violations(fac)]
        screenshot(fac, "workshop-facilitator-created")

        # a participant on a phone: join by link, then a visible button into the assessment
        part = new_page(browser, viewport={"width": 390, "height": 844})
        part.goto(f"{url}/workshop?join={code}")
        wait_rendered(part)
        expect(part.get_by_text("You are joining: Board strategy day")).to_be_visible()
        part.get_by_role("textbox", name="Your name").fill("Grace Hopper")
        part.get_by_role("combobox", name=re.compile("Your role")).click()
        part.get_by_role("option", name="CFO / finance").click()
        findings += [f"join: {v}" for v in serious_violations(part)]
        part.get_by_role("button", name="Join the workshop").click()
        wait_rendered(part)
        expect(part.get_by_text("You joined.", exact=False)).to_be_visible()
        screenshot(part, "phone-workshop-joined")
        part.get_by_role("button", name="Continue the assessment").click()
        wait_rendered(part)
        walk(part, "en", "workshop-participant")
        expect(part.get_by_text("hidden until the facilitator reveals it")).to_be_visible()

        # the dashboard refreshes by itself and finds the participant
        expect(fac.get_by_test_id("stMetricValue").filter(has_text="1 of 1")).to_be_visible(
            timeout=20_000
        )
        fac.get_by_role("button", name="Reveal group result").click()
        wait_rendered(fac)
        expect(fac.get_by_text("Based on the 1 of 1 participants who finished")).to_be_visible()
        findings += [f"dashboard: {v}" for v in serious_violations(fac)]
        findings += [f"dashboard shows {bad!r}" for bad in raw_markup(fac)]
        screenshot(fac, "workshop-dashboard")

        part.reload()
        wait_idle(part)
        expect(part.get_by_text("Group result")).to_be_visible(timeout=20_000)
        screenshot(part, "workshop-participant-revealed")

        with fac.expect_download() as info:
            fac.get_by_role("button", name="All responses (CSV)").click()
        rows = list(
            csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig")))
        )
        assert rows[0][:2] == ["Name", "Role"]
        assert rows[1][0] == "Grace Hopper" and rows[1][2] == "Yes"
        assert not findings, findings
        browser.close()


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_workshop_pages_are_accessible_in_both_languages(server, browser, lang) -> None:
    """Join and Facilitate tabs and the method page: no serious axe finding, no raw markup,
    `<html lang>` set."""
    page = new_page(browser, viewport={"width": 1366, "height": 900})
    page.goto(f"{server}/workshop")
    wait_rendered(page)
    if lang != "en":
        switch_language(page, lang)
    assert page.evaluate("document.documentElement.lang") == lang
    findings = [f"join: {v}" for v in serious_violations(page)]
    page.get_by_role("tab", name="Facilitate" if lang == "en" else "引導").click()
    wait_rendered(page)
    findings += [f"facilitate: {v}" for v in serious_violations(page)]
    findings += [f"shows {bad!r}" for bad in raw_markup(page)]
    # through the menu, so the session (and its language) carries over
    page.get_by_role("link", name="About the method" if lang == "en" else "方法說明").click()
    wait_rendered(page)
    findings += [f"method: {v}" for v in serious_violations(page)]
    findings += [f"method shows {bad!r}" for bad in raw_markup(page)]
    assert page.evaluate("document.documentElement.lang") == lang
    assert not findings, findings
    page.close()


@pytest.mark.parametrize(
    "title",
    [
        "**x** [a](javascript:alert(1)) ![i](http://127.0.0.1:1/x)",
        '<img src="http://127.0.0.1:1/y" onerror="alert(1)">',
    ],
)
def test_a_hostile_workshop_title_is_shown_as_text(browser, tmp_path: Path, title: str) -> None:
    """The join page, the participant's page and the facilitator's dashboard show the title,
    names and roles literally: no bold, no link, no image, no HTML, and no request to the URL
    inside them."""
    from tests.conftest import complete_answers
    from wizard.config import load_catalog
    from wizard.storage import Store

    q = load_catalog().questionnaire()
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    store = Store(url)
    created = store.create_workshop(title, q, "balanced", anonymous=False, blind=False)
    tokens = []
    for role in (title[:64], "cio"):
        _, token = store.join(created.code, title, role)
        store.save(created.code, token, q, complete_answers(q), progress=6, submitted=True)
        tokens.append(token)
    store.dispose()

    def clean(page) -> None:
        main = page.locator("[data-testid=stMain]")
        assert main.locator("img[src*='127.0.0.1:1']").count() == 0
        assert main.locator("a[href^='javascript']").count() == 0
        assert main.locator("a[href*='127.0.0.1:1']").count() == 0  # not even an autolink
        assert main.locator("strong", has_text="x").count() == 0 or "**x**" not in title

    with streamlit_server({"WIZARD_DATABASE_URL": url}) as base:
        page = new_page(browser, viewport={"width": 1400, "height": 1000})
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{base}/workshop?join={created.code}")
        wait_idle(page)
        assert title in shown_text(page).replace("\u2060", "")  # word joiners defuse links
        clean(page)
        # the participant's own view of the room
        page.goto(f"{base}/workshop?w={created.code}&p={tokens[0]}")
        wait_rendered(page)
        assert title in shown_text(page).replace("\u2060", "")  # word joiners defuse links
        clean(page)
        # the facilitator's dashboard, names and roles in its charts and participant list
        page.goto(f"{base}/workshop")
        wait_rendered(page)
        page.get_by_role("tab", name="Facilitate").click()
        page.get_by_role("textbox", name="Workshop code").fill(created.code)
        page.get_by_role("textbox", name="Facilitator key").fill(created.key)
        page.get_by_role("button", name="Open dashboard").click()
        wait_rendered(page)
        expect(page.get_by_text("Participants").first).to_be_visible()
        page.get_by_text("Participants: cap and removal").click()
        wait_rendered(page)
        assert title in shown_text(page).replace("\u2060", "")  # word joiners defuse links
        clean(page)
        screenshot(page, "workshop-hostile-names")
        assert not [r for r in requested if "127.0.0.1:1/" in r]
        page.context.close()

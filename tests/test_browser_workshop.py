"""A workshop end to end in a real browser: a facilitator and a participant, two contexts."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import launch_browser, screenshot, streamlit_server, wait_idle
from tests.test_browser import walk

pytestmark = pytest.mark.browser


def test_facilitator_and_participant_run_a_workshop(tmp_path) -> None:
    """Create, join by link, answer, see the room fill in, reveal, export the responses."""
    from playwright.sync_api import sync_playwright

    env = {"WIZARD_DATABASE_URL": f"sqlite:///{tmp_path / 'workshop.db'}"}
    with streamlit_server(env) as url, sync_playwright() as p:
        browser = launch_browser(p)
        fac = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        ).new_page()
        fac.goto(f"{url}/workshop")
        wait_idle(fac, 1000)
        fac.get_by_role("tab", name="Facilitate").click()
        fac.get_by_role("textbox", name="Title").fill("Board strategy day")
        fac.get_by_role("button", name="Create workshop").click()
        wait_idle(fac, 800)
        heading = fac.get_by_role("heading", name=re.compile(r"^Code: [A-Z0-9]{6}$"))
        expect(heading).to_be_visible()
        code = heading.inner_text().split(": ")[1]
        expect(fac.get_by_text("Waiting for the first participant.")).to_be_visible()
        screenshot(fac, "workshop-facilitator-created")

        part = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        part.goto(f"{url}/workshop?join={code}")
        wait_idle(part, 1000)
        expect(part.get_by_text("You are joining: Board strategy day")).to_be_visible()
        part.get_by_role("textbox", name="Your name").fill("Grace Hopper")
        part.get_by_role("button", name="Join the workshop").click()
        wait_idle(part, 800)
        expect(part.get_by_text("You joined.", exact=False)).to_be_visible()
        part.get_by_role("link", name="Assessment").click()
        wait_idle(part, 800)
        walk(part, "en", "workshop-participant")
        expect(part.get_by_text("hidden until the facilitator reveals it")).to_be_visible()

        # the dashboard refreshes by itself and finds the participant
        expect(
            fac.get_by_text("Grace Hopper", exact=False).or_(
                fac.get_by_test_id("stMetricValue").filter(has_text="1")
            )
        ).to_be_visible(timeout=20_000)
        fac.get_by_role("button", name="Reveal group result").click()
        wait_idle(fac, 800)
        screenshot(fac, "workshop-dashboard")

        part.reload()
        wait_idle(part, 1500)
        expect(part.get_by_text("Group result")).to_be_visible(timeout=20_000)
        screenshot(part, "workshop-participant-revealed")

        with fac.expect_download() as info:
            fac.get_by_role("button", name="All responses (CSV)").click()
        rows = list(
            csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig")))
        )
        assert rows[0][:2] == ["Name", "Role"]
        assert rows[1][0] == "Grace Hopper" and rows[1][2] == "True"
        browser.close()

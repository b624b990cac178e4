"""What lies outside the questions' fragment keeps up with answers that rerun only the
questions: the sidebar's download, the Start over button and a refused Next's message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser import new_page, wait_rendered
from tests.test_browser import Q, answer

pytestmark = pytest.mark.browser

SECTOR, SIZE = (Q.questions_by_id[i] for i in ("sector", "size"))


def test_sidebar_and_messages_follow_answers_given_inside_the_step(server, browser) -> None:
    page = new_page(browser, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(server)
    wait_rendered(page)
    sidebar = page.get_by_test_id("stSidebar")
    # Next with questions open: the message beside the buttons lists them
    page.get_by_role("button", name="Next").click()
    wait_rendered(page)
    missing = page.get_by_text("still open on this step", exact=False)
    expect(missing).to_be_visible()
    answer(page, SECTOR, "finance", "en")  # reruns the questions only
    wait_rendered(page)
    expect(missing).to_have_count(0)  # a message that no longer holds leaves the page
    answer(page, SIZE, "lt250", "en")
    wait_rendered(page)
    expect(sidebar.get_by_role("button", name="Start over")).to_be_enabled()
    with page.expect_download() as info:
        sidebar.get_by_role("button", name="Download answers").click()
    saved = yaml.safe_load(Path(info.value.path()).read_text("utf-8"))
    assert saved["answers"] == {"sector": "finance", "size": "lt250"}
    page.close()

"""Nothing lost in a real room: a server restart mid-step, and two tabs on one link."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser import (
    Q,
    _reconnected,
    answer,
    free_port,
    launch_browser,
    new_page,
    screenshot,
    shows_answer,
    start_server,
    stop_server,
    wait_rendered,
)
from wizard.storage import Store

pytestmark = pytest.mark.browser


WALKED = (("sector", "finance"), ("size", "lt250"), ("role", "cio"))


def _question(qid: str):
    return Q.questions_by_id[qid]


def _walked():
    """The three profile answers the walk gives, with their questions."""
    return tuple((_question(qid), value) for qid, value in WALKED)


@pytest.mark.parametrize("who", ["participant", "self-service"])
def test_a_server_restart_mid_step_loses_neither_the_step_nor_the_next_click(who, tmp_path):
    """Two answers on the profile step, then the server is killed (-9) and restarted. The next
    click wakes a new session: the two answers and that click are all kept, on the page and in
    the store, and a reload shows all three."""
    from playwright.sync_api import sync_playwright

    database = f"sqlite:///{tmp_path / 'restart.db'}"
    env = {"WIZARD_DATABASE_URL": database}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    store = Store(database)
    proc = start_server(port, env)
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            page = new_page(browser, viewport={"width": 1200, "height": 900})
            if who == "participant":
                created = store.create_workshop(
                    "Restart", Q, "balanced", anonymous=False, blind=False
                )
                _, token = store.join(created.code, "Ada", "cio")
                page.goto(f"{url}/?w={created.code}&p={token}")
            else:
                page.goto(url)
            wait_rendered(page)
            answer(page, _question("sector"), "finance", "en")
            answer(page, _question("size"), "lt250", "en")
            proc.kill()  # no goodbye: as a crash or a redeploy would
            proc.wait(timeout=15)
            proc = start_server(port, env)
            _reconnected(page)
            answer(page, _question("role"), "cio", "en")  # the click that wakes a new session
            wait_rendered(page)
            screenshot(page, f"restart-{who}-after-click")
            for question, value in (
                (_question("sector"), "finance"),
                (_question("size"), "lt250"),
                (_question("role"), "cio"),
            ):
                assert shows_answer(page, question, value, "en"), question.id
            if who == "participant":
                stored = store.me(created.code, token).answers
            else:
                query = parse_qs(urlsplit(page.url).query)
                stored = store.resume_load(query["r"][0]).answers
            assert {k: stored.get(k) for k in ("sector", "size", "role")} == {
                "sector": "finance",
                "size": "lt250",
                "role": "cio",
            }
            page.reload()
            wait_rendered(page)
            for question, value in (
                (_question("sector"), "finance"),
                (_question("size"), "lt250"),
                (_question("role"), "cio"),
            ):
                assert shows_answer(page, question, value, "en"), f"after reload: {question.id}"
            browser.close()
    finally:
        stop_server(proc)
        store.dispose()


def test_two_browsers_on_one_participant_link_lose_nothing(tmp_path) -> None:
    """Laptop and phone (two browser contexts) open one participant link and answer in turn:
    every answer is stored, and the phone, behind, is told and shows the laptop's answer."""
    from playwright.sync_api import sync_playwright

    database = f"sqlite:///{tmp_path / 'tabs.db'}"
    store = Store(database)
    created = store.create_workshop("Tabs", Q, "balanced", anonymous=False, blind=False)
    _, token = store.join(created.code, "Ada", "cio")
    port = free_port()
    proc = start_server(port, {"WIZARD_DATABASE_URL": database})
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            link = f"http://127.0.0.1:{port}/?w={created.code}&p={token}"
            laptop = new_page(browser, viewport={"width": 1200, "height": 900})
            phone = new_page(browser, viewport={"width": 390, "height": 844})
            for page in (laptop, phone):
                page.goto(link)
                wait_rendered(page)
            answer(laptop, _question("sector"), "finance", "en")
            answer(phone, _question("size"), "lt250", "en")  # the phone never saw "finance"
            wait_rendered(phone)
            notice = phone.get_by_test_id("stMainBlockContainer").get_by_text(
                "changed in another tab"
            )
            expect(notice).to_be_visible()  # (and a toast says it too)
            assert shows_answer(phone, _question("sector"), "finance", "en")
            screenshot(phone, "phone-two-tabs-merged")
            answer(laptop, _question("role"), "cfo", "en")  # now the laptop is behind
            stored = store.me(created.code, token).answers
            assert {k: stored.get(k) for k in ("sector", "size", "role")} == {
                "sector": "finance",
                "size": "lt250",
                "role": "cfo",
            }
            wait_rendered(laptop)
            assert shows_answer(laptop, _question("size"), "lt250", "en")
            browser.close()
    finally:
        stop_server(proc)
        store.dispose()


def test_the_language_stays_in_the_address_across_pages_and_a_reload(server, browser) -> None:
    """Streamlit's navigation drops the query string: the page puts ``lang`` back, so a reload
    (or a reconnect after a restart) on another page still speaks the user's language."""
    from tests.browser import switch_language

    page = new_page(browser, viewport={"width": 1400, "height": 1000})
    page.goto(server)
    wait_rendered(page)
    switch_language(page, "zh-TW")
    page.get_by_role("link", name="方法說明").click()
    wait_rendered(page)
    expect(page).to_have_url(re.compile(r"[?&]lang=zh-TW"))
    page.reload()
    wait_rendered(page)
    expect(page.locator("[data-testid=stMainBlockContainer] h1").first).to_contain_text(
        re.compile(r"[\u4e00-\u9fff]")
    )
    page.close()

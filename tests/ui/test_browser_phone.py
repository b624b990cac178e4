"""The wizard as people really use it: switching language mid-way, and on a phone.

Screenshots of the phone walk land in artifacts/screenshots/phone-*.png.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import (
    check_page,
    in_viewport,
    new_page,
    screenshot,
    switch_language,
    wait_rendered,
    walk,
)

pytestmark = pytest.mark.browser

CSV_BUTTON = {"en": "Download roadmap (CSV)", "zh-TW": "下載路線圖（CSV）"}
ROADMAP_TAB = {"en": "Roadmap", "zh-TW": "路線圖"}


def roadmap_csv(page, lang: str) -> list[list[str]]:
    page.get_by_role("tab", name=ROADMAP_TAB[lang]).click()
    wait_rendered(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=CSV_BUTTON[lang]).click()
    return list(csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"))))


def test_switching_language_on_every_step_changes_nothing(server, browser) -> None:
    """Answer a step, switch language, check the answers are still shown, go on: the result
    and the roadmap CSV are the same as a walk without switching."""
    plain = new_page(browser, viewport={"width": 1366, "height": 900}, accept_downloads=True)
    plain.goto(server)
    wait_rendered(plain)
    walk(plain, "en", "plain")
    expect(plain.get_by_role("heading", name="Act now").first).to_be_visible()
    expected = roadmap_csv(plain, "en")
    plain.close()

    page = new_page(browser, viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page.goto(server)
    wait_rendered(page)
    end = walk(page, "en", "switch", switch=True)
    expect(page.get_by_role("heading", name="Act now" if end == "en" else "立即行動").first)
    if end != "en":
        switch_language(page, "en")
    expect(page.get_by_role("heading", name="Act now").first).to_be_visible()
    assert roadmap_csv(page, "en") == expected
    # and the downloaded answers file holds option ids only (it is built from the answers)
    page.close()


def test_phone_walk_in_chinese(server, browser) -> None:
    """At 390x844 in 繁體中文: the sidebar starts collapsed, each step opens at its heading, the
    verdict is in view after 查看結果, the roadmap is a list (no Gantt), no serious
    accessibility finding, `<html lang>` is zh-TW."""
    page = new_page(
        browser,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        accept_downloads=True,
    )
    page.goto(server)
    wait_rendered(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    assert not sidebar.is_visible() or sidebar.bounding_box()["x"] < -100
    page.locator("[data-testid=stExpandSidebarButton]").click()
    switch_language(page, "zh-TW")
    page.locator(
        "[data-testid=stSidebarCollapseButton] button, [data-testid=stSidebarCollapseButton]"
    ).first.click()
    wait_rendered(page)
    findings: list[str] = []

    def check(page, step: str, lang: str) -> None:
        check_page(findings)(page, step, lang)

    walk(page, "zh-TW", "phone", on_step=check)
    expect(page.get_by_role("heading", name="立即行動").first).to_be_visible()
    assert in_viewport(page, ".st-key-verdict")
    screenshot(page, "phone-results")
    check_page(findings)(page, "results", "zh-TW")
    page.get_by_role("tab", name=ROADMAP_TAB["zh-TW"]).click()
    wait_rendered(page)
    assert page.locator(".st-key-roadmap-list").is_visible()
    assert not page.locator(".st-key-roadmap-gantt").is_visible()
    screenshot(page, "phone-roadmap")
    assert not findings, findings
    page.context.close()

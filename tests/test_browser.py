"""End to end in a real browser: start the server, walk the wizard, download the roadmap CSV.

Screenshots of every step and the results land in artifacts/screenshots (kept out of git).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import launch_browser, screenshot, streamlit_server, wait_idle
from tests.conftest import best_answers
from wizard.config import load_catalog

pytestmark = pytest.mark.browser

Q = load_catalog().questionnaire()
PROFILE_ANSWERS = {
    "sector": "government",
    "jurisdictions": ["tw"],
    "size": "1000-10000",
    "role": "cio",
}


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


def answer(page, question, value, lang: str) -> None:
    text = question.text.get(lang)
    labels = [
        question.options_by_id[v].label.get(lang)
        for v in ([value] if isinstance(value, str) else value)
    ]
    if question.type == "single":
        box = page.locator("[data-testid=stRadio]").filter(has_text=text)
        box.get_by_text(labels[0], exact=True).click()
        wait_idle(page)
        return
    box = page.locator("[data-testid=stMultiSelect]").filter(has_text=text)
    for label in labels:
        box.locator("input").click()
        box.locator("input").fill(label)
        page.get_by_role("option", name=label, exact=True).click()
        page.keyboard.press("Escape")
        wait_idle(page)


def walk(page, lang: str, shots: str) -> None:
    """Answer every visible question with its best option, step by step, to the results."""
    answers = {**best_answers(Q), **PROFILE_ANSWERS}
    for step in ["profile", *Q.dimension_ids]:
        for question in Q.questions_of(step):
            if question.show_if is not None and not set(
                [answers[question.show_if.question]]
                if isinstance(answers[question.show_if.question], str)
                else answers[question.show_if.question]
            ) & set(question.show_if.in_):
                continue
            answer(page, question, answers[question.id], lang)
        screenshot(page, f"{shots}-{step}")
        page.get_by_role("button", name="Next" if lang == "en" else "下一步", exact=True).click()
        wait_idle(page)
    screenshot(page, f"{shots}-review")
    page.get_by_role("button", name="See results" if lang == "en" else "查看結果").click()
    wait_idle(page, 600)


def visit_tabs(page, names: list[str], shots: str) -> None:
    """Open each results tab, wait for its charts, and keep a screenshot."""
    for i, name in enumerate(names, start=1):
        page.get_by_role("tab", name=name).click()
        wait_idle(page)
        page.wait_for_timeout(400)
        screenshot(page, f"{shots}-results-tab{i}")


def test_walk_the_wizard_and_download_the_csv(server, browser) -> None:
    """A CIO answers every step in English, sees act now, and downloads the roadmap CSV."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(server)
    wait_idle(page, 1000)
    expect(page.get_by_text("Step 1 of 7: Profile")).to_be_visible()
    page.get_by_role("button", name="Next", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("Please answer the 4 question(s)")).to_be_visible()
    walk(page, "en", "en")
    expect(page.get_by_role("heading", name="Act now").first).to_be_visible()
    # the Taiwan MODA restriction matches a government body in Taiwan
    expect(page.get_by_text("Taiwan: Ministry of Digital Affairs", exact=True)).to_be_visible()
    page.wait_for_selector(
        "[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg", timeout=20_000
    )
    screenshot(page, "en-results")
    visit_tabs(page, ["What would change it", "Routes", "Cost and ROI", "Roadmap"], "en")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download roadmap (CSV)").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Phase", "Start week", "End week"]
    assert any(r[0] == "0-30 days: foundations" for r in rows[1:])
    page.close()


def test_walk_in_traditional_chinese(server, browser) -> None:
    """The same walk in 繁體中文: every step, the results and a Chinese CSV."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(server)
    wait_idle(page, 1000)
    page.locator("[data-testid=stSidebar]").get_by_text("繁體中文", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("第 1 步，共 7 步：組織概況")).to_be_visible()
    walk(page, "zh-TW", "zh")
    expect(page.get_by_role("heading", name="立即行動").first).to_be_visible()
    page.wait_for_selector(
        "[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg", timeout=20_000
    )
    screenshot(page, "zh-results")
    visit_tabs(page, ["什麼會改變結果", "導入方式", "成本與投資報酬", "路線圖"], "zh")
    with page.expect_download() as info:
        page.get_by_role("button", name="下載路線圖（CSV）").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"))))
    assert rows[0][0] == "階段"
    assert any(r[0] == "0–30 天：奠定基礎" for r in rows[1:])
    page.close()

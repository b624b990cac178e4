"""The use-case table in a real browser: a name typed into the grid stays through a language
switch and goes into the CSV the editor downloads."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from tests.browser import new_page, screenshot, wait_rendered

pytestmark = pytest.mark.browser


def test_a_case_typed_into_the_table_survives_a_language_switch(server, browser) -> None:
    page = new_page(browser, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(server)
    wait_rendered(page)
    page.get_by_text("Judge specific use cases too").click()
    wait_rendered(page)
    grid = page.get_by_test_id("stDataFrame")
    box = grid.bounding_box()
    assert box is not None
    # the grid's first (empty) row: a click adds the row, a double click edits its name
    page.mouse.click(box["x"] + 80, box["y"] + 54)
    time.sleep(0.8)
    wait_rendered(page)
    page.mouse.dblclick(box["x"] + 80, box["y"] + 54)
    time.sleep(0.5)
    page.keyboard.type("Claims triage **now**", delay=20)
    page.keyboard.press("Enter")
    time.sleep(1.5)
    wait_rendered(page)
    screenshot(page, "use-cases-typed")
    page.get_by_text("繁體中文").click()
    wait_rendered(page)
    time.sleep(1)
    screenshot(page, "use-cases-zh")
    with page.expect_download() as info:
        page.get_by_role("button", name="下載應用情境（CSV）").click()
    data = Path(info.value.path()).read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["Claims triage **now**"]
    page.close()

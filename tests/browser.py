"""Helpers for the browser tests: a real ``streamlit run`` server and Debian's Chromium.

The server starts on a free port with ``--server.headless true``; a test waits for
``/_stcore/health`` and then for the app's script to finish, as Streamlit's own e2e suite does.
Playwright drives ``/usr/bin/chromium`` (``apt-get install chromium``); its own browser download
is not available here. Without Chromium the tests fail, never skip.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.conftest import best_answers
from tests.samples import Q

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("WIZARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``streamlit run streamlit_app.py`` on ``port``, healthy when this returns."""
    log = ARTIFACTS / f"server-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "streamlit_app.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_server(proc)
            raise RuntimeError(f"streamlit not healthy in 90 s: {log.read_text()[-2000:]}")
        time.sleep(0.3)


def stop_server(proc: subprocess.Popen) -> None:
    """Terminate a server started by ``start_server`` (kill it if it lingers)."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


@contextlib.contextmanager
def streamlit_server(env: dict[str, str] | None = None) -> Iterator[str]:
    """Run ``streamlit run streamlit_app.py`` and yield its base URL once healthy."""
    port = free_port()
    proc = start_server(port, env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


def launch_browser(playwright, extra_args: tuple[str, ...] = ()):
    """Debian's Chromium through Playwright; a clear failure when it is missing.

    ``extra_args``: more Chromium switches (a host resolver rule for a public name, say).
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run tests/run.sh as root (it installs "
            "Debian's chromium) or set WIZARD_CHROMIUM",
            pytrace=False,
        )
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args], headless=True
    )


# Counts finished script runs (the app's running -> notRunning transitions), so a test waits
# for the run its action started instead of sleeping a fixed time.
RUN_COUNTER = """
window.__wizardRuns = 0;
(() => {
  let last = null;
  const seen = () => {
    const app = document.querySelector("[data-testid=stApp]");
    const state = app && app.getAttribute("data-test-script-state");
    if (state && state !== last) {
      if (last === "running" && state === "notRunning") window.__wizardRuns += 1;
      last = state;
    }
  };
  new MutationObserver(seen).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-test-script-state"],
  });
})();
"""
#: How long an action may take to start a script run before we take it that it started none.
RUN_START_MS = 1500


def new_page(browser, **context_options):
    """A page in its own browser context, with the run counter installed before any script."""
    context = browser.new_context(**context_options)
    context.add_init_script(RUN_COUNTER)
    return context.new_page()


def wait_idle(page) -> None:
    """Wait for the script run the last action started to go from running to idle (or, for an
    action that starts none, for the app to be idle)."""
    seen = getattr(page, "_wizard_runs_seen", 0)
    with contextlib.suppress(PlaywrightTimeout):  # an action that started no run
        page.wait_for_function(f"(window.__wizardRuns || 0) > {seen}", timeout=RUN_START_MS)
    page.wait_for_selector(IDLE, timeout=30_000)
    page._wizard_runs_seen = page.evaluate("window.__wizardRuns || 0")


def screenshot(page, name: str) -> Path:
    """Keep a full-page screenshot under artifacts/screenshots (not in git)."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    # Streamlit scrolls inside its main section, so grow the viewport to the content first
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12000)})
    # let the resized page lay itself out (two animation frames), no fixed sleep
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
RENDERED = "[data-testid=stHtml] .wizard-chrome"


def wait_rendered(page) -> None:
    """Wait until the script is idle and the page's last element (its chrome) is mounted."""
    wait_idle(page)
    page.wait_for_selector(RENDERED, state="attached", timeout=30_000)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page (WCAG 2.1 A/AA), one line each."""
    if not AXE.exists():
        pytest.fail(
            f"axe-core not found at {AXE}: run tests/run.sh (npm ci --prefix tests/js)",
            pytrace=False,
        )
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
        })).violations
          .filter(v => v.impact === 'serious' || v.impact === 'critical')
          .map(v => `${v.impact} ${v.id}: ${v.nodes.length} x ${v.nodes[0].html.slice(0, 120)}`)"""
    )
    return list(found)


def shown_text(page) -> str:
    """Everything the page shows as text (what a person reads)."""
    return page.inner_text("body")


def raw_markup(page) -> list[str]:
    """Markdown that did not render (``**``) or raw data keys (``as_of``) in the shown text."""
    text = shown_text(page)
    return [bad for bad in ("**", "as_of") if bad in text]


def in_viewport(page, selector: str) -> bool:
    """Whether the top of the element is inside the visible part of the window."""
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return box is not None and 0 <= box["y"] < size["height"] - 40


class OwnOrigin:
    """Records every request the page makes that leaves the app's own origin."""

    def __init__(self, page, origin: str) -> None:
        self.origin = origin
        self.outside: list[str] = []
        page.on("request", self._seen)

    def _seen(self, request) -> None:
        if not request.url.startswith((self.origin, "data:", "blob:")):
            self.outside.append(request.url)


# --------------------------------------------------------------------------- answering
NEXT = {"en": "Next", "zh-TW": "下一步"}
SEE_RESULTS = {"en": "See results", "zh-TW": "查看結果"}
LANGUAGE_NAME = {"en": "English", "zh-TW": "繁體中文"}
OTHER = {"en": "zh-TW", "zh-TW": "en"}


def labels_of(question, value, lang: str) -> list[str]:
    return [
        question.options_by_id[v].label.get(lang)
        for v in ([value] if isinstance(value, str) else value)
    ]


def question_box(page, question, lang: str):
    kind = "stRadio" if question.type == "single" else "stMultiSelect"
    return page.locator(f"[data-testid={kind}]").filter(has_text=question.text.get(lang))


def answer(page, question, value, lang: str) -> None:
    labels = labels_of(question, value, lang)
    box = question_box(page, question, lang)
    if question.type == "single":
        box.get_by_text(labels[0], exact=True).click()
        wait_idle(page)
        return
    for label in labels:
        pick_option(page, box, label)
        page.keyboard.press("Escape")
        wait_idle(page)


def pick_option(page, box, label: str, tries: int = 3) -> None:
    """Type ``label`` into a multiselect and click its option.

    Under a loaded machine the previous answer's run can start after ``wait_idle`` gave up
    waiting for it; its redraw closes the open list and the option never comes back. Such a
    late run is waited for and the choice made again; a choice that never appears still fails.
    """
    for attempt in range(tries):
        box.locator("input").click()
        box.locator("input").fill(label)
        try:
            page.get_by_role("option", name=label, exact=True).click(timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
            wait_idle(page)


def shows_answer(page, question, value, lang: str) -> bool:
    """Whether the question's widget shows ``value`` in ``lang`` (checked radio, or chips)."""
    box = question_box(page, question, lang)
    labels = labels_of(question, value, lang)
    if question.type == "single":
        return box.get_by_role("radio", name=labels[0], exact=True).is_checked()
    chips = box.locator("span[title]").all_inner_texts()  # one chip per chosen option
    return sorted(c.strip() for c in chips) == sorted(labels)


def switch_language(page, lang: str) -> None:
    page.locator("[data-testid=stSidebar]").get_by_text(LANGUAGE_NAME[lang], exact=True).click()
    wait_rendered(page)


PROFILE_ANSWERS = {
    "sector": "government",
    "jurisdictions": ["tw"],
    "body_type": ["central-gov"],
    "models": ["open-weights"],
    "size": "1000-10000",
    "role": "cio",
}


def shown_questions(step: str, answers: dict):
    for question in Q.questions_of(step):
        cond = question.show_if
        if cond is not None:
            given = answers[cond.question]
            if not set([given] if isinstance(given, str) else given) & set(cond.in_):
                continue
        yield question


def walk(page, lang: str, shots: str, on_step=None, switch: bool = False) -> str:
    """Answer every visible question with its best option, step by step, to the results.

    ``on_step(page, step, lang)`` runs on each step once answered; with ``switch`` the language
    changes on every step after answering it (the answers must survive). Returns the language
    the walk ends in.
    """
    answers = {**best_answers(Q), **PROFILE_ANSWERS}
    for step in ["profile", *Q.dimension_ids]:
        questions = list(shown_questions(step, answers))
        for question in questions:
            answer(page, question, answers[question.id], lang)
        if switch:
            lang = OTHER[lang]
            switch_language(page, lang)
            for question in questions:
                assert shows_answer(page, question, answers[question.id], lang), question.id
        if on_step is not None:
            on_step(page, step, lang)
        screenshot(page, f"{shots}-{step}")
        page.get_by_role("button", name=NEXT[lang], exact=True).click()
        wait_rendered(page)
        # the scroll runs just after the page is drawn: wait for it, then check
        expect(page.locator("[data-testid=stMainBlockContainer] h1").first).to_be_in_viewport()
    if switch:
        lang = OTHER[lang]
        switch_language(page, lang)
    if on_step is not None:
        on_step(page, "review", lang)
    screenshot(page, f"{shots}-review")
    page.get_by_role("button", name=SEE_RESULTS[lang]).click()
    wait_rendered(page)
    return lang


def check_page(findings: list[str]):
    """An ``on_step`` that collects accessibility findings and unrendered markup per step."""

    def check(page, step: str, lang: str) -> None:
        findings.extend(f"{lang} {step}: {v}" for v in serious_violations(page))
        findings.extend(f"{lang} {step}: shows {bad!r}" for bad in raw_markup(page))
        assert page.evaluate("document.documentElement.lang") == lang

    return check


def _reconnected(page) -> None:
    """Wait until the page's websocket is back (Streamlit's status widget stops saying so)."""
    status = page.locator("[data-testid=stStatusWidget]")
    with contextlib.suppress(Exception):
        expect(status).to_contain_text(re.compile("Connecting|connect", re.I), timeout=5_000)
    expect(status.filter(has_text=re.compile("Connecting", re.I))).to_have_count(0, timeout=60_000)

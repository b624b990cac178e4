"""The deployment recipe with real parts: nginx (Debian's), two app processes, one PostgreSQL.

The facilitator creates a workshop through the proxy; two participants (separate browser
contexts) are routed to different processes (read from nginx's access log); both dashboards,
one on each process, see everyone; killing one process sends its participant to the other,
where the participant link brings back the saved answers.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser import (
    PROFILE_ANSWERS,
    ROOT,
    Q,
    _reconnected,
    answer,
    free_port,
    launch_browser,
    new_page,
    screenshot,
    shown_questions,
    shows_answer,
    wait_idle,
    wait_rendered,
)
from tests.conftest import best_answers
from tests.deploy import nginx_binary
from tests.outage import POSTGRES_URL, postgres_admin
from wizard.steps import results_index
from wizard.storage import Store

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def first_step() -> dict:
    """The answers the deploy walk gives on the first step."""
    return {**best_answers(Q), **PROFILE_ANSWERS}


@contextmanager
def postgres_schema():
    """A URL on a fresh schema of the test PostgreSQL (dropped afterwards)."""
    from sqlalchemy import text

    schema = f"deploy_{uuid.uuid4().hex[:10]}"
    admin = postgres_admin(schema)
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


#: the public name the proxy serves in the test (Chromium resolves it to 127.0.0.1)
PUBLIC_NAME = "genai.test"


@contextmanager
def nginx_in_front(ports: list[int], workdir: Path):
    """Debian's nginx with deploy/render_nginx.py's configuration, on a free (non-default)
    port, serving ``PUBLIC_NAME``; yields its URL by address, the access log and the error
    log."""
    listen = free_port()
    log = workdir / "access.log"
    site = subprocess.run(
        [
            sys.executable,
            str(ROOT / "deploy" / "render_nginx.py"),
            *(a for p in ports for a in ("--app", f"127.0.0.1:{p}")),
            "--listen",
            f"127.0.0.1:{listen}",
            "--access-log",
            str(log),
            "--error-log",
            str(workdir / "site-error.log"),
            "--server-name",
            f"{PUBLIC_NAME} 127.0.0.1",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (workdir / "genai-wizard.conf").write_text(site, "utf-8")
    (workdir / "nginx.conf").write_text(
        f"pid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'};\n"
        "events {}\n"
        "http {\n"
        f"  client_body_temp_path {workdir / 'body'};\n"
        f"  proxy_temp_path {workdir / 'proxy'};\n"
        f"  include {workdir / 'genai-wizard.conf'};\n"
        "}\n",
        "utf-8",
    )
    nginx = nginx_binary()
    config = ["-p", str(workdir), "-c", str(workdir / "nginx.conf")]
    checked = subprocess.run([nginx, "-t", *config], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen([nginx, *config, "-g", "daemon off;"], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{listen}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                assert r.status == 200
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"nginx did not start: {proc.stderr.read()!r}") from None
            time.sleep(0.2)
    try:
        yield url, log
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _replicas(action: str, run_dir: Path, env: dict[str, str], *args: str):
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "deploy" / "replicas.py"),
            action,
            "--run-dir",
            str(run_dir),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=200,
        env={**os.environ, **env},
    )


def _documented_allowed_hosts(public: str) -> str:
    """README's value of STREAMLIT_SERVER_ALLOWED_HOSTS, with the test's public name in it."""
    text = (ROOT / "README.md").read_text("utf-8")
    value = re.findall(r'export STREAMLIT_SERVER_ALLOWED_HOSTS="([^"]+)"', text)[0]
    return value.replace("genai.example.org", public)


def check_headers(url: str) -> None:
    """The proxy's security headers on the page and on the app's own files."""
    for path in ("/", "/workshop?join=ABCDEF"):
        with urllib.request.urlopen(f"{url}{path}", timeout=10) as response:
            headers = response.headers
            policy = headers.get("Content-Security-Policy", "")
            assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy, path
            assert headers.get("X-Frame-Options") == "DENY"
            assert headers.get("X-Content-Type-Options") == "nosniff"
            assert headers.get("Referrer-Policy") == "no-referrer"


def csp_refusals(page) -> list[str]:
    """What the browser refused under the page's Content-Security-Policy (console messages)."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return found


def upstreams_of(log: Path, route: str, path: str = "/_stcore/") -> list[int]:
    """The app ports that served requests of one routing cookie (from the access log)."""
    found = []
    for line in log.read_text("utf-8").splitlines():
        if f"route={route} " in line and path in line:
            found += [int(p) for p in re.findall(r"127\.0\.0\.1:(\d+)", line.split("upstream=")[1])]
    return found


def routes_for(url: str, log: Path, ports: list[int], each: int) -> dict[int, list[str]]:
    """``each`` routing-cookie values per app port, found by asking the proxy (deterministic:
    nginx hashes the value)."""
    chosen: dict[int, list[str]] = {p: [] for p in ports}
    for i in range(200):
        value = f"room-{i}"
        request = urllib.request.Request(
            f"{url}/_stcore/health", headers={"Cookie": f"wizard_route={value}"}
        )
        with urllib.request.urlopen(request, timeout=5):
            pass
        time.sleep(0.05)  # the access log is written when the request ends
        served = upstreams_of(log, value)
        port = served[-1] if served else None
        if port in chosen and len(chosen[port]) < each:
            chosen[port].append(value)
        if all(len(v) == each for v in chosen.values()):
            return chosen
    raise AssertionError(f"nginx never routed to every process: {chosen}")


def on_route(browser, url: str, route: str, **options):
    page = new_page(browser, **options)
    page.context.add_cookies([{"name": "wizard_route", "value": route, "url": url}])
    return page


def test_two_processes_behind_nginx_share_the_room_and_survive_one_dying(tmp_path) -> None:
    from playwright.sync_api import sync_playwright

    ports = [free_port(), free_port()]
    with postgres_schema() as database:
        env = {
            "WIZARD_DATABASE_URL": database,
            "STREAMLIT_SERVER_COOKIE_SECRET": uuid.uuid4().hex * 2,
            # the documented form, with the public name the proxy serves
            "STREAMLIT_SERVER_ALLOWED_HOSTS": _documented_allowed_hosts(PUBLIC_NAME),
        }
        run_dir = tmp_path / "run"
        port_list = ",".join(map(str, ports))
        started = _replicas("start", run_dir, env, "--ports", port_list)
        assert started.returncode == 0, started.stdout + started.stderr
        # stopped and started again at once: the ports' TIME-WAIT does not refuse the start
        assert _replicas("stop", run_dir, env).returncode == 0
        restarted = _replicas("start", run_dir, env, "--ports", port_list, "--wait", "120")
        assert restarted.returncode == 0, restarted.stdout + restarted.stderr
        pids = {p["port"]: p["pid"] for p in json.loads((run_dir / "replicas.json").read_text())}
        store = Store(database)
        try:
            with nginx_in_front(ports, tmp_path) as (by_address, log), sync_playwright() as p:
                routes = routes_for(by_address, log, ports, each=2)
                first, second = ports
                # the public name on the proxy's non-default port, as people type it
                url = by_address.replace("127.0.0.1", PUBLIC_NAME)
                browser = launch_browser(p, (f"--host-resolver-rules=MAP {PUBLIC_NAME} 127.0.0.1",))
                check_headers(by_address)
                desk = {"viewport": {"width": 1400, "height": 1000}}
                phone = {"viewport": {"width": 390, "height": 844}}

                # the facilitator creates the workshop through the proxy (process 1)
                fac = on_route(browser, url, routes[first][0], **desk)
                refused = csp_refusals(fac)
                fac.goto(f"{url}/workshop")
                wait_idle(fac)
                fac.get_by_role("tab", name="Facilitate").click()
                fac.get_by_role("textbox", name="Title").fill("Two servers")
                fac.get_by_role("button", name="Create workshop").click()
                wait_rendered(fac)
                key = fac.locator("[data-testid=stCode] code").inner_text().strip()
                fac.get_by_role("button", name=re.compile("I have saved the key")).click()
                heading = fac.get_by_role("heading", name=re.compile(r"^Code: [A-Z0-9]{6}$"))
                expect(heading).to_be_visible()
                code = heading.inner_text().split(": ")[1]

                # a co-facilitator's dashboard on process 2
                cofac = on_route(browser, url, routes[second][0], **desk)
                cofac.goto(f"{url}/workshop")
                wait_idle(cofac)
                cofac.get_by_role("tab", name="Facilitate").click()
                cofac.get_by_role("textbox", name="Workshop code").fill(code)
                cofac.get_by_role("textbox", name="Facilitator key").fill(key)
                cofac.get_by_role("button", name="Open dashboard").click()
                wait_rendered(cofac)
                expect(cofac.get_by_role("heading", name=f"Code: {code}")).to_be_visible()

                # one participant on each process: join, answer the first step, go on
                people = {}
                for name, port in (("Ada", first), ("Grace", second)):
                    page = on_route(browser, url, routes[port][1], **phone)
                    page.goto(f"{url}/workshop?join={code}")
                    wait_rendered(page)
                    page.get_by_role("textbox", name="Your name").fill(name)
                    page.get_by_role("combobox", name=re.compile("Your role")).click()
                    page.get_by_role("option", name="CFO / finance").click()
                    page.get_by_role("button", name="Join the workshop").click()
                    wait_rendered(page)
                    page.get_by_role("button", name="Continue the assessment").click()
                    wait_rendered(page)
                    for question in shown_questions("profile", first_step()):
                        answer(page, question, first_step()[question.id], "en")
                    page.get_by_role("button", name="Next").click()
                    wait_rendered(page)
                    people[name] = page
                # each page went to its own process (a websocket is logged once it closes: the
                # page's other requests, host-config and health, say where it is)
                assert set(upstreams_of(log, routes[first][1])) == {first}
                assert set(upstreams_of(log, routes[second][1])) == {second}

                # both dashboards (one per process) see both participants and their progress
                steps = results_index(Q)
                people_stored = store.all_participants(code)[1]
                assert sorted(p.progress for p in people_stored) == [1, 1]
                expected = f"{2 / (2 * steps):.0%}"
                for board in (fac, cofac):
                    expect(
                        board.get_by_test_id("stMetric").filter(has_text="Participants")
                    ).to_contain_text("2", timeout=30_000)
                    progress = board.get_by_test_id("stMetric").filter(has_text="progress")
                    expect(progress).to_contain_text(expected, timeout=30_000)
                screenshot(cofac, "deploy-dashboard-on-the-second-process")

                # process 1 dies mid-session; Ada goes on, served by process 2
                ada = people["Ada"]
                ada_query = parse_qs(urlsplit(ada.url).query)
                assert {"w", "p"} <= set(ada_query), ada.url  # her participant link
                os.kill(pids[first], signal.SIGKILL)  # no goodbye: a crash
                # a page load with her link in the query while her process is down: nginx
                # meets the dead upstream first (an "error" entry naming the request line)
                secret = urllib.request.Request(
                    f"{by_address}/?w={code}&p={ada_query['p'][0]}",
                    headers={"Cookie": f"wizard_route={routes[first][1]}"},
                )
                with urllib.request.urlopen(secret, timeout=15):
                    pass
                security = Q.questions_of(Q.dimension_ids[0])
                target = next(q for q in security if q.type == "single" and q.show_if is None)
                value = target.option_ids[0]
                _reconnected(ada)  # through nginx, to the other process
                answer(ada, target, value, "en")
                wait_rendered(ada)
                # her old websocket ended on process 1; her page reconnected through process 2
                assert first in upstreams_of(log, routes[first][1], "/_stcore/stream")
                assert second in upstreams_of(log, routes[first][1])
                ada.reload()
                wait_rendered(ada)
                assert shows_answer(ada, target, value, "en")
                ada.get_by_role("button", name="Back").click()
                wait_rendered(ada)
                for question in shown_questions("profile", first_step()):
                    assert shows_answer(ada, question, first_step()[question.id], "en"), question.id
                screenshot(ada, "deploy-participant-after-failover")
                # the proxy's logs (the error log too, after a process died under a request
                # with the link in its query) name paths, never the secret links
                for written in (log, tmp_path / "site-error.log", tmp_path / "error.log"):
                    if written.exists():
                        assert ada_query["p"][0] not in written.read_text("utf-8"), written
                assert not refused, refused  # the page works under the proxy's CSP
                saved = store.me(code, ada_query["p"][0]).answers
                assert saved.get(target.id) == value
                assert all(saved.get(k) == v for k, v in PROFILE_ANSWERS.items()), saved
                browser.close()
        finally:
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "deploy" / "replicas.py"),
                    "stop",
                    "--run-dir",
                    str(run_dir),
                ],
                timeout=60,
            )
            store.dispose()

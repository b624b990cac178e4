"""A workshop's burst, without browsers: N participants over Streamlit's own websocket protocol.

The real app and, as the baseline, a minimal page with the same widgets step by step run in
their own ``streamlit run`` process (pinned to one core with ``taskset`` when available; the
client runs on the other). Each simulated participant opens a session, then clicks an answer on
the open step every ``--pace`` seconds (pressing Next after every few answers) and records the
time from its click to the server's "script finished". By default each opens its own
participant link of a new workshop, as in the room, so every answer is saved to the workshop;
``--as self`` measures self-service sessions instead. For each load it prints clicks served per
second, p50 and p95 latency, each as a ratio to the minimal page under the same load, the
server's CPU seconds per click and its memory per session; client CPU is reported apart.

The protocol is the one the browser speaks: ``BackMsg.rerun_script`` with every widget's state
(``WidgetStates``), ``ForwardMsg`` deltas back, ``script_finished`` at the end of each run.

Each load is run ``--rounds`` times on each side, in turns (minimal, wizard, wizard, minimal,
...); ratios are printed as the median with the interquartile range over the rounds, with the
machine's load average. Each server first serves a few warm-up sessions (its imports are a
cost of starting, not of a click). ``--replicas K`` starts K app processes and compares their
closed-loop throughput (participants spread over them, as sticky sessions are) with one
process's.

Both pages are served with the measured checkout's ``.streamlit/config.toml`` (the same server
settings). ``--app DIR`` measures another checkout (a git worktree of an earlier commit) with
the same client and baseline page, for before/after figures.

Run: python benchmarks/bench_load.py [--loads 10,30,60] [--pace 3] [--seconds 20] [--rounds 4]
     [--closed 10] [--replicas 2 [--replica-clients 80]] [--database URL] [--app DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import Ratio, machine, ratio_of  # noqa: E402


def minimal_page() -> str:
    """A bare page with the wizard's widgets, step by step: per question step the same radios,
    multiselects and "don't know" checkboxes, a sidebar language switch and download button, a
    progress bar and a Next button; every click reruns the whole page."""
    from wizard.config import PROFILE, load_catalog

    q = load_catalog().questionnaire()
    steps = []
    for step in (PROFILE, *q.dimension_ids):
        widgets = []
        for x in q.questions_of(step):
            if x.type == "single":
                widgets.append(("radio", len(x.options) + x.unknown))
            else:
                widgets.append(("multi", len(x.options)))
                if x.unknown:
                    widgets.append(("check", 0))
        steps.append(widgets)
    return f"""
import streamlit as st
STEPS = {steps!r}
with st.sidebar:
    st.radio("Language", ["English", "中文"], key="lang", horizontal=True)
    st.download_button("Save", b"x", key="dl")
st.title("Minimal page")
step = st.session_state.setdefault("step", 0)
st.progress(min(1.0, (step + 1) / (len(STEPS) + 1)), text=f"Step {{step + 1}}")
for i, (kind, n) in enumerate(STEPS[min(step, len(STEPS) - 1)]):
    key = f"{{step}}-{{i}}"
    if kind == "radio":
        st.radio(f"Question {{key}}", [f"Option {{k}}" for k in range(n)], index=None, key=key)
    elif kind == "multi":
        st.multiselect(f"Question {{key}}", [f"Option {{k}}" for k in range(n)], key=key)
    else:
        st.checkbox(f"Don't know {{key}}", key=key)
if st.button("Next", key="next"):
    st.session_state["step"] = step + 1
    st.rerun()
"""


@dataclass
class Server:
    """A ``streamlit run`` process on a port."""

    name: str
    proc: subprocess.Popen
    port: int

    def cpu_seconds(self) -> float:
        """User plus system CPU of the server process (from /proc)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def rss_mb(self) -> float:
        """Resident memory of the server process, MB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(
    name: str, script: Path, env: dict[str, str], core: int | None, root: Path = ROOT
) -> Server:
    """``streamlit run script`` from ``root`` (its ``.streamlit/config.toml`` applies)."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    if core is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(core), *command]
    log = open(Path(tempfile.gettempdir()) / f"bench-load-{name}-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        command, cwd=root, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env}
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return Server(name, proc, port)
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"{name}: not healthy in 90 s")


@dataclass
class Participant:
    """One simulated browser: its widget states and what the last run showed."""

    radios: dict[str, list[str]] = field(default_factory=dict)  # widget id -> option labels
    fragments: dict[str, str] = field(default_factory=dict)  # widget id -> its fragment, if any
    buttons: dict[str, str] = field(default_factory=dict)  # label -> widget id
    states: dict[str, object] = field(default_factory=dict)  # widget id -> WidgetState
    query: str = ""  # the page's query string, as the browser's address bar keeps it
    latencies: list[float] = field(default_factory=list)


async def _run(
    ws, participant: Participant, trigger: str | None = None, fragment: str = ""
) -> float:
    """Send one rerun with every widget's state (and a button trigger) and wait for its end.

    A widget inside an ``st.fragment`` reruns only its fragment, as the browser asks for it.
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    msg = BackMsg()
    msg.rerun_script.query_string = participant.query
    msg.rerun_script.page_script_hash = ""
    for state in participant.states.values():
        msg.rerun_script.widget_states.widgets.append(state)
    if trigger is not None:
        press = WidgetState(id=trigger, trigger_value=True)
        msg.rerun_script.widget_states.widgets.append(press)
    if fragment:
        msg.rerun_script.fragment_id = fragment
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    if not fragment:  # a whole-page run redraws everything; a fragment run only its part
        participant.radios.clear()
        participant.buttons.clear()
    while True:
        raw = await ws.recv()
        forward = ForwardMsg()
        forward.ParseFromString(raw)
        kind = forward.WhichOneof("type")
        if kind == "page_info_changed":  # the app changed the URL's query (a browser keeps it)
            participant.query = forward.page_info_changed.query_string
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            which = element.WhichOneof("type")
            if which == "radio" and "English" not in element.radio.options:
                # answers only: the sidebar's language switch is not what people click
                participant.radios[element.radio.id] = list(element.radio.options)
                participant.fragments[element.radio.id] = forward.delta.fragment_id
            elif which == "button":
                participant.buttons[element.button.label] = element.button.id
                participant.fragments[element.button.id] = forward.delta.fragment_id
        elif kind == "script_finished":
            if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                # the script asked for another run (st.rerun): the click ends with that one
                participant.radios.clear()
                participant.buttons.clear()
                continue
            return time.perf_counter() - start


async def warm_up(servers: list[Server], sessions: int = 3) -> None:
    """A few sessions on each server before anything is measured, each answering for a second.

    A fresh process imports the app's modules and reads its configuration on its first
    session (about half a second of CPU for the wizard): a cost of starting, paid before the
    room joins, not of a click. Without this the first round of each load carried it.
    """
    for server in servers:
        url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
        for i in range(sessions):
            await participant_loop(url, time.monotonic() + 1, 0.0, True, random.Random(i), 1)


def question_steps() -> int:
    """How many steps have questions (the profile and each dimension)."""
    from wizard.config import load_catalog

    return 1 + len(load_catalog().questionnaire().dimension_ids)


async def participant_loop(
    url: str, until: float, pace: float, closed: bool, rng, steps: int = 6, query: str = ""
) -> Participant:
    """One participant: answers, and Next after every few, but never past the question steps
    (``steps`` of them): the review and results pages are not what this measures. ``query``
    is the address's query string the page opens with (a participant link, or none)."""
    import websockets
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    me = Participant(query=query)
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        await _run(ws, me)
        clicks = nexts = 0
        while time.monotonic() < until:
            if not closed:
                await asyncio.sleep(rng.uniform(0.5 * pace, 1.5 * pace))
            if clicks and clicks % 4 == 0 and nexts < steps - 1:
                nexts += 1
                next_id = next((i for label, i in me.buttons.items() if "Next" in label), None)
                if next_id is not None:
                    fragment = me.fragments.get(next_id, "")  # as the browser: Next's fragment
                    me.latencies.append(await _run(ws, me, trigger=next_id, fragment=fragment))
                    clicks += 1
                    continue
            if not me.radios:
                break
            widget = rng.choice(sorted(me.radios))
            me.states[widget] = WidgetState(id=widget, string_value=rng.choice(me.radios[widget]))
            me.latencies.append(await _run(ws, me, fragment=me.fragments.get(widget, "")))
            clicks += 1
    return me


def participant_links(database: str, n: int) -> list[str]:
    """A new workshop with ``n`` participants joined: each one's link as a query string.

    In a workshop everyone opens the link the join page gave them; every answer is saved to
    the workshop (and moves its revision, which the dashboards watch). Joining is done here,
    before the run, so the server's figures count answers and Next only.
    """
    from wizard.config import DEFAULT_QUESTIONNAIRE, DEFAULT_WEIGHTS, load_catalog
    from wizard.storage import Store

    store = Store(database)
    try:
        q = load_catalog().questionnaire(DEFAULT_QUESTIONNAIRE)
        created = store.create_workshop(
            "Load test", q, DEFAULT_WEIGHTS, anonymous=False, blind=False, max_participants=n
        )
        links = []
        for i in range(n):
            _, token = store.join(created.code, f"Participant {i + 1}", "")
            links.append(f"w={created.code}&p={token}")
        return links
    finally:
        store.dispose()


async def load(
    servers: list[Server],
    n: int,
    seconds: float,
    pace: float,
    closed: bool,
    ramp: float,
    seed: int,
    links: list[str] | None = None,
) -> dict[str, float]:
    """``n`` participants for ``seconds``, spread over ``servers`` in turn (as sticky sessions
    behind a balancer would be), each opening its link in ``links`` if given (else a bare
    address: self-service); the figures of the whole run."""
    rng = random.Random(seed)
    steps = question_steps()
    until = time.monotonic() + seconds
    rss_before = sum(s.rss_mb() for s in servers)
    cpu_before = sum(s.cpu_seconds() for s in servers)
    client_before = time.process_time()

    async def one(i: int) -> Participant:
        await asyncio.sleep(ramp * i / max(n, 1))  # joining over ``ramp`` seconds
        url = f"ws://127.0.0.1:{servers[i % len(servers)].port}/_stcore/stream"
        query = links[i] if links else ""
        return await participant_loop(
            url, until, pace, closed, random.Random(rng.random()), steps, query
        )

    people = await asyncio.gather(*(one(i) for i in range(n)))
    cpu = sum(s.cpu_seconds() for s in servers) - cpu_before
    latencies = sorted(x for p in people for x in p.latencies)
    clicks = len(latencies)
    return {
        "clicks_per_s": clicks / seconds,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "cpu_per_click": cpu / clicks if clicks else float("nan"),
        "mb_per_session": max(sum(s.rss_mb() for s in servers) - rss_before, 0.0) / max(n, 1),
        "client_cpu_per_click": (time.process_time() - client_before) / clicks
        if clicks
        else float("nan"),
        "clicks": clicks,
    }


FIGURES = (
    ("clicks_per_s", "clicks/s"),
    ("p50", "p50 s"),
    ("p95", "p95 s"),
    ("cpu_per_click", "server CPU s/click"),
    ("client_cpu_per_click", "client CPU s/click"),
    ("mb_per_session", "MB/session (1st round)"),
)


def rounds_of(
    base: list[Server], subject: list[Server], rounds: int, args, n: int, closed: bool
) -> tuple[list[dict], list[dict]]:
    """Baseline and subject under the same load, in turns (AB, BA, ...)."""
    got: dict[str, list[dict]] = {"b": [], "s": []}
    for r in range(rounds):
        order = (("b", base), ("s", subject)) if r % 2 == 0 else (("s", subject), ("b", base))
        for name, servers in order:
            links = participant_links(args.database_url, n) if args.role == "workshop" else None
            figures = asyncio.run(
                load(
                    servers,
                    n,
                    args.seconds,
                    args.pace,
                    closed,
                    args.ramp,
                    seed=1000 * n + r,
                    links=links,
                )
            )
            got[name].append(figures)
            time.sleep(2)  # the closed sessions are let go before the next run
    return got["b"], got["s"]


def spread(base: list[dict], subject: list[dict], key: str) -> Ratio:
    return ratio_of([(b[key], s[key]) for b, s in zip(base, subject, strict=True)])


def report(label: str, base_name: str, base: list[dict], subject: list[dict]) -> dict[str, Ratio]:
    print(label)
    ratios = {}
    for key, title in FIGURES:
        if key == "mb_per_session":
            b, s = base[0][key], subject[0][key]
            print(f"  {title:24s} subject {s:8.3f}   {base_name} {b:8.3f}")
            continue
        ratios[key] = spread(base, subject, key)
        r = ratios[key]
        print(
            f"  {title:24s} subject {r.subject:8.3f}   {base_name} {r.base:8.3f}   ratio {r.text()}"
        )
    return ratios


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", default="10,30,60", help="participants clicking at --pace")
    parser.add_argument("--pace", type=float, default=3.0)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of one run")
    parser.add_argument("--rounds", type=int, default=4, help="runs of each side, in turns")
    parser.add_argument("--closed", type=int, default=10, help="participants in the closed loop")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which people join")
    parser.add_argument(
        "--replicas",
        type=int,
        default=0,
        help="also compare this many app processes with one, closed loop (only that: "
        "--loads '' --closed 0)",
    )
    parser.add_argument(
        "--replica-clients",
        type=int,
        default=80,
        help="participants in the replicas' run: enough to keep every process busy, since "
        "throughput is compared at saturation (with 20 the single client, not the servers, "
        "sets the pace)",
    )
    parser.add_argument(
        "--as",
        dest="role",
        choices=("workshop", "self"),
        default="workshop",
        help="workshop: each participant opens its own participant link of a new workshop "
        "(every answer saved to it, as in the room); self: self-service sessions saved on "
        "their resume link (the minimal page gets the same addresses and ignores them)",
    )
    parser.add_argument(
        "--database",
        default="",
        help="WIZARD_DATABASE_URL for the app (default: a new SQLite file; replicas on one "
        "host share it, as they would share PostgreSQL)",
    )
    parser.add_argument(
        "--app",
        type=Path,
        default=ROOT,
        help="the checkout whose app to measure (e.g. a git worktree of an earlier commit, "
        "for before/after figures with the same client and baseline)",
    )
    args = parser.parse_args(argv)

    cores = os.cpu_count() or 1
    pin_server, pin_client = (1, 0) if cores >= 2 and shutil.which("taskset") else (None, None)
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    minimal = workdir / "minimal_page.py"
    minimal.write_text(minimal_page(), "utf-8")  # the baseline is always this checkout's
    args.database_url = args.database or f"sqlite:///{workdir / 'load.db'}"
    env = {"WIZARD_DATABASE_URL": args.database_url}
    print(machine())
    loads = [(int(n), False) for n in args.loads.split(",") if n]
    if args.closed:
        loads.append((args.closed, True))
    ok = True
    checked = False  # a target is checked at 60 participants and with --replicas
    if loads:
        print(
            f"server on core {pin_server}, client on core {pin_client}; {args.rounds} runs of "
            f"{args.seconds:g} s per side and load, in turns; participants: "
            + (
                "a new workshop's participant links (--as workshop)"
                if args.role == "workshop"
                else "self-service sessions (--as self)"
            )
        )
        if pin_client is not None:
            os.sched_setaffinity(0, {pin_client})
        servers = [
            start("minimal", minimal, env, pin_server, args.app),  # same server settings
            start("wizard", args.app / "streamlit_app.py", env, pin_server, args.app),
        ]
        try:
            asyncio.run(warm_up(servers))
            for n, closed in loads:
                base, subject = rounds_of(servers[:1], servers[1:], args.rounds, args, n, closed)
                label = (
                    f"{n} participants, "
                    + ("as fast as possible" if closed else f"a click every {args.pace:g} s")
                    + " (subject: the wizard; baseline: the minimal page)"
                )
                ratios = report(label, "minimal", base, subject)
                if n == 60 and not closed:
                    p95 = ratios["p95"]
                    worst = sorted(s["p95"] for s in subject)[-1 if len(subject) < 4 else -2]
                    met = p95.at_most(1.5) and ratios["cpu_per_click"].at_most(1.5) and worst < 1
                    ok &= met
                    checked = True
                    print(
                        f"  target at 60: p95 <= 1.5x minimal ({p95.q3:.2f}x at the upper "
                        f"quartile), under 1 s (upper-quartile run {worst:.3f} s), CPU/click <= "
                        f"1.5x ({ratios['cpu_per_click'].q3:.2f}x): " + ("met" if met else "MISSED")
                    )
                print(f"  {machine()}")
        finally:
            for server in servers:
                server.proc.terminate()
                server.proc.wait(timeout=30)
    if args.replicas > 1:
        os.sched_setaffinity(0, set(range(cores)))
        n = args.replica_clients
        print(
            f"{args.replicas} app processes against 1, {n} participants as fast as possible, "
            f"nothing pinned (the client shares the {cores} cores)"
        )
        servers = [
            start(f"wizard{i}", args.app / "streamlit_app.py", env, None, args.app)
            for i in range(args.replicas)
        ]
        try:
            asyncio.run(warm_up(servers))
            base, subject = rounds_of(servers[:1], servers, args.rounds, args, n, True)
            ratios = report(
                f"  (subject: {args.replicas} processes; baseline: 1)", "1 process", base, subject
            )
            throughput = ratios["clicks_per_s"]
            ok &= throughput.at_least(1.6)
            checked = True
            verdict = throughput.verdict_at_least(1.6)
            print(f"  throughput with {args.replicas} processes: {verdict}")
            print(f"  {machine()}")
        finally:
            for server in servers:
                server.proc.terminate()
                server.proc.wait(timeout=30)
    print("targets:", ("met" if ok else "MISSED") if checked else "none checked in this run")
    return 0


if __name__ == "__main__":
    sys.exit(main())

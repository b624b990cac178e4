"""A workshop's burst, without browsers: N participants over Streamlit's own websocket protocol.

The real app and, as the baseline, a minimal page with the same kinds of widgets each run in
their own ``streamlit run`` process (pinned to one core with ``taskset`` when available; the
client runs on the other). Each simulated participant opens a session, then clicks an answer on
the open step every ``--pace`` seconds (pressing Next after every few answers) and records the
time from its click to the server's "script finished". For each load it prints clicks served per
second, p50 and p95 latency, each as a ratio to the minimal page under the same load, the
server's CPU seconds per click and its memory per session; client CPU is reported apart.

The protocol is the one the browser speaks: ``BackMsg.rerun_script`` with every widget's state
(``WidgetStates``), ``ForwardMsg`` deltas back, ``script_finished`` at the end of each run.

Run: python benchmarks/bench_load.py [--loads 10,30,60] [--pace 3] [--seconds 30] [--closed 10]
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

MINIMAL = """
import streamlit as st
with st.sidebar:
    st.radio("Language", ["English", "中文"], key="lang", horizontal=True)
    st.download_button("Save", b"x", key="dl")
st.title("Minimal page")
st.progress(0.3, text="Step 1 of 7")
step = st.session_state.setdefault("step", 0)
for i in range(6):
    st.radio(f"Question {step}-{i}", ["A", "B", "C", "D"], index=None, key=f"q{step}-{i}")
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


def start(name: str, script: Path, env: dict[str, str], core: int | None) -> Server:
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
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env}
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
    msg.rerun_script.query_string = ""
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
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            which = element.WhichOneof("type")
            if which == "radio" and "English" not in element.radio.options:
                # answers only: the sidebar's language switch is not what people click
                participant.radios[element.radio.id] = list(element.radio.options)
                participant.fragments[element.radio.id] = forward.delta.fragment_id
            elif which == "button":
                participant.buttons[element.button.label] = element.button.id
        elif kind == "script_finished":
            if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                # the script asked for another run (st.rerun): the click ends with that one
                participant.radios.clear()
                participant.buttons.clear()
                continue
            return time.perf_counter() - start


async def participant_loop(url: str, until: float, pace: float, closed: bool, rng) -> Participant:
    import websockets
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    me = Participant()
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        await _run(ws, me)
        clicks = 0
        while time.monotonic() < until:
            if not closed:
                await asyncio.sleep(rng.uniform(0.5 * pace, 1.5 * pace))
            if clicks and clicks % 4 == 0:
                next_id = next((i for label, i in me.buttons.items() if "Next" in label), None)
                if next_id is not None:
                    me.latencies.append(await _run(ws, me, trigger=next_id))
                    clicks += 1
                    continue
            if not me.radios:
                break
            widget = rng.choice(sorted(me.radios))
            me.states[widget] = WidgetState(id=widget, string_value=rng.choice(me.radios[widget]))
            me.latencies.append(await _run(ws, me, fragment=me.fragments.get(widget, "")))
            clicks += 1
    return me


async def load(
    server: Server, n: int, seconds: float, pace: float, closed: bool, ramp: float, seed: int
) -> dict[str, float]:
    url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
    rng = random.Random(seed)
    until = time.monotonic() + seconds
    rss_before = server.rss_mb()
    cpu_before = server.cpu_seconds()
    client_before = time.process_time()

    async def one(i: int) -> Participant:
        await asyncio.sleep(ramp * i / max(n, 1))  # joining over ``ramp`` seconds
        return await participant_loop(url, until, pace, closed, random.Random(rng.random()))

    people = await asyncio.gather(*(one(i) for i in range(n)))
    cpu = server.cpu_seconds() - cpu_before
    latencies = sorted(x for p in people for x in p.latencies)
    clicks = len(latencies)
    return {
        "clicks_per_s": clicks / seconds,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "cpu_per_click": cpu / clicks if clicks else float("nan"),
        "mb_per_session": max(server.rss_mb() - rss_before, 0.0) / n,
        "client_cpu": time.process_time() - client_before,
        "clicks": clicks,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", default="10,30,60")
    parser.add_argument("--pace", type=float, default=3.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--closed", type=int, default=10, help="participants in the closed loop")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which people join")
    args = parser.parse_args(argv)

    cores = os.cpu_count() or 1
    pin_server, pin_client = (1, 0) if cores >= 2 and shutil.which("taskset") else (None, None)
    if pin_client is not None:
        os.sched_setaffinity(0, {pin_client})
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    minimal = workdir / "minimal_page.py"
    minimal.write_text(MINIMAL, "utf-8")
    env = {"WIZARD_DATABASE_URL": f"sqlite:///{workdir / 'load.db'}"}
    print(
        f"machine: {cores} cores, load average {os.getloadavg()[0]:.2f}; server on core "
        f"{pin_server}, client on core {pin_client}"
    )
    loads = [(int(n), False) for n in args.loads.split(",") if n] + [(args.closed, True)]
    rows = []
    for n, closed in loads:
        result = {}
        for name, script in (("minimal", minimal), ("wizard", ROOT / "streamlit_app.py")):
            server = start(name, script, env, pin_server)
            try:
                result[name] = asyncio.run(
                    load(server, n, args.seconds, args.pace, closed, args.ramp, seed=n)
                )
            finally:
                server.proc.terminate()
                server.proc.wait(timeout=30)
        rows.append((n, closed, result))
        m, w = result["minimal"], result["wizard"]
        label = f"{n} participants, " + (
            "as fast as possible" if closed else f"a click every {args.pace:g} s"
        )
        print(label)
        for key, title in (
            ("clicks_per_s", "clicks/s"),
            ("p50", "p50 s"),
            ("p95", "p95 s"),
            ("cpu_per_click", "server CPU s/click"),
            ("mb_per_session", "MB/session"),
        ):
            ratio = w[key] / m[key] if m[key] else float("nan")
            print(
                f"  {title:20s} wizard {w[key]:8.3f}   minimal {m[key]:8.3f}   ratio {ratio:5.2f}x"
            )
        print(
            f"  client CPU s: wizard run {w['client_cpu']:.1f}, minimal run {m['client_cpu']:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

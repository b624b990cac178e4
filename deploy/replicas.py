"""Start, stop and check N app processes on this host (for nginx to balance).

    export WIZARD_DATABASE_URL=postgresql+psycopg://wizard:...@db.internal:5432/wizard
    export STREAMLIT_SERVER_COOKIE_SECRET=...   # the same on every process and host
    python deploy/replicas.py start --count 2 --first-port 8501   # or --ports 8501,8503
    python deploy/replicas.py status            # each process's /_stcore/health
    python deploy/replicas.py stop

Every process must share one database (the workshops, the participants' and resume links'
answers) and one cookie secret (Streamlit signs its XSRF cookie with it: a browser moved to
another process after a failure must still be able to upload). ``start`` refuses to run more
than one process without both. Process ids and logs are kept in ``--run-dir``
(default ``data/run``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RUN_DIR = ROOT / "data" / "run"
SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
DATABASE_ENV = "WIZARD_DATABASE_URL"


def _host(address: str) -> str:
    return f"[{address}]" if ":" in address and not address.startswith("[") else address


def healthy(address: str, port: int, timeout: float = 2.0) -> bool:
    """Whether ``/_stcore/health`` answers 200 on this port."""
    try:
        url = f"http://{_host(address)}:{port}/_stcore/health"
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def _ours(entry: dict) -> bool:
    """Whether the recorded pid is still our ``streamlit run`` on the recorded port.

    A pid from an old file may since belong to any other process (after a crash or a reboot):
    it is neither signalled nor counted as running.
    """
    try:
        command = Path(f"/proc/{int(entry['pid'])}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError, KeyError):
        return False
    words = [w.decode(errors="replace") for w in command]
    return "streamlit" in " ".join(words) and str(entry.get("port")) in words


def _port_free(address: str, port: int) -> bool:
    import socket

    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family) as sock:
        # as the app's server binds (SO_REUSEADDR): a port whose last connections are still in
        # TIME-WAIT after a stop is free for it, and so it is for this probe
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address.strip("[]"), port))
        except OSError:
            return False
    return True


def start(ports: list[int], address: str, run_dir: Path, wait: float, trust_proxy: str = "") -> int:
    """Start one process per port and wait until each is healthy.

    ``trust_proxy``: the address(es) of the nginx in front, whose ``X-Forwarded-For`` the
    processes believe (127.0.0.1, an nginx on this host, by default). It is told to both the
    server (uvicorn's ``FORWARDED_ALLOW_IPS``) and the app (``WIZARD_TRUSTED_PROXIES``), so
    the header counts only when it comes from that proxy; without it every participant would
    seem to come from nginx's address.
    """
    count = len(ports)
    if count < 1:
        print("replicas: --count must be at least 1", file=sys.stderr)
        return 2
    if len(set(ports)) != count or not all(1024 <= p <= 65535 for p in ports):
        print(
            f"replicas: ports {ports}: expected distinct ports from 1024 to 65535", file=sys.stderr
        )
        return 2
    url = os.environ.get(DATABASE_ENV, "")
    if count > 1 and (not url or url.lower().startswith("sqlite")):
        print(
            f"replicas: {count} processes need one shared server database: set {DATABASE_ENV} "
            "to a PostgreSQL URL (the embedded SQLite file is for one process)",
            file=sys.stderr,
        )
        return 2
    if count > 1 and not os.environ.get(SECRET_ENV):
        print(
            f"replicas: set {SECRET_ENV} to one long random value, the same on every process "
            "and host (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')",
            file=sys.stderr,
        )
        return 2
    run_dir.mkdir(parents=True, exist_ok=True)
    state = run_dir / "replicas.json"
    if state.exists() and any(_ours(p) for p in json.loads(state.read_text())):
        print(f"replicas: already running (see {state}); stop them first", file=sys.stderr)
        return 2
    taken = [p for p in ports if not _port_free(address, p)]
    if taken:
        print(f"replicas: port(s) {taken} already in use on {address}", file=sys.stderr)
        return 2
    started = []
    for port in ports:
        log = (run_dir / f"app-{port}.log").open("ab")
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
                address,
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # not stopped by the shell that started it
            env={
                **os.environ,
                "FORWARDED_ALLOW_IPS": trust_proxy or "127.0.0.1",
                "WIZARD_TRUSTED_PROXIES": trust_proxy or "127.0.0.1",
            },
        )
        started.append({"pid": proc.pid, "port": port, "address": address, "proc": proc})
    state.write_text(
        json.dumps([{k: v for k, v in p.items() if k != "proc"} for p in started]), "utf-8"
    )
    deadline = time.monotonic() + wait

    def up(p: dict) -> bool:
        # healthy only while the process we started is alive: not another one on the port
        return p["proc"].poll() is None and healthy(p["address"], p["port"])

    waiting = list(started)
    while waiting and time.monotonic() < deadline:
        waiting = [p for p in waiting if p["proc"].poll() is None and not up(p)]
        if waiting:
            time.sleep(0.5)
    failed = 0
    for p in started:
        ok = up(p)
        failed += not ok
        said = "healthy" if ok else "EXITED" if p["proc"].poll() is not None else "NOT healthy"
        print(f"{p['address']}:{p['port']} pid {p['pid']}: {said}")
    if failed:
        print(f"replicas: see the logs in {run_dir}", file=sys.stderr)
        return 1
    return 0


def _load(run_dir: Path) -> list[dict]:
    state = run_dir / "replicas.json"
    return json.loads(state.read_text("utf-8")) if state.exists() else []


def stop(run_dir: Path) -> int:
    """Stop the processes started from ``run_dir`` (SIGTERM, then SIGKILL after 20 s)."""
    procs = [p for p in _load(run_dir) if _ours(p)]  # never a pid that is someone else's now
    gone = [p for p in _load(run_dir) if p not in procs]
    for p in procs:
        with contextlib.suppress(ProcessLookupError):
            os.kill(p["pid"], signal.SIGTERM)
    deadline = time.monotonic() + 20
    while any(_ours(p) for p in procs) and time.monotonic() < deadline:
        time.sleep(0.3)
    for p in procs:
        if _ours(p):
            with contextlib.suppress(ProcessLookupError):
                os.kill(p["pid"], signal.SIGKILL)
        print(f"{p['address']}:{p['port']} pid {p['pid']}: stopped")
    for p in gone:
        print(f"{p['address']}:{p['port']} pid {p['pid']}: was not running")
    (run_dir / "replicas.json").unlink(missing_ok=True)
    return 0


def status(run_dir: Path) -> int:
    """Print each process's health; 1 when one is down or none was started."""
    procs = _load(run_dir)
    if not procs:
        print("replicas: none started from this run directory")
        return 1
    bad = 0
    for p in procs:
        ok = _ours(p) and healthy(p["address"], p["port"])
        bad += not ok
        print(f"{p['address']}:{p['port']} pid {p['pid']}: " + ("healthy" if ok else "DOWN"))
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--count", type=int, default=2)
    parser.add_argument("--first-port", type=int, default=8501)
    parser.add_argument("--ports", help="explicit ports instead, e.g. 8501,8503 (overrides both)")
    parser.add_argument("--address", default="127.0.0.1", help="where nginx reaches them")
    parser.add_argument("--run-dir", type=Path, default=DEFAULT_RUN_DIR)
    parser.add_argument(
        "--trust-proxy",
        default="",
        help="address(es) of the nginx in front, comma-separated, whose X-Forwarded-For is "
        "believed (default: 127.0.0.1, an nginx on this host)",
    )
    parser.add_argument("--wait", type=float, default=90.0, help="seconds to wait for health")
    args = parser.parse_args(argv)
    if args.action == "start":
        try:
            ports = (
                [int(p) for p in args.ports.split(",") if p.strip()]
                if args.ports
                else [args.first_port + i for i in range(args.count)]
            )
        except ValueError:
            print(
                f"replicas: --ports {args.ports!r}: expected numbers such as 8501,8502",
                file=sys.stderr,
            )
            return 2
        return start(ports, args.address, args.run_dir, args.wait, args.trust_proxy)
    if args.action == "stop":
        return stop(args.run_dir)
    return status(args.run_dir)


if __name__ == "__main__":
    sys.exit(main())

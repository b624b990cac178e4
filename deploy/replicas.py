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


def healthy(address: str, port: int, timeout: float = 2.0) -> bool:
    """Whether ``/_stcore/health`` answers 200 on this process."""
    try:
        url = f"http://{address}:{port}/_stcore/health"
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start(ports: list[int], address: str, run_dir: Path, wait: float) -> int:
    """Start one process per port and wait until each is healthy."""
    count = len(ports)
    if count < 1:
        print("replicas: --count must be at least 1", file=sys.stderr)
        return 2
    url = os.environ.get(DATABASE_ENV, "")
    if count > 1 and (not url or url.startswith("sqlite")):
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
    if state.exists() and any(_alive(p["pid"]) for p in json.loads(state.read_text())):
        print(f"replicas: already running (see {state}); stop them first", file=sys.stderr)
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
        )
        started.append({"pid": proc.pid, "port": port, "address": address})
    state.write_text(json.dumps(started), "utf-8")
    deadline = time.monotonic() + wait
    pending = list(started)
    while pending and time.monotonic() < deadline:
        pending = [p for p in pending if not healthy(p["address"], p["port"])]
        if pending:
            time.sleep(0.5)
    for p in started:
        ok = p not in pending
        print(f"{p['address']}:{p['port']} pid {p['pid']}: " + ("healthy" if ok else "NOT healthy"))
    if pending:
        print(f"replicas: see the logs in {run_dir}", file=sys.stderr)
        return 1
    return 0


def _load(run_dir: Path) -> list[dict]:
    state = run_dir / "replicas.json"
    return json.loads(state.read_text("utf-8")) if state.exists() else []


def stop(run_dir: Path) -> int:
    """Stop the processes started from ``run_dir`` (SIGTERM, then SIGKILL after 20 s)."""
    procs = _load(run_dir)
    for p in procs:
        if _alive(p["pid"]):
            os.kill(p["pid"], signal.SIGTERM)
    deadline = time.monotonic() + 20
    while any(_alive(p["pid"]) for p in procs) and time.monotonic() < deadline:
        time.sleep(0.3)
    for p in procs:
        if _alive(p["pid"]):
            os.kill(p["pid"], signal.SIGKILL)
        print(f"{p['address']}:{p['port']} pid {p['pid']}: stopped")
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
        ok = _alive(p["pid"]) and healthy(p["address"], p["port"])
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
            print(f"replicas: --ports {args.ports!r}: expected numbers such as 8501,8502")
            return 2
        return start(ports, args.address, args.run_dir, args.wait)
    if args.action == "stop":
        return stop(args.run_dir)
    return status(args.run_dir)


if __name__ == "__main__":
    sys.exit(main())

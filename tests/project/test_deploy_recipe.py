"""deploy/: the nginx configuration it renders and the replica starter's refusals."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.browser import ROOT
from tests.deploy import nginx_binary

RENDER = ROOT / "deploy" / "render_nginx.py"
REPLICAS = ROOT / "deploy" / "replicas.py"


def render(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(RENDER), *args], capture_output=True, text=True, timeout=60
    )


def test_the_rendered_site_is_sticky_by_cookie_keeps_websockets_and_passes_nginx_t(tmp_path):
    out = render(
        "--app",
        "10.0.0.5:8501",
        "--app",
        "10.0.0.6:8501",
        "--listen",
        "127.0.0.1:18081",
        "--access-log",
        str(tmp_path / "a.log"),
        "--error-log",
        str(tmp_path / "e.log"),
        "--server-name",
        "genai.example.org",
    )
    assert out.returncode == 0, out.stderr
    site = out.stdout
    assert "hash $wizard_route consistent;" in site
    assert "server 10.0.0.5:8501 max_fails=1" in site and "server 10.0.0.6:8501" in site
    assert "proxy_set_header Upgrade $http_upgrade;" in site
    assert "proxy_read_timeout 1d;" in site and "proxy_next_upstream error timeout" in site
    assert "${" not in site  # every placeholder filled
    assert "proxy_set_header Host $http_host;" in site  # the port comes along
    assert f"error_log {tmp_path / 'e.log'} crit;" in site  # no request lines with queries
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options DENY",
        "Referrer-Policy no-referrer",
    ):
        assert f"add_header {header}" in site
    assert "frame-ancestors 'none'" in site
    conf = tmp_path / "nginx.conf"
    (tmp_path / "site.conf").write_text(site)
    conf.write_text(
        f"pid {tmp_path / 'n.pid'};\nerror_log {tmp_path / 'e.log'};\nevents {{}}\n"
        f"http {{ include {tmp_path / 'site.conf'}; }}\n"
    )
    checked = subprocess.run(
        [nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_tls_marks_the_routing_cookie_secure() -> None:
    out = render("--app", "127.0.0.1:8501", "--tls", "/etc/ssl/w.pem", "/etc/ssl/w.key")
    assert out.returncode == 0, out.stderr
    assert "listen 443 ssl;" in out.stdout and "SameSite=Lax; Secure" in out.stdout
    assert "ssl_certificate /etc/ssl/w.pem;" in out.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ([], "--app"),
        (["--app", "127.0.0.1"], "'127.0.0.1'"),
        (["--app", "127.0.0.1:8501; include /etc/passwd"], "host:port"),
        (["--app", "127.0.0.1:8501", "--server-name", "a.org; return 200"], "--server-name"),
        (["--app", "127.0.0.1:8501", "--access-log", "/tmp/x;"], "--access-log"),
    ],
)
def test_bad_arguments_are_refused_by_name(args, named) -> None:
    out = render(*args)
    assert out.returncode == 2 and named in out.stderr and not out.stdout


def _replicas(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WIZARD_", "STREAMLIT_"))}
    return subprocess.run(
        [sys.executable, str(REPLICAS), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, **env},
    )


def test_several_processes_need_one_server_database_and_one_cookie_secret(tmp_path) -> None:
    run_dir = ["--run-dir", str(tmp_path)]
    out = _replicas("start", "--count", "2", *run_dir)
    assert out.returncode == 2 and "PostgreSQL" in out.stderr
    out = _replicas(
        "start", "--count", "2", *run_dir, WIZARD_DATABASE_URL=f"sqlite:///{tmp_path}/x.db"
    )
    assert out.returncode == 2 and "PostgreSQL" in out.stderr
    out = _replicas(
        "start", "--count", "2", *run_dir, WIZARD_DATABASE_URL="postgresql+psycopg://h/db"
    )
    assert out.returncode == 2 and "STREAMLIT_SERVER_COOKIE_SECRET" in out.stderr
    assert not (tmp_path / "replicas.json").exists()  # nothing was started
    assert _replicas("status", *run_dir).returncode == 1


def test_a_stale_pid_file_never_signals_someone_elses_process(tmp_path) -> None:
    """After a crash or a reboot the recorded pid may belong to another program: stop and
    status leave it alone and say the replica is not running."""
    import json

    other = subprocess.Popen(["sleep", "60"])
    try:
        entry = {"pid": other.pid, "port": 8599, "address": "127.0.0.1"}
        (tmp_path / "replicas.json").write_text(json.dumps([entry]))
        status = _replicas("status", "--run-dir", str(tmp_path))
        assert status.returncode == 1 and "DOWN" in status.stdout
        stop = _replicas("stop", "--run-dir", str(tmp_path))
        assert stop.returncode == 0 and "was not running" in stop.stdout
        assert other.poll() is None  # still alive: never signalled
    finally:
        other.kill()
        other.wait()


def test_taken_or_repeated_ports_are_refused_before_anything_starts(tmp_path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = _replicas("start", "--ports", f"{port}", "--run-dir", str(tmp_path))
        assert out.returncode == 2 and "already in use" in out.stderr
    out = _replicas("start", "--ports", "8601,8601", "--run-dir", str(tmp_path))
    assert out.returncode == 2 and "distinct" in out.stderr
    assert not (tmp_path / "replicas.json").exists()


def _documented_allowed_hosts() -> str:
    """The value README.md gives STREAMLIT_SERVER_ALLOWED_HOSTS in its deploy commands."""
    import re

    text = (ROOT / "README.md").read_text("utf-8")
    found = re.findall(r"export STREAMLIT_SERVER_ALLOWED_HOSTS=\"([^\"]+)\"", text)
    assert found, "README.md no longer documents STREAMLIT_SERVER_ALLOWED_HOSTS"
    return found[0]


def test_the_documented_allowed_hosts_form_parses_to_the_hosts_meant() -> None:
    """Streamlit reads the README's form as two hosts, localhost and the public name (a JSON
    list in the environment would become one host named after the whole list)."""
    import ast

    value = _documented_allowed_hosts()
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "STREAMLIT_SERVER_ALLOWED_HOSTS": value},
    ).stdout
    start = shown.index("\nallowedHosts = [") + len("\nallowedHosts = ")
    hosts = ast.literal_eval(shown[start : shown.index("]", start) + 1])
    assert hosts == ["localhost", "genai.example.org"]

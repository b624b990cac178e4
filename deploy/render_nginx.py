"""Render deploy/nginx/genai-wizard.conf.template for a set of app processes.

    python deploy/render_nginx.py --app 127.0.0.1:8501 --app 127.0.0.1:8502 \
        --server-name genai.example.org > /etc/nginx/conf.d/genai-wizard.conf
    nginx -t && systemctl reload nginx

Each ``--app`` is one ``streamlit run streamlit_app.py`` process (``deploy/replicas.py`` starts
them on one host; on several hosts, give each host's address). ``--tls CERT KEY`` listens on
443 with HTTPS and marks the routing cookie Secure.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "genai-wizard.conf.template"
ADDRESS = re.compile(r"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")
PATH = re.compile(r"^/[A-Za-z0-9/_.+-]+$")  # an absolute path of plain characters
NAME = re.compile(r"^[A-Za-z0-9.*_-]+( [A-Za-z0-9.*_-]+)*$")


def _check_path(flag: str, value: str) -> None:
    """A path nginx reads as one plain token (no spaces, quotes, ``;``, ``$`` or escapes)."""
    if not PATH.match(value):
        raise ValueError(
            f"{flag} {value!r}: expected an absolute path of letters, digits and /_.+-"
        )


def render(
    apps: list[str],
    *,
    listen: str = "80",
    server_name: str = "_",
    access_log: str = "/var/log/nginx/genai-wizard.access.log",
    error_log: str = "/var/log/nginx/genai-wizard.error.log",
    tls: tuple[str, str] | None = None,
    fail_timeout: int = 10,
) -> str:
    """The nginx configuration text; raises ValueError naming a bad address or name."""
    if not apps:
        raise ValueError("at least one --app address (host:port) is needed")
    for app in apps:
        match = ADDRESS.match(app)
        if not match or not 1 <= int(match.group(2)) <= 65535:
            raise ValueError(f"--app {app!r}: expected host:port, e.g. 127.0.0.1:8501")
    if not 1 <= int(fail_timeout) <= 3600:
        raise ValueError(f"--fail-timeout {fail_timeout}: expected 1 to 3600 seconds")
    if not NAME.match(server_name):
        raise ValueError(f"--server-name {server_name!r}: expected host names separated by spaces")
    if not re.match(r"^[\w.:\[\]-]+$", listen):
        raise ValueError(f"--listen {listen!r}: expected a port or address:port")
    _check_path("--access-log", access_log)
    _check_path("--error-log", error_log)
    upstreams = "\n".join(
        f"    server {app} max_fails=1 fail_timeout={int(fail_timeout)}s;" for app in apps
    )
    tls_lines = ""
    flags = ""
    if tls:
        for path in tls:
            _check_path("--tls", path)
        tls_lines = (
            f"    ssl_certificate {tls[0]};\n    ssl_certificate_key {tls[1]};\n"
            "    ssl_protocols TLSv1.2 TLSv1.3;"
        )
        flags = "; Secure"
        listen = f"{listen} ssl" if listen != "80" else "443 ssl"
    return Template(TEMPLATE.read_text("utf-8")).safe_substitute(
        WIZARD_UPSTREAMS=upstreams,
        WIZARD_LISTEN=listen,
        WIZARD_SERVER_NAME=server_name,
        WIZARD_ACCESS_LOG=access_log,
        WIZARD_ERROR_LOG=error_log,
        WIZARD_TLS=tls_lines,
        WIZARD_COOKIE_FLAGS=flags,
    )


def main(argv: list[str] | None = None) -> int:
    """The command line: print the configuration, or exit 2 naming what was wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", action="append", default=[], help="host:port of one process")
    parser.add_argument("--listen", default="80")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--access-log", default="/var/log/nginx/genai-wizard.access.log")
    parser.add_argument("--error-log", default="/var/log/nginx/genai-wizard.error.log")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--fail-timeout", type=int, default=10)
    args = parser.parse_args(argv)
    try:
        text = render(
            args.app,
            listen=args.listen,
            server_name=args.server_name,
            access_log=args.access_log,
            error_log=args.error_log,
            tls=tuple(args.tls) if args.tls else None,
            fail_timeout=args.fail_timeout,
        )
    except ValueError as exc:
        print(f"render_nginx: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The deployment tests' shared parts: finding Debian's nginx."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).exists()), None
    )
    if found is None:
        pytest.fail(
            "nginx not found: run tests/run.sh as root (it installs Debian's nginx)",
            pytrace=False,
        )
    return found

"""Reading a PDF back in tests, with poppler-utils (tests/run.sh installs them)."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def poppler(tool: str) -> str:
    """The path of a poppler tool; the test fails (never skips) when it is missing."""
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} missing: run tests/run.sh as root (it installs poppler-utils)")
    return found


def pdf_text(data: bytes) -> str:
    """The PDF's text, whitespace folded to single spaces (lines joined)."""
    out = subprocess.run(
        [poppler("pdftotext"), "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode("utf-8").split())

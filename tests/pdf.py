"""Reading a PDF back in tests, with poppler-utils (tests/run.sh installs them)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

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


def pdf_info_and_text(data: bytes, tmp_path: Path) -> tuple[str, str]:
    """(pdfinfo, pdftotext -layout) of a PDF, written into ``tmp_path`` first."""
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    info = subprocess.run([poppler("pdfinfo"), str(path)], capture_output=True, text=True)
    text = subprocess.run(
        [poppler("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True
    )
    return info.stdout, text.stdout

"""GenAI act-now-or-wait decision wizard: pure core (no Streamlit outside ``wizard.ui``)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["PROJECT_ROOT"]

#: Folder that holds ``questionnaires/``, ``weights/`` and ``data/``.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

"""GenAI act-now-or-wait decision wizard: pure core (no Streamlit outside ``wizard.ui``)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["PROJECT_ROOT"]

#: Folder that holds ``questionnaires/``, ``weights/`` and ``data/``.
_SOURCE_TREE = Path(__file__).resolve().parent.parent
#: Folder that holds ``questionnaires/``, ``weights/`` and ``data/``: the source tree the package
#: lives in, or (installed with ``pip install .``) the folder the command runs from.
PROJECT_ROOT = _SOURCE_TREE if (_SOURCE_TREE / "questionnaires").is_dir() else Path.cwd()

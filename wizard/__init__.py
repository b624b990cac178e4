"""GenAI act-now-or-wait decision wizard: pure core (no Streamlit outside ``wizard.ui``)."""

from __future__ import annotations

from wizard.settings import project_root

__all__ = ["PROJECT_ROOT"]

#: Folder that holds ``questionnaires/``, ``weights/`` and ``data/`` as shipped: the checkout, or
#: (installed with ``pip install .``) the copy inside the package. ``WIZARD_CONFIG_ROOT`` names
#: another one for a run (see ``wizard.languages.config_root``).
PROJECT_ROOT = project_root()

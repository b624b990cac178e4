"""Cached loaders for configs and reference data (shared by every user: nothing per-user here)."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from wizard import PROJECT_ROOT
from wizard.config import Catalog, load_catalog

#: Environment variable naming another folder with questionnaires/, weights/ and data/.
CONFIG_ROOT_ENV = "WIZARD_CONFIG_ROOT"


@st.cache_resource(show_spinner=False)
def _catalog(root: str) -> Catalog:
    return load_catalog(Path(root))


def catalog() -> Catalog:
    """Every config under the config root, validated together; raises ConfigError if broken.

    A ConfigError is not cached, so fixing the file and reloading the page recovers.
    """
    return _catalog(os.environ.get(CONFIG_ROOT_ENV) or str(PROJECT_ROOT))

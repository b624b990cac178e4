"""Cached loaders for configs and reference data (shared by every user: nothing per-user here)."""

from __future__ import annotations

import streamlit as st

from wizard.config import Catalog, load_catalog


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    """Every shipped config, validated together (raises ConfigError when one is broken).

    A ConfigError is not cached, so fixing the file and reloading the page recovers.
    """
    return load_catalog()

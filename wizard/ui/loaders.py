"""Cached loaders for configs and reference data (shared by every user: nothing per-user here)."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from wizard.config import Catalog, load_catalog
from wizard.i18n import config_root


@st.cache_resource(show_spinner=False)
def _catalog(root: str) -> Catalog:
    return load_catalog(Path(root))


def catalog() -> Catalog:
    """Every config under the config root, validated together; raises ConfigError if broken.

    A ConfigError is not cached, so fixing the file and reloading the page recovers.
    """
    return _catalog(str(config_root()))


@st.cache_resource(show_spinner=False)
def _store(url: str):
    # SQLAlchemy only once a workshop is used: the question steps start without it
    from wizard.workshop.store import Store

    return Store(url)


def store():
    """The shared workshop store: a connection pool, shared by every user (no user data cached).

    ``WIZARD_DATABASE_URL`` (environment or Streamlit secret) selects PostgreSQL; the default is
    the embedded SQLite file.
    """
    from wizard.workshop.store import DATABASE_URL_ENV, database_url  # see _store

    url = os.environ.get(DATABASE_URL_ENV)
    if not url:
        try:
            url = st.secrets.get(DATABASE_URL_ENV)
        except (FileNotFoundError, KeyError, AttributeError):
            url = None
        except Exception:
            url = None
    return _store(database_url(url))

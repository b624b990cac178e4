"""Every setting the app reads from its environment, in one place (docs/settings.md lists them).

Each function reads its variable when called: the tests, the deploy recipe and a shell may set
them per process. No other module reads ``os.environ`` (a test checks this).
"""

from __future__ import annotations

import os
from pathlib import Path

#: where the package and, in a source checkout, the content folders are
PACKAGE_DIR = Path(__file__).resolve().parent

#: a database URL for the workshop store (SQLite file or PostgreSQL); default: data/workshop.db
DATABASE_URL_ENV = "WIZARD_DATABASE_URL"
#: a folder with questionnaires/, weights/, data/ (and optionally locales/) to use instead
CONFIG_ROOT_ENV = "WIZARD_CONFIG_ROOT"
#: the folder for the prepared (cut-down) PDF fonts
FONT_CACHE_ENV = "WIZARD_FONT_CACHE"
PARSE_CACHE_ENV = "WIZARD_PARSE_CACHE"
#: ``WIZARD_FONT_<FAMILY>``: a font file for one font family (``WIZARD_FONT_LATIN``, ...)
FONT_ENV_PREFIX = "WIZARD_FONT_"
#: older name of ``WIZARD_FONT_CJK_TC``
LEGACY_CJK_FONT_ENV = "WIZARD_CJK_FONT"
#: addresses of the reverse proxies whose ``X-Forwarded-For`` is believed (comma-separated)
TRUSTED_PROXIES_ENV = "WIZARD_TRUSTED_PROXIES"


def database_url() -> str:
    """``WIZARD_DATABASE_URL``, or "" for the default SQLite file."""
    return os.environ.get(DATABASE_URL_ENV, "")


def config_root_text() -> str:
    """``WIZARD_CONFIG_ROOT`` as given ("" when unset)."""
    return os.environ.get(CONFIG_ROOT_ENV, "")


def font_file(family: str) -> str:
    """The font file named for ``family`` (``WIZARD_FONT_<FAMILY>``), or ""."""
    named = os.environ.get(FONT_ENV_PREFIX + family.upper().replace("-", "_"), "")
    if not named and family == "cjk-tc":
        named = os.environ.get(LEGACY_CJK_FONT_ENV, "")
    return named


def font_cache() -> Path:
    """This user's font cache: ``$WIZARD_FONT_CACHE``, else ``$XDG_CACHE_HOME`` or ~/.cache."""
    explicit = os.environ.get(FONT_CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "genai-wizard-fonts"


def parse_cache() -> Path | None:
    """Where the parsed shipped YAML files are kept (``$WIZARD_PARSE_CACHE``; ``off``: nowhere).

    By default ``$XDG_CACHE_HOME`` or ~/.cache.
    """
    explicit = os.environ.get(PARSE_CACHE_ENV, "")
    if explicit.lower() == "off":
        return None
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "genai-wizard-parsed"


def trusted_proxies() -> tuple[str, ...]:
    """The proxies named in ``WIZARD_TRUSTED_PROXIES`` (empty: none is trusted)."""
    raw = os.environ.get(TRUSTED_PROXIES_ENV, "")
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def project_root() -> Path:
    """The folder holding ``questionnaires/``, ``weights/`` and ``data/`` as shipped.

    In a source checkout: the checkout's root. Installed (``pip install .``): the copy shipped
    inside the package (``wizard/content``).
    """
    checkout = PACKAGE_DIR.parent
    if (checkout / "questionnaires").is_dir() and (checkout / "data").is_dir():
        return checkout
    return PACKAGE_DIR / "content"


def default_sqlite() -> Path:
    """The embedded SQLite file of the workshop store.

    ``data/workshop.db`` in a checkout; installed, the user's data folder (never inside the
    package).
    """
    root = project_root()
    if root.parent == PACKAGE_DIR:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return Path(base) / "genai-wizard" / "workshop.db"
    return root / "data" / "workshop.db"

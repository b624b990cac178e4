"""UI strings from locale files, one per language; pure, cached per process.

A language is data: ``<locales>/<code>.yaml`` holds its UI strings and, under ``meta.name``, the
name people pick it by. The locales folder is ``$WIZARD_CONFIG_ROOT/locales`` when that exists,
else the package's own ``wizard/locales``. English is the default; it is always first.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from wizard import PROJECT_ROOT
from wizard.errors import ConfigError
from wizard.safe_yaml import TRUSTED_LOADER, load_with

PACKAGE_LOCALES = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"
#: Environment variable naming another folder with questionnaires/, weights/, data/ and
#: (optionally) locales/.
CONFIG_ROOT_ENV = "WIZARD_CONFIG_ROOT"


def config_root() -> Path:
    """The folder holding questionnaires/, weights/ and data/.

    ``$WIZARD_CONFIG_ROOT`` when set, else the project's own.
    """
    return _root_for(os.environ.get(CONFIG_ROOT_ENV, ""))


def locales_dir() -> Path:
    """Where the locale files are read from (see the module docstring)."""
    return _locales_for(os.environ.get(CONFIG_ROOT_ENV, ""))


# Everything below is cached by the environment variable's text: t() asks for every string on
# every rerun, so it must not touch the file system or build paths each time.
@cache
def _root_for(env: str) -> Path:
    return Path(env) if env else PROJECT_ROOT


@cache
def _locales_for(env: str) -> Path:
    folder = _root_for(env) / "locales"
    return folder if folder.is_dir() else PACKAGE_LOCALES


@cache
def _languages_for(env: str) -> tuple[str, ...]:
    folder = _locales_for(env)
    codes = sorted(p.stem for p in folder.glob("*.yaml"))
    if DEFAULT_LANGUAGE not in codes:
        raise ConfigError(f"{folder}: must hold {DEFAULT_LANGUAGE}.yaml, got {codes}")
    return (DEFAULT_LANGUAGE, *[c for c in codes if c != DEFAULT_LANGUAGE])


def languages() -> tuple[str, ...]:
    """The configured languages, default first: one per locale file."""
    return _languages_for(os.environ.get(CONFIG_ROOT_ENV, ""))


def language_name(lang: str) -> str:
    """The name people choose a language by, from its own locale file (``meta.name``)."""
    return strings(lang).get("meta.name", lang)


def _flatten(prefix: str, node: Any, out: dict[str, str], path: Path) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, out, path)
    elif isinstance(node, str):
        out[prefix] = node
    else:
        raise ConfigError(f"{path.name}: {prefix}: must be text, got {type(node).__name__}")


_TABLES: dict[tuple[str, str], dict[str, str]] = {}
_TABLES_LOCK = threading.Lock()


def _strings_for(env: str, lang: str) -> dict[str, str]:
    """One language's table, read once per process.

    Read under a lock: when a workshop starts, dozens of sessions open at once, and each one
    parsing the same file before the first finished cost seconds of CPU (issue 14).
    """
    found = _TABLES.get((env, lang))
    if found is not None:
        return found
    with _TABLES_LOCK:
        found = _TABLES.get((env, lang))
        if found is None:
            found = _read_strings(_locales_for(env) / f"{lang}.yaml")
            _TABLES[(env, lang)] = found
    return found


def _read_strings(path: Path) -> dict[str, str]:
    try:
        # locale files ship with the project or its config root: trusted, read once
        raw = load_with(TRUSTED_LOADER, path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot be read as YAML: {exc}") from exc
    out: dict[str, str] = {}
    _flatten("", raw or {}, out, path)
    return out


def strings(lang: str) -> dict[str, str]:
    """Return the flat ``key -> text`` table of one language.

    Raises:
        ConfigError: the language is unknown or its file is malformed.
    """
    env = os.environ.get(CONFIG_ROOT_ENV, "")
    if lang not in _languages_for(env):
        wanted = ", ".join(_languages_for(env))
        raise ConfigError(f"language: must be one of {wanted}, got {lang!r}")
    return _strings_for(env, lang)


def t(key: str, lang: str, /, **values: Any) -> str:
    """Translate ``key`` into ``lang``, formatting ``{placeholders}`` with ``values``.

    A key missing from ``lang`` falls back to English, then to the key itself, so a missing
    string never breaks a page (a test keeps every locale file complete).
    """
    env = os.environ.get(CONFIG_ROOT_ENV, "")
    if lang not in _languages_for(env):
        strings(lang)  # raises the ConfigError naming the languages
    text = _strings_for(env, lang).get(key)
    if text is None:  # "" is a real text (e.g. no space between sentences in Chinese)
        text = _strings_for(env, DEFAULT_LANGUAGE).get(key)
    if text is None:
        text = key
    return text.format(**values) if values else text


def colon(lang: str) -> str:
    """The label separator of ``lang``: ": " in English, a full-width "：" in Chinese."""
    return t("wizard.colon", lang)


def paren(text: str, lang: str) -> str:
    """``text`` in brackets as ``lang`` writes them: " (x)" or full-width "（x）"."""
    return t("wizard.paren", lang, text=text)


def date_text(value: object, lang: str) -> str:
    """A day, month or year (ISO text or a date) as ``lang`` writes it.

    2027-02-20 in English, 2027 年 2 月 20 日 in Traditional Chinese; anything else comes back
    unchanged.
    """
    iso = value.isoformat() if hasattr(value, "isoformat") else str(value)
    parts = iso.split("-")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        return iso
    kind = ("year", "month", "day")[len(parts) - 1]
    numbers = dict(zip(("y", "m", "d"), (int(p) for p in parts), strict=False))
    return t(f"format.{kind}", lang, iso=iso, **numbers)


def money(usd: float, lang: str, rates: Mapping[str, Any] | None = None) -> str:
    """A USD amount as ``lang`` reads it, with the reader's currency beside it.

    ``rates`` maps currency codes to objects with ``per_usd`` and ``symbol``. The currency
    comes from the locale file (``meta.currency``): code names no language.
    """
    rate = (rates or {}).get(t("meta.currency", lang))
    whole = f"{usd:,.0f}"
    if rate is None or t("meta.currency", lang) == "USD":
        return t("format.money", lang, usd=whole)
    local = f"{usd * rate.per_usd:,.0f}"
    return t("format.money_local", lang, usd=whole, symbol=rate.symbol, local=local)

"""Which languages exist and where their locale files are: data, not words.

A language is data: ``<locales>/<code>.yaml`` holds its UI strings and, under ``meta``, what
describes the language itself (``name``: what people pick it by; ``currency``; ``font``: the
font family its words need). The locales folder is ``$WIZARD_CONFIG_ROOT/locales`` when that
exists, else the package's own ``wizard/locales``. English is the default; it is always first.

The core reads only this module (which languages a text must have, a locale's ``meta``); the
sentences are made by ``wizard.i18n`` and the ``wizard.words`` package, at the edge.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any

from wizard import PROJECT_ROOT, settings
from wizard.errors import ConfigError
from wizard.safe_yaml import TRUSTED_LOADER, load_with, yaml_error

PACKAGE_LOCALES = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"
CONFIG_ROOT_ENV = settings.CONFIG_ROOT_ENV


def config_root() -> Path:
    """The folder holding questionnaires/, weights/ and data/.

    ``$WIZARD_CONFIG_ROOT`` when set, else the project's own.
    """
    return _root_for(settings.config_root_text())


def locales_dir() -> Path:
    """Where the locale files are read from (see the module docstring)."""
    return _locales_for(settings.config_root_text())


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
    return _languages_for(settings.config_root_text())


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


def table(lang: str) -> dict[str, str]:
    """The flat ``key -> text`` table of one language, read once per process.

    Read under a lock: when a workshop starts, dozens of sessions open at once, and each one
    parsing the same file before the first finished cost seconds of CPU.

    Raises:
        ConfigError: the language is unknown or its file is malformed.
    """
    env = settings.config_root_text()
    found = _TABLES.get((env, lang))
    if found is not None:
        return found
    if lang not in _languages_for(env):
        wanted = ", ".join(_languages_for(env))
        raise ConfigError(f"language: must be one of {wanted}, got {lang!r}")
    with _TABLES_LOCK:
        found = _TABLES.get((env, lang))
        if found is None:
            found = _read_table(_locales_for(env) / f"{lang}.yaml")
            _TABLES[(env, lang)] = found
    return found


def _read_table(path: Path) -> dict[str, str]:
    try:
        # locale files ship with the project or its config root: trusted, read once
        raw = load_with(TRUSTED_LOADER, path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml_error()) as exc:  # ValueError: 2025-02-30
        raise ConfigError(f"{path}: cannot be read as YAML: {exc}") from exc
    out: dict[str, str] = {}
    _flatten("", raw or {}, out, path)
    return out


def meta(lang: str, key: str, default: str = "") -> str:
    """What a locale says of its language: ``meta.name``, ``meta.currency``, ``meta.font``."""
    return table(lang).get(f"meta.{key}", default)


def language_name(lang: str) -> str:
    """The name people choose a language by, from its own locale file (``meta.name``)."""
    return meta(lang, "name", lang)

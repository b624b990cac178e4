"""UI strings from ``wizard/locales/<lang>.yaml``; pure, cached per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from wizard import LANGUAGES
from wizard.errors import ConfigError

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"


def _flatten(prefix: str, node: Any, out: dict[str, str], path: Path) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, out, path)
    elif isinstance(node, str):
        out[prefix] = node
    else:
        raise ConfigError(f"{path.name}: {prefix}: must be text, got {type(node).__name__}")


@cache
def strings(lang: str) -> dict[str, str]:
    """Return the flat ``key -> text`` table of one language.

    Raises:
        ConfigError: the language is unknown or its file is malformed.
    """
    if lang not in LANGUAGES:
        raise ConfigError(f"language: must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    path = LOCALES_DIR / f"{lang}.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot be read as YAML: {exc}") from exc
    out: dict[str, str] = {}
    _flatten("", raw or {}, out, path)
    return out


def t(key: str, lang: str, /, **values: Any) -> str:
    """Translate ``key`` into ``lang``, formatting ``{placeholders}`` with ``values``.

    A key missing from ``lang`` falls back to English, then to the key itself, so a missing
    string never breaks a page.
    """
    table = strings(lang)
    text = table.get(key) or strings(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**values) if values else text

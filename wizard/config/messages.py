"""Error messages that name file and key: ``path: key.path: expected, got found``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wizard import PROJECT_ROOT


def display_path(path: Path | str) -> str:
    """Path relative to the project root when inside it, else as given."""
    p = Path(path)
    try:
        return p.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


def short_repr(value: Any) -> str:
    """``repr`` of a value, shortened to 60 characters for an error line (a date as ISO)."""
    from datetime import date

    text = value.isoformat() if isinstance(value, date) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def loc_to_path(loc: Sequence[Any], raw: Any) -> str:
    """Render a pydantic location, naming list items by their ``id`` when they have one."""
    parts: list[str] = []
    node = raw
    for element in loc:
        if isinstance(element, int):
            item = node[element] if isinstance(node, list) and element < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f"[{ident}]" if isinstance(ident, str) else f"[{element}]")
            node = item
        else:
            parts.append(("." if parts else "") + str(element))
            node = node.get(element) if isinstance(node, dict) else None
    return "".join(parts) or "(top)"


_MESSAGES: dict[str, str] = {
    "missing": "is required, got nothing",
    "extra_forbidden": "is not a known key, got {input}",
    "greater_than_equal": "must be >= {ge}, got {input}",
    "less_than_equal": "must be <= {le}, got {input}",
    "greater_than": "must be > {gt}, got {input}",
    "string_type": "must be text, got {input}",
    "string_too_short": "must not be empty, got {input}",
    "string_too_long": "must be at most {max_length} characters, got {input}",
    "string_pattern_mismatch": "must match {pattern}, got {input}",
    "float_parsing": "must be a number, got {input}",
    "float_type": "must be a number, got {input}",
    "int_parsing": "must be a whole number, got {input}",
    "int_type": "must be a whole number, got {input}",
    "int_from_float": "must be a whole number, got {input}",
    "bool_type": "must be true or false, got {input}",
    "bool_parsing": "must be true or false, got {input}",
    "literal_error": "must be one of {expected}, got {input}",
    "list_type": "must be a list, got {input}",
    "tuple_type": "must be a list, got {input}",
    "dict_type": "must be a mapping, got {input}",
    "model_type": "must be a mapping, got {input}",
    "model_attributes_type": "must be a mapping, got {input}",
    "too_short": "must have at least {min_length} items, got {actual_length}",
}


def format_validation_error(where: str, exc: ValidationError, raw: Any) -> list[str]:
    """Turn a pydantic error into ``where: key.path: expected, got found`` lines."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        ctx = dict(err.get("ctx") or {})
        message = err["msg"]
        if err["type"] == "value_error":
            message = str(ctx.get("error", message))
            match = re.match(r"^@(.+?)@(.*)$", message, flags=re.S)
            if match:
                loc.append(match.group(1))
                message = match.group(2)
        elif err["type"] in _MESSAGES:
            values = {
                k: short_repr(v) if k == "input" else f"{v:g}" if isinstance(v, float) else v
                for k, v in ctx.items()
            }
            values.setdefault("input", short_repr(err.get("input")))
            values.setdefault("actual_length", ctx.get("actual_length", "fewer"))
            try:
                message = _MESSAGES[err["type"]].format(**values)
            except (KeyError, IndexError):
                message = f"{err['msg'].lower()}, got {values['input']}"
        else:
            message = f"{message[:1].lower()}{message[1:]}, got {short_repr(err.get('input'))}"
        lines.append(f"{where}: {loc_to_path(loc, raw)}: {message}")
    return lines

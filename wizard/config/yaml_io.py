"""Reading YAML safely: a size cap, no anchors or aliases, no python tags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from wizard import PROJECT_ROOT
from wizard.config.messages import display_path, format_validation_error
from wizard.config.models import MAX_CONFIG_BYTES
from wizard.errors import ConfigError
from wizard.safe_yaml import NO_ALIAS_LOADER, TRUSTED_LOADER, load_with, yaml_error

#: the folders whose files the project ships (and so trusts); anything else given on the
#: command line goes through the alias-refusing loader and the nesting cap
TRUSTED_FOLDERS = tuple(PROJECT_ROOT / name for name in ("questionnaires", "weights", "data"))
#: deeper than any shipped config (a questionnaire is about 8 levels deep)
MAX_CONFIG_DEPTH = 32


def is_trusted(path: Path) -> bool:
    """Whether ``path`` is one of the project's own config files (not a file given by a user)."""
    try:
        resolved = path.resolve()
    except OSError:
        return False
    return any(resolved.is_relative_to(folder.resolve()) for folder in TRUSTED_FOLDERS)


def read_regular_file(path: Path, limit: int, where: str) -> bytes:
    """A regular file's bytes, reading at most ``limit`` + 1 of them.

    A folder, a device (``/dev/zero``) or a FIFO is refused with one line instead of hanging.

    Raises:
        ConfigError: naming ``where`` and what was wrong.
    """
    try:
        path.stat()  # a missing file says so
        if not path.is_file():
            raise ConfigError(f"{where}: (file): must be a regular file, got a folder or a device")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ConfigError(f"{where}: (file): cannot be read, got {exc.strerror}") from exc
    if len(data) > limit:
        raise ConfigError(f"{where}: (file): must be at most {limit / 1e6:g} MB, got more")
    return data


def parse_yaml_text(text: str) -> Any:
    """Parse YAML with the safe loader, refusing anchors, aliases and python tags.

    Raises:
        yaml.YAMLError: the text is not acceptable YAML.
    """
    return load_with(NO_ALIAS_LOADER, text)


def _yaml_problem(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return f"line {mark.line + 1}: cannot be read as YAML: {problem}"
    return f"(top): cannot be read as YAML: {problem}"


def nesting_depth(value: Any, stop: int = 1_000) -> int:
    """How deeply lists and mappings nest in ``value`` (iteratively: no recursion to exhaust).

    The walk stops once it is deeper than ``stop``: deep enough to refuse.
    """
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list | tuple):
            children = list(item)
        else:
            continue
        deepest = max(deepest, depth)
        if depth > stop:
            return depth  # deep enough to refuse: no need to walk the rest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Read a config file into a mapping, or raise ConfigError naming the file.

    Only regular files, at most ``MAX_CONFIG_BYTES``; files outside the project's own folders
    (a ``--weights`` path, ``validate`` arguments) refuse anchors and aliases and deep nesting.
    """
    where = display_path(path)
    data = read_regular_file(path, MAX_CONFIG_BYTES, where)
    trusted = is_trusted(path)
    try:
        raw = load_with(TRUSTED_LOADER if trusted else NO_ALIAS_LOADER, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: (file): must be UTF-8 text, got {exc.reason}") from exc
    except yaml_error() as exc:
        raise ConfigError(f"{where}: {_yaml_problem(exc)}") from exc
    except RecursionError as exc:
        raise ConfigError(f"{where}: (file): nested too deeply to be a config file") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ConfigError(
            f"{where}: (file): cannot be read as YAML: {str(exc).splitlines()[0][:120]}"
        ) from exc
    if not trusted and nesting_depth(raw, MAX_CONFIG_DEPTH) > MAX_CONFIG_DEPTH:
        raise ConfigError(
            f"{where}: (file): nested deeper than {MAX_CONFIG_DEPTH} levels, not a config file"
        )
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: (top): must be a mapping, got {type(raw).__name__}")
    return raw


def build_model(model: type[BaseModel], where: str, raw: dict[str, Any]) -> Any:
    """Validate ``raw`` as ``model``; a ConfigError naming ``where`` and each key otherwise."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(where, exc, raw)) from exc

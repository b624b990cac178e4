"""Reading YAML safely: a size cap, no anchors or aliases, no python tags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from wizard.config.messages import display_path, format_validation_error
from wizard.config.models import MAX_CONFIG_BYTES
from wizard.errors import ConfigError


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (no billion-laughs expansion)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases are not allowed", event.start_mark
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


#: Project config files are trusted: libyaml's safe loader when present (4x faster start-up).
_TRUSTED_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_with(loader_class: type, text: str) -> Any:
    """One YAML document through a safe loader class (what ``yaml.load`` does inside)."""
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def parse_yaml_text(text: str) -> Any:
    """Parse YAML with the safe loader, refusing anchors, aliases and python tags.

    Raises:
        yaml.YAMLError: the text is not acceptable YAML.
    """
    return _load_with(_NoAliasLoader, text)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return f"line {mark.line + 1}: cannot be read as YAML: {problem}"
    return f"(top): cannot be read as YAML: {problem}"


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Read a config file into a mapping, or raise ConfigError naming the file."""
    where = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{where}: (file): cannot be read, got {exc.strerror}") from exc
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{where}: (file): must be at most {MAX_CONFIG_BYTES} bytes, got {len(data)}"
        )
    try:
        raw = _load_with(_TRUSTED_LOADER, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: (file): must be UTF-8 text, got {exc.reason}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: {_yaml_problem(exc)}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: (top): must be a mapping, got {type(raw).__name__}")
    return raw


def build_model(model: type[BaseModel], where: str, raw: dict[str, Any]) -> Any:
    """Validate ``raw`` as ``model``; a ConfigError naming ``where`` and each key otherwise."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(where, exc, raw)) from exc

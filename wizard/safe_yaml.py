"""The YAML loaders every reader shares: safe, one document, and no key given twice.

At the bottom of the package (it imports only the cache checks and, when first needed, PyYAML
and the settings), so both ``i18n`` and ``config`` use it. PyYAML itself is imported only when
a text is parsed: a fresh process whose shipped files are all in the parse cache (the first
page of a new replica) never loads it.
A mapping that names a key twice is refused with the key and its line (YAML itself would keep
the last one silently: a typo copying a block would hide an answer or a translation).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from wizard.private_cache import own_file, own_folder

#: Files the project ships are trusted: libyaml's safe loader when present (4x faster start-up;
#: a locale file in about 10 ms instead of 90 ms), still refusing a key given twice.
TRUSTED_LOADER = "trusted"
#: Files users give: the pure-Python safe loader, no anchors or aliases, no key twice, and a
#: date that is no real day kept as text (the schema then names it).
NO_ALIAS_LOADER = "no-alias"


def yaml_error() -> type[Exception]:
    """PyYAML's error class, for an ``except`` clause (evaluated only when something fails)."""
    import yaml

    return yaml.YAMLError


def timestamp_or_text(constructor: Any, node: Any) -> Any:
    """A YAML date as a date, or, when it is no real day (2025-02-30), its text.

    The schema then says "must be a real date, got '2025-02-30'" instead of the parser failing
    with a message about something else.
    """
    from yaml.constructor import SafeConstructor

    try:
        return SafeConstructor.construct_yaml_timestamp(constructor, node)
    except ValueError:
        return constructor.construct_scalar(node)


@cache
def _loaders() -> dict[str, type]:
    """The loader classes by name, built once, on the first parse."""
    import yaml
    from yaml.constructor import ConstructorError

    class UniqueKeys:
        """Mixin for a safe loader: a key given twice in one mapping is an error naming its line."""

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                seen: set[Any] = set()
                for key_node, _ in node.value:
                    key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
                    try:
                        repeated = key in seen
                    except TypeError:  # an unhashable key: the constructor says so below
                        continue
                    if repeated:
                        raise ConstructorError(
                            "while constructing a mapping",
                            node.start_mark,
                            f"found duplicate key {str(key)[:60]!r}",
                            key_node.start_mark,
                        )
                    seen.add(key)
            return super().construct_mapping(node, deep)  # type: ignore[misc]

    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Trusted(UniqueKeys, fast):  # type: ignore[misc, valid-type]
        """libyaml's safe loader (when present) that refuses repeated keys."""

    class NoAlias(UniqueKeys, yaml.SafeLoader):  # type: ignore[misc]
        """SafeLoader for files users give: no anchors or aliases, no key twice."""

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

    NoAlias.add_constructor("tag:yaml.org,2002:timestamp", timestamp_or_text)
    return {TRUSTED_LOADER: Trusted, NO_ALIAS_LOADER: NoAlias}


@cache
def yaml_stamp() -> str:
    """Which PyYAML is installed, without importing it.

    The installed package's file, its size and its time: a new PyYAML is a new stamp. Its
    version is not used even when loaded: a cache key must not depend on what this process
    happened to import.
    """
    from importlib.util import find_spec

    try:
        spec = find_spec("yaml")
        origin = spec.origin if spec is not None else None
        if origin is None:
            return "-"
        found = os.stat(origin)
    except (ImportError, OSError, ValueError):
        return "-"
    return f"{origin}:{found.st_size}:{found.st_mtime_ns}"


def load_with(loader: str, text: str) -> Any:
    """One YAML document through a safe loader (``TRUSTED_LOADER`` or ``NO_ALIAS_LOADER``).

    The shipped files (``TRUSTED_LOADER``) are parsed once per content: the plain data they
    give is kept in the user's parse cache, keyed by a hash of the text, so a fresh process
    (a restart, a new replica) reads them in a fraction of the time. Files from users are
    never cached.
    """
    if loader == TRUSTED_LOADER:
        return _cached(text)
    return _parse(loader, text)


class _PlainData(pickle.Unpickler):
    """Reads back only plain data: containers, text, numbers and dates, never other objects."""

    _ALLOWED = {("datetime", "date"): date, ("datetime", "datetime"): datetime}

    def find_class(self, module: str, name: str) -> Any:
        found = self._ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"not plain data: {module}.{name}")
        return found


def _cache_dir() -> Path | None:
    from wizard.settings import parse_cache  # read each time: tests and deploys change it

    return parse_cache()


def _cached(text: str) -> Any:
    folder = _cache_dir()
    if folder is None:
        return _parse(TRUSTED_LOADER, text)
    digest = hashlib.sha256(f"{yaml_stamp()}\0{text}".encode()).hexdigest()
    path = folder / f"{digest}.pickle"
    try:
        trusted = own_folder(folder)
    except OSError:
        trusted = False
    if not trusted:  # a folder of someone else's, or a link: parse, keep nothing
        return _parse(TRUSTED_LOADER, text)
    if own_file(path):
        try:
            return _PlainData(io.BytesIO(path.read_bytes())).load()
        except Exception:
            pass
    elif path.is_symlink():
        return _parse(TRUSTED_LOADER, text)  # planted: never read, never written through
    data = _parse(TRUSTED_LOADER, text)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(data, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # whole or not at all, even beside another process
        except OSError:
            os.unlink(tmp)  # a folder planted where the file goes: leave nothing behind
            raise
    except OSError:
        pass  # a read-only home: parsing each time is only slower
    return data


def _parse(kind: str, text: str) -> Any:
    loader = _loaders()[kind](text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()

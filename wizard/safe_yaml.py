"""The YAML loaders every reader shares: safe, one document, and no key given twice.

At the bottom of the package (it imports only PyYAML, the cache checks and, when first
needed, the settings), so both ``i18n`` and ``config`` use it.
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
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from wizard.private_cache import own_file, own_folder


class UniqueKeys:
    """Mixin for a safe loader: a key given twice in one mapping is an error naming its line."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """The mapping of ``node``, refusing repeated keys."""
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


class _Trusted(UniqueKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader (when present) that refuses repeated keys."""


#: Files the project ships are trusted: libyaml's safe loader when present (4x faster start-up;
#: a locale file in about 10 ms instead of 90 ms), still refusing a key given twice.
TRUSTED_LOADER = _Trusted


def timestamp_or_text(constructor: SafeConstructor, node: Any) -> Any:
    """A YAML date as a date, or, when it is no real day (2025-02-30), its text.

    The schema then says "must be a real date, got '2025-02-30'" instead of the parser failing
    with a message about something else.
    """
    try:
        return SafeConstructor.construct_yaml_timestamp(constructor, node)
    except ValueError:
        return constructor.construct_scalar(node)


def load_with(loader_class: type, text: str) -> Any:
    """One YAML document through a safe loader class (what ``yaml.load`` does inside).

    The shipped files (``TRUSTED_LOADER``) are parsed once per content: the plain data they
    give is kept in the user's parse cache, keyed by a hash of the text, so a fresh process
    (a restart, a new replica) reads them in a fraction of the time. Files from users are
    never cached.
    """
    if loader_class is TRUSTED_LOADER:
        return _cached(text)
    return _parse(loader_class, text)


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
    digest = hashlib.sha256(f"{yaml.__version__}\0{text}".encode()).hexdigest()
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


def _parse(loader_class: type, text: str) -> Any:
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()

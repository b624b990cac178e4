"""The YAML loaders every reader shares: safe, one document, and no key given twice.

At the bottom of the package (it imports only PyYAML), so both ``i18n`` and ``config`` use it.
A mapping that names a key twice is refused with the key and its line (YAML itself would keep
the last one silently: a typo copying a block would hide an answer or a translation).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor


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
    """One YAML document through a safe loader class (what ``yaml.load`` does inside)."""
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()

"""The shipped catalog for tests, loaded on first use (never while the tests are collected).

``CATALOG`` and ``Q`` stand for the loaded catalog and its questionnaire: the first attribute
read loads them once; a broken config then fails the tests that use it, not the collection.
Hypothesis strategies take them through ``st.deferred`` (see ``tests/strategies.py``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from wizard.config import Catalog, Questionnaire, load_catalog


@cache
def catalog() -> Catalog:
    """The shipped catalog, loaded once per test process."""
    return load_catalog()


def questionnaire() -> Questionnaire:
    """The shipped questionnaire."""
    return catalog().questionnaire("genai-readiness")


class _Later:
    """Stands for what ``make`` returns; made on the first attribute read."""

    def __init__(self, make) -> None:
        object.__setattr__(self, "_make", make)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # pytest and copy probe these: never a reason to load
            raise AttributeError(name)
        return getattr(object.__getattribute__(self, "_make")(), name)

    def __iter__(self):
        return iter(object.__getattribute__(self, "_make")())

    def __bool__(self) -> bool:
        return True

    def __len__(self) -> int:
        return len(object.__getattribute__(self, "_make")())

    def __getitem__(self, key):
        return object.__getattribute__(self, "_make")()[key]

    def resolved(self) -> Any:
        """The object itself (for code that checks types or identity)."""
        return object.__getattribute__(self, "_make")()


def real(value: Any) -> Any:
    """``value``, or what a stand-in stands for."""
    return value.resolved() if isinstance(value, _Later) else value


CATALOG: Any = _Later(catalog)
Q: Any = _Later(questionnaire)
PROFILES: Any = _Later(lambda: list(catalog().weights.values()))


GOOD = {"a1": "y", "a2": "p", "b1": ["m", "n"], "b2": ["s", "t"]}

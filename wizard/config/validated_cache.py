"""The validated catalog, kept between processes.

Validating the shipped configs builds some forty pydantic models and runs every cross-check:
about a tenth of a second on a fresh process, on the first page a new replica serves. The
result is kept in the user's parse cache (``WIZARD_PARSE_CACHE``, the same trusted folder as the
parsed YAML), keyed by a hash of every file the catalog reads (questionnaires, weights, data,
the locales' names) and of the code that defines and checks it (``wizard/config``, the
languages, the versions of Python, pydantic and PyYAML). Any change to any of them is a new
key: the configs are validated again. Reading back builds only the catalog's own classes
(``wizard.config``) and dates; anything else in the file refuses it, and it is validated again.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from wizard.private_cache import own_file, own_folder

T = TypeVar("T")

_CODE = Path(__file__).resolve().parent  # wizard/config
_FORMAT = b"validated-catalog-1"


def _inputs(root: Path) -> list[Path]:
    files = [
        *sorted((root / "questionnaires").glob("*.yaml")),
        *sorted((root / "weights").glob("*.yaml")),
        *sorted((root / "data").glob("*.yaml")),
        *sorted(_CODE.glob("*.py")),
        _CODE.parent / "languages.py",
        _CODE.parent / "safe_yaml.py",
    ]
    return files


def _key(root: Path) -> str | None:
    import pydantic

    from wizard.safe_yaml import yaml_stamp

    digest = hashlib.sha256(_FORMAT)
    for part in (sys.version, pydantic.VERSION, yaml_stamp(), str(root.resolve())):
        digest.update(part.encode() + b"\0")
    try:
        for path in _inputs(root):
            digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
        locales = _CODE.parent / "locales"
        digest.update(",".join(sorted(p.name for p in locales.glob("*.yaml"))).encode())
    except OSError:
        return None  # a file that cannot be read: validate, which says which and why
    return digest.hexdigest()


class _CatalogOnly(pickle.Unpickler):
    """Builds only the catalog's own classes and dates; anything else refuses the file."""

    _MODULES = ("wizard.config.models", "wizard.config.catalog")
    _OTHER = {("datetime", "date"): date, ("datetime", "datetime"): datetime}

    def __init__(self, data: bytes, kind: type) -> None:
        super().__init__(io.BytesIO(data))
        self._kind = kind

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._OTHER:
            return self._OTHER[(module, name)]
        if module in self._MODULES:
            import importlib

            from pydantic import BaseModel

            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type) and (issubclass(found, BaseModel) or found is self._kind):
                return found
        raise pickle.UnpicklingError(f"not part of a catalog: {module}.{name}")


def _place(root: Path) -> Path | None:
    from wizard.settings import parse_cache  # read each time: tests and deploys change it

    folder = parse_cache()
    if folder is None:
        return None
    try:
        if not own_folder(folder):
            return None
    except OSError:
        return None
    key = _key(root)
    return None if key is None else folder / f"catalog-{key}.pickle"


def kept(root: Path, kind: type[T]) -> T | None:
    """The kept catalog (of class ``kind``), if these files and this code validated it."""
    path = _place(root)
    if path is None or not own_file(path):
        return None
    try:
        found = _CatalogOnly(path.read_bytes(), kind).load()
    except Exception:
        return None  # damaged or planted: validated again, and kept anew
    return found if isinstance(found, kind) else None


def keep(root: Path, catalog: object) -> None:
    """Keep a freshly validated catalog for the next process (quietly not, where it cannot)."""
    path = _place(root)
    if path is None or path.is_symlink():
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(catalog, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # whole or not at all, even beside another process
        except Exception:
            os.unlink(tmp)
            raise
    except Exception:
        pass  # a read-only home, or a catalog that will not pickle: validated each time

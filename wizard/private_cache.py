"""Checks for the user's own cache folders (parsed YAML, cut-down fonts).

A cache is only read from or written to a real folder (not a link) that belongs to this user
and that nobody else may write in, and only regular files of this user are read back: another
local user must not be able to plant what this process then trusts.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def own_folder(folder: Path) -> bool:
    """Whether ``folder`` (made if missing) is a real folder of ours that only we write in.

    ``lstat``, not ``stat``: a link another local user planted where the cache goes would
    otherwise be followed into a folder of theirs.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or (info.st_uid == getuid() and not info.st_mode & 0o022)


def own_file(path: Path) -> bool:
    """Whether ``path`` is a regular file of ours (``lstat``: never a link)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    return stat.S_ISREG(info.st_mode) and (getuid is None or info.st_uid == getuid())

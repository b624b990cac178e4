"""Where the workshop store lives and how it is reached: the URL, the engine, outages.

Default: an embedded SQLite file (WAL, a busy timeout, ``BEGIN IMMEDIATE`` for every write, so
concurrent writers queue instead of failing with "database is locked"). The same code runs on
PostgreSQL when ``WIZARD_DATABASE_URL`` points at it, which is how several app replicas share
one workshop.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from wizard import settings
from wizard.errors import WorkshopError

LOG = logging.getLogger("wizard.workshop")


def database_url(explicit: str | None = None) -> str:
    """The explicit URL, else ``WIZARD_DATABASE_URL``, else the embedded SQLite file."""
    url = explicit or settings.database_url()
    if url:
        return url
    path = settings.default_sqlite()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def make_engine(url: str, read_only: bool = False) -> Engine:
    """An engine with the SQLite settings concurrent writers need (no-op elsewhere).

    ``read_only`` (SQLite): a file opened only to read (``workshop export``), with plain
    deferred transactions and no setting that would write.
    """
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=40, future=True)
    if url.startswith("sqlite:///") and not url.endswith(":memory:") and not read_only:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": 30, "check_same_thread": False},
        pool_size=10,
        max_overflow=40,
        future=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")  # first: every statement below may wait
        if read_only:
            cursor.close()
            return
        _wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # a deleted row's bytes are overwritten, not left in free pages (a deleted resume copy)
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


#: how long a first open waits for another process that is switching a new file to WAL
WAL_WAIT_SECONDS = 30.0


def _wal(cursor: Any) -> None:
    """Switch the file to WAL, waiting while another process holds the lock it needs.

    A fresh file opened by several processes at once: the switch needs a moment alone with the
    file, and SQLite answers "database is locked" at once instead of waiting for it.
    """
    import sqlite3
    import time

    deadline = time.monotonic() + WAL_WAIT_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def masked(url: str) -> str:
    """A URL as it may be printed: any password replaced by ***."""
    return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)


@contextmanager
def reachable() -> Iterator[None]:
    """Turn "the database does not answer" into ``WorkshopError("unavailable")``.

    A server that is down, a connection that broke, a pool that timed out, an SQLite file that
    cannot be opened: the pages say the workshop cannot be reached (and that what is on the page
    is kept) instead of showing a driver's exception. A broken rule (``IntegrityError``) is not
    an outage and passes through.
    """
    try:
        yield
    except IntegrityError:
        raise
    except (DBAPIError, PoolTimeout) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        LOG.warning("workshop database unreachable: %s", reason[0] if reason else type(exc))
        raise WorkshopError(
            "unavailable", "the workshop database cannot be reached right now"
        ) from exc


def read_only_url(path: str) -> str:
    """An SQLite URL that opens ``path`` to read only.

    A file in a folder this user may not write (a copy for the auditor, a read-only mount) is
    opened immutable: SQLite then needs no lock file beside it. Immutable ignores a write-ahead
    log, so when the folder also holds a non-empty ``-wal`` file (answers not yet checkpointed
    into the main file), the database and its log are copied into a private temporary folder
    and the copy is opened instead: every acknowledged answer is read, nothing is written
    beside the original.
    """
    import atexit
    import shutil
    import tempfile
    from urllib.parse import quote

    source = Path(path).resolve()
    folder = source.parent
    if os.access(folder, os.W_OK):
        return f"sqlite:///file:{quote(str(source))}?mode=ro&uri=true"
    wal = source.with_name(source.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        copy_dir = Path(tempfile.mkdtemp(prefix="wizard-export-"))
        atexit.register(shutil.rmtree, copy_dir, True)
        copy = copy_dir / source.name
        shutil.copyfile(source, copy)
        shutil.copyfile(wal, copy_dir / wal.name)
        return f"sqlite:///file:{quote(str(copy))}?mode=ro&uri=true"
    return f"sqlite:///file:{quote(str(source))}?mode=ro&immutable=1&uri=true"

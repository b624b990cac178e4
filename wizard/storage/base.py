"""The store's plumbing: transactions, outages turned into errors, migrations on open."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection, Engine

from wizard.errors import WorkshopError
from wizard.storage.engine import database_url, make_engine, reachable
from wizard.storage.migrations import migrate, pending
from wizard.storage.records import Participant, Workshop, rating_rows, use_case_rows
from wizard.storage.schema import meta_table, workshops

_WORKSHOP_BY_CODE = select(workshops).where(workshops.c.code == bindparam("code"))
_WORKSHOP_BY_CODE_LOCKED = _WORKSHOP_BY_CODE.with_for_update()
_BUMP = (
    update(workshops)
    .where(workshops.c.id == bindparam("workshop"))
    .values(revision=workshops.c.revision + 1)
)


def secret_hash(secret: str) -> str:
    """What is stored of a secret (a facilitator key, a participant or resume token)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def now() -> datetime:
    """The time stamps the store writes (UTC)."""
    return datetime.now(UTC)


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:16]


class StoreBase:
    """A connection pool on one database, brought up to date when opened.

    Secrets: the facilitator key and each participant's token are random; only their SHA-256
    hashes are stored. A participant reaches only their own answers; the dashboard needs the
    facilitator key.
    """

    def __init__(
        self, url: str | None = None, engine: Engine | None = None, read_only: bool = False
    ) -> None:
        self.url = database_url(url)
        self.engine = engine or make_engine(self.url, read_only)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.read_only = read_only
        self.checkpoint_owed = False
        with reachable():
            if read_only:
                self._check_schema()
            else:
                migrate(self.engine)

    def _check_schema(self) -> None:
        """A database opened to read: it must be up to date (nothing is migrated)."""
        with self.engine.connect() as conn:
            left = pending(conn)
        if left:
            raise WorkshopError(
                "schema",
                f"the workshop database lacks {len(left)} migration(s) of this app ({left[0]}): "
                "open it once with write access to upgrade it, or use the app version that "
                "wrote it",
            )

    def schema_version(self) -> int:
        """The schema version recorded in the database (the number of migrations applied)."""
        with self._read() as conn:
            return int(
                conn.execute(
                    select(meta_table.c.value).where(meta_table.c.key == "schema_version")
                ).scalar_one()
            )

    def _bump(self, conn: Connection, workshop_id: int) -> None:
        """Count the workshop's revision up, inside the caller's transaction."""
        conn.execute(_BUMP, {"workshop": workshop_id})

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        """One transaction.

        On SQLite it starts with BEGIN IMMEDIATE (see make_engine), so a read-then-write never
        upgrades a shared lock and writers wait (busy timeout) in turn. An outage raises
        ``WorkshopError("unavailable")`` (see :func:`reachable`).
        """
        with reachable(), self.engine.begin() as conn:
            yield conn
        if self.checkpoint_owed:
            self.checkpoint()

    def checkpoint(self) -> bool:
        """Empty SQLite's write-ahead log into the main file now, without waiting.

        A reader in the middle of a long read keeps the log in use: the checkpoint then gives
        up at once (no busy wait) and stays owed; every later transaction tries again, so a
        deleted copy leaves the log as soon as the reader is done. True when the log is empty.
        """
        if not self.is_sqlite:
            return True
        with reachable():
            raw = self.engine.raw_connection()  # outside a transaction, as a checkpoint runs
            try:
                cursor = raw.cursor()
                cursor.execute("PRAGMA busy_timeout=0")
                try:
                    done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                finally:
                    cursor.execute("PRAGMA busy_timeout=30000")
            finally:
                raw.close()
        self.checkpoint_owed = bool(done[0])  # (busy, log frames, frames moved)
        return not done[0]

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reads; an outage raises ``WorkshopError("unavailable")``."""
        with reachable(), self.engine.connect() as conn:
            yield conn

    def _workshop_row(self, conn: Connection, code: str, lock: bool = False) -> Any:
        query = _WORKSHOP_BY_CODE_LOCKED if lock and not self.is_sqlite else _WORKSHOP_BY_CODE
        row = conn.execute(query, {"code": normalise_code(code)}).mappings().first()
        if row is None:
            raise WorkshopError("unknown_code", f"no workshop with code {code!r}")
        return row

    @staticmethod
    def _workshop(row: Any) -> Workshop:
        values = {f.name: row[f.name] for f in fields(Workshop)}
        return Workshop(**{**values, "use_cases": tuple(use_case_rows(values["use_cases"]))})

    @staticmethod
    def _participant(row: Any) -> Participant:
        values = {f.name: row[f.name] for f in fields(Participant)}
        return Participant(
            **{
                **values,
                "answers": json.loads(values["answers"]),
                "ratings": rating_rows(values["ratings"]),
            }
        )

    def _check_key(self, row: Any, key: str) -> None:
        key = (key or "").strip()  # a pasted key often brings a space or a line feed along
        if not key or not hmac.compare_digest(row["key_hash"], secret_hash(key)):
            raise WorkshopError("wrong_key", "the facilitator key does not match this workshop")

    def dispose(self) -> None:
        """Close the connection pool."""
        self.engine.dispose()

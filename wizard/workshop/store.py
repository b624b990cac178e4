"""The shared workshop store, on SQLAlchemy Core.

Default: an embedded SQLite file (WAL, a busy timeout, ``BEGIN IMMEDIATE`` for every write, so
concurrent writers queue instead of failing with "database is locked"). The same code runs on
PostgreSQL when ``WIZARD_DATABASE_URL`` points at it, which is how several app replicas share one
workshop. The schema is created on first use and carries a version for later migrations.

Secrets: the facilitator key and each participant's token are random; only their SHA-256 hashes
are stored. A participant reaches only their own answers; the dashboard needs the facilitator key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Update,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from wizard import PROJECT_ROOT
from wizard.answers import UNKNOWN, Answers, AnswerValue, check_answers, clean_name
from wizard.config import Questionnaire
from wizard.config.ids import ROLE
from wizard.errors import AnswersError, WorkshopError
from wizard.scoring import unanswered

LOG = logging.getLogger("wizard.workshop")

#: the advisory lock that serialises schema creation across processes (any fixed 64-bit id)
SCHEMA_LOCK_KEY = 0x77697A617264
SCHEMA_VERSION = 4
DATABASE_URL_ENV = "WIZARD_DATABASE_URL"
DEFAULT_SQLITE = PROJECT_ROOT / "data" / "workshop.db"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 6
MAX_TITLE = 120
MAX_ROLE = 64
#: no questionnaire has more steps than this; a larger progress is cut to it
MAX_PROGRESS = 1_000
#: self-service resume records untouched this long are deleted (checked when one is created)
RESUME_DAYS = 180
#: participants a workshop takes unless its facilitator sets another cap
DEFAULT_CAP = 200
MAX_CAP = 2_000
GUT_CALLS = ("act_now", "wait")

metadata = MetaData()
meta_table = Table(
    "wizard_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(255), nullable=False),
)
workshops = Table(
    "wizard_workshops",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False),
    Column("title", String(MAX_TITLE), nullable=False),
    Column("questionnaire", String(64), nullable=False),
    Column("questionnaire_version", String(32), nullable=False),
    Column("weights", String(64), nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("blind", Boolean, nullable=False),
    Column("revealed", Boolean, nullable=False, default=False),
    Column("closed", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # counted up in the same transaction as every change in the workshop: freshness comes from
    # the database, never from an app server's clock (schema 2)
    Column("revision", Integer, nullable=False, default=0, server_default="0"),
    # how many participants may join (schema 3)
    Column(
        "max_participants",
        Integer,
        nullable=False,
        default=DEFAULT_CAP,
        server_default=str(DEFAULT_CAP),
    ),
    # the facilitator's earlier workshop this one is compared with (schema 4)
    Column("previous_id", Integer, nullable=True),
)
participants = Table(
    "wizard_participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", Integer, ForeignKey("wizard_workshops.id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False),
    Column("name", String(255), nullable=False, default=""),
    Column("role", String(MAX_ROLE), nullable=False, default=""),
    Column("answers", Text, nullable=False, default="{}"),
    Column("progress", Integer, nullable=False, default=0),
    Column("submitted", Boolean, nullable=False, default=False),
    Column("gut_call", String(16), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # counted up with every save of this participant: a stale tab's save is merged (schema 3)
    Column("revision", Integer, nullable=False, default=0, server_default="0"),
    UniqueConstraint("workshop_id", "token_hash", name="uq_participant_token"),
)
#: self-service assessments kept on the server behind a private resume link (schema 3)
resumes = Table(
    "wizard_resumes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("questionnaire", String(64), nullable=False),
    Column("answers", Text, nullable=False, default="{}"),
    Column("progress", Integer, nullable=False, default=0),
    Column("revision", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
# The statements of every answer's save, built once (issue 14). Built per call, SQLAlchemy
# constructs each expression and its cache key again: about a third of a save's CPU, paid on
# every click of a workshop. Values are bound per call; the engine caches the compiled form.
_WORKSHOP_BY_CODE = select(workshops).where(workshops.c.code == bindparam("code"))
_WORKSHOP_BY_CODE_LOCKED = _WORKSHOP_BY_CODE.with_for_update()
_BUMP = (
    update(workshops)
    .where(workshops.c.id == bindparam("workshop"))
    .values(revision=workshops.c.revision + 1)
)
_PARTICIPANT_BY_TOKEN = select(participants).where(
    (participants.c.workshop_id == bindparam("workshop"))
    & (participants.c.token_hash == bindparam("token_hash"))
)
_PARTICIPANT_BY_TOKEN_LOCKED = _PARTICIPANT_BY_TOKEN.with_for_update()


def _saved_row(table: Table) -> Update:
    """UPDATE of one saved row (``row``): its answers, progress, revision and time."""
    return (
        update(table)
        .where(table.c.id == bindparam("row"))
        .values(
            answers=bindparam("new_answers"),
            progress=bindparam("new_progress"),
            revision=bindparam("new_revision"),
            updated_at=bindparam("now"),
        )
    )


def _saved_values(row_id: int, saved: Saved) -> dict[str, Any]:
    """The values ``_saved_row`` binds, for row ``row_id`` after ``saved``."""
    return {
        "row": row_id,
        "new_answers": json.dumps(saved.answers, ensure_ascii=False),
        "new_progress": saved.progress,
        "new_revision": saved.revision,
        "now": _now(),
    }


_PARTICIPANT_SAVED = _saved_row(participants).values(
    submitted=bindparam("new_submitted"), role=bindparam("new_role")
)
_PARTICIPANT_SAVED_WITH_GUT = _PARTICIPANT_SAVED.values(gut_call=bindparam("new_gut_call"))
_RESUME_BY_TOKEN = select(resumes).where(resumes.c.token_hash == bindparam("token_hash"))
_RESUME_BY_TOKEN_LOCKED = _RESUME_BY_TOKEN.with_for_update()
_RESUME_SAVED = _saved_row(resumes)

#: columns added to existing tables by each schema version (creation makes new tables)
ADDED_COLUMNS: dict[int, list[tuple[Table, str, str]]] = {
    2: [(workshops, "revision", "INTEGER NOT NULL DEFAULT 0")],
    3: [
        (workshops, "max_participants", f"INTEGER NOT NULL DEFAULT {DEFAULT_CAP}"),
        (participants, "revision", "INTEGER NOT NULL DEFAULT 0"),
    ],
    4: [(workshops, "previous_id", "INTEGER")],
}


@dataclass(frozen=True)
class Workshop:
    """A workshop as stored (no key: only its hash is kept)."""

    id: int
    code: str
    title: str
    questionnaire: str
    questionnaire_version: str
    weights: str
    anonymous: bool
    blind: bool
    revealed: bool
    closed: bool
    created_at: datetime
    max_participants: int = DEFAULT_CAP
    previous_id: int | None = None
    revision: int = 0  # counted by the database with every change (see ``version``)

    @property
    def group_visible(self) -> bool:
        """Whether participants may see the group result now."""
        return not self.blind or self.revealed


@dataclass(frozen=True)
class Participant:
    """A participant as stored (no token: only its hash is kept)."""

    id: int
    name: str
    role: str
    answers: Answers
    progress: int
    submitted: bool
    gut_call: str | None
    updated_at: datetime
    revision: int = 0


@dataclass(frozen=True)
class Saved:
    """What a save stored: the participant's (or resume record's) answers after the merge.

    ``stale`` says that another tab or device had saved since the caller's ``base_revision``:
    its answers were kept where this save did not change them, so the caller should show
    ``answers`` (the newest) rather than its own copy.
    """

    answers: Answers
    progress: int
    revision: int
    submitted: bool
    stale: bool
    gut_call: str | None = None  # a participant's stored gut call after the save


@dataclass(frozen=True)
class Resumed:
    """A self-service assessment kept behind a private resume link."""

    answers: Answers
    progress: int
    revision: int
    updated_at: datetime


def merge_answers(
    stored: Mapping[str, AnswerValue],
    base: Mapping[str, AnswerValue] | None,
    current: Mapping[str, AnswerValue],
) -> dict[str, AnswerValue]:
    """Per question, the newest write wins: the stored answers with this save's changes on top.

    ``base`` is what the saving tab last had from the store; the questions where ``current``
    differs from it are this tab's changes (set, changed or cleared) and replace the stored
    ones; every other stored answer stays, however old the tab. Without a ``base`` every answer
    in ``current`` counts as a change and nothing is cleared.
    """
    if base is None:
        return {**stored, **current}
    merged = dict(stored)
    for qid in base.keys() | current.keys():
        if base.get(qid) == current.get(qid):
            continue
        if qid in current:
            merged[qid] = current[qid]
        else:
            merged.pop(qid, None)
    return merged


def _merged(
    q: Questionnaire,
    found: Any,
    clean: Answers,
    base: Mapping[str, AnswerValue] | None,
    base_revision: int | None,
    progress: int,
    restart: bool = False,
) -> Saved:
    """A save merged into the stored row ``found`` (a participant's or a resume record's).

    Progress never goes backwards (a tab left on an earlier step does not undo it), except on
    ``restart``: the person chose "Start over", and the room's figures must say so.
    """
    stored = json.loads(found["answers"])
    merged = check_answers(q, merge_answers(stored, base, clean))
    stale = base_revision is not None and int(found["revision"]) != int(base_revision)
    reached = int(progress) if restart else max(int(found["progress"]), int(progress))
    return Saved(
        answers=merged,
        progress=min(max(reached, 0), MAX_PROGRESS),
        revision=int(found["revision"]) + 1,
        submitted=False,
        stale=stale,
    )


@dataclass(frozen=True)
class Created:
    """What the facilitator gets once: the join code and the secret facilitator key."""

    code: str
    key: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:16]


def database_url(explicit: str | None = None) -> str:
    """The explicit URL, else ``WIZARD_DATABASE_URL``, else the embedded SQLite file."""
    url = explicit or os.environ.get(DATABASE_URL_ENV)
    if url:
        return url
    DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE}"


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


def _masked(url: str) -> str:
    """A URL as it may be printed: any password replaced by ***."""
    import re

    return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)


def open_existing(url: str | None, where: str = "--database", read_only: bool = False) -> Store:
    """A store on a database that must already exist (the shell commands: export, reset-key).

    The URL and its driver are checked first and an SQLite path must name an existing file, so
    a typo says so in one line instead of creating an empty database; a server that cannot be
    reached is one line too.

    Raises:
        WorkshopError: reason ``database``, naming ``where`` and what was wrong.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    chosen = database_url(url)
    try:
        parsed = make_url(chosen)
        parsed.get_dialect().import_dbapi()  # the driver itself, not only its dialect
    except (NoSuchModuleError, ImportError) as exc:
        raise WorkshopError(
            "database", f"{where}: no driver for {parsed.drivername!r} ({exc})"
        ) from None
    except ArgumentError:
        raise WorkshopError(
            "database",
            f"{where}: must be a database URL such as sqlite:///path/workshop.db "
            f"or postgresql+psycopg://user@host/db, got {_masked(chosen)!r}",
        ) from None
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database or ""
        if not path or path == ":memory:" or not Path(path).is_file():
            raise WorkshopError(
                "database", f"{where}: no SQLite workshop database at {path or '(empty path)'!r}"
            )
        with Path(path).open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise WorkshopError("database", f"{where}: {path!r} is not an SQLite database")
    try:
        if read_only and parsed.get_backend_name() == "sqlite":
            return Store(
                chosen, engine=make_engine(_read_only_url(parsed.database)), read_only=True
            )
        return Store(chosen)
    except (SQLAlchemyError, WorkshopError) as exc:
        cause = exc.__cause__ if isinstance(exc, WorkshopError) else exc
        reason = str(getattr(cause, "orig", None) or cause).strip().splitlines()[0]
        raise WorkshopError("database", f"{where}: cannot open the database: {reason}") from None


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


def _read_only_url(path: str) -> str:
    """An SQLite URL that opens ``path`` to read only.

    A file in a folder this user may not write (a copy for the auditor, a read-only mount) is
    opened immutable: SQLite then needs no lock file beside it.
    """
    from urllib.parse import quote

    folder = Path(path).resolve().parent
    flags = "mode=ro" + ("" if os.access(folder, os.W_OK) else "&immutable=1")
    return f"sqlite:///file:{quote(str(Path(path).resolve()))}?{flags}&uri=true"


class Store:
    """All reads and writes of workshops and participants."""

    def __init__(
        self, url: str | None = None, engine: Engine | None = None, read_only: bool = False
    ) -> None:
        self.url = database_url(url)
        self.engine = engine or make_engine(self.url, read_only)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.read_only = read_only
        with reachable():
            if read_only:
                self._check_schema()
            else:
                self._ensure_schema()

    def _check_schema(self) -> None:
        """A database opened to read: its schema must be this app's (nothing is migrated)."""
        found = self.schema_version()
        if found != SCHEMA_VERSION:
            raise WorkshopError(
                "schema",
                f"database schema {found} is not this app's ({SCHEMA_VERSION}); open it once "
                "with write access to upgrade it, or use the app version that wrote it",
            )

    # ------------------------------------------------------------------ plumbing
    def _ensure_schema(self) -> None:
        """Create the tables on first use and record the schema version (for migrations).

        On PostgreSQL the creation runs under a transaction-level advisory lock, so replicas
        starting at once on an empty database do not race in ``create_all`` (one creates, the
        others wait and then find the tables).
        """
        if self.is_sqlite:
            # BEGIN IMMEDIATE (see make_engine): processes opening a new file at once create
            # the tables one after the other, never side by side
            with self.engine.begin() as conn:
                metadata.create_all(conn)
        else:
            with self.engine.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
                metadata.create_all(conn)
        with self._read() as conn:
            found = conn.execute(
                select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).scalar()
        if found is None:
            # another process may record it first: then its row stands
            with suppress(IntegrityError), self._tx() as conn:
                conn.execute(
                    insert(meta_table).values(key="schema_version", value=str(SCHEMA_VERSION))
                )
        elif int(found) < SCHEMA_VERSION:
            self._migrate()
        elif int(found) > SCHEMA_VERSION:
            raise WorkshopError(
                "schema",
                f"database schema {found} is newer than this app "
                f"({SCHEMA_VERSION}); upgrade the app",
            )

    def _migrate(self) -> None:
        """Bring an older schema up to date, under the same cross-process lock as creation."""
        with self.engine.begin() as conn:
            if not self.is_sqlite:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
            current = int(
                conn.execute(
                    select(meta_table.c.value).where(meta_table.c.key == "schema_version")
                ).scalar_one()
            )
            for version, added in sorted(ADDED_COLUMNS.items()):
                if current >= version:
                    continue
                for table, column, ddl in added:
                    present = {c["name"] for c in inspect(conn).get_columns(table.name)}
                    if column not in present:
                        conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {column} {ddl}"))
            if current < SCHEMA_VERSION:
                conn.execute(
                    update(meta_table)
                    .where(meta_table.c.key == "schema_version")
                    .values(value=str(SCHEMA_VERSION))
                )

    def _bump(self, conn: Connection, workshop_id: int) -> None:
        """Count the workshop's revision up, inside the caller's transaction."""
        conn.execute(_BUMP, {"workshop": workshop_id})

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        with self._read() as conn:
            return int(
                conn.execute(
                    select(meta_table.c.value).where(meta_table.c.key == "schema_version")
                ).scalar_one()
            )

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        """One transaction.

        On SQLite it starts with BEGIN IMMEDIATE (see make_engine), so a read-then-write never
        upgrades a shared lock and writers wait (busy timeout) in turn. An outage raises
        ``WorkshopError("unavailable")`` (see :func:`reachable`).
        """
        with reachable(), self.engine.begin() as conn:
            yield conn

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
        return Workshop(**{f.name: row[f.name] for f in fields(Workshop)})

    @staticmethod
    def _participant(row: Any) -> Participant:
        values = {f.name: row[f.name] for f in fields(Participant)}
        return Participant(**{**values, "answers": json.loads(values["answers"])})

    def _check_key(self, row: Any, key: str) -> None:
        key = (key or "").strip()  # a pasted key often brings a space or a line feed along
        if not key or not hmac.compare_digest(row["key_hash"], _hash(key)):
            raise WorkshopError("wrong_key", "the facilitator key does not match this workshop")

    # ------------------------------------------------------------------ facilitator
    def create_workshop(
        self,
        title: str,
        questionnaire: Questionnaire,
        weights: str,
        *,
        anonymous: bool,
        blind: bool,
        max_participants: int = DEFAULT_CAP,
    ) -> Created:
        """A new workshop: returns its join code and the facilitator key (shown once)."""
        clean = clean_name(title, MAX_TITLE) if title else ""
        if not clean:
            raise WorkshopError("title_required", "a workshop needs a title")
        if not 1 <= int(max_participants) <= MAX_CAP:
            raise WorkshopError(
                "cap_range", f"the participant cap must be 1 to {MAX_CAP}, got {max_participants}"
            )
        key = secrets.token_urlsafe(18)
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                with self._tx() as conn:
                    conn.execute(
                        insert(workshops).values(
                            code=code,
                            key_hash=_hash(key),
                            title=clean,
                            questionnaire=questionnaire.id,
                            questionnaire_version=questionnaire.version,
                            weights=weights,
                            anonymous=anonymous,
                            blind=blind,
                            revealed=False,
                            closed=False,
                            created_at=_now(),
                            max_participants=int(max_participants),
                        )
                    )
                return Created(code, key)
            except IntegrityError:
                continue  # the code was taken: draw another
        raise WorkshopError("code_space", "could not find a free workshop code")

    def reset_key(self, code: str) -> str:
        """A new facilitator key for ``code``; the old key stops working at once.

        Shell access to the database stands for the facilitator's right.
        """
        key = secrets.token_urlsafe(18)
        with self._tx() as conn:
            row = self._workshop_row(conn, code, lock=True)
            conn.execute(
                update(workshops).where(workshops.c.id == row["id"]).values(key_hash=_hash(key))
            )
        return key

    def facilitator(self, code: str, key: str) -> Workshop:
        """The workshop, after checking the facilitator key."""
        with self._read() as conn:
            row = self._workshop_row(conn, code)
            self._check_key(row, key)
            return self._workshop(row)

    def set_flags(
        self, code: str, key: str, *, revealed: bool | None = None, closed: bool | None = None
    ) -> Workshop:
        """Reveal the group result, or close the workshop to new answers (facilitator only)."""
        values: dict[str, bool] = {}
        if revealed is not None:
            values["revealed"] = revealed
        if closed is not None:
            values["closed"] = closed
        with self._tx() as conn:
            row = self._workshop_row(conn, code, lock=True)
            self._check_key(row, key)
            conn.execute(update(workshops).where(workshops.c.id == row["id"]).values(**values))
            self._bump(conn, row["id"])
            return self._workshop({**row, **values})

    def participants(self, code: str, key: str) -> tuple[Workshop, list[Participant]]:
        """Everyone's answers: for the dashboard, so the facilitator key is required."""
        with self._read() as conn:
            row = self._workshop_row(conn, code)
            self._check_key(row, key)
            return self._workshop(row), self._everyone(conn, row["id"])

    def all_participants(self, code: str) -> tuple[Workshop, list[Participant]]:
        """Everyone's answers, without a key.

        For the shell (``workshop export``) and for the aggregates a participant may see, never
        to show one person's answers to another.
        """
        with self._read() as conn:
            row = self._workshop_row(conn, code)
            return self._workshop(row), self._everyone(conn, row["id"])

    def _everyone(self, conn: Connection, workshop_id: int) -> list[Participant]:
        query = (
            select(participants)
            .where(participants.c.workshop_id == workshop_id)
            .order_by(participants.c.id)
        )
        return [self._participant(r) for r in conn.execute(query).mappings().all()]

    def version(self, code: str) -> tuple[int, int]:
        """(participants, revision): changes whenever anything in the workshop does.

        The revision is counted in the database with each change, so a replica whose clock lags
        still moves it (app-server timestamps would not).
        """
        with self._read() as conn:
            row = self._workshop_row(conn, code)
            count = conn.execute(
                select(func.count(participants.c.id)).where(participants.c.workshop_id == row["id"])
            ).scalar_one()
            return int(count), int(row["revision"])

    def summary_counts(self, code: str) -> tuple[Workshop, int, int]:
        """(workshop, participants, submitted): what a participant may know of the room."""
        with self._read() as conn:
            row = self._workshop_row(conn, code)
            total, done = conn.execute(
                select(
                    func.count(participants.c.id),
                    func.count(participants.c.id).filter(participants.c.submitted),
                ).where(participants.c.workshop_id == row["id"])
            ).one()
            return self._workshop(row), int(total), int(done)

    # ------------------------------------------------------------------ participants
    def workshop(self, code: str) -> Workshop:
        """Public facts of a workshop (title, mode, open or closed), for the join page."""
        with self._read() as conn:
            return self._workshop(self._workshop_row(conn, code))

    def join(self, code: str, name: str, role: str) -> tuple[Participant, str]:
        """Join an open workshop; returns the participant and their secret token."""
        token = secrets.token_urlsafe(18)
        name = clean_name(name or "")
        role = clean_name(role or "", MAX_ROLE)
        with self._tx() as conn:
            row = self._workshop_row(conn, code, lock=True)  # joins queue: the cap holds
            if row["closed"]:
                raise WorkshopError("closed", "this workshop is closed to new answers")
            count = conn.execute(
                select(func.count(participants.c.id)).where(participants.c.workshop_id == row["id"])
            ).scalar_one()
            if count >= row["max_participants"]:
                raise WorkshopError(
                    "full", f"this workshop is full ({row['max_participants']} participants)"
                )
            if row["anonymous"]:
                name = ""
            elif not name:
                raise WorkshopError("name_required", "this workshop asks for your name")
            now = _now()
            result = conn.execute(
                insert(participants).values(
                    workshop_id=row["id"],
                    token_hash=_hash(token),
                    name=name,
                    role=role,
                    answers="{}",
                    progress=0,
                    submitted=False,
                    gut_call=None,
                    created_at=now,
                    updated_at=now,
                )
            )
            pid = int(result.inserted_primary_key[0])
            self._bump(conn, row["id"])
        return Participant(pid, name, role, {}, 0, False, None, now), token

    def _participant_row(
        self, conn: Connection, workshop_id: int, token: str, lock: bool = False
    ) -> Any:
        query = (
            _PARTICIPANT_BY_TOKEN_LOCKED if lock and not self.is_sqlite else _PARTICIPANT_BY_TOKEN
        )
        mine = {"workshop": workshop_id, "token_hash": _hash(token or "")}
        found = conn.execute(query, mine).mappings().first()
        if found is None:
            raise WorkshopError("unknown_participant", "this participant link is not valid")
        return found

    def me(self, code: str, token: str) -> Participant:
        """A participant's own record, by their token."""
        with self._read() as conn:
            row = self._participant_row(conn, self._workshop_row(conn, code)["id"], token)
            return self._participant(row)

    def save(
        self,
        code: str,
        token: str,
        questionnaire: Questionnaire,
        answers: Mapping[str, AnswerValue],
        *,
        progress: int,
        submitted: bool = False,
        gut_call: str | None = None,
        base: Mapping[str, AnswerValue] | None = None,
        base_revision: int | None = None,
        restart: bool = False,
    ) -> Saved:
        """Save a participant's answers, merged per question with what is stored.

        Autosave calls it on every answer change. ``base`` and ``base_revision`` are what the
        saving tab last had from the store: its changes since then replace the stored answers
        question by question; answers another tab or device added meanwhile stay (see
        ``merge_answers``). Progress never goes backwards, and "finished" holds only while
        every required question is answered. ``restart`` ("Start over") sets the progress as
        given and clears the gut call and "finished" however far the person had gone.

        Raises:
            WorkshopError: unknown code or token, closed workshop, other questionnaire.
            AnswersError: an answer names an unknown question or option.
        """
        clean = check_answers(questionnaire, answers)
        if gut_call is not None and gut_call not in GUT_CALLS:
            raise AnswersError(f"gut_call: must be one of {list(GUT_CALLS)}, got {gut_call!r}")
        with self._tx() as conn:
            # the workshop row first, as join, remove and set_flags do: one lock order, so
            # PostgreSQL never deadlocks a save against a removal
            row = self._workshop_row(conn, code, lock=True)
            if row["closed"]:
                raise WorkshopError("closed", "this workshop is closed to new answers")
            if row["questionnaire"] != questionnaire.id:
                raise WorkshopError("questionnaire", "answers are for another questionnaire")
            found = self._participant_row(conn, row["id"], token, lock=True)
            saved = _merged(questionnaire, found, clean, base, base_revision, progress, restart)
            finished = (submitted or (found["submitted"] and not restart)) and not unanswered(
                questionnaire, saved.answers
            )
            # one role per person: the profile's role answer is the participant's role
            role = saved.answers.get(ROLE)
            values = {
                **_saved_values(found["id"], saved),
                "new_submitted": finished,
                "new_role": role if isinstance(role, str) and role != UNKNOWN else found["role"],
            }
            if gut_call is None and not restart:
                conn.execute(_PARTICIPANT_SAVED, values)
            else:
                conn.execute(_PARTICIPANT_SAVED_WITH_GUT, {**values, "new_gut_call": gut_call})
            self._bump(conn, row["id"])
        kept = gut_call if gut_call is not None else (None if restart else found["gut_call"])
        return replace(saved, submitted=finished, gut_call=kept)

    def set_cap(self, code: str, key: str, max_participants: int) -> Workshop:
        """Change how many participants may join (facilitator only); those in stay."""
        if not 1 <= int(max_participants) <= MAX_CAP:
            raise WorkshopError(
                "cap_range", f"the participant cap must be 1 to {MAX_CAP}, got {max_participants}"
            )
        with self._tx() as conn:
            row = self._workshop_row(conn, code, lock=True)
            self._check_key(row, key)
            conn.execute(
                update(workshops)
                .where(workshops.c.id == row["id"])
                .values(max_participants=int(max_participants))
            )
            self._bump(conn, row["id"])
            return self._workshop({**row, "max_participants": int(max_participants)})

    def link_previous(self, code: str, key: str, previous_code: str, previous_key: str) -> Workshop:
        """Compare this workshop with an earlier one of the same facilitator.

        Both keys are checked: holding the earlier workshop's key is what makes it the same
        facilitator's. An empty ``previous_code`` removes the link.
        """
        with self._tx() as conn:
            row = self._workshop_row(conn, code, lock=True)
            self._check_key(row, key)
            previous_id = None
            if normalise_code(previous_code or ""):
                earlier = self._workshop_row(conn, previous_code)
                self._check_key(earlier, previous_key)
                if earlier["id"] == row["id"]:
                    raise WorkshopError("same_workshop", "a workshop cannot follow itself")
                previous_id = int(earlier["id"])
            conn.execute(
                update(workshops).where(workshops.c.id == row["id"]).values(previous_id=previous_id)
            )
            self._bump(conn, row["id"])
            return self._workshop({**row, "previous_id": previous_id})

    def previous_revision(self, code: str) -> int | None:
        """The linked earlier workshop's revision (None without one): it moves with its answers."""
        with self._read() as conn:
            row = self._workshop_row(conn, code)
            if row["previous_id"] is None:
                return None
            found = conn.execute(
                select(workshops.c.revision).where(workshops.c.id == row["previous_id"])
            ).scalar_one_or_none()
            return None if found is None else int(found)

    def previous(self, code: str) -> tuple[Workshop, list[Participant]] | None:
        """The linked earlier workshop and its participants (for the dashboard and export)."""
        with self._read() as conn:
            row = self._workshop_row(conn, code)
            if row["previous_id"] is None:
                return None
            earlier = (
                conn.execute(select(workshops).where(workshops.c.id == row["previous_id"]))
                .mappings()
                .first()
            )
            if earlier is None:
                return None
            return self._workshop(earlier), self._everyone(conn, earlier["id"])

    def remove_participant(self, code: str, key: str, participant_id: int) -> None:
        """Remove one participant and their answers (facilitator only); their link stops."""
        with self._tx() as conn:
            row = self._workshop_row(conn, code, lock=True)
            self._check_key(row, key)
            done = conn.execute(
                delete(participants).where(
                    (participants.c.workshop_id == row["id"])
                    & (participants.c.id == int(participant_id))
                )
            )
            if done.rowcount != 1:
                raise WorkshopError("unknown_participant", "no such participant in this workshop")
            self._bump(conn, row["id"])

    # ------------------------------------------------------------------ self-service resume
    def resume_create(
        self, questionnaire: Questionnaire, answers: Mapping[str, AnswerValue], progress: int
    ) -> tuple[str, Saved]:
        """Keep a self-service assessment behind a new private resume link; returns its token."""
        clean = check_answers(questionnaire, answers)
        token = secrets.token_urlsafe(18)
        now = _now()
        with self._tx() as conn:
            conn.execute(
                insert(resumes).values(
                    token_hash=_hash(token),
                    questionnaire=questionnaire.id,
                    answers=json.dumps(clean, ensure_ascii=False),
                    progress=min(max(0, int(progress)), MAX_PROGRESS),
                    revision=1,
                    created_at=now,
                    updated_at=now,
                )
            )
            # forgotten resume links do not pile up: older than RESUME_DAYS untouched, gone
            conn.execute(
                delete(resumes).where(resumes.c.updated_at < now - timedelta(days=RESUME_DAYS))
            )
        return token, Saved(clean, min(max(0, int(progress)), MAX_PROGRESS), 1, False, False)

    def resume_load(self, token: str) -> Resumed:
        """The assessment behind a private resume link."""
        with self._read() as conn:
            found = self._resume_row(conn, token)
        return Resumed(
            json.loads(found["answers"]), found["progress"], found["revision"], found["updated_at"]
        )

    def resume_save(
        self,
        token: str,
        questionnaire: Questionnaire,
        answers: Mapping[str, AnswerValue],
        *,
        progress: int,
        base: Mapping[str, AnswerValue] | None = None,
        base_revision: int | None = None,
        restart: bool = False,
    ) -> Saved:
        """Save a self-service assessment, merged per question as a participant's is."""
        clean = check_answers(questionnaire, answers)
        with self._tx() as conn:
            found = self._resume_row(conn, token, lock=True)
            if found["questionnaire"] != questionnaire.id:
                raise WorkshopError("questionnaire", "answers are for another questionnaire")
            saved = _merged(questionnaire, found, clean, base, base_revision, progress, restart)
            conn.execute(_RESUME_SAVED, _saved_values(found["id"], saved))
        return saved

    def resume_delete(self, token: str) -> bool:
        """Delete the assessment behind a private resume link; False when there was none.

        Deleted means deleted: on SQLite the write-ahead log is checkpointed and emptied at
        once (and ``secure_delete`` overwrote the row), so no copy lingers in either file.
        """
        with self._tx() as conn:
            done = conn.execute(delete(resumes).where(resumes.c.token_hash == _hash(token or "")))
        if self.is_sqlite:
            with reachable():
                raw = self.engine.raw_connection()  # outside a transaction, as a checkpoint runs
                try:
                    raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    raw.close()
        return done.rowcount == 1

    def _resume_row(self, conn: Connection, token: str, lock: bool = False) -> Any:
        query = _RESUME_BY_TOKEN_LOCKED if lock and not self.is_sqlite else _RESUME_BY_TOKEN
        found = conn.execute(query, {"token_hash": _hash(token or "")}).mappings().first()
        if found is None:
            raise WorkshopError("unknown_resume", "this resume link is not valid (deleted?)")
        return found

    def dispose(self) -> None:
        """Close the connection pool."""
        self.engine.dispose()

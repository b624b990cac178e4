"""Named migrations, applied once each, in order, under a cross-process lock.

A database records the migrations applied to it in ``wizard_migrations``. Opening a store runs
:func:`migrate`: on PostgreSQL under a transaction-level advisory lock, on SQLite inside a
``BEGIN IMMEDIATE`` transaction, so app processes starting at once never race; the whole run is
one transaction, so a failed migration leaves the database as it was.

- A **new database** gets today's tables (``schema.metadata``) and every migration is recorded
  as applied: the tables already are what the migrations lead to.
- A database from **before named migrations** (schema 1 to 4, with only ``wizard_meta``'s
  ``schema_version``) counts the migrations its version already had as applied
  (``Migration.legacy``) and runs the rest.
- A database holding a migration this app does not know is **newer** than the app: refused.

To add one, append a :class:`Migration` to :data:`MIGRATIONS` (never edit or reorder the ones
before it), change ``schema.py`` to the result, and add the step to docs/storage.md; the helpers
below add and rename columns, create indexes and backfill with plain SQL, on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, Index, MetaData, Table, insert, inspect, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateColumn, CreateIndex

from wizard.errors import WorkshopError
from wizard.storage import schema as s

#: the advisory lock that serialises migrations across processes (any fixed 64-bit id)
LOCK_KEY = 0x77697A617264


@dataclass(frozen=True)
class Migration:
    """One step of the schema: a stable name, and what it does on an open transaction.

    ``legacy``: the old ``schema_version`` (1 to 4) from which a database already had this step.
    """

    name: str
    apply: Callable[[Connection], None]
    legacy: int | None = None


# --------------------------------------------------------------------------- helpers
def has_column(conn: Connection, table: str, column: str) -> bool:
    """Whether ``table`` has ``column`` now."""
    return column in {c["name"] for c in inspect(conn).get_columns(table)}


def add_column(conn: Connection, table: Table, column: Column) -> None:
    """Add ``column`` (a Column of the table's definition: its type, default and nullability)."""
    if has_column(conn, table.name, column.name):
        return
    ddl = CreateColumn(column).compile(dialect=conn.dialect)
    conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {ddl}"))


def rename_column(conn: Connection, table: str, old: str, new: str) -> None:
    """Rename a column, keeping its data (SQLite 3.25+ and PostgreSQL)."""
    if has_column(conn, table, old) and not has_column(conn, table, new):
        conn.execute(text(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}"))


def create_index(conn: Connection, index: Index) -> None:
    """Create ``index`` unless the table has one of that name."""
    table = index.table
    assert table is not None
    if index.name in {i["name"] for i in inspect(conn).get_indexes(table.name)}:
        return
    conn.execute(CreateIndex(index))


def create_table(conn: Connection, table: Table) -> None:
    """Create ``table`` as ``schema.py`` defines it (its indexes too), unless it exists."""
    table.create(conn, checkfirst=True)


# --------------------------------------------------------------------------- the migrations
def _initial(conn: Connection) -> None:
    """The first schema's tables: workshops, participants, the meta table."""
    legacy = MetaData()
    for table in (s.meta_table, s.workshops, s.participants):
        first = [c.copy() for c in table.columns if c.name in _FIRST_COLUMNS[table.name]]
        extra = [c.copy() for c in table.constraints if c.name == "uq_participant_token"]
        Table(table.name, legacy, *first, *extra)
    legacy.create_all(conn)


_FIRST_COLUMNS = {
    "wizard_meta": {"key", "value"},
    "wizard_workshops": {
        "id",
        "code",
        "key_hash",
        "title",
        "questionnaire",
        "questionnaire_version",
        "weights",
        "anonymous",
        "blind",
        "revealed",
        "closed",
        "created_at",
    },  # fmt: skip
    "wizard_participants": {
        "id",
        "workshop_id",
        "token_hash",
        "name",
        "role",
        "answers",
        "progress",
        "submitted",
        "gut_call",
        "created_at",
        "updated_at",
    },  # fmt: skip
}


def _workshop_revision(conn: Connection) -> None:
    add_column(conn, s.workshops, s.workshops.c.revision)


def _cap_revisions_resumes(conn: Connection) -> None:
    add_column(conn, s.workshops, s.workshops.c.max_participants)
    add_column(conn, s.participants, s.participants.c.revision)
    create_table(conn, s.resumes)


def _previous_workshop(conn: Connection) -> None:
    add_column(conn, s.workshops, s.workshops.c.previous_id)


def _participant_seat(conn: Connection) -> None:
    """Each participant's number in the room, kept when others leave.

    Added, backfilled in the order they joined, then indexed.
    """
    add_column(conn, s.participants, s.participants.c.seat)
    conn.execute(
        text(
            "UPDATE wizard_participants SET seat = (SELECT COUNT(*) FROM wizard_participants p2 "
            "WHERE p2.workshop_id = wizard_participants.workshop_id "
            "AND p2.id <= wizard_participants.id) WHERE seat IS NULL"
        )
    )
    create_index(conn, next(i for i in s.participants.indexes if i.name == "ix_participant_seat"))


def _use_cases(conn: Connection) -> None:
    """Candidate use cases: a workshop's seeded list, a participant's ratings, a resume's list."""
    add_column(conn, s.workshops, s.workshops.c.use_cases)
    add_column(conn, s.participants, s.participants.c.ratings)
    add_column(conn, s.resumes, s.resumes.c.use_cases)


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial, legacy=1),
    Migration("0002_workshop_revision", _workshop_revision, legacy=2),
    Migration("0003_cap_revisions_resumes", _cap_revisions_resumes, legacy=3),
    Migration("0004_previous_workshop", _previous_workshop, legacy=4),
    Migration("0005_participant_seat", _participant_seat),
    Migration("0006_use_cases", _use_cases),
)
#: what ``wizard_meta.schema_version`` says once every migration ran (older apps read it)
SCHEMA_VERSION = len(MIGRATIONS)


# --------------------------------------------------------------------------- running them
def _now() -> datetime:
    return datetime.now(UTC)


def _legacy_version(conn: Connection) -> int:
    found = conn.execute(
        select(s.meta_table.c.value).where(s.meta_table.c.key == "schema_version")
    ).scalar()
    return int(found) if found is not None else 1


def _set_version(conn: Connection, version: int) -> None:
    done = conn.execute(
        update(s.meta_table)
        .where(s.meta_table.c.key == "schema_version")
        .values(value=str(version))
    )
    if done.rowcount == 0:
        conn.execute(insert(s.meta_table).values(key="schema_version", value=str(version)))


def pending(conn: Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """The migrations not yet applied to the database on ``conn`` (empty: up to date)."""
    if not inspect(conn).has_table(s.migrations_table.name):
        return [m.name for m in migrations]
    done = set(conn.execute(select(s.migrations_table.c.name)).scalars())
    return [m.name for m in migrations if m.name not in done]


def migrate(
    engine: Engine,
    migrations: Sequence[Migration] = MIGRATIONS,
    target: MetaData = s.metadata,
) -> list[str]:
    """Bring the database up to date; returns the names applied now (for the log and tests).

    Raises:
        WorkshopError: reason ``schema``, the database holds a migration this app lacks.
    """
    applied_now: list[str] = []
    with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE (see engine.make_engine)
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        inspector = inspect(conn)
        if not inspector.has_table(s.migrations_table.name):
            s.migrations_table.create(conn)
        done = set(conn.execute(select(s.migrations_table.c.name)).scalars())
        known = {m.name for m in migrations}
        unknown = sorted(done - known)
        if unknown:
            raise WorkshopError(
                "schema",
                f"the workshop database has migrations this app does not know ({unknown[0]}): "
                "it was upgraded by a newer version; upgrade the app",
            )
        if not done:
            if inspector.has_table(s.workshops.name):  # made before named migrations
                legacy = _legacy_version(conn)
                baseline = [m for m in migrations if m.legacy is not None and m.legacy <= legacy]
            else:  # a new database: today's tables at once
                target.create_all(conn)
                baseline = list(migrations)
            for migration in baseline:
                conn.execute(
                    insert(s.migrations_table).values(name=migration.name, applied_at=_now())
                )
            done = {m.name for m in baseline}
        for migration in migrations:
            if migration.name in done:
                continue
            migration.apply(conn)
            conn.execute(insert(s.migrations_table).values(name=migration.name, applied_at=_now()))
            applied_now.append(migration.name)
        if inspect(conn).has_table(s.meta_table.name):
            _set_version(conn, len(migrations))
    return applied_now

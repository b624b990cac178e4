"""Named migrations: every earlier schema (stored databases) upgrades in place on SQLite and
PostgreSQL, each migration runs once, a migration can rename, index and backfill, and a newer
database is refused."""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Column, Index, Integer, MetaData, String, Table, create_engine, select, text

from tests.conftest import FIXTURES
from wizard.errors import WorkshopError
from wizard.storage import SCHEMA_VERSION, Store
from wizard.storage.migrations import (
    MIGRATIONS,
    Migration,
    add_column,
    create_index,
    migrate,
    pending,
    rename_column,
)
from wizard.storage.schema import migrations_table

DATABASES = FIXTURES / "databases"
POSTGRES_URL = os.environ.get(
    "WIZARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
#: what every stored database holds (made by tests/fixtures/databases/make.py)
TITLES = ["Spring board day", "Autumn board day"]


def _sqlite_from(version: int, tmp_path: Path) -> str:
    path = tmp_path / f"schema-{version}.db"
    with sqlite3.connect(path) as conn:
        conn.executescript((DATABASES / f"schema-{version}.sqlite.sql").read_text("utf-8"))
    return f"sqlite:///{path}"


def _postgres_from(version: int):
    """(an engine on a fresh schema loaded from the stored dump, the admin engine, the schema)."""
    name = f"old_{uuid.uuid4().hex[:10]}"
    dump = (DATABASES / f"schema-{version}.postgresql.sql").read_text("utf-8")
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(dump.replace("old_schema", name))
    except Exception as exc:
        pytest.fail(f"PostgreSQL at {POSTGRES_URL} is not reachable ({exc})", pytrace=False)
    engine = create_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={name}"})
    return engine, admin, name


def _check_upgraded(store: Store, questionnaire) -> None:
    """The upgraded database keeps its rooms and works as a new one does."""
    assert store.schema_version() == SCHEMA_VERSION
    with store.engine.connect() as conn:
        assert pending(conn) == []
        codes = conn.execute(text("SELECT code FROM wizard_workshops ORDER BY id")).scalars().all()
        seats = conn.execute(
            text("SELECT seat FROM wizard_participants ORDER BY workshop_id, id")
        ).scalars()
        assert list(seats) == [1, 2, 3, 1, 2, 3]  # backfilled in the order people joined
    assert [store.workshop(c).title for c in codes] == TITLES
    first = store.workshop(codes[0])
    assert first.max_participants == 200 and first.revision >= 0
    _, people = store.all_participants(codes[0])
    assert [p.name for p in people] == ["Ann", "Ben", "Cy"]
    assert people[0].answers == {"sector": "finance", "size": "lt250"}
    person, token = store.join(codes[0], "Dee", "cio")
    assert person.seat == 4
    saved = store.save(codes[0], token, questionnaire, {"sector": "retail"}, progress=1)
    assert saved.revision == 1
    token = store.resume_create(questionnaire, {"sector": "retail"}, 1)[0]
    store.resume_save_use_cases(token, [{"name": "Code assistant", "template": "code-assistant"}])
    assert store.resume_load(token).use_cases == (
        {"name": "Code assistant", "template": "code-assistant"},
    )


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5])
def test_every_earlier_sqlite_schema_upgrades_in_place(version, tmp_path, questionnaire) -> None:
    """A stored database of schema 1, 2, 3 or 4 (made by that version's own code) opens, gains
    every later step, keeps its workshops and participants, and works."""
    store = Store(_sqlite_from(version, tmp_path))
    _check_upgraded(store, questionnaire)
    store.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("version", [1, 2, 3, 4, 5])
def test_every_earlier_postgres_schema_upgrades_in_place(version, questionnaire) -> None:
    """The same on PostgreSQL, from that version's own dump."""
    engine, admin, name = _postgres_from(version)
    try:
        store = Store(url=POSTGRES_URL, engine=engine)
        _check_upgraded(store, questionnaire)
        if version == 4:  # schema 4 linked the autumn day to the spring one
            with engine.connect() as conn:
                codes = conn.execute(text("SELECT code FROM wizard_workshops ORDER BY id"))
                later = codes.scalars().all()[1]
            assert store.previous(later) is not None
        store.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def test_each_migration_runs_once_and_is_recorded_by_name(tmp_path) -> None:
    """Opening an upgraded database again applies nothing; the names are recorded in order."""
    url = _sqlite_from(1, tmp_path)
    engine = create_engine(url)
    assert migrate(engine) == [m.name for m in MIGRATIONS[1:]]
    assert migrate(engine) == []
    with engine.connect() as conn:
        names = conn.execute(select(migrations_table.c.name)).scalars().all()
    assert sorted(names) == sorted(m.name for m in MIGRATIONS)
    engine.dispose()


def test_a_new_database_gets_todays_tables_and_counts_every_migration(tmp_path) -> None:
    """A new file: the tables as schema.py says, every migration recorded, none run."""
    engine = create_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert migrate(engine) == []
    with engine.connect() as conn:
        assert pending(conn) == []
        columns = {c[1] for c in conn.exec_driver_sql("PRAGMA table_info(wizard_participants)")}
    assert "seat" in columns
    engine.dispose()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_a_migration_can_rename_index_and_backfill(backend, tmp_path) -> None:
    """Three steps of a made-up schema: add a column and backfill it, rename it, index it; the
    data survives each step on SQLite and PostgreSQL."""
    meta = MetaData()
    items = Table(
        "wiz_items", meta, Column("id", Integer, primary_key=True), Column("title", String(40))
    )
    extra = Column("label", String(40), nullable=True)
    steps = [
        Migration("0001_items", lambda c: items.create(c)),
        Migration(
            "0002_label",
            lambda c: (
                add_column(c, items, extra),
                c.execute(text("UPDATE wiz_items SET label = upper(title)")),
            ),
        ),
        Migration("0003_rename", lambda c: rename_column(c, "wiz_items", "label", "shout")),
        Migration(
            "0004_index",
            lambda c: create_index(
                c,
                Index(
                    "ix_wiz_items_shout",
                    Table("wiz_items", MetaData(), Column("shout", String(40))).c.shout,
                ),
            ),
        ),
    ]
    admin = name = None
    if backend == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    else:
        name = f"mig_{uuid.uuid4().hex[:10]}"
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        engine = create_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={name}"})
    try:
        migrate(engine, steps[:1], target=meta)  # a new database: its first step
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO wiz_items (id, title) VALUES (1, 'alpha'), (2, 'beta')"))
        assert migrate(engine, steps, target=meta) == ["0002_label", "0003_rename", "0004_index"]
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, shout FROM wiz_items ORDER BY id")).all()
            from sqlalchemy import inspect

            indexes = {i["name"] for i in inspect(conn).get_indexes("wiz_items")}
        assert [tuple(r) for r in rows] == [(1, "ALPHA"), (2, "BETA")]
        assert "ix_wiz_items_shout" in indexes
    finally:
        engine.dispose()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
            admin.dispose()


def test_a_database_from_a_newer_app_is_refused(tmp_path) -> None:
    """A migration this app does not know: the store refuses, saying to upgrade the app."""
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    Store(url).dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO wizard_migrations VALUES ('0099_future', '2030-01-01')"))
    engine.dispose()
    with pytest.raises(WorkshopError) as refused:
        Store(url)
    assert refused.value.reason == "schema" and "upgrade the app" in str(refused.value)

"""Take a workshop database away and bring it back, as an outage would (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def sqlite_outage(path: Path) -> Iterator[None]:
    """The SQLite file cannot be opened while inside: a folder stands where it was.

    Connections a pool already holds keep the old file open; callers dispose their engine
    first (a restarted worker, or an AppTest's store) so every new connection fails.
    """
    aside = path.with_name(path.name + ".away")
    moved = []
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            target = Path(str(aside) + suffix)
            source.rename(target)
            moved.append((target, source))
    path.mkdir()
    try:
        yield
    finally:
        shutil.rmtree(path)
        for target, source in moved:
            target.rename(source)


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database of its own (so it can be cut off alone); its URL."""
    name = f"wiz_outage_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@contextmanager
def postgres_outage(admin_url: str, url: str) -> Iterator[None]:
    """The database at ``url`` refuses connections and drops the ones it has while inside."""
    name = make_url(url).database
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
    try:
        yield
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


POSTGRES_URL = os.environ.get(
    "WIZARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_admin(schema: str):
    """An engine on the test PostgreSQL after creating ``schema``; a clear failure without it."""
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        pytest.fail(
            f"PostgreSQL at {POSTGRES_URL} is not reachable ({exc.__class__.__name__}); "
            "start it or set WIZARD_TEST_POSTGRES_URL",
            pytrace=False,
        )
    return admin

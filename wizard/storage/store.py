"""The store every page and command uses: workshops, participants and resume copies."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from wizard.errors import WorkshopError
from wizard.storage.engine import database_url, make_engine, masked, read_only_url
from wizard.storage.resumes import ResumeOps
from wizard.storage.workshops import WorkshopOps


class Store(WorkshopOps, ResumeOps):
    """All reads and writes of workshops, participants and private resume copies."""


def open_existing(url: str | None, where: str = "--database", read_only: bool = False) -> Store:
    """A store on a database that must already exist (the shell commands: export, reset-key).

    The URL and its driver are checked first and an SQLite path must name an existing file, so
    a typo says so in one line instead of creating an empty database; a server that cannot be
    reached is one line too. ``read_only`` opens an SQLite file without writing to it (a copy
    on a read-only mount exports as well as the live file).

    Raises:
        WorkshopError: reason ``database``, naming ``where`` and what was wrong.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

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
            f"or postgresql+psycopg://user@host/db, got {masked(chosen)!r}",
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
                chosen, engine=make_engine(read_only_url(parsed.database), True), read_only=True
            )
        return Store(chosen)
    except (SQLAlchemyError, WorkshopError) as exc:
        if isinstance(exc, WorkshopError) and exc.reason == "schema":
            raise
        cause = exc.__cause__ if isinstance(exc, WorkshopError) else exc
        reason = str(getattr(cause, "orig", None) or cause).strip().splitlines()[0]
        raise WorkshopError("database", f"{where}: cannot open the database: {reason}") from None

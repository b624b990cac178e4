"""The workshop store's tables as they are today (migrations bring older databases here).

``describe()`` prints them for ``docs/storage.md`` (a test keeps that page current).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

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
#: key-value facts about the database: ``schema_version`` (the number of migrations applied,
#: read by older app versions, which refuse a newer database)
meta_table = Table(
    "wizard_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(255), nullable=False),
)
#: the named migrations applied to this database, once each (see ``migrations``)
migrations_table = Table(
    "wizard_migrations",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
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
    # the database, never from an app server's clock
    Column("revision", Integer, nullable=False, default=0, server_default="0"),
    Column(
        "max_participants",
        Integer,
        nullable=False,
        default=DEFAULT_CAP,
        server_default=str(DEFAULT_CAP),
    ),
    # the facilitator's earlier workshop this one is compared with
    Column("previous_id", Integer, nullable=True),
    # the candidate use cases the facilitator seeded (a JSON list of attribute mappings)
    Column("use_cases", Text, nullable=False, default="[]", server_default="[]"),
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
    # counted up with every save of this participant: a stale tab's save is merged
    Column("revision", Integer, nullable=False, default=0, server_default="0"),
    # the participant's number in the room (#1, #2, ...), kept when others leave
    Column("seat", Integer, nullable=True),
    # the participant's value and feasibility (1-5) of each seeded use case, by its id (JSON)
    Column("ratings", Text, nullable=False, default="{}", server_default="{}"),
    UniqueConstraint("workshop_id", "token_hash", name="uq_participant_token"),
    Index("ix_participant_seat", "workshop_id", "seat", unique=True),
)
#: self-service assessments kept on the server behind a private resume link
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
    # the person's candidate use cases (a JSON list of attribute mappings)
    Column("use_cases", Text, nullable=False, default="[]", server_default="[]"),
)


def describe() -> str:
    """The tables as text: one line per column (type, null or not, default), then the indexes."""
    lines: list[str] = []
    for table in metadata.sorted_tables:
        lines.append(table.name)
        for column in table.columns:
            bits = [str(column.type)]
            bits.append(
                "primary key" if column.primary_key else "null" if column.nullable else "not null"
            )
            if column.server_default is not None:
                bits.append(f"default {column.server_default.arg}")
            elif column.default is not None and not callable(column.default.arg):
                bits.append(f"default {column.default.arg!r}")
            if column.unique:
                bits.append("unique")
            for key in column.foreign_keys:
                bits.append(f"-> {key.target_fullname}")
            lines.append(f"  {column.name}: {', '.join(bits)}")
        for index in sorted(table.indexes, key=lambda i: i.name or ""):
            kind = "unique index" if index.unique else "index"
            lines.append(f"  {kind} {index.name}: {', '.join(c.name for c in index.columns)}")
        for constraint in sorted(table.constraints, key=lambda c: c.name or ""):
            if isinstance(constraint, UniqueConstraint) and constraint.name:
                names = ", ".join(c.name for c in constraint.columns)
                lines.append(f"  unique {constraint.name}: {names}")
    return "\n".join(lines)

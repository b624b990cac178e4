"""The shared workshop store on SQLAlchemy Core: one concern per module.

``schema`` the tables as they are today · ``migrations`` named steps from any earlier schema,
applied once each under a cross-process lock · ``engine`` the URL, the engine settings, outages ·
``merge`` the pure per-question merge of a save · ``records`` the values handed out ·
``base`` transactions and keys · ``workshops`` and ``resumes`` the operations · ``store`` the
``Store`` that joins them. docs/storage.md prints the schema and says how to add a migration.
"""

from __future__ import annotations

from wizard.errors import WorkshopError
from wizard.storage.base import normalise_code
from wizard.storage.engine import database_url, make_engine, reachable
from wizard.storage.merge import merge_answers
from wizard.storage.migrations import SCHEMA_VERSION
from wizard.storage.records import Created, Participant, Resumed, RoomVersion, Saved, Workshop
from wizard.storage.schema import DEFAULT_CAP, MAX_CAP, MAX_TITLE
from wizard.storage.store import Store, open_existing

__all__ = [
    "DEFAULT_CAP",
    "MAX_CAP",
    "MAX_TITLE",
    "SCHEMA_VERSION",
    "Created",
    "Participant",
    "Resumed",
    "RoomVersion",
    "Saved",
    "Store",
    "Workshop",
    "WorkshopError",
    "database_url",
    "make_engine",
    "merge_answers",
    "normalise_code",
    "open_existing",
    "reachable",
]

"""Self-service assessments kept behind a private resume link (create, load, save, delete)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from wizard.answers import AnswerValue, check_answers
from wizard.config import Questionnaire
from wizard.errors import WorkshopError
from wizard.storage.base import StoreBase, now, secret_hash
from wizard.storage.merge import merged
from wizard.storage.records import Resumed, Saved, dump_use_case_rows, use_case_rows
from wizard.storage.schema import MAX_PROGRESS, RESUME_DAYS, resumes
from wizard.storage.workshops import saved_row, saved_values

_RESUME_BY_TOKEN = select(resumes).where(resumes.c.token_hash == bindparam("token_hash"))
_RESUME_BY_TOKEN_LOCKED = _RESUME_BY_TOKEN.with_for_update()
_RESUME_SAVED = saved_row(resumes)


class ResumeOps(StoreBase):
    """Reads and writes of private resume copies."""

    # ------------------------------------------------------------------ self-service resume
    def resume_create(
        self, questionnaire: Questionnaire, answers: Mapping[str, AnswerValue], progress: int
    ) -> tuple[str, Saved]:
        """Keep a self-service assessment behind a new private resume link; returns its token."""
        clean = check_answers(questionnaire, answers)
        token = secrets.token_urlsafe(18)
        at = now()
        with self._tx() as conn:
            conn.execute(
                insert(resumes).values(
                    token_hash=secret_hash(token),
                    questionnaire=questionnaire.id,
                    answers=json.dumps(clean, ensure_ascii=False),
                    progress=min(max(0, int(progress)), MAX_PROGRESS),
                    revision=1,
                    created_at=at,
                    updated_at=at,
                )
            )
            # forgotten resume links do not pile up: older than RESUME_DAYS untouched, gone
            conn.execute(
                delete(resumes).where(resumes.c.updated_at < at - timedelta(days=RESUME_DAYS))
            )
        return token, Saved(clean, min(max(0, int(progress)), MAX_PROGRESS), 1, False, False)

    def resume_load(self, token: str) -> Resumed:
        """The assessment behind a private resume link."""
        with self._read() as conn:
            found = self._resume_row(conn, token)
        return Resumed(
            json.loads(found["answers"]),
            found["progress"],
            found["revision"],
            found["updated_at"],
            tuple(use_case_rows(found.get("use_cases"))),
        )

    def resume_save_use_cases(self, token: str, use_cases: Sequence[Mapping[str, Any]]) -> None:
        """Keep the candidate use cases behind a private resume link (the list replaced whole)."""
        data = dump_use_case_rows(use_cases)
        with self._tx() as conn:
            found = self._resume_row(conn, token, lock=True)
            conn.execute(
                update(resumes)
                .where(resumes.c.id == found["id"])
                .values(use_cases=data, updated_at=now())
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
            saved = merged(questionnaire, found, clean, base, base_revision, progress, restart)
            conn.execute(_RESUME_SAVED, saved_values(found["id"], saved))
        return saved

    def resume_delete(self, token: str) -> bool:
        """Delete the assessment behind a private resume link; False when there was none.

        Deleted means deleted: on SQLite ``secure_delete`` overwrites the row and the
        write-ahead log is emptied at once, or, while a reader still uses it, as soon as any
        later transaction finds it free (:meth:`checkpoint`); the call never waits on readers.
        """
        with self._tx() as conn:
            done = conn.execute(
                delete(resumes).where(resumes.c.token_hash == secret_hash(token or ""))
            )
        self.checkpoint()
        return done.rowcount == 1

    def _resume_row(self, conn: Connection, token: str, lock: bool = False) -> Any:
        query = _RESUME_BY_TOKEN_LOCKED if lock and not self.is_sqlite else _RESUME_BY_TOKEN
        found = conn.execute(query, {"token_hash": secret_hash(token or "")}).mappings().first()
        if found is None:
            raise WorkshopError("unknown_resume", "this resume link is not valid (deleted?)")
        return found

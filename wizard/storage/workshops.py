"""Workshops and their participants: create, join, save (merged), reveal, remove, compare."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Update, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from wizard.answers import UNKNOWN, AnswerValue, check_answers, clean_name
from wizard.config import Questionnaire
from wizard.config.ids import ROLE
from wizard.errors import AnswersError, WorkshopError
from wizard.scoring import unanswered
from wizard.storage.base import StoreBase, normalise_code, now, secret_hash
from wizard.storage.merge import merged
from wizard.storage.records import (
    RATING_KINDS,
    RATING_RANGE,
    Created,
    Participant,
    RoomVersion,
    Saved,
    Workshop,
    dump_use_case_rows,
    use_case_rows,
)
from wizard.storage.schema import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DEFAULT_CAP,
    GUT_CALLS,
    MAX_CAP,
    MAX_ROLE,
    MAX_TITLE,
    participants,
    workshops,
)

_PARTICIPANT_BY_TOKEN = select(participants).where(
    (participants.c.workshop_id == bindparam("workshop"))
    & (participants.c.token_hash == bindparam("token_hash"))
)
_PARTICIPANT_BY_TOKEN_LOCKED = _PARTICIPANT_BY_TOKEN.with_for_update()


def saved_row(table: Any) -> Update:
    """UPDATE of one saved row (``row``): its answers, progress, revision and time.

    Built once per table (constructing statements and their cache keys on every save was half
    of a save's CPU); values are bound per call.
    """
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


def saved_values(row_id: int, saved: Saved) -> dict[str, Any]:
    """The values ``saved_row`` binds, for row ``row_id`` after ``saved``."""
    import json

    return {
        "row": row_id,
        "new_answers": json.dumps(saved.answers, ensure_ascii=False),
        "new_progress": saved.progress,
        "new_revision": saved.revision,
        "now": now(),
    }


_PARTICIPANT_SAVED = saved_row(participants).values(
    submitted=bindparam("new_submitted"), role=bindparam("new_role")
)
_PARTICIPANT_SAVED_WITH_GUT = _PARTICIPANT_SAVED.values(gut_call=bindparam("new_gut_call"))


class WorkshopOps(StoreBase):
    """Reads and writes of workshops and participants."""

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
        use_cases: Sequence[Mapping[str, Any]] = (),
    ) -> Created:
        """A new workshop: returns its join code and the facilitator key (shown once).

        ``use_cases``: the candidate use cases participants rate (checked by the caller, each
        with its id).
        """
        seeded = dump_use_case_rows(use_cases)
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
                            key_hash=secret_hash(key),
                            title=clean,
                            questionnaire=questionnaire.id,
                            questionnaire_version=questionnaire.version,
                            weights=weights,
                            anonymous=anonymous,
                            blind=blind,
                            revealed=False,
                            closed=False,
                            created_at=now(),
                            max_participants=int(max_participants),
                            use_cases=seeded,
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
                update(workshops)
                .where(workshops.c.id == row["id"])
                .values(key_hash=secret_hash(key))
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
            .order_by(participants.c.seat, participants.c.id)
        )
        return [self._participant(r) for r in conn.execute(query).mappings().all()]

    def room_version(self, code: str) -> RoomVersion:
        """What moves whenever anything in the room does (see ``RoomVersion``).

        From the database, never from an app server's clock.
        """
        with self._read() as conn:
            row = self._workshop_row(conn, code)
            earlier = None
            if row["previous_id"] is not None:
                found = conn.execute(
                    select(workshops.c.revision).where(workshops.c.id == row["previous_id"])
                ).scalar_one_or_none()
                earlier = None if found is None else int(found)
            return RoomVersion(
                int(row["id"]),
                row["code"],
                row["created_at"].isoformat(),
                int(row["revision"]),
                earlier,
            )

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
            count, last_seat = conn.execute(
                select(func.count(participants.c.id), func.max(participants.c.seat)).where(
                    participants.c.workshop_id == row["id"]
                )
            ).one()
            if count >= row["max_participants"]:
                raise WorkshopError(
                    "full", f"this workshop is full ({row['max_participants']} participants)"
                )
            if row["anonymous"]:
                name = ""
            elif not name:
                raise WorkshopError("name_required", "this workshop asks for your name")
            at = now()
            seat = int(last_seat or 0) + 1  # the next number in this room, under its lock
            result = conn.execute(
                insert(participants).values(
                    workshop_id=row["id"],
                    token_hash=secret_hash(token),
                    name=name,
                    role=role,
                    answers="{}",
                    progress=0,
                    submitted=False,
                    gut_call=None,
                    created_at=at,
                    updated_at=at,
                    seat=seat,
                )
            )
            pid = int(result.inserted_primary_key[0])
            self._bump(conn, row["id"])
        return Participant(pid, name, role, {}, 0, False, None, at, 0, seat), token

    def _participant_row(
        self, conn: Connection, workshop_id: int, token: str, lock: bool = False
    ) -> Any:
        query = (
            _PARTICIPANT_BY_TOKEN_LOCKED if lock and not self.is_sqlite else _PARTICIPANT_BY_TOKEN
        )
        mine = {"workshop": workshop_id, "token_hash": secret_hash(token or "")}
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
            saved = merged(questionnaire, found, clean, base, base_revision, progress, restart)
            finished = (submitted or (found["submitted"] and not restart)) and not unanswered(
                questionnaire, saved.answers
            )
            # one role per person: the profile's role answer is the participant's role
            role = saved.answers.get(ROLE)
            values = {
                **saved_values(found["id"], saved),
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

    def rate(self, code: str, token: str, ratings: Mapping[str, Mapping[str, int]]) -> None:
        """Keep a participant's value and feasibility (1-5) of the workshop's use cases.

        The ratings replace the stored ones whole; an unknown case or a value outside 1-5 is
        refused, nothing stored.
        """
        if not isinstance(ratings, Mapping):
            raise WorkshopError("bad_rating", "ratings must map use case ids to ratings")
        with self._tx() as conn:
            row = self._workshop_row(conn, code, lock=True)
            if row["closed"]:
                raise WorkshopError("closed", "this workshop is closed to new answers")
            known = {str(c.get("id")) for c in use_case_rows(row["use_cases"])}
            clean: dict[str, dict[str, int]] = {}
            for case_id, given in ratings.items():
                if case_id not in known or not isinstance(given, Mapping):
                    raise WorkshopError("bad_rating", f"no use case {case_id!r} in this workshop")
                for kind, value in given.items():
                    ok = kind in RATING_KINDS and isinstance(value, int) and value in RATING_RANGE
                    if not ok or isinstance(value, bool):
                        raise WorkshopError("bad_rating", f"{kind} must be 1 to 5, got {value!r}")
                clean[case_id] = {k: int(v) for k, v in given.items()}
            found = self._participant_row(conn, row["id"], token, lock=True)
            conn.execute(
                update(participants)
                .where(participants.c.id == found["id"])
                .values(
                    ratings=json.dumps(clean, sort_keys=True),
                    revision=participants.c.revision + 1,
                    updated_at=now(),
                )
            )
            self._bump(conn, row["id"])

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

"""The workshop store, on SQLite and on the PostgreSQL server: the same suite for both."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import complete_answers
from tests.outage import POSTGRES_URL, postgres_admin
from wizard.answers import UNKNOWN
from wizard.errors import AnswersError
from wizard.storage import SCHEMA_VERSION, Store, WorkshopError, make_engine


def _postgres_engine(schema: str):
    admin = postgres_admin(schema)
    engine = create_engine(
        POSTGRES_URL,
        connect_args={"options": f"-csearch_path={schema}"},
        pool_size=10,
        max_overflow=60,
    )
    return admin, engine


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request, tmp_path) -> Iterator[tuple[str, object]]:
    """(kind, factory): the factory opens a Store on the same database each time it is called,
    as a restarted server would."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'workshop.db'}"
        stores: list[Store] = []

        def factory() -> Store:
            stores.append(Store(url))
            return stores[-1]

        yield "sqlite", factory
        for store in stores:
            store.dispose()
        return
    schema = f"wiz_{uuid.uuid4().hex[:10]}"
    admin, engine = _postgres_engine(schema)
    made: list[object] = []

    def factory() -> Store:
        fresh = create_engine(
            POSTGRES_URL,
            connect_args={"options": f"-csearch_path={schema}"},
            pool_size=10,
            max_overflow=60,
        )
        made.append(fresh)
        return Store(url=POSTGRES_URL, engine=fresh)

    yield "postgresql", factory
    for e in [engine, *made]:
        e.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def store(backend) -> Store:
    return backend[1]()


def test_schema_is_created_with_a_version(store) -> None:
    """First use creates the tables and records the schema version for later migrations."""
    assert store.schema_version() == SCHEMA_VERSION


def test_create_join_save_and_read_back(store, questionnaire) -> None:
    """A participant's saved answers come back to them and to the facilitator with the key."""
    created = store.create_workshop(
        "Board offsite", questionnaire, "balanced", anonymous=False, blind=True
    )
    assert len(created.code) == 6 and len(created.key) >= 20
    me, token = store.join(created.code.lower(), "  Ada  Lovelace ", "cio")
    assert me.name == "Ada Lovelace"
    saved = store.save(
        created.code,
        token,
        questionnaire,
        {"sector": "finance", "sec_controls": ["logging"], "bud_value": UNKNOWN},
        progress=2,
    )
    assert saved.answers["sec_controls"] == ["logging"] and saved.progress == 2
    assert store.me(created.code, token).answers == saved.answers
    workshop, people = store.participants(created.code, created.key)
    assert workshop.title == "Board offsite" and [p.name for p in people] == ["Ada Lovelace"]
    # "finished" needs every required question: a submit with gaps is not counted
    early = store.save(
        created.code, token, questionnaire, saved.answers, progress=6, submitted=True
    )
    assert not early.submitted and store.summary_counts(created.code)[1:] == (1, 0)
    final = store.save(
        created.code,
        token,
        questionnaire,
        complete_answers(questionnaire),
        progress=6,
        submitted=True,
        gut_call="wait",
    )
    assert final.submitted and store.me(created.code, token).gut_call == "wait"
    assert store.summary_counts(created.code)[1:] == (1, 1)


def test_a_restart_keeps_every_saved_answer(backend, questionnaire) -> None:
    """A new Store on the same database (a restarted server) still has every answer."""
    first = backend[1]()
    created = first.create_workshop(
        "Restart", questionnaire, "balanced", anonymous=True, blind=False
    )
    tokens = []
    for i in range(5):
        _, token = first.join(created.code, "", "cfo")
        first.save(
            created.code, token, questionnaire, {"sector": "retail", "urg_window": "no"}, progress=i
        )
        tokens.append(token)
    first.dispose()
    second = backend[1]()
    _, people = second.participants(created.code, created.key)
    assert len(people) == 5 and all(p.answers["urg_window"] == "no" for p in people)
    assert second.me(created.code, tokens[3]).progress == 3


def test_refusals_are_clear(store, questionnaire) -> None:
    """Wrong key, unknown code, closed workshop, missing name, foreign token: each refused."""
    created = store.create_workshop(
        "Refusals", questionnaire, "balanced", anonymous=False, blind=True
    )
    other = store.create_workshop("Other", questionnaire, "balanced", anonymous=True, blind=True)
    with pytest.raises(WorkshopError) as info:
        store.participants(created.code, "guess")
    assert info.value.reason == "wrong_key"
    with pytest.raises(WorkshopError) as info:
        store.participants(created.code, other.key)
    assert info.value.reason == "wrong_key"
    with pytest.raises(WorkshopError) as info:
        store.join("ZZZZZZ", "Eve", "cio")
    assert info.value.reason == "unknown_code"
    with pytest.raises(WorkshopError) as info:
        store.join(created.code, "   ", "cio")
    assert info.value.reason == "name_required"
    _, token = store.join(other.code, "", "cio")
    with pytest.raises(WorkshopError) as info:  # a token of another workshop reads nothing here
        store.me(created.code, token)
    assert info.value.reason == "unknown_participant"
    store.set_flags(created.code, created.key, closed=True)
    with pytest.raises(WorkshopError) as info:
        store.join(created.code, "Late", "cio")
    assert info.value.reason == "closed"


def test_hostile_names_and_tampered_answers(store, questionnaire) -> None:
    """Oversized names are refused, control characters stripped, bad ids never stored."""
    created = store.create_workshop(
        "Hostile", questionnaire, "balanced", anonymous=False, blind=False
    )
    with pytest.raises(AnswersError, match="at most 80 characters"):
        store.join(created.code, "A" * 500, "cio")
    me, token = store.join(created.code, '=HYPERLINK("http://x")\x00\x07', "cio")
    assert me.name == '=HYPERLINK("http://x")'  # kept as text; exports make it inert
    with pytest.raises(AnswersError, match="answers.sec_route: must list option ids"):
        store.save(created.code, token, questionnaire, {"sec_route": ["telepathy"]}, progress=1)
    with pytest.raises(AnswersError, match="answers.admin: must be a question id"):
        store.save(created.code, token, questionnaire, {"admin": "true"}, progress=1)
    with pytest.raises(AnswersError, match="gut_call"):
        store.save(created.code, token, questionnaire, {}, progress=1, gut_call="maybe")
    assert store.me(created.code, token).answers == {}


def test_closing_stops_saves_and_reveal_shows_the_group(store, questionnaire) -> None:
    """Closing refuses further saves; revealing makes the group visible to participants."""
    created = store.create_workshop("Flags", questionnaire, "balanced", anonymous=True, blind=True)
    _, token = store.join(created.code, "", "cio")
    assert not store.workshop(created.code).group_visible
    store.set_flags(created.code, created.key, revealed=True)
    assert store.workshop(created.code).group_visible
    store.set_flags(created.code, created.key, closed=True)
    with pytest.raises(WorkshopError) as info:
        store.save(created.code, token, questionnaire, {"sector": "retail"}, progress=1)
    assert info.value.reason == "closed"


def test_fifty_threads_submit_five_hundred_answer_sets(store, questionnaire) -> None:
    """50 threads x 10 participants each, all at once: nothing lost, nothing raised."""
    created = store.create_workshop(
        "Load", questionnaire, "balanced", anonymous=True, blind=False, max_participants=500
    )
    errors: list[BaseException] = []
    barrier = threading.Barrier(50)

    def worker(n: int) -> None:
        try:
            barrier.wait(timeout=60)
            for i in range(10):
                _, token = store.join(created.code, "", "cio")
                answers = complete_answers(
                    questionnaire,
                    sector="retail",
                    urg_window=["no", "within-3m"][i % 2],
                    bud_amount="50k-250k",
                )
                store.save(
                    created.code,
                    token,
                    questionnaire,
                    answers,
                    progress=6,
                    submitted=True,
                    gut_call="act_now" if n % 2 else "wait",
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    _, people = store.participants(created.code, created.key)
    assert len(people) == 500
    assert all(p.submitted and p.answers["bud_amount"] == "50k-250k" for p in people)
    assert sum(p.gut_call == "act_now" for p in people) == 250


def test_sqlite_engine_uses_wal_and_a_busy_timeout(tmp_path) -> None:
    """The embedded default is set up for concurrent writers."""
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()


def test_version_moves_when_any_answer_changes(store, questionnaire) -> None:
    """The room's version changes on a join and on every save (participants' views key on it)."""
    created = store.create_workshop(
        "Version", questionnaire, "balanced", anonymous=True, blind=False
    )
    empty = store.room_version(created.code)
    _, token = store.join(created.code, "", "cio")
    joined = store.room_version(created.code)
    store.save(created.code, token, questionnaire, {"sector": "retail"}, progress=1)
    assert len({empty, joined, store.room_version(created.code)}) == 3


def test_a_save_changes_only_its_own_participant_and_keeps_an_earlier_gut_call(
    store, questionnaire
) -> None:
    """Saves bind the participant and the workshop per call: two people in two workshops with
    the same answers stay apart, and a save without a gut call keeps the one given before."""
    first = store.create_workshop("One", questionnaire, "balanced", anonymous=False, blind=False)
    second = store.create_workshop("Two", questionnaire, "balanced", anonymous=False, blind=False)
    _, ada = store.join(first.code, "Ada", "")
    _, bob = store.join(first.code, "Bob", "")
    _, cy = store.join(second.code, "Cy", "")
    store.save(first.code, ada, questionnaire, {"sector": "retail"}, progress=1, gut_call="wait")
    store.save(first.code, bob, questionnaire, {"sector": "finance"}, progress=2)
    later = store.save(first.code, ada, questionnaire, {"sector": "government"}, progress=1)
    before = store.room_version(second.code)
    store.save(second.code, cy, questionnaire, {"sector": "healthcare"}, progress=3)
    assert later.answers == {"sector": "government"} and later.revision == 2
    assert later.gut_call == "wait"  # the save says which call the store keeps
    assert store.me(first.code, ada).gut_call == "wait"
    assert store.me(first.code, ada).answers == {"sector": "government"}
    assert store.me(first.code, bob).answers == {"sector": "finance"}
    assert store.me(first.code, bob).gut_call is None
    assert store.me(second.code, cy).answers == {"sector": "healthcare"}
    assert store.room_version(second.code).revision == before.revision + 1
    with pytest.raises(WorkshopError, match="participant link"):
        store.save(second.code, ada, questionnaire, {"sector": "retail"}, progress=1)


def test_a_writer_whose_clock_lags_still_moves_the_version(backend, questionnaire, monkeypatch):
    """Two replicas: the second's clock is 60 s behind. Its save still changes the version the
    dashboard keys on, because the revision is counted in the database."""
    from datetime import timedelta

    from wizard.storage import workshops as store_module

    first, second = backend[1](), backend[1]()
    created = first.create_workshop("Skew", questionnaire, "balanced", anonymous=True, blind=False)
    _, token = first.join(created.code, "", "cio")
    first.save(created.code, token, questionnaire, {"sector": "retail"}, progress=1)
    before = first.room_version(created.code)
    real_now = store_module.now
    monkeypatch.setattr(store_module, "now", lambda: real_now() - timedelta(seconds=60))
    second.save(created.code, token, questionnaire, {"sector": "finance"}, progress=1)
    after = first.room_version(created.code)
    assert after != before and after.revision == before.revision + 1


STARTER = """
import os, sys, time
from sqlalchemy import create_engine
from wizard.storage import Store
url, schema, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
while time.time() < start:
    time.sleep(0.001)
Store(url=url, engine=engine)
print("ok")
"""


@pytest.mark.postgres
def test_replicas_starting_at_once_on_an_empty_postgres_all_succeed() -> None:
    """Four processes create the schema at the same moment, ten rounds: none fails (the
    creation runs under an advisory lock)."""
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[2]
    for _round in range(10):
        schema = f"wiz_start_{uuid.uuid4().hex[:8]}"
        admin, engine = _postgres_engine(schema)
        engine.dispose()
        start = time.time() + 2.0
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", STARTER, POSTGRES_URL, schema, str(start)],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        results = [p.communicate(timeout=60) for p in procs]
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
        for proc, (out, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0 and out.strip() == "ok", err[-500:]


def test_a_stale_tab_never_wipes_what_a_newer_tab_saved(store, questionnaire) -> None:
    """Laptop and phone on one participant link: the phone (stale) saves after the laptop added
    answers. Nothing the laptop added is lost, the phone's own change lands, progress never goes
    back, and the phone is told (stale) and given the newest answers."""
    created = store.create_workshop("Tabs", questionnaire, "balanced", anonymous=True, blind=False)
    _, token = store.join(created.code, "", "cio")
    first = store.save(created.code, token, questionnaire, {"sector": "retail"}, progress=1)
    laptop_base = phone_base = first.answers
    revision = first.revision
    full = complete_answers(questionnaire, sector="retail")
    laptop = store.save(
        created.code,
        token,
        questionnaire,
        full,
        progress=6,
        submitted=True,
        base=laptop_base,
        base_revision=revision,
    )
    assert not laptop.stale and laptop.submitted and len(laptop.answers) == len(full)
    # the phone still has only its first answer and changes the sector
    phone = store.save(
        created.code,
        token,
        questionnaire,
        {"sector": "finance"},
        progress=1,
        base=phone_base,
        base_revision=revision,
    )
    assert phone.stale
    assert phone.answers == {**full, "sector": "finance"}
    me = store.me(created.code, token)
    assert me.answers == phone.answers and me.progress == 6 and me.submitted


def test_a_cleared_answer_is_cleared_and_finished_recomputed(store, questionnaire) -> None:
    """Clearing a required answer (a change against the base) removes it and the participant no
    longer counts as finished until it is answered again."""
    created = store.create_workshop("Clear", questionnaire, "balanced", anonymous=True, blind=False)
    _, token = store.join(created.code, "", "cio")
    full = complete_answers(questionnaire)
    done = store.save(created.code, token, questionnaire, full, progress=6, submitted=True)
    assert done.submitted
    without = {k: v for k, v in full.items() if k != "sector"}
    again = store.save(
        created.code,
        token,
        questionnaire,
        without,
        progress=6,
        base=done.answers,
        base_revision=done.revision,
    )
    assert "sector" not in again.answers and not again.submitted
    assert store.summary_counts(created.code)[2] == 0


def test_interleaved_saves_from_two_tabs_lose_nothing(store, questionnaire) -> None:
    """Two tabs answer different questions, each saving on every click from its own stale
    copy: in the end the store holds every answer either tab gave."""
    created = store.create_workshop("Mix", questionnaire, "balanced", anonymous=True, blind=False)
    _, token = store.join(created.code, "", "cio")
    full = complete_answers(questionnaire)
    ids = sorted(full)
    tabs = [{"answers": {}, "base": {}, "rev": 0} for _ in range(2)]
    for i, qid in enumerate(ids):
        tab = tabs[i % 2]
        current = {**tab["answers"], qid: full[qid]}
        saved = store.save(
            created.code,
            token,
            questionnaire,
            current,
            progress=1,
            base=tab["base"],
            base_revision=tab["rev"],
        )
        # a stale tab takes the newest answers, as the app does
        tab.update(answers=saved.answers, base=saved.answers, rev=saved.revision)
    assert store.me(created.code, token).answers == full


def test_the_participant_cap_holds(store, questionnaire) -> None:
    """A workshop takes at most its cap (default 200); the next join is refused as full."""
    created = store.create_workshop(
        "Small", questionnaire, "balanced", anonymous=True, blind=False, max_participants=2
    )
    assert store.workshop(created.code).max_participants == 2
    store.join(created.code, "", "cio")
    store.join(created.code, "", "cio")
    with pytest.raises(WorkshopError) as info:
        store.join(created.code, "", "cio")
    assert info.value.reason == "full"
    default = store.create_workshop("Big", questionnaire, "balanced", anonymous=True, blind=False)
    assert store.workshop(default.code).max_participants == 200
    with pytest.raises(WorkshopError):
        store.create_workshop(
            "Zero", questionnaire, "balanced", anonymous=True, blind=False, max_participants=0
        )


def test_a_removed_participant_leaves_every_figure(store, questionnaire) -> None:
    """The facilitator removes one participant: gone from the list and the counts, their link
    stops working, the room's version moves; a wrong key removes nobody."""
    created = store.create_workshop("Rm", questionnaire, "balanced", anonymous=False, blind=False)
    keep, keep_token = store.join(created.code, "Kept", "cio")
    gone, gone_token = store.join(created.code, "Gone", "ciso")
    store.save(
        created.code,
        gone_token,
        questionnaire,
        complete_answers(questionnaire),
        progress=6,
        submitted=True,
    )
    with pytest.raises(WorkshopError):
        store.remove_participant(created.code, "wrong", gone.id)
    before = store.room_version(created.code)
    store.remove_participant(created.code, created.key, gone.id)
    _, people = store.participants(created.code, created.key)
    assert [p.name for p in people] == ["Kept"]
    assert store.summary_counts(created.code)[1:] == (1, 0)
    assert store.room_version(created.code) != before
    with pytest.raises(WorkshopError) as info:
        store.me(created.code, gone_token)
    assert info.value.reason == "unknown_participant"
    assert store.me(created.code, keep_token).name == keep.name


def test_a_private_resume_link_saves_merges_and_deletes(store, questionnaire) -> None:
    """Self-service: a resume record saved as one goes, merged like a participant's, and gone
    for good when deleted."""
    token, first = store.resume_create(questionnaire, {"sector": "retail"}, progress=1)
    assert store.resume_load(token).answers == {"sector": "retail"}
    other = store.resume_save(
        token,
        questionnaire,
        {"sector": "retail", "size": "lt250"},
        progress=2,
        base=first.answers,
        base_revision=first.revision,
    )
    stale = store.resume_save(
        token,
        questionnaire,
        {"sector": "retail", "role": "cio"},
        progress=1,
        base=first.answers,
        base_revision=first.revision,
    )
    assert not other.stale and stale.stale
    loaded = store.resume_load(token)
    assert loaded.answers == {"sector": "retail", "size": "lt250", "role": "cio"}
    assert loaded.progress == 2
    assert store.resume_delete(token)
    with pytest.raises(WorkshopError) as info:
        store.resume_load(token)
    assert info.value.reason == "unknown_resume"
    assert not store.resume_delete(token)


def test_saves_and_removals_at_once_never_deadlock(backend, questionnaire) -> None:
    """A participant saving while the facilitator removes them: both take the workshop's lock
    first, so PostgreSQL never reports a deadlock; the save either lands or is refused."""
    store = backend[1]()
    created = store.create_workshop("Race", questionnaire, "balanced", anonymous=True, blind=False)
    errors: list[BaseException] = []
    for _ in range(15):
        me, token = store.join(created.code, "", "cio")
        barrier = threading.Barrier(2)

        def save(token=token, barrier=barrier) -> None:
            barrier.wait(timeout=30)
            for _ in range(5):
                try:
                    store.save(created.code, token, questionnaire, {"sector": "retail"}, progress=1)
                except WorkshopError:
                    return  # removed first: refused, as it should be
                except BaseException as exc:
                    errors.append(exc)
                    return

        def remove(pid=me.id, barrier=barrier) -> None:
            barrier.wait(timeout=30)
            try:
                store.remove_participant(created.code, created.key, pid)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=save), threading.Thread(target=remove)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []


def test_progress_is_capped(store, questionnaire) -> None:
    """A huge progress (never from the app) is cut, not an overflow."""
    token, saved = store.resume_create(questionnaire, {}, progress=10**30)
    assert saved.progress <= 1_000
    assert store.resume_save(token, questionnaire, {}, progress=10**30).progress <= 1_000


def test_start_over_resets_progress_gut_call_and_finished(store, questionnaire) -> None:
    """A stale tab never moves progress back, but "Start over" does: the room's figures must
    not show someone at the last step, finished, with no answers."""
    created = store.create_workshop(
        "Reset", questionnaire, "balanced", anonymous=False, blind=False
    )
    _, token = store.join(created.code, "Ada", "cio")
    done = store.save(
        created.code,
        token,
        questionnaire,
        complete_answers(questionnaire),
        progress=7,
        submitted=True,
        gut_call="act_now",
    )
    behind = store.save(
        created.code,
        token,
        questionnaire,
        done.answers,
        progress=2,
        base=done.answers,
        base_revision=done.revision,
    )
    assert behind.progress == 7 and behind.submitted  # a tab behind changes nothing
    again = store.save(
        created.code,
        token,
        questionnaire,
        {},
        progress=0,
        base=behind.answers,
        base_revision=behind.revision,
        restart=True,
    )
    me = store.me(created.code, token)
    assert again.answers == {} and again.progress == 0 and not again.submitted
    assert me.answers == {} and me.progress == 0 and me.gut_call is None and not me.submitted
    assert store.summary_counts(created.code)[1:] == (1, 0)
    link, first = store.resume_create(questionnaire, {"sector": "retail"}, progress=5)
    reset = store.resume_save(
        link,
        questionnaire,
        {},
        progress=0,
        base=first.answers,
        base_revision=first.revision,
        restart=True,
    )
    assert reset.progress == 0 and store.resume_load(link).progress == 0
    assert store.resume_load(link).answers == {}


def test_the_profile_role_is_the_participants_role(store, questionnaire) -> None:
    """One role per person: a change of the role answer changes the participant's role."""
    created = store.create_workshop(
        "Roles", questionnaire, "balanced", anonymous=False, blind=False
    )
    _, token = store.join(created.code, "Ana", "ciso")
    store.save(created.code, token, questionnaire, {"role": "cio"}, progress=1)
    _, [person] = store.participants(created.code, created.key)
    assert person.role == "cio" and person.answers["role"] == "cio"


@pytest.mark.postgres
def test_an_unreachable_postgres_is_an_unavailable_workshop_then_recovers(questionnaire) -> None:
    """PostgreSQL cut off: saves and joins raise WorkshopError("unavailable") (no driver error);
    once it answers again the same store saves, and nothing acknowledged was lost."""
    from tests.outage import postgres_database, postgres_outage

    with postgres_database(POSTGRES_URL) as url:
        store = Store(url)
        created = store.create_workshop(
            "Cut", questionnaire, "balanced", anonymous=True, blind=False
        )
        _, token = store.join(created.code, "", "cio")
        store.save(created.code, token, questionnaire, {"sector": "finance"}, progress=1)
        with postgres_outage(POSTGRES_URL, url):
            for call in (
                lambda: store.save(
                    created.code, token, questionnaire, {"size": "lt250"}, progress=1
                ),
                lambda: store.join(created.code, "", "cfo"),
                lambda: store.me(created.code, token),
            ):
                with pytest.raises(WorkshopError) as refused:
                    call()
                assert refused.value.reason == "unavailable"
        saved = store.save(created.code, token, questionnaire, {"size": "lt250"}, progress=1)
        assert saved.answers == {"sector": "finance", "size": "lt250"}
        store.dispose()


def test_an_unreachable_sqlite_file_is_an_unavailable_workshop_then_recovers(
    tmp_path, questionnaire
) -> None:
    """The SQLite file cannot be opened: the same "unavailable" refusal, then recovery."""
    from tests.outage import sqlite_outage

    path = tmp_path / "w.db"
    store = Store(f"sqlite:///{path}")
    created = store.create_workshop("Cut", questionnaire, "balanced", anonymous=True, blind=False)
    _, token = store.join(created.code, "", "cio")
    store.engine.dispose()
    with sqlite_outage(path):
        with pytest.raises(WorkshopError) as refused:
            store.save(created.code, token, questionnaire, {"size": "lt250"}, progress=1)
        assert refused.value.reason == "unavailable"
        with pytest.raises(WorkshopError) as opening:
            Store(f"sqlite:///{path}")
        assert opening.value.reason == "unavailable"
    store.engine.dispose()
    assert store.save(created.code, token, questionnaire, {"size": "lt250"}, progress=1).answers
    store.dispose()


def _open_and_write(url: str, barrier, results) -> None:
    from wizard.config import load_catalog

    barrier.wait()  # all at the same moment
    try:
        store = Store(url)
        store.create_workshop(
            "Race", load_catalog().questionnaire(), "balanced", anonymous=True, blind=False
        )
        store.dispose()
        results.put("ok")
    except Exception as exc:  # reported, not raised: the parent says which round failed
        results.put(f"{type(exc).__name__}: {exc}"[:400])


def test_a_fresh_sqlite_file_opened_by_four_processes_at_once_never_fails(tmp_path) -> None:
    """4 processes x 20 rounds, each round on a new file, all opening at one moment: every one
    switches it to WAL, creates the tables (or finds them) and writes; none is "locked"."""
    import multiprocessing

    forked = multiprocessing.get_context("fork")  # the modules are imported once, here
    for round_ in range(20):
        url = f"sqlite:///{tmp_path / f'race-{round_}.db'}"
        barrier, results = forked.Barrier(4), forked.Queue()
        procs = [
            forked.Process(target=_open_and_write, args=(url, barrier, results)) for _ in range(4)
        ]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(timeout=120)
        said = [results.get(timeout=5) for _ in procs]
        assert said == ["ok"] * 4, f"round {round_}: {said}"
        assert Store(url).schema_version() == SCHEMA_VERSION


def test_a_deleted_resume_copy_leaves_no_trace_in_the_sqlite_files(tmp_path, questionnaire):
    """After delete, neither the database file nor its write-ahead log holds the copy."""
    path = tmp_path / "resume.db"
    store = Store(f"sqlite:///{path}")
    marker = "Zyxwv-unique-sector"
    token, _ = store.resume_create(questionnaire, {"sector": "retail"}, 1)
    # a recognisable value in the stored row (written as the app writes answers)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE wizard_resumes SET answers = ?", (f'{{"n": "{marker}"}}',))
    assert store.resume_delete(token)
    for suffix in ("", "-wal"):
        file = Path(f"{path}{suffix}")
        if file.exists():
            assert marker.encode() not in file.read_bytes(), file.name
    store.dispose()


def test_a_delete_beside_a_long_reader_does_not_wait_and_clears_the_log_once_it_is_done(
    tmp_path, questionnaire
):
    """A reader in the middle of a read keeps the write-ahead log in use: the delete returns
    without waiting on it, the checkpoint stays owed, and the next transaction after the reader
    ends empties the log, so the deleted copy is gone from both files."""
    import sqlite3

    path = tmp_path / "resume.db"
    store = Store(f"sqlite:///{path}")
    marker = "Qwerty-unique-marker"
    token, _ = store.resume_create(questionnaire, {"sector": "retail"}, 1)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE wizard_resumes SET answers = ?", (f'{{"n": "{marker}"}}',))
    reader = sqlite3.connect(path, timeout=0)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM wizard_resumes").fetchone()  # holds a read snapshot
    try:
        assert store.resume_delete(token)
        assert store.checkpoint_owed  # the reader kept the log: owed, not waited for
    finally:
        reader.rollback()
        reader.close()
    store.resume_create(questionnaire, {"sector": "healthcare"}, 1)  # any later transaction
    assert not store.checkpoint_owed
    for suffix in ("", "-wal"):
        file = Path(f"{path}{suffix}")
        if file.exists():
            assert marker.encode() not in file.read_bytes(), file.name
    store.dispose()

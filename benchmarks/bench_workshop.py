"""Workshop speed, as ratios against baselines measured in this same run.

1. Dashboard: the facilitator dashboard's first render (AppTest, a fresh session each time) with
   1,000 participants, against the same with 10. Target (issues 5 and 14): at most 3x; and an
   auto-refresh with nothing new costs the same whatever the room's size.
2. Store: write throughput of 50 threads saving 500 answer sets at once, on SQLite and on
   PostgreSQL (WIZARD_TEST_POSTGRES_URL), each against one thread saving the same 500 in a row.

Dashboard figures are taken in turns (10, 1,000, 1,000, 10, ...) and printed as the median
ratio with its interquartile range; the target counts as met when the upper quartile meets it.

Run: python benchmarks/bench_workshop.py [--rounds 12] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_scoring import random_frame  # noqa: E402
from benchmarks.common import Ratio, interleaved, machine, quiet_streamlit, ratio_of  # noqa: E402
from wizard.config import load_catalog  # noqa: E402
from wizard.storage import Store  # noqa: E402

POSTGRES_URL = os.environ.get(
    "WIZARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def answer_sets(q, n: int, seed: int) -> list[dict]:
    """n random, complete answer sets (lists for multi questions)."""
    records = random_frame(q, n, seed=seed).to_dict("records")
    return [
        {k: (list(v) if isinstance(v, np.ndarray | list) else v) for k, v in r.items()}
        for r in records
    ]


def seed_workshop(store: Store, q, n: int) -> tuple[str, str]:
    created = store.create_workshop(
        f"Bench {n}", q, "balanced", anonymous=False, blind=False, max_participants=n + 5
    )
    rng = np.random.default_rng(n)
    roles = ["cio", "ciso", "dpo_legal", "cfo", "business_lead", "data_ml_lead"]
    for i, answers in enumerate(answer_sets(q, n, seed=n)):
        _, token = store.join(created.code, f"Person {i}", roles[i % len(roles)])
        store.save(
            created.code,
            token,
            q,
            answers,
            progress=6,
            submitted=True,
            gut_call=str(rng.choice(["act_now", "wait"])),
        )
    return created.code, created.key


def _dashboard(code: str, key: str):
    from streamlit.testing.v1 import AppTest

    from tests.apptest import _routed_app

    at = AppTest.from_function(_routed_app, default_timeout=300)
    at.session_state["__page"] = "workshop"
    at.session_state["facilitator"] = {"code": code, "key": key, "fresh": False}
    return at


def _render(at) -> None:
    at.run()
    assert not at.exception, at.exception
    assert any(m.label == "Participants" for m in at.metric)


def dashboard_ratios(
    url: str, q, rooms: dict[int, tuple[str, str]], rounds: int
) -> dict[str, Ratio]:
    """1,000 against 10 participants, in turns, three ways.

    Ways:

    - ``first``: a fresh facilitator session's first render (the projector opening the
      dashboard) while the room's analysis is current in the process's shared cache;
    - ``cold``: the same after one participant changed an answer, so the revision moved and the
      answers are read and analysed again;
    - ``refresh``: an auto-refresh of an open dashboard when nothing moved.
    """
    os.environ["WIZARD_DATABASE_URL"] = url
    store = Store(url)
    small, big = rooms[10], rooms[1000]
    movers = {}
    for n, (code, _) in rooms.items():
        _, token = store.join(code, "Mover", "cio")
        movers[n] = (code, token)
    answers = answer_sets(q, 2, seed=99)

    def moved(n: int, i: int) -> None:
        code, token = movers[n]
        store.save(code, token, q, answers[i % 2], progress=6, submitted=True)

    _render(_dashboard(*small))  # imports and the analyses' first build left out
    _render(_dashboard(*big))
    first = interleaved(
        lambda: _render(_dashboard(*small)), lambda: _render(_dashboard(*big)), rounds
    )
    pairs, counter = [], iter(range(10**6))
    for i in range(rounds + 2):
        times = {}
        for n, room in sorted(rooms.items(), reverse=bool(i % 2)):
            at = _dashboard(*room)
            moved(n, next(counter))  # the room changed since the cache was filled
            begin = time.perf_counter()
            _render(at)
            times[n] = time.perf_counter() - begin
        if i >= 2:
            pairs.append((times[10], times[1000]))
    cold = ratio_of(pairs)
    open_small, open_big = _dashboard(*small), _dashboard(*big)
    _render(open_small)
    _render(open_big)
    refresh = interleaved(lambda: _render(open_small), lambda: _render(open_big), rounds)
    store.dispose()
    return {"first": first, "cold": cold, "refresh": refresh}


def write_throughput(store: Store, q, threads: int, per_thread: int) -> float:
    """Answer sets saved per second by ``threads`` writers at once (join + save each)."""
    created = store.create_workshop(
        "Load", q, "balanced", anonymous=True, blind=False, max_participants=2000
    )
    sets = answer_sets(q, threads * per_thread, seed=7)
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                _, token = store.join(created.code, "", "cio")
                store.save(
                    created.code, token, q, sets[n * per_thread + i], progress=6, submitted=True
                )
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start
    assert not errors, errors[:3]
    _, people = store.all_participants(created.code)
    assert len(people) == threads * per_thread
    return threads * per_thread / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args(argv)
    quiet_streamlit()
    catalog = load_catalog()
    q = catalog.questionnaire()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = Store(url)
        small = seed_workshop(store, q, 10)
        big = seed_workshop(store, q, 1000)
        store.dispose()
        print(machine())
        ratios = dashboard_ratios(url, q, {10: small, 1000: big}, args.rounds)
        first = ratios["first"]
        print(f"dashboard, 1,000 vs 10 participants ({first.rounds} rounds in turns, AppTest):")
        print(
            f"  first render of a new session   10: {first.base * 1e3:7.1f} ms   "
            f"1,000: {first.subject * 1e3:7.1f} ms   {first.verdict_at_most(3)}"
        )
        cold = ratios["cold"]
        print(
            f"  after a new answer (reanalysed) 10: {cold.base * 1e3:7.1f} ms   "
            f"1,000: {cold.subject * 1e3:7.1f} ms   {cold.text()}"
        )
        refresh = ratios["refresh"]
        print(
            f"  auto-refresh, nothing new       10: {refresh.base * 1e3:7.1f} ms   "
            f"1,000: {refresh.subject * 1e3:7.1f} ms   {refresh.verdict_at_most(1.5)}"
        )
        print(machine())

        store = Store(f"sqlite:///{Path(tmp) / 'writes.db'}")
        one = write_throughput(store, q, 1, 500)
        many = write_throughput(store, q, 50, 10)
        store.dispose()
    print("store writes (join + save of one answer set each):")
    print(f"  SQLite, 1 thread      {one:8.0f} answer sets/s")
    print(f"  SQLite, 50 threads    {many:8.0f} answer sets/s   ratio {many / one:5.2f}x")
    if not args.skip_postgres:
        from sqlalchemy import create_engine, text

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            engine = create_engine(
                POSTGRES_URL,
                pool_size=50,
                max_overflow=10,
                connect_args={"options": f"-csearch_path={schema}"},
            )
            pg = Store(url=POSTGRES_URL, engine=engine)
            pg_one = write_throughput(pg, q, 1, 500)
            pg_many = write_throughput(pg, q, 50, 10)
            pg.dispose()
            print(f"  PostgreSQL, 1 thread  {pg_one:8.0f} answer sets/s")
            print(
                f"  PostgreSQL, 50 threads{pg_many:8.0f} answer sets/s   ratio "
                f"{pg_many / pg_one:5.2f}x"
            )
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    ok = first.at_most(3) and refresh.at_most(1.5)
    print("targets:", "met" if ok else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())

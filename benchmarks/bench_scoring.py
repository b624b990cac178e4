"""Batch scoring speed, as ratios against baselines measured in this same run.

Scores N random answer sets (default 100,000) of the shipped questionnaire with the batch path and
prints its time as a ratio to:
  (a) a bare numpy weighted sum over the same answers' score matrix (the floor any scoring costs);
  (b) the one-at-a-time path (``assess``), timed on a sample and scaled to N.
Targets: batch core within 5x of (a); batch at least 50x faster than (b).

Run: python benchmarks/bench_scoring.py [--n 100000] [--sample 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import interleaved, machine
from wizard.answers import UNKNOWN
from wizard.batch import (
    batch_assess,
    encode_answers,
    profile_arrays,
    score_codes,
    tables_for,
)
from wizard.config import load_catalog
from wizard.scoring import assess


def random_frame(q, n: int, seed: int = 7) -> pd.DataFrame:
    """n random answer sets: every question answered, 10% "don't know" where offered."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {}
    for question in q.questions:
        ids = np.asarray(question.option_ids, dtype=object)
        if question.type == "single":
            col = ids[rng.integers(0, len(ids), n)]
        else:
            masks = rng.integers(1, 1 << len(ids), n)
            alone = {o.id for o in question.options if o.exclusive}
            col = np.empty(n, dtype=object)
            picks = [[ids[k] for k in range(len(ids)) if m >> k & 1] for m in masks]
            # an exclusive option ("None", "not decided") stands alone, as the app requires
            col[:] = [[c for c in p if c not in alone] or p[:1] for p in picks]
        if question.unknown:
            col = np.where(rng.random(n) < 0.1, UNKNOWN, col)
        cols[question.id] = col
    return pd.DataFrame(cols)


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    print(machine())
    catalog = load_catalog()
    q = catalog.questionnaire()
    profile = catalog.weights["balanced"]
    frame = random_frame(q, args.n)
    tables = tables_for(q)
    weights, floors = profile_arrays(q, profile)
    codes = encode_answers(q, frame)
    threshold = float(profile.threshold)

    # (a) bare numpy over the same code matrix: look up each answer's score and take the
    # weighted sum; no visibility, unknowns, floors or blockers. A second, stricter floor is the
    # weighted sum alone over scores already looked up.
    s = tables.n_scored
    sw_flat = np.concatenate(tables.sw)
    offsets = np.cumsum([0] + [len(t) for t in tables.sw[:-1]]).astype(np.int32)
    qw = weights[list(tables.dim_of)]
    looked_up = sw_flat[codes[:, :s] + offsets]
    matvec = best_of(lambda: looked_up @ qw, args.repeat)
    core_ratio = interleaved(
        lambda: sw_flat[codes[:, :s] + offsets] @ qw,
        lambda: score_codes(tables, weights, threshold, floors, codes),
        max(args.repeat, 12),
    )
    bare, core = core_ratio.base, core_ratio.subject
    encode = best_of(lambda: encode_answers(q, frame), max(1, args.repeat // 2))
    full = best_of(lambda: batch_assess(q, profile, frame), max(1, args.repeat // 2))

    # (b) one at a time, on a sample, scaled to n
    records = frame.head(args.sample).to_dict("records")
    start = time.perf_counter()
    for answers in records:
        assess(q, profile, answers)
    one = (time.perf_counter() - start) / len(records) * args.n

    # the same decisions both ways, on the sample
    sample_batch = batch_assess(q, profile, frame.head(args.sample))["decision"].tolist()
    same = sample_batch == [assess(q, profile, a).decision for a in records]

    print(
        f"answer sets: {args.n:,}  questions: {len(q.questions)}  "
        f"(one-at-a-time sample {len(records):,}, decisions agree: {same})"
    )
    print(
        f"bare numpy: lookup + sum     {bare * 1e3:9.2f} ms   "
        f"(the weighted sum alone: {matvec * 1e3:.2f} ms)"
    )
    print(
        f"batch core (score_codes)     {core * 1e3:9.2f} ms   ratio to bare, "
        f"{core_ratio.rounds} rounds in turns: {core_ratio.text()}"
    )
    print(f"encode DataFrame -> codes    {encode * 1e3:9.2f} ms")
    print(f"batch_assess (DataFrame in)  {full * 1e3:9.2f} ms   ratio to bare: {full / bare:6.1f}x")
    print(
        f"one at a time (scaled)       {one * 1e3:9.2f} ms   batch speed-up: "
        f"{one / full:6.0f}x (core: {one / core:,.0f}x)"
    )
    print(f"core / weighted sum alone: {core / matvec:.1f}x")
    print(
        f"targets: core <= 5x bare (upper quartile) -> "
        f"{'met' if core_ratio.at_most(5) else 'MISSED'}; "
        f"batch >= 50x one-at-a-time -> {'met' if one / full >= 50 else 'MISSED'}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

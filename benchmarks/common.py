"""What every benchmark here shares: interleaved rounds and ratios with their spread.

This machine is noisy (2 cores, other jobs, a browser test now and then). A figure measured
once, or a baseline measured minutes before its subject, flips between "met" and "missed". So
each benchmark times baseline and subject in turns (ABAB...), takes a ratio per round, and
prints the median ratio with its interquartile range and the machine's load average; a target
counts as met when the upper quartile of the ratio meets it (the lower one for "at least").
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Ratio:
    """subject/baseline over interleaved rounds: median, quartiles, and the raw medians."""

    median: float
    q1: float
    q3: float
    rounds: int
    base: float  # median baseline time (or value) over the rounds
    subject: float  # median subject time (or value)

    def text(self, unit: str = "x") -> str:
        return f"median {self.median:.2f}{unit}, IQR {self.q1:.2f}-{self.q3:.2f}{unit}"

    def at_most(self, target: float) -> bool:
        """The target "at most" is met when the upper quartile meets it."""
        return self.q3 <= target

    def at_least(self, target: float) -> bool:
        """The target "at least" is met when the lower quartile meets it."""
        return self.q1 >= target

    def verdict_at_most(self, target: float) -> str:
        return f"{self.text()} (target <= {target:g}x at the upper quartile): " + (
            "met" if self.at_most(target) else "MISSED"
        )

    def verdict_at_least(self, target: float) -> str:
        return f"{self.text()} (target >= {target:g}x at the lower quartile): " + (
            "met" if self.at_least(target) else "MISSED"
        )


def ratio_of(pairs: list[tuple[float, float]]) -> Ratio:
    """The Ratio of (baseline, subject) pairs, one per round."""
    if not pairs:
        raise ValueError("no rounds measured")
    ratios = [s / b for b, s in pairs]
    if len(ratios) == 1:
        q1 = median = q3 = ratios[0]
    else:
        q1, median, q3 = statistics.quantiles(ratios, n=4, method="inclusive")
    return Ratio(
        median,
        q1,
        q3,
        len(ratios),
        statistics.median(b for b, _ in pairs),
        statistics.median(s for _, s in pairs),
    )


def interleaved(
    base: Callable[[], object],
    subject: Callable[[], object],
    rounds: int,
    warmup: int = 2,
) -> Ratio:
    """Time ``base`` and ``subject`` in turns, ``rounds`` times after ``warmup`` turns.

    The order inside a round alternates (AB, BA, AB, ...) so neither side always runs on a cache
    the other just warmed or cooled.
    """
    pairs = []
    for i in range(warmup + rounds):
        times = {}
        order = (("b", base), ("s", subject)) if i % 2 == 0 else (("s", subject), ("b", base))
        for name, fn in order:
            start = time.perf_counter()
            fn()
            times[name] = time.perf_counter() - start
        if i >= warmup:
            pairs.append((times["b"], times["s"]))
    return ratio_of(pairs)


def machine() -> str:
    """One line naming the machine's size and its load while measuring."""
    one, five, fifteen = os.getloadavg()
    return f"machine: {os.cpu_count()} cores, load average {one:.2f} {five:.2f} {fifteen:.2f}"


def quiet_streamlit() -> None:
    """Silence Streamlit's "missing ScriptRunContext" warnings from work done outside a page.

    A filter, not only a level: each AppTest run sets Streamlit's log levels again from its
    configuration, which brought the warnings back for the rest of a run.
    """
    import logging

    def bare_mode(record: logging.LogRecord) -> bool:
        return "missing ScriptRunContext" not in record.getMessage()

    for name in ("streamlit", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.ERROR)
        logger.addFilter(bare_mode)

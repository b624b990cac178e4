"""Decision-depth speed, as ratios against baselines measured in this same run.

1. Core: a 10,000-draw weight sensitivity plus the flip search for the shipped questionnaire,
   against one plain assessment (``assess``) of the same answers.
2. Page: the AppTest rerun of the whole results page (each tab; a calculator input changed)
   against the rerun of a question step (an answer changed), in turns.
3. A language switch on the results page against a question-step rerun, measured in turns
   (the advice is language-free, so no Monte Carlo draw or flip search runs again).
4. Building the one-page PDF (English and Traditional Chinese, fonts embedded) against a
   results-page rerun, in turns.
Targets: the results page stays under 1.5x the question step's rerun; a
language switch stays under 1.2x at the upper quartile; the PDF takes at most 3x a
results-page rerun at the upper quartile.

Every figure is taken in turns with its baseline and printed as the median ratio with its
interquartile range; a target counts as met when the upper quartile meets it.

Run: python benchmarks/bench_guidance.py [--repeat 30] [--reruns 20]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import Ratio, interleaved, machine, quiet_streamlit  # noqa: E402
from tests.apptest import RESULT_TABS  # noqa: E402
from wizard.config import load_catalog  # noqa: E402
from wizard.flips import flip_plan  # noqa: E402
from wizard.scoring import assess  # noqa: E402
from wizard.sensitivity import sensitivity  # noqa: E402

APP = str(ROOT / "streamlit_app.py")
BANK = yaml.safe_load((ROOT / "tests" / "fixtures" / "answers-taiwan-bank.yaml").read_text("utf-8"))


def answer_change(at, i: int) -> None:
    radio = next(r for r in at.radio if r.key == "q::en::sec_redteam")
    radio.set_value(["in-house", "partner"][i % 2])


def calculator_change(at, i: int) -> None:
    box = next(n for n in at.number_input if n.key == "w::cost::monthly_value")
    box.set_value(10_000 + 1_000 * (i % 2))


TAB_LABELS = RESULT_TABS["en"]


def tab_switch(target: int) -> Callable:
    """Alternate between the Why tab and ``target``, as clicks on the tabs would."""

    def change(at, i: int) -> None:
        index = target if i % 2 == 0 else (0 if target else 1)
        at.session_state["w::results_tab::en"] = TAB_LABELS[index]
        at.session_state["results_tab"] = index

    return change


def language_switch(at, i: int) -> None:
    """Switch the whole app between English and Chinese, as the sidebar switch does."""
    lang = ["zh-TW", "en"][i % 2]
    at.session_state["lang"] = lang
    at.session_state["w::lang"] = lang


def session(step: int, tab: int | None = None):
    """A live AppTest session on ``step`` (and results tab ``tab``) with the bank's answers."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["answers"] = dict(BANK["answers"])
    at.session_state["profile_id"] = "regulated"
    at.session_state["step"] = step
    if tab is not None:
        at.session_state["results_tab"] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def interleaved_ratio(
    base: tuple[int, Callable], subject: tuple[int, Callable], rounds: int, tab: int | None = None
) -> Ratio:
    """subject/base rerun times measured in turns (ABAB...) on two live sessions, so that
    machine noise hits both alike."""
    sessions = [session(base[0]), session(subject[0], tab)]
    turns = iter(range(10**9))

    def rerun(at, change: Callable) -> Callable[[], None]:
        def run() -> None:
            change(at, next(turns))
            at.run()
            assert not at.exception, at.exception

        return run

    return interleaved(
        rerun(sessions[0], base[1]), rerun(sessions[1], subject[1]), rounds, warmup=3
    )


def pdf_ratio(lang: str, rounds: int) -> Ratio:
    """(one-page PDF build) / (results-page rerun), in turns."""
    from datetime import date

    from wizard.exports.pdf import ReportInput, build_report
    from wizard.guidance import advise

    catalog = load_catalog()
    q = catalog.questionnaire()
    profile = catalog.weights["regulated"]
    advice = advise(catalog, q, profile, BANK["answers"])
    info = ReportInput(profile, date.today(), subject="Benchmark")
    at = session(6, tab=3)  # the cost tab: its calculator input drives a rerun
    turns = iter(range(10**9))

    def page() -> None:
        calculator_change(at, next(turns))
        at.run()

    return interleaved(page, lambda: build_report(catalog, q, advice, lang, info), rounds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reruns", type=int, default=20)
    args = parser.parse_args(argv)

    catalog = load_catalog()
    q = catalog.questionnaire()
    profile = catalog.weights["regulated"]
    answers = BANK["answers"]
    result = assess(q, profile, answers)

    quiet_streamlit()
    print(machine())
    rounds = max(args.repeat, 12)
    sens = interleaved(
        lambda: assess(q, profile, answers), lambda: sensitivity(q, result, draws=10_000), rounds
    )
    flips = interleaved(
        lambda: assess(q, profile, answers),
        lambda: flip_plan(q, profile, answers, result),
        rounds,
    )
    print(f"core ({rounds} rounds in turns with one plain assessment, {sens.base * 1e3:.3f} ms):")
    print(f"  sensitivity, 10,000 draws   {sens.subject * 1e3:8.3f} ms   {sens.text()}")
    print(f"  flip search                 {flips.subject * 1e3:8.3f} ms   {flips.text()}")

    reruns = max(args.reruns, 12)
    print(f"results page vs a question-step rerun (answer changed), {reruns} rounds in turns:")
    worst = None
    for index, label in enumerate(TAB_LABELS):
        # every other rerun shows this tab
        tab = interleaved_ratio((1, answer_change), (6, tab_switch(index)), reruns)
        worst = tab if worst is None or tab.q3 > worst.q3 else worst
        print(f"  switching to {label!r:24s} {tab.subject * 1e3:8.1f} ms   {tab.text()}")
    calc = interleaved_ratio((1, answer_change), (6, calculator_change), reruns, tab=3)
    worst = calc if calc.q3 > worst.q3 else worst
    print(f"  a calculator input changed          {calc.subject * 1e3:8.1f} ms   {calc.text()}")
    print(f"worst results-page ratio: {worst.verdict_at_most(1.5)}")
    switch = interleaved_ratio((1, answer_change), (6, language_switch), max(reruns, 20))
    print(
        "language switch on the results page vs a question-step rerun: "
        f"{switch.verdict_at_most(1.2)}"
    )
    for lang in ("en", "zh-TW"):
        pdf = pdf_ratio(lang, max(reruns, 20))
        print(f"one-page PDF ({lang}) vs a results-page rerun: {pdf.verdict_at_most(3)}")
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The use-case portfolio's cost on the results page, as ratios against the same page without.

1. Arrival: a new session reaches the results page (the verdict, the default tab) with 15 use
   cases listed, against the same answers with none; each round a fresh AppTest session of each,
   in turns. The 15 cases are judged on this run (each its own scoring and restriction match).
2. The Use cases tab: a rerun with the tab open (the summary, the matrix, the ranked table of
   15 cases) against a rerun of the same session with the Roadmap tab open without use cases.
3. The engine alone: 15 cases judged, against one organisation-level advice.
Target: each page ratio at most 1.5x at the upper quartile of rounds taken in turns.

Run: python benchmarks/bench_portfolio.py [--rounds 12]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import interleaved, machine, quiet_streamlit  # noqa: E402

APP = str(ROOT / "streamlit_app.py")
RESULTS = 6
ANSWERS = {
    "sector": "finance",
    "jurisdictions": ["tw", "jp"],
    "body_type": ["private"],
    "size": "1000-10000",
    "role": "cio",
    "models": ["open-weights", "frontier-api", "deepseek-hosted"],
    "sec_data_class": "personal",
    "sec_dpia": "done",
    "sec_route": ["vendor-api", "self-hosted"],
    "eth_euai_tier": ["limited"],
    "eth_oversight": "always",
    "bud_amount": "250k-1m",
    "urg_competitors": "several",
}


def fifteen_cases() -> list[dict]:
    """15 varied use cases: every template, routes and models mixed, long names included."""
    from wizard.config import load_catalog

    templates = [x.id for x in load_catalog().use_cases.templates]
    routes = ["vendor-api", "self-hosted", "cloud-open-weights"]
    out = []
    for i in range(15):
        out.append(
            {
                "name": f"Use case {i + 1}: " + "a rather long descriptive name " * (i % 3),
                "template": templates[i % len(templates)],
                "route": routes[i % 3],
                "dpia_done": "yes" if i % 4 else "no",
            }
        )
    return out


def session(cases: list[dict], tab: int | None = None):
    """A fresh AppTest session run once on the results page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["answers"] = dict(ANSWERS)
    at.session_state["use_cases"] = [dict(c) for c in cases]
    at.session_state["step"] = RESULTS
    if tab is not None:
        at.session_state["results_tab"] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args(argv)
    quiet_streamlit()
    print(machine())
    cases = fifteen_cases()

    arrival = interleaved(lambda: session([]), lambda: session(cases), args.rounds, warmup=2)

    with_cases = session(cases, tab=6)
    without = session([], tab=4)
    tab = interleaved(without.run, with_cases.run, args.rounds * 2, warmup=2)

    from wizard.config import load_catalog
    from wizard.guidance import advise
    from wizard.portfolio import judge_portfolio, read_use_cases

    catalog = load_catalog()
    q = catalog.questionnaire()
    profile = catalog.profile("balanced")
    parsed = read_use_cases(cases, q, catalog.use_cases)
    today = date.today()
    engine = interleaved(
        lambda: advise(catalog, q, profile, ANSWERS, today),
        lambda: judge_portfolio(catalog, q, profile, ANSWERS, parsed, "act_now", today),
        args.rounds * 3,
    )

    print(f"arrival at the results page, a new session each ({arrival.rounds} rounds in turns):")
    print(f"  no use case        {arrival.base * 1e3:8.1f} ms")
    print(f"  15 use cases       {arrival.subject * 1e3:8.1f} ms   {arrival.verdict_at_most(1.5)}")
    print(f"a rerun with the tab open ({tab.rounds} rounds in turns):")
    print(f"  roadmap, no cases  {tab.base * 1e3:8.1f} ms")
    print(f"  use cases (15)     {tab.subject * 1e3:8.1f} ms   {tab.verdict_at_most(1.5)}")
    print(f"the engine alone ({engine.rounds} rounds in turns):")
    print(f"  one advice         {engine.base * 1e3:8.1f} ms")
    print(f"  15 cases judged    {engine.subject * 1e3:8.1f} ms   {engine.text()}")
    print(machine())
    ok = arrival.at_most(1.5) and tab.at_most(1.5)
    print("targets:", "met" if ok else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())

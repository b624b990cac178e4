"""App speed, as ratios against a minimal Streamlit page measured in the same run.

1. Rerun: the median AppTest rerun time of a question step (Security) after an answer changes,
   against a minimal page with the same number and kinds of widgets.
2. First render: a fresh Python process imports and renders the app's first step, against a
   fresh process rendering the minimal page (median of several processes each). This is where a
   heavy import (scikit-learn, Altair, ...) on the wizard's start-up path would show.
Targets, at the upper quartile of rounds taken in turns: the rerun at most 1.5x; the first
render at most 1.3x (nothing the first step does not draw is imported or built before it).

Run: python benchmarks/bench_app.py [--reruns 30] [--processes 8]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import Ratio, interleaved, machine, quiet_streamlit, ratio_of  # noqa: E402

APP = ROOT / "streamlit_app.py"
STEP = 1  # the Security step


def minimal_page(
    radios: list[int], multis: list[int], checkboxes: int, buttons: int, sidebar_radios: int
) -> str:
    """A bare page with the same widgets as the measured step."""
    lines = ["import streamlit as st", "st.title('Minimal page')"]
    lines.append("with st.sidebar:")
    for i in range(sidebar_radios):
        lines.append(f"    st.radio('lang {i}', ['a', 'b'], key='s{i}', horizontal=True)")
    lines.append("    st.file_uploader('upload', key='up')")
    lines.append("    st.download_button('save', b'x', key='dl')")
    lines.append("st.progress(0.3, text='step')")
    for i, n in enumerate(radios):
        lines.append(f"st.radio('question {i}', list(range({n})), index=None, key='r{i}')")
    for i, n in enumerate(multis):
        lines.append(f"st.multiselect('multi {i}', list(range({n})), key='m{i}')")
    for i in range(checkboxes):
        lines.append(f"st.checkbox('dont know {i}', key='c{i}')")
    for i in range(buttons):
        lines.append(f"st.button('button {i}', key='b{i}')")
    return "\n".join(lines) + "\n"


def rerun_session(script: Path, seed_app: bool) -> tuple[Callable[[], None], dict[str, int]]:
    """A live AppTest session on ``script`` and a function that changes one answer and reruns."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=60)
    if seed_app:
        at.session_state["answers"] = {
            "sector": "finance",
            "jurisdictions": ["tw"],
            "size": "lt250",
            "role": "cio",
        }
        at.session_state["step"] = STEP
    at.run()
    assert not at.exception, at.exception
    counts = {
        kind: len(getattr(at, kind)) for kind in ("radio", "multiselect", "checkbox", "button")
    }
    key = [r for r in at.radio if r.key != "w::lang" and r.key != "s0"][0].key
    turn = iter(range(10**9))

    def step() -> None:
        target = [r for r in at.radio if r.key == key][0]
        i = next(turn)
        target.set_value(target.options[i % len(target.options)] if seed_app else i % 3)
        at.run()
        assert not at.exception, at.exception

    return step, counts


FIRST_RENDER = textwrap.dedent("""
    import sys, time
    start = time.perf_counter()
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(sys.argv[1], default_timeout=120).run()
    assert not at.exception, at.exception
    elapsed = time.perf_counter() - start
    heavy = [m for m in ("sklearn", "scipy", "pandas") if m in sys.modules]
    print(elapsed, ",".join(heavy) or "-")
""")


def first_render(script: Path) -> tuple[float, str]:
    """Seconds a fresh process takes to import and render ``script``, and the heavy modules."""
    out = subprocess.run(
        [sys.executable, "-c", FIRST_RENDER, str(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    value, heavy = out.stdout.split()
    return float(value), heavy


def first_render_ratio(page: Path, processes: int) -> tuple[Ratio, str]:
    """Fresh processes on the minimal page and the wizard, in turns (AB, BA, ...)."""
    pairs, heavy = [], "-"
    for i in range(processes):
        order = (page, APP) if i % 2 == 0 else (APP, page)
        times = {}
        for script in order:
            times[script], found = first_render(script)
            if script == APP:
                heavy = found
        pairs.append((times[page], times[APP]))
    return ratio_of(pairs), heavy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=30)
    parser.add_argument("--processes", type=int, default=8)
    args = parser.parse_args(argv)

    from streamlit.testing.v1 import AppTest

    from wizard.config import load_catalog

    q = load_catalog().questionnaire()
    step_questions = q.questions_of(q.dimension_ids[0])
    radios = [
        len(x.options) + x.unknown
        for x in step_questions
        if x.type == "single" and x.show_if is None
    ]
    multis = [len(x.options) for x in step_questions if x.type == "multi"]
    checkboxes = sum(1 for x in step_questions if x.type == "multi" and x.unknown)

    quiet_streamlit()
    print(machine())
    # as installed: pip writes the package's bytecode at install time, and a deploy image does
    # (python -m compileall); a checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise
    # compile every module of the wizard in each fresh process, and the minimal page has none
    import compileall

    compileall.compile_dir(str(ROOT / "wizard"), quiet=1)
    print("bytecode of wizard/ compiled first, as an installed copy has it")
    app_step, app_counts = rerun_session(APP, seed_app=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "minimal.py"
        page.write_text(
            minimal_page(radios, multis, checkboxes, app_counts["button"], sidebar_radios=1)
        )
        base_step, base_counts = rerun_session(page, seed_app=False)
        rerun = interleaved(base_step, app_step, args.reruns, warmup=3)
        first, heavy = first_render_ratio(page, args.processes)
    del AppTest

    print(f"widgets on the Security step: {app_counts}; minimal page: {base_counts}")
    print(f"rerun after an answer ({rerun.rounds} rounds in turns, AppTest):")
    print(f"  minimal page  {rerun.base * 1e3:8.1f} ms")
    print(f"  wizard step   {rerun.subject * 1e3:8.1f} ms   {rerun.verdict_at_most(1.5)}")
    print(f"first render in a fresh process ({first.rounds} of each, in turns):")
    print(f"  minimal page  {first.base * 1e3:8.1f} ms")
    print(f"  wizard        {first.subject * 1e3:8.1f} ms   {first.verdict_at_most(1.3)}")
    print(f"heavy modules imported by the first render: {heavy}")
    print(machine())
    ok = rerun.at_most(1.5) and first.at_most(1.3) and heavy == "-"
    print("targets:", "met" if ok else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())

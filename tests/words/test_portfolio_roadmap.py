"""The roadmap with use cases: one order, pilots after what they wait for, gates on the page.

A CIO reads the roadmap top to bottom: a case's DPIA belongs with the other foundations, its
pilot with the pilots and not before the evaluation and security review the organisation's own
pilots wait for; the one-page PDF shows the case rows among its first ten.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import best_answers
from tests.pdf import pdf_text
from tests.samples import CATALOG, Q
from wizard.guidance import advise
from wizard.i18n import t
from wizard.portfolio import judge_portfolio, read_use_cases
from wizard.words.portfolio import roadmap_with_cases

TODAY = date(2026, 12, 5)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASES = [
    {"name": "Code assistant", "template": "code-assistant", "owner": "Head of Eng"},
    {"name": "Customer chatbot", "template": "customer-chatbot", "dpia_done": "no"},
    {"name": "Knowledge search", "template": "knowledge-search"},
]


def _org(**changes) -> dict:
    return {
        **best_answers(Q),
        "role": "cio",
        "sector": "finance",
        "jurisdictions": ["tw"],
        "body_type": ["private"],
        "size": "1000-10000",
        "models": ["frontier-api"],
        "sec_route": ["vendor-api"],
        "sec_data_class": "internal",
        **changes,
    }


def _plan(answers: dict, lang: str = "en", weights: str = "balanced"):
    profile = CATALOG.profile(weights)
    advice = advise(CATALOG, Q, profile, answers, TODAY)
    cases = read_use_cases(CASES, Q, CATALOG.use_cases, "test")
    portfolio = judge_portfolio(CATALOG, Q, profile, answers, cases, advice.result.decision, TODAY)
    rows = roadmap_with_cases(Q, CATALOG, advice, portfolio, answers, lang)
    return advice, portfolio, rows


def _waiting_bank() -> dict:
    """A Taiwan bank that waits as a whole on the regulated profile (our fixture)."""
    from wizard.answers import load_answers

    path = FIXTURES / "answers-taiwan-bank.yaml"
    return dict(load_answers(path.read_bytes(), Q, path.name).answers)


def _phase_starts(rows) -> list[int]:
    starts = {p.id: p.start_week for p in Q.roadmap.phases}
    return [starts[r.phase_id] for r in rows]


def test_an_organisation_acting_now_pilots_its_cases_after_its_evaluation_and_security_review():
    advice, portfolio, rows = _plan(_org())
    assert advice.result.decision == "act_now"
    ends = {r.id: r.end_week for r in rows}
    own_pilots = next(p for p in advice.plan if p.action_id == "an-pilots")
    pilots = [r for r in rows if r.use_case and r.id.endswith(":pilot")]
    assert [r.use_case for r in pilots] == [
        "Code assistant",
        "Knowledge search",
        "Customer chatbot",
    ]
    for row in pilots:
        # the pilot waits for what the organisation's own pilots wait for, and says so
        assert set(own_pilots.depends_on_ids) <= set(row.depends_on_ids)
        assert row.start_week >= max(ends[d] for d in row.depends_on_ids)
        assert "evaluation" in row.depends_on.lower()
    assert pilots[0].start_week == own_pilots.start_week
    # the chatbot's DPIA sits with the foundations, before any pilot; its pilot follows it
    dpia = next(i for i, r in enumerate(rows) if r.action == "DPIA for Customer chatbot")
    assert rows[dpia].phase_id == "foundation"
    assert dpia < min(rows.index(r) for r in pilots)
    assert rows[dpia].id in pilots[-1].depends_on_ids
    assert "DPIA for Customer chatbot" in pilots[-1].depends_on
    # the go/no-go judges every pilot: it starts when the last one ends, and so does what
    # waits for it
    review = next(r for r in rows if r.id == "an-go-no-go")
    assert review.start_week >= max(r.end_week for r in pilots)
    assert all(r.start_week >= review.end_week for r in rows if "an-go-no-go" in r.depends_on_ids)
    # phase by phase, in the order the phases start
    assert _phase_starts(rows) == sorted(_phase_starts(rows))


def test_an_organisation_that_waits_closes_the_cases_gaps_with_its_own_then_pilots():
    advice, portfolio, rows = _plan(_waiting_bank(), weights="regulated")
    if advice.result.decision != "wait":
        pytest.fail(f"the fixture should wait, got {advice.result.decision}")
    phases = [r.phase_id for r in rows]
    dpia = next(r for r in rows if r.action == "DPIA for Customer chatbot")
    assert dpia.phase_id == "close-gaps"  # no "0-30 days: foundations" in a wait plan
    assert "foundation" not in phases
    ready = [r for r in rows if r.id.endswith(":pilot")]
    if ready:
        assert min(rows.index(r) for r in ready) > max(
            i for i, p in enumerate(phases) if p == "close-gaps"
        )
    assert _phase_starts(rows) == sorted(_phase_starts(rows))


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_one_page_report_shows_the_cases_rows_among_its_first_ten(lang, tmp_path):
    from wizard.exports.pdf import ReportInput, build_report
    from wizard.words.portfolio import report_lines

    answers = _waiting_bank()
    advice, portfolio, rows = _plan(answers, lang, "regulated")
    assert len(rows) > 10  # the page shows the first ten of more
    info = ReportInput(
        CATALOG.profile("regulated"),
        TODAY,
        portfolio=report_lines(portfolio, lang),
        roadmap=tuple(rows),
    )
    text = "".join(pdf_text(build_report(CATALOG, Q, advice, lang, info)).split())
    gate = t("portfolio.step.dpia", lang, case="Customer chatbot")
    assert gate in [r.action for r in rows[:10]]
    assert "".join(gate.split()) in text  # the case's gating row, not only its name
    heading = t("report.roadmap", lang, shown=10, total=len(rows))
    assert "".join(heading.split()) in text  # "10 of N actions, in order"


def test_the_page_names_case_pilots_that_start_after_the_first_ten_rows() -> None:
    """Ten rows fit the page; up to three use-case pilots further down take the places of
    the last organisation rows, and the order stays the roadmap's."""
    from wizard.exports.pdf import page_rows

    advice, portfolio, rows = _plan(_org())
    pilots = [r for r in rows if r.use_case and r.id.endswith(":pilot")]
    assert len(rows) > 10 and pilots
    late = [r for r in pilots if rows.index(r) >= 10]
    shown = page_rows(rows)
    assert len(shown) == 10
    assert all(r in shown for r in pilots[:3])
    assert [rows.index(r) for r in shown] == sorted(rows.index(r) for r in shown)
    if not late:  # the fixture's pilots all fit: the first ten, as they are
        assert shown == rows[:10]
    assert page_rows(rows[:8]) == rows[:8]


def test_a_templates_name_reads_in_the_readers_language_unless_another_case_has_that_name() -> None:
    """A seeded template reads in each reader's language; a typed name stays; and a name that
    would repeat another case's name stays as it was, so no two rows read alike."""
    from wizard.words.portfolio import shown_cases

    data = CATALOG.use_cases
    chatbot = data.templates_by_id["customer-chatbot"].name
    cases = [
        {"id": "a", "name": chatbot.get("en"), "template": "customer-chatbot"},
        {"id": "b", "name": "Our own bot", "template": "customer-chatbot"},
    ]
    shown = shown_cases(cases, data, "zh-TW")
    assert [c["name"] for c in shown] == [chatbot.get("zh-TW"), "Our own bot"]
    assert [c["id"] for c in shown] == ["a", "b"]
    clash = [*cases, {"id": "c", "name": chatbot.get("zh-TW")}]
    shown = shown_cases(clash, data, "zh-TW")
    assert [c["name"] for c in shown] == [chatbot.get("en"), "Our own bot", chatbot.get("zh-TW")]


def test_a_case_held_only_by_a_floor_is_not_called_below_the_bar_and_scores_never_round_up():
    """67 against 65 with a dimension under its floor "meets the bar but not every floor";
    59.6 against 60 reads 59.6, not "60 against 60"."""
    from dataclasses import replace

    from wizard.portfolio.judge import Gate
    from wizard.words.portfolio import gate_text

    answers = {**best_answers(Q), "role": "cio"}
    (case,) = read_use_cases(
        [{"name": "Drafts", "template": "drafting"}], Q, CATALOG.use_cases, "t"
    )
    profile = CATALOG.profile("balanced")
    (result,) = judge_portfolio(
        CATALOG, Q, profile, answers, [case], "act_now", date(2026, 12, 5)
    ).cases
    dim = Q.dimensions[0]
    floor = Gate("readiness", dimensions=(dim.id,))
    held = replace(result, readiness=67.0, threshold=65.0, gates=(floor,))
    text = gate_text(Q, CATALOG, held, floor, "en")
    assert "meets the bar (67 against 65)" in text and "below the bar" not in text
    assert dim.title.get("en") in text
    assert "未達所有構面下限" in gate_text(Q, CATALOG, held, floor, "zh-TW")
    close = replace(result, readiness=59.6, threshold=60.0, gates=(Gate("readiness"),))
    assert "(59.6 against 60)" in gate_text(Q, CATALOG, close, Gate("readiness"), "en")


def test_a_pilot_sits_in_the_phase_of_the_weeks_it_runs_not_always_in_the_30_to_90_days() -> None:
    profile = CATALOG.profile("balanced")
    answers = _org()
    advice = advise(CATALOG, Q, profile, answers, TODAY)
    cases = read_use_cases(
        [{"name": f"Assistant {i}", "template": "code-assistant"} for i in range(8)],
        Q,
        CATALOG.use_cases,
        "test",
    )
    portfolio = judge_portfolio(CATALOG, Q, profile, answers, cases, advice.result.decision, TODAY)
    rows = roadmap_with_cases(Q, CATALOG, advice, portfolio, answers, "en")
    pilots = [r for r in rows if r.use_case and r.id.endswith(":pilot")]
    assert len(pilots) == 8
    phases = {p.id: p for p in Q.roadmap.phases}
    late = [r for r in pilots if r.start_week >= phases["pilot"].end_week]
    assert late, "eight staggered pilots run past the 30-90 days"
    for row in pilots:
        phase = phases[row.phase_id]
        assert phase.start_week <= row.start_week, (row.action, row.phase)
        assert row.start_week < phase.end_week or phase.id == "scale", (row.action, row.phase)
    assert {r.phase for r in late} == {"90-180 days: scale"}


def test_with_cases_listed_the_shortlist_and_pilots_rows_say_which_cases() -> None:
    _, portfolio, rows = _plan(_org())
    by_id = {r.id: r.action for r in rows}
    pilots = sum(1 for r in rows if r.use_case and r.id.endswith(":pilot"))
    assert pilots >= 1
    assert by_id["an-shortlist"].startswith("Confirm the shortlist: the 3 use cases listed")
    assert by_id["an-pilots"].startswith(f"Run the {pilots} use-case pilots (the rows named Pilot)")
    _, _, zh = _plan(_org(), lang="zh-TW")
    assert "3 個應用情境" in {r.id: r.action for r in zh}["an-shortlist"]
    # rows waiting for a renamed row name it as it now reads
    waiting = [r for r in rows if "an-shortlist" in r.depends_on_ids and not r.use_case]
    assert waiting and all(by_id["an-shortlist"] in r.depends_on for r in waiting)
    assert not any("Shortlist 3-5" in r.depends_on for r in rows)
    # without cases, the organisation's own words
    advice = advise(CATALOG, Q, CATALOG.profile("balanced"), _org(), TODAY)
    plain = {r.id: r.action for r in roadmap_with_cases(Q, CATALOG, advice, None, _org(), "en")}
    assert "Shortlist 3-5 use cases" in plain["an-shortlist"]


def _hospital_pilots(listed: list[dict], **changes) -> tuple[tuple[str, ...], dict]:
    """A self-hosting hospital's pilot prerequisites and its cases' pilot rows by name."""
    profile = CATALOG.profile("balanced")
    answers = _org(
        sector="healthcare", models=["open-weights"], sec_route=["self-hosted"], **changes
    )
    advice = advise(CATALOG, Q, profile, answers, TODAY)
    org_pilots = next(p for p in advice.plan if p.action_id == "an-pilots")
    cases = read_use_cases(listed, Q, CATALOG.use_cases, "test")
    portfolio = judge_portfolio(CATALOG, Q, profile, answers, cases, advice.result.decision, TODAY)
    rows = roadmap_with_cases(Q, CATALOG, advice, portfolio, answers, "en")
    pilots = {r.use_case: r for r in rows if r.use_case and r.id.endswith(":pilot")}
    return org_pilots.depends_on_ids, pilots


def test_a_case_pilot_waits_only_for_the_prerequisites_of_its_own_data_and_risk() -> None:
    """A hospital's roadmap has a DPIA, a data gate and a clinical safety case before its
    pilots: the discharge letters (regulated data) wait for them, the code assistant on
    internal code does not; both wait for the evaluation and the security review."""
    org, pilots = _hospital_pilots(
        [
            {"name": "Code", "template": "code-assistant", "models": ["open-weights"]},
            {
                "name": "Letters",
                "template": "clinical-summaries",
                "models": ["open-weights"],
                "dpia_done": "yes",
            },
        ],
        body_type=["private"],
        sec_data_class="regulated",
        sec_dpia="scheduled",
    )
    assert "an-clinical-safety" in org
    code, letters = pilots["Code"], pilots["Letters"]
    assert {"an-evaluation", "an-security-review"} <= set(code.depends_on_ids)
    assert not {"an-clinical-safety", "tr-dpia", "tr-data-gate"} & set(code.depends_on_ids)
    assert {"an-clinical-safety", "tr-dpia"} <= set(letters.depends_on_ids)


def test_a_case_whose_data_or_risk_is_not_known_waits_for_every_prerequisite() -> None:
    org, pilots = _hospital_pilots(
        [{"name": "Unsure", "models": ["open-weights"]}],
        sec_data_class="unknown",
        eth_euai_tier="unknown",
    )
    assert "an-clinical-safety" in org
    assert set(org) <= set(pilots["Unsure"].depends_on_ids)


def test_the_pilots_weeks_do_not_change_with_the_readers_language() -> None:
    from wizard.words.portfolio import shown_cases

    profile = CATALOG.profile("balanced")
    answers = _org()
    advice = advise(CATALOG, Q, profile, answers, TODAY)
    listed = [
        {"name": CATALOG.use_cases.templates_by_id[k].name.get("en"), "template": k}
        for k in ("knowledge-search", "document-summaries", "drafting")
    ]
    weeks = {}
    for lang in ("en", "zh-TW"):
        rows = shown_cases(listed, CATALOG.use_cases, lang)
        cases = read_use_cases(rows, Q, CATALOG.use_cases, "t")
        decision = advice.result.decision
        portfolio = judge_portfolio(CATALOG, Q, profile, answers, cases, decision, TODAY)
        names = {c.id: c.template for c in cases}
        weeks[lang] = {
            names[r.id.split(":")[1]]: (r.start_week, r.end_week)
            for r in roadmap_with_cases(Q, CATALOG, advice, portfolio, answers, lang)
            if r.use_case and r.id.endswith(":pilot")
        }
    assert weeks["en"] and weeks["en"] == weeks["zh-TW"]

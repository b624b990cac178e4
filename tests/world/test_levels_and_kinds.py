"""The world as of today, as a governance expert reads it: every level of government, laws that
bind told apart from directives and notices, dated duties on the roadmap (issue fixtures of our
own, not copies of any brief's examples)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import best_answers
from wizard.config import Catalog, Questionnaire
from wizard.guidance import Advice, advise
from wizard.restrictions import pair_status
from wizard.words.roadmap import advice_rows

TODAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def cat(catalog: Catalog) -> Catalog:
    """The shipped catalog (conftest's), under a short name."""
    return catalog


@pytest.fixture(scope="module")
def q(questionnaire: Questionnaire) -> Questionnaire:
    """The shipped questionnaire (conftest's), under a short name."""
    return questionnaire


def _advise(cat: Catalog, q: Questionnaire, **profile) -> Advice:
    answers = {**best_answers(q), "sec_vendor_restriction": "other-routes", **profile}
    return advise(cat, q, cat.profile("balanced"), answers, TODAY)


def _standing(advice: Advice) -> dict[str, str]:
    return {m.entry.id: m.standing for m in advice.matches}


# --------------------------------------------------------------------------- levels
def test_a_state_department_outside_the_us_is_bound_by_its_state_and_informed_by_its_country(
    cat, q
) -> None:
    """A Western Australian agency planning DeepSeek's hosted API: the state's direction binds
    it and blocks that model; the Commonwealth direction (which binds federal bodies) is only
    related; another state's ban does not appear."""
    advice = _advise(
        cat,
        q,
        sector="government",
        jurisdictions=["au"],
        regions_au=["au-wa"],
        body_type=["state-gov"],
        models=["deepseek-hosted", "open-weights"],
    )
    standing = _standing(advice)
    assert standing["au-wa"] == "binding"
    assert standing["au-pspf"] == "related"
    assert "au-sa" not in standing and "au-qld" not in standing
    # a rule stops a model, not the organisation: it acts on Llama-class weights and drops
    # DeepSeek's app (a warning and a re-plan row), while DeepSeek alone would stop it
    assert not advice.result.blockers
    assert "restriction_partial" in {w.code for w in advice.warnings}
    assert any(a.action_id == "tr-replace-models" for a in advice.plan)
    only = _advise(
        cat,
        q,
        sector="government",
        jurisdictions=["au"],
        regions_au=["au-wa"],
        body_type=["state-gov"],
        models=["deepseek-hosted"],
    )
    assert [b.option for b in only.result.blockers] == ["deepseek-hosted"]
    assert [e.id for e in only.result.blockers[0].entries] == ["au-wa"]


def test_a_queensland_department_sees_the_policy_that_replaced_the_first_ban(cat, q) -> None:
    """Queensland's February ban is history, replaced by the restricted-applications policy,
    which binds; a private firm in Queensland is not bound by either."""
    dept = _advise(
        cat,
        q,
        sector="government",
        jurisdictions=["au"],
        regions_au=["au-qld"],
        body_type=["state-gov"],
        models=["open-weights"],
    )
    assert _standing(dept)["au-qld"] == "binding"
    assert _standing(dept)["au-qld-2025-02"] == "history"
    firm = _advise(
        cat,
        q,
        sector="retail",
        jurisdictions=["au"],
        regions_au=["au-qld"],
        body_type=["private"],
        models=["deepseek-hosted"],
    )
    assert not any(m.binding for m in firm.matches)
    assert not firm.result.blockers


def test_a_japanese_prefecture_office_and_a_danish_region(cat, q) -> None:
    """Tottori's prefectural office is bound by its prefecture's ban and only advised by the
    national caution; a hospital run by the Capital Region of Denmark is not bound by the
    two regions that blocked DeepSeek, one run by Region Midtjylland is."""
    tottori = _advise(
        cat,
        q,
        sector="government",
        jurisdictions=["jp"],
        regions_jp=["jp-tottori"],
        body_type=["state-gov"],
        models=["deepseek-hosted"],
    )
    assert _standing(tottori)["jp-tottori"] == "binding"
    assert _standing(tottori)["jp-gov"] == "related"
    assert "jp-mie" not in _standing(tottori)
    for region, bound in (("dk-other", False), ("dk-midtjylland", True)):
        hospital = _advise(
            cat,
            q,
            sector="healthcare",
            jurisdictions=["dk"],
            regions_dk=[region],
            body_type=["state-gov", "critical-infra"],
            models=["deepseek-hosted"],
        )
        assert (_standing(hospital).get("dk-regions") == "binding") is bound, region


def test_the_region_question_is_asked_only_for_countries_that_have_regions(q) -> None:
    """A Taiwanese or German body never sees a region question; an Australian one does."""
    from wizard.answers import visible_ids

    regions = {x.id for x in q.questions if x.refines}
    assert regions == {"regions_au", "regions_jp", "regions_dk"}
    assert not regions & visible_ids(q, {"jurisdictions": ["tw", "de"]})
    assert visible_ids(q, {"jurisdictions": ["au"]}) & regions == {"regions_au"}


def test_validation_names_an_unknown_sub_jurisdiction(cat, q, tmp_path) -> None:
    """A watchlist entry for a region the questionnaire does not know (Victoria) is refused,
    naming the id and where regions come from."""
    from wizard.config.checks import restrictions_problems

    entry = cat.restrictions.by_id["au-sa"].model_copy(update={"jurisdictions": ("au-vic",)})
    bad = cat.restrictions.model_copy(update={"entries": (*cat.restrictions.entries, entry)})
    problems = restrictions_problems(bad, q)
    assert any("'au-vic'" in p and "regions_au" in p for p in problems), problems


# --------------------------------------------------------------------------- kinds of rule
def test_an_eu_firm_sending_personal_data_to_deepseek_hits_a_legal_barrier_not_a_directive(
    cat, q
) -> None:
    """A Dutch insurer with customers' personal data on DeepSeek's hosted API: GDPR Chapter V
    binds it as law, blocks that route for that data, and gets its own roadmap row; it is not a
    'directive' the insurer denied, and no 'confirm you are outside it' row is asked for."""
    advice = _advise(
        cat,
        q,
        sector="finance",
        jurisdictions=["nl"],
        body_type=["private"],
        models=["deepseek-hosted"],
        sec_data_class="personal",
        sec_vendor_restriction="no",
    )
    barrier = next(m for m in advice.matches if m.entry.id == "eu-gdpr-transfer")
    assert barrier.binding and barrier.entry.kind == "legal_barrier"
    assert [e.id for e in advice.result.blockers[0].entries] == ["eu-gdpr-transfer"]
    assert not any(w.code.startswith("restriction_conflict") for w in advice.warnings)
    keys = [a.key for a in advice.plan]
    assert "tr-legal-barrier:eu-gdpr-transfer" in keys
    assert not any(k.startswith("tr-confirm-outside") for k in keys)
    rows = {r.id: r.action for r in advice_rows(q, advice, "en")}
    assert (
        "transfer basis that route needs does not exist today"
        in (rows["tr-legal-barrier:eu-gdpr-transfer"])
    )
    zh = {r.id: r.action for r in advice_rows(q, advice, "zh-TW")}
    assert "傳輸依據目前並不存在" in zh["tr-legal-barrier:eu-gdpr-transfer"]


def test_the_same_firm_with_internal_data_only_is_informed_not_bound(cat, q) -> None:
    """Without personal data the transfer barrier does not hold: related, no blocker."""
    advice = _advise(
        cat,
        q,
        sector="finance",
        jurisdictions=["de"],
        body_type=["private"],
        models=["deepseek-hosted"],
        sec_data_class="internal",
    )
    assert _standing(advice)["eu-gdpr-transfer"] == "related"
    assert _standing(advice)["de-berlin"] == "related"  # a notice to the app stores
    assert not advice.result.blockers


def test_notices_and_advisories_never_bind(cat) -> None:
    """Every notice and advisory in the watchlist only informs."""
    others = [e for e in cat.restrictions.entries if e.kind in ("notice", "advisory")]
    assert {e.id for e in others} >= {"de-berlin", "tw-nsb", "jp-gov", "it-agcm"}
    assert all(not e.binds for e in others)


def test_a_taiwan_ministry_self_hosting_deepseek_weights_is_ruled_out_not_confirm(cat, q) -> None:
    """Since November 2025 the agencies' stop covers on-premises downloads: DeepSeek weights
    are ruled out on every open-weights route for a ministry, while Llama stays allowed."""
    advice = _advise(
        cat,
        q,
        sector="government",
        jurisdictions=["tw"],
        body_type=["central-gov"],
        models=["deepseek-weights", "open-weights"],
    )
    for route in ("open-weights-self-hosted", "open-weights-cloud"):
        status, by = pair_status(route, "deepseek-weights", advice.matches)
        assert status == "ruled_out" and "tw-agencies-2025-11" in {m.entry.id for m in by}
        assert pair_status(route, "open-weights", advice.matches)[0] == "allowed"
    assert not advice.result.blockers  # it goes on with Llama-class weights
    assert "restriction_partial" in {w.code for w in advice.warnings}


# --------------------------------------------------------------------------- dated duties
@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_taiwan_city_government_gets_the_ai_basic_act_deadlines(cat, q, lang) -> None:
    """A Kaohsiung city department: the law is in force; the risk assessment (due about July
    2026) is overdue and the usage rules are due about January 2027, both on the roadmap."""
    advice = _advise(
        cat,
        q,
        sector="government",
        jurisdictions=["tw"],
        body_type=["local-gov"],
        models=["open-weights"],
    )
    law = next(x for x in advice.laws if x.id == "tw-ai-basic-act")
    assert law.in_force == "2026-01-14"
    rows = {r.id: r.action for r in advice_rows(q, advice, lang)}
    overdue = rows["tr-law-duty:tw-ai-basic-act.risk-assessment"]
    due = rows["tr-law-duty:tw-ai-basic-act.usage-rules"]
    if lang == "en":
        assert (
            overdue.startswith("Legal deadline, passed about")
            and "overdue unless already done" in overdue
            and "Risk assessment" in overdue
        )
        assert due.startswith("Legal deadline, by about") and "Usage rules" in due
    else:
        assert overdue.startswith("法定期限，期限已過") and "尚未完成即屬逾期" in overdue
        assert "風險評估" in overdue
        assert "前：" in due and "使用規範" in due


def test_a_private_taiwan_firm_owes_no_government_deadline(cat, q) -> None:
    """The Act puts no duty on the private sector: no dated row for a private bank."""
    advice = _advise(
        cat,
        q,
        sector="finance",
        jurisdictions=["tw"],
        body_type=["private"],
        models=["open-weights"],
    )
    assert not [a for a in advice.plan if a.action_id == "tr-law-duty"]


def test_the_eu_ai_act_dates_are_the_published_ones(cat) -> None:
    """Regulation 2026/1744 is named, Annex III moves to 2 Dec 2027, Annex I to 2 Aug 2028,
    and nothing says 'check whether it was published' any more."""
    law = next(x for x in cat.laws.laws if x.id == "eu-ai-act")
    assert "2026/1744" in law.name.get("en")
    assert {d.id: d.due for d in law.duties} == {
        "marking": "2026-12-02",
        "annex-iii": "2027-12-02",
        "annex-i": "2028-08-02",
    }
    assert "check whether" not in law.summary.get("en")


def test_entries_taken_from_the_third_edition_carry_the_day_they_were_checked(cat) -> None:
    """as_of is the day an entry was checked: the new entries carry 2026-12-04; entries the
    brief does not re-check keep their older day (and stay due)."""
    by = cat.restrictions.by_id
    for ident in ("tw-agencies-2025-11", "au-sa", "us-ndaa-2026", "eu-gdpr-transfer", "dk-regions"):
        assert by[ident].as_of == "2026-12-04", ident
    assert by["it-garante"].as_of == "2025-07-31"
    assert by["us-state-nd"].certainty == "reported"
    assert by["us-state-tn"].certainty == "fairly_confident"

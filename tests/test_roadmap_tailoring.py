"""The roadmap fits the organisation: size, sector, body type and answers decide which rows
appear and in what words (docs/method.md)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import best_answers
from tests.samples import CATALOG, Q
from wizard.guidance import advise
from wizard.words.roadmap import advice_rows

TODAY = date(2026, 11, 28)


def base() -> dict:
    """Strong answers every organisation below starts from."""
    return {
        **best_answers(Q),
        "eth_euai_tier": ["limited"],
        "role": "cio",
        "models": ["open-weights"],
        "sec_vendor_restriction": "other-routes",
    }


ORGS = {
    "startup": {
        "sector": "technology",
        "jurisdictions": ["us-other-state"],
        "body_type": ["private"],
        "size": "lt250",
    },
    "taiwan-ministry": {
        "sector": "government",
        "jurisdictions": ["tw"],
        "body_type": ["central-gov"],
        "size": "1000-10000",
    },
    "german-hospital": {
        "sector": "healthcare",
        "jurisdictions": ["de"],
        "body_type": ["private", "critical-infra"],
        "size": "1000-10000",
        "sec_data_class": "regulated",
        "sec_dpia": "none",
    },
    "italian-bank": {
        "sector": "finance",
        "jurisdictions": ["it"],
        "body_type": ["private"],
        "size": "1000-10000",
        "sec_data_class": "personal",
        "sec_dpia": "done",
    },
    "us-retailer": {
        "sector": "retail",
        "jurisdictions": ["us-other-state"],
        "body_type": ["private"],
        "size": "gt10000",
    },
}

MUST = {
    "startup": ["Run one or two time-boxed pilots", "Train everyone in one short session"],
    "taiwan-ministry": [
        "Procure under public-sector rules",
        "Traditional Chinese output (Taiwan usage)",
        "Confirm with counsel that using",
        "Block DeepSeek's app or hosted API",
    ],
    "german-hospital": [
        "Clinical safety case",
        "AI-literacy training",
        "data-protection impact assessment",
    ],
    "italian-bank": ["third-party (outsourcing) register", "AI-literacy training"],
    "us-retailer": ["Run 3-5 time-boxed pilots across business units"],
}
MUST_NOT = {
    "startup": ["champion per department", "Procure under", "Clinical safety", "AI-literacy"],
    "taiwan-ministry": ["third-party (outsourcing)", "AI-literacy", "Clinical safety"],
    "german-hospital": ["Procure under", "third-party (outsourcing)", "Traditional Chinese"],
    "italian-bank": ["data-protection impact assessment", "Procure under", "Clinical safety"],
    "us-retailer": ["Traditional Chinese", "AI-literacy", "Procure under", "Block DeepSeek"],
}


def _rows(name: str, lang: str = "en"):
    answers = {**base(), **ORGS[name]}
    profile = CATALOG.profile("balanced")
    advice = advise(CATALOG, Q, profile, answers, TODAY, draws=200)
    return advice, advice_rows(Q, advice, lang)


@pytest.mark.parametrize("name", sorted(ORGS))
def test_rows_that_must_and_must_not_appear(name: str) -> None:
    """Each organisation gets the rows its answers call for, and none that it does not."""
    advice, rows = _rows(name)
    assert advice.result.decision == "act_now", name  # the act-now plan is the one tailored
    text = "\n".join(r.action for r in rows)
    for words in MUST[name]:
        assert words in text, (name, words)
    for words in MUST_NOT[name]:
        assert words not in text, (name, words)


def test_a_small_organisation_has_no_dpo_ciso_or_ml_lead_as_owner() -> None:
    """A 60-person company: those rows go to the owner with external counsel, or the CIO."""
    _, rows = _rows("startup")
    owners = {r.owner for r in rows}
    assert not owners & {"DPO / Legal", "CISO", "Data / ML lead"}
    assert "Founder or CEO, with external counsel" in owners
    _, big = _rows("us-retailer")
    assert "DPO / Legal" in {r.owner for r in big}


def test_tailored_rows_exist_in_chinese_too() -> None:
    """The public-sector and Taiwan rows read in Traditional Chinese."""
    _, rows = _rows("taiwan-ministry", "zh-TW")
    text = "\n".join(r.action for r in rows)
    assert "依政府採購規定辦理" in text and "繁體中文輸出（台灣用語）" in text


def _advice(**changes):
    answers = {**base(), **ORGS["us-retailer"], **changes}
    return advise(CATALOG, Q, CATALOG.profile("balanced"), answers, TODAY, draws=200)


def test_a_public_body_deploying_high_risk_ai_in_the_eu_assesses_fundamental_rights() -> None:
    """Art. 27: a Dutch municipality with a high-risk use case gets the FRIA row, first."""
    advice = _advice(
        sector="government",
        jurisdictions=["nl"],
        body_type=["local-gov"],
        eth_euai_tier=["high"],
        eth_conformity="in-progress",
    )
    rows = advice_rows(Q, advice, "en")
    fria = next(r for r in rows if r.id == "tr-fria")
    pilots = next((r for r in rows if r.id == "an-pilots"), None)
    assert "Art. 27" in fria.action
    if pilots is not None:
        assert pilots.start_week >= fria.end_week
    retailer = _advice(jurisdictions=["nl"], eth_euai_tier=["high"], eth_conformity="in-place")
    assert not any(r.id == "tr-fria" for r in advice_rows(Q, retailer, "en"))


def test_pilots_wait_for_the_clinical_safety_case() -> None:
    """A hospital's pilots start only after its clinical safety case."""
    advice = _advice(sector="healthcare", jurisdictions=["de"])
    rows = {r.id: r for r in advice_rows(Q, advice, "en")}
    assert rows["an-pilots"].start_week >= rows["an-clinical-safety"].end_week


def test_rows_that_are_already_done_are_left_out() -> None:
    """A low security score does not bring back a supply-chain row when reviews are formal;
    tailored rows say which answer called for them."""
    advice = _advice(sec_controls=["none"], sec_redteam="no", sec_supply_chain="formal")
    rows = advice_rows(Q, advice, "en")
    assert not any(r.id == "tr-supply-chain" for r in rows)
    pilots = next(r for r in rows if r.id == "an-pilots")
    assert "3-5" in pilots.action
    literacy = advice_rows(Q, _advice(jurisdictions=["it"]), "en")
    row = next(r for r in literacy if r.id == "an-ai-literacy")
    assert row.rationale.startswith('Your answer to "Where do you operate')


def test_bias_tests_in_traditional_chinese_only_in_taiwan() -> None:
    """The working-language wording outside Taiwan."""
    italian = advice_rows(Q, _advice(jurisdictions=["it"], eth_bias="no"), "en")
    taiwan = advice_rows(Q, _advice(jurisdictions=["tw"], eth_bias="no"), "en")
    bias = {r.id: r.action for r in italian}["tr-bias"]
    assert "Traditional Chinese" not in bias and "languages you work in" in bias
    assert "Traditional Chinese" in {r.id: r.action for r in taiwan}["tr-bias"]


def test_one_policy_row_not_two() -> None:
    """The act-now plan's policy row absorbs the gap row that asks for the same policy."""
    advice = _advice(eth_policy="none")
    rows = advice_rows(Q, advice, "en")
    assert [r.id for r in rows if "policy" in r.id] == ["an-policy"]
    policy = next(r for r in rows if r.id == "an-policy")
    assert "acceptable-use policy" in policy.rationale  # the gap's reason is kept


def test_at_equal_fit_the_route_that_keeps_data_closer_is_recommended() -> None:
    """A hospital with GPUs and regulated data: self-hosting before the cloud when both fit."""
    advice = _advice(
        sector="healthcare",
        sec_data_class="regulated",
        sec_residency="strict",
        sec_route=["self-hosted", "cloud-open-weights"],
        bud_infra=["gpus"],
    )
    assert advice.top_route.route.id == "open-weights-self-hosted"

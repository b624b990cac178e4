"""The roadmap fits the organisation: size, sector, body type and answers decide which rows
appear and in what words (DOMAIN.md, "Advice that fits the organisation")."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import best_answers
from wizard.config import load_catalog
from wizard.guidance import advise

CATALOG = load_catalog()
Q = CATALOG.questionnaire()
TODAY = date(2026, 11, 28)

BASE = {
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
    answers = {**BASE, **ORGS[name]}
    profile = CATALOG.profile("balanced")
    advice = advise(CATALOG, Q, profile, answers, TODAY, draws=200)
    return advice, advice.roadmap(Q, lang)


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
    assert "Owner with external counsel" in owners
    _, big = _rows("us-retailer")
    assert "DPO / Legal" in {r.owner for r in big}


def test_tailored_rows_exist_in_chinese_too() -> None:
    """The public-sector and Taiwan rows read in Traditional Chinese."""
    _, rows = _rows("taiwan-ministry", "zh-TW")
    text = "\n".join(r.action for r in rows)
    assert "依政府採購規定辦理" in text and "繁體中文輸出（台灣用語）" in text

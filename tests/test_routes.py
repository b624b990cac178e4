"""Route ranking from answers, rule-outs by matched restrictions, and the roadmap's route row."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wizard.config import load_routes
from wizard.errors import ConfigError
from wizard.guidance import advise
from wizard.restrictions import match_restrictions
from wizard.routes import rank_routes, top_route
from wizard.words.roadmap import advice_rows

ROOT = Path(__file__).resolve().parent.parent


def _ranked(catalog, questionnaire, answers, decision="act_now"):
    matches = match_restrictions(catalog.restrictions, answers)
    return rank_routes(questionnaire, catalog.routes, answers, decision, matches)


def test_regulated_data_in_country_favours_self_hosting(catalog, questionnaire) -> None:
    """Regulated data that must stay in-country, GPUs and ML skills: self-hosted first."""
    answers = {
        "sec_data_class": "regulated",
        "sec_residency": "strict",
        "bud_infra": ["gpus"],
        "bud_skills": ["ml-engineering"],
    }
    ranked = _ranked(catalog, questionnaire, answers)
    assert ranked[0].route.id == "open-weights-self-hosted"
    low = next(f for f in ranked if f.route.id == "lowcost-vendor-api")
    assert low.fit == 0.0  # 55 - 45 - 40 clipped at 0
    assert {r.question for r in ranked[0].rules} >= {"sec_data_class", "sec_residency"}


def test_cheap_public_use_cases_favour_the_low_cost_api(catalog, questionnaire) -> None:
    """Public data, no residency rule, only pays back at low-cost prices, small budget."""
    answers = {
        "sec_data_class": "public",
        "sec_residency": "none",
        "bud_payback": "low-cost-only",
        "bud_amount": "lt50k",
    }
    assert _ranked(catalog, questionnaire, answers)[0].route.id == "lowcost-vendor-api"


def test_a_matched_restriction_rules_a_route_out_and_says_why(catalog, questionnaire) -> None:
    """A Taiwanese agency: DeepSeek's hosted service is ruled out by the Executive Yuan."""
    answers = {
        "sector": "government",
        "jurisdictions": ["tw"],
        "body_type": ["central-gov"],
        "sec_data_class": "public",
        "bud_payback": "low-cost-only",
        "bud_amount": "lt50k",
    }
    ranked = _ranked(catalog, questionnaire, answers)
    low = next(f for f in ranked if f.route.id == "lowcost-vendor-api")
    assert not low.allowed
    assert [m.entry.id for m in low.ruled_out_by] == ["tw-ey", "tw-agencies-2025-11"]
    assert ranked[-1] is low  # restricted routes sink to the bottom
    assert top_route(ranked).route.id != "lowcost-vendor-api"


def test_routes_say_which_models_they_are_allowed_with(catalog, questionnaire) -> None:
    """Self-hosted open weights for a Taiwan agency: Llama-class allowed, DeepSeek's and other
    PRC weights ruled out (since Nov 2025), nothing left to confirm."""
    answers = {"jurisdictions": ["tw"], "body_type": ["central-gov"], "models": ["open-weights"]}
    matches = match_restrictions(catalog.restrictions, answers)
    ranked = rank_routes(
        questionnaire, catalog.routes, answers, "act_now", matches, ["open-weights"]
    )
    hosted = next(f for f in ranked if f.route.id == "open-weights-self-hosted")
    assert hosted.allowed and hosted.serves_intent
    assert hosted.allowed_families[0] == "open-weights"
    assert hosted.with_status("confirm") == ()
    assert hosted.with_status("ruled_out") == ("deepseek-weights", "prc-open-weights")
    assert {m.entry.id for m in hosted.ruled_out_by} == {"tw-agencies-2025-11", "tw-prc-ict"}


def test_routes_for_the_intended_models_come_first(catalog, questionnaire) -> None:
    """A low-cost API fits best on paper, but the organisation intends Llama-class weights."""
    answers = {
        "sec_data_class": "public",
        "sec_residency": "none",
        "bud_payback": "low-cost-only",
        "bud_amount": "lt50k",
        "models": ["open-weights"],
    }
    ranked = rank_routes(questionnaire, catalog.routes, answers, "act_now", [], ["open-weights"])
    assert ranked[0].route.id in {"open-weights-cloud", "open-weights-self-hosted"}
    low = next(f for f in ranked if f.route.id == "lowcost-vendor-api")
    assert low.allowed and not low.serves_intent


def test_wait_favours_wait_and_watch_but_the_roadmap_names_an_adopting_route(
    catalog, questionnaire
) -> None:
    """Under wait, "wait and watch" ranks first; the sandbox row still names a real route."""
    answers = {
        "sector": "government",
        "jurisdictions": ["tw"],
        "body_type": ["central-gov"],
        "eth_policy": "none",
        "sec_vendor_restriction": "covered",
    }
    advice = advise(catalog, questionnaire, catalog.weights["balanced"], answers, draws=200)
    assert advice.result.decision == "wait"
    assert advice.routes[0].route.id == "wait-and-watch"
    sandbox = next(r for r in advice_rows(questionnaire, advice, "en") if r.id == "wt-sandbox")
    assert advice.top_route.route.title.get("en") in sandbox.action
    assert "{route}" not in sandbox.action


def test_act_now_roadmap_route_row_follows_the_top_route(catalog, questionnaire) -> None:
    """The route-choice row starts from the best allowed route, in each language."""
    from tests.conftest import best_answers

    answers = {**best_answers(questionnaire), "sector": "retail", "jurisdictions": ["tw"]}
    for lang in ("en", "zh-TW"):
        advice = advise(catalog, questionnaire, catalog.weights["balanced"], answers, draws=200)
        row = next(r for r in advice_rows(questionnaire, advice, lang) if r.id == "an-route")
        assert advice.top_route.route.title.get(lang) in row.action


def test_fit_rules_must_name_real_questions_and_options(tmp_path, questionnaire) -> None:
    """A fit rule on an unknown option is reported with its route and index."""
    raw = yaml.safe_load((ROOT / "data" / "routes.yaml").read_text(encoding="utf-8"))
    raw["routes"][0]["fit"][0]["options"] = ["top-secret"]
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_routes(path, questionnaire)
    assert (
        "routes[frontier-vendor-api].fit[0].options: must be options of 'sec_data_class', "
        "got 'top-secret'" in info.value.lines[0]
    )


def test_a_poorly_fitting_route_of_the_intended_models_points_at_the_far_better_fit(
    catalog, questionnaire
) -> None:
    """A hospital keeping regulated data on its premises that named only a frontier API: the
    API stays recommended for the models it intends, and self-hosting, which fits its answers
    far better, is named with the models it would take."""
    from wizard.routes import BETTER_FIT_MARGIN, better_fit

    answers = {
        "sector": "healthcare",
        "jurisdictions": ["tw"],
        "body_type": ["central-gov"],
        "sec_data_class": "regulated",
        "sec_residency": "strict",
        "bud_infra": ["gpus"],
        "models": ["frontier-api"],
    }
    matches = match_restrictions(catalog.restrictions, answers)
    ranked = rank_routes(
        questionnaire, catalog.routes, answers, "act_now", matches, ["frontier-api"]
    )
    top = top_route(ranked)
    assert top is not None and top.route.id == "frontier-vendor-api"
    better = better_fit(ranked, top)
    assert better is not None and better.route.id == "open-weights-self-hosted"
    assert better.fit >= top.fit + BETTER_FIT_MARGIN and "open-weights" in better.allowed_families
    # a well-fitting route of the intended models needs no pointer
    cloud = {**answers, "sec_data_class": "internal", "sec_residency": "none", "bud_infra": []}
    ranked = rank_routes(
        questionnaire,
        catalog.routes,
        cloud,
        "act_now",
        match_restrictions(catalog.restrictions, cloud),
        ["frontier-api"],
    )
    assert better_fit(ranked, top_route(ranked)) is None

"""The use-case portfolio: what a CIO expects of a verdict per use case, on our own organisations.

A bank starts its internal code assistant and waits on the customer chatbot until its DPIA is
done; a Taiwan public hospital self-hosts Llama-class weights while DeepSeek weights stay
blocked (the allowed alternative named); an EU HR firm's emotion recognition is not allowed and
its other cases are judged on their own.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import best_answers
from tests.samples import CATALOG, Q
from wizard.errors import AnswersError
from wizard.exports.tables import use_cases_csv
from wizard.portfolio import (
    COLUMNS,
    case_answers,
    case_plan,
    compare_cases,
    judge_case,
    judge_portfolio,
    parse_use_case_csv,
    read_use_cases,
)
from wizard.restrictions import match_restrictions, pair_status
from wizard.words.portfolio import (
    case_rows,
    portfolio_document,
    reason_lines,
    summary_lines,
    table_records,
)

TODAY = date(2026, 12, 5)


def _org(**changes) -> dict:
    """A well-prepared organisation (strong answers everywhere) with ``changes``."""
    return {**best_answers(Q), "role": "cio", **changes}


def _judge(answers, cases, decision="act_now"):
    profile = CATALOG.profile("balanced")
    return judge_portfolio(CATALOG, Q, profile, answers, cases, decision, TODAY)


def _read(raw):
    return read_use_cases(raw, Q, CATALOG.use_cases, "test")


def _by_name(portfolio):
    return {r.case.name: r for r in portfolio.cases}


# --------------------------------------------------------------------------- the organisations
def bank() -> dict:
    return _org(
        sector="finance",
        jurisdictions=["tw"],
        body_type=["private"],
        size="1000-10000",
        models=["frontier-api", "open-weights"],
        sec_route=["vendor-api"],
        sec_data_class="internal",
        sec_dpia="scheduled",
    )


def tw_public_hospital() -> dict:
    return _org(
        sector="healthcare",
        jurisdictions=["tw"],
        body_type=["public-corp"],
        size="1000-10000",
        models=["open-weights", "deepseek-weights"],
        sec_route=["self-hosted"],
        sec_data_class="regulated",
        sec_dpia="done",
    )


def eu_hr_firm() -> dict:
    return _org(
        sector="professional-services",
        jurisdictions=["eu-other"] if "eu-other" in _places() else [_eu_place()],
        body_type=["private"],
        size="250-1000",
        models=["frontier-api"],
        sec_route=["vendor-api"],
        sec_data_class="personal",
        sec_dpia="done",
        eth_oversight="always",
    )


def _places() -> list[str]:
    return list(Q.questions_by_id["jurisdictions"].option_ids)


def _eu_place() -> str:
    return next(p for p in ("de", "fr", "nl", "it", "eu") if p in _places())


def test_a_bank_starts_its_code_assistant_and_waits_on_the_chatbot_for_its_dpia() -> None:
    cases = _read(
        [
            {
                "name": "Internal code assistant",
                "template": "code-assistant",
                "owner": "Head of Eng",
            },
            {"name": "Customer chatbot", "template": "customer-chatbot", "dpia_done": "no"},
        ]
    )
    portfolio = _judge(bank(), cases)
    found = _by_name(portfolio)
    assistant, chatbot = found["Internal code assistant"], found["Customer chatbot"]
    assert assistant.verdict == "act_now" and assistant.quadrant == "start_now"
    assert chatbot.verdict == "wait"
    assert "dpia" in chatbot.waits_on
    assert chatbot.quadrant == "prepare_first"  # high value, a gate to clear
    assert portfolio.cases[0] is assistant  # ready first
    assert assistant.monthly_cost is not None and assistant.monthly_cost > 0
    assert assistant.model is not None
    rows = case_rows(Q, CATALOG, portfolio, case_plan(portfolio), "en")
    chatbot_rows = [r for r in rows if r.use_case == "Customer chatbot"]
    assert [r.action for r in chatbot_rows] == [
        "DPIA for Customer chatbot",
        "Pilot: Customer chatbot on Frontier vendor API",  # once its DPIA is done
    ]
    assert chatbot_rows[1].start_week >= chatbot_rows[0].end_week
    assert chatbot_rows[0].id in chatbot_rows[1].depends_on_ids
    pilot = [r for r in rows if r.use_case == "Internal code assistant"]
    assert pilot[0].action.startswith("Pilot: Internal code assistant")
    assert pilot[0].owner == "Head of Eng"  # the case's business owner
    assert pilot[0].end_week - pilot[0].start_week == assistant.weeks
    assert summary_lines(Q, CATALOG, portfolio, "en")[0] == (
        "Act now on 1 of 2 use cases; wait on 1; 0 not allowed as planned."
    )
    zh = summary_lines(Q, CATALOG, portfolio, "zh-TW")[0]
    assert "2 個應用情境中，1 個可立即行動" in zh


def test_a_taiwan_public_hospital_self_hosts_llama_and_deepseek_weights_stay_blocked() -> None:
    cases = _read(
        [
            {
                "name": "Discharge letters",
                "template": "clinical-summaries",
                "models": "open-weights",
            },
            {
                "name": "Discharge letters (DeepSeek)",
                "template": "clinical-summaries",
                "models": ["deepseek-weights"],
            },
        ]
    )
    found = _by_name(_judge(tw_public_hospital(), cases))
    llama, deepseek = found["Discharge letters"], found["Discharge letters (DeepSeek)"]
    assert llama.verdict == "act_now"
    assert (llama.route, llama.family) == ("open-weights-self-hosted", "open-weights")
    assert deepseek.verdict == "not_allowed"
    assert deepseek.quadrant == "not_now"
    assert deepseek.alternative == ("open-weights-self-hosted", "open-weights")
    blocked = next(g for g in deepseek.gates if g.code == "blocked")
    assert "tw-agencies-2025-11" in blocked.entries
    reasons = reason_lines(Q, CATALOG, deepseek, "en")
    assert "ruled out by" in reasons[0] and "allowed instead" in reasons[0]
    assert "Llama" in reasons[0]
    zh = reason_lines(Q, CATALOG, deepseek, "zh-TW")[0]
    assert "已排除" in zh and "可改用" in zh


def test_a_case_with_both_families_runs_on_the_allowed_one_and_says_what_was_dropped() -> None:
    (case,) = _read([{"name": "Both", "models": ["open-weights", "deepseek-weights"]}])
    result = judge_case(CATALOG, Q, CATALOG.profile("balanced"), tw_public_hospital(), case, TODAY)
    assert result.verdict == "act_now" and result.family == "open-weights"
    dropped = next(g for g in result.gates if g.code == "family_dropped")
    assert dropped.families == ("deepseek-weights",)


def test_an_hr_firm_may_not_recognise_emotions_and_its_other_cases_are_judged() -> None:
    cases = _read(
        [
            {"name": "Mood of staff", "template": "emotion-recognition"},
            {
                "name": "CV screening",
                "template": "cv-screening",
                "oversight": "yes",
                "build": "buy",
            },
            {"name": "CV screening, unsupervised", "template": "cv-screening", "oversight": "no"},
            {"name": "Drafting", "template": "drafting"},
        ]
    )
    found = _by_name(_judge(eu_hr_firm(), cases))
    assert found["Mood of staff"].verdict == "not_allowed"
    assert found["Mood of staff"].waits_on[0] == "prohibited"
    assert found["Drafting"].verdict == "act_now"
    assert found["CV screening"].verdict == "act_now"
    cv = reason_lines(Q, CATALOG, found["CV screening"], "en")
    assert any("Art. 26" in line for line in cv)  # a deployer
    # ranking candidates from their data: human review and the right to contest (in the EU:
    # the law itself, not a yardstick); a private HR firm owes no fundamental-rights assessment
    assert any("(GDPR Art. 22)" in line for line in cv)
    assert not any("Art. 27" in line for line in cv)
    assert found["CV screening, unsupervised"].verdict == "wait"
    assert "oversight" in found["CV screening, unsupervised"].waits_on
    plan = case_plan(_judge(eu_hr_firm(), cases))
    assert [s.kind for s in plan if s.case_id == found["Mood of staff"].case.id] == ["drop"]


def test_an_organisation_that_may_act_is_told_when_no_listed_case_is_ready() -> None:
    cases = _read([{"name": "Chatbot", "template": "customer-chatbot", "dpia_done": "no"}])
    portfolio = _judge(bank(), cases, decision="act_now")
    assert portfolio.ready_none and portfolio.nearest is not None
    lines = summary_lines(Q, CATALOG, portfolio, "en")
    assert "none of the listed use cases is ready" in lines[1] and "Chatbot" in lines[1]


def test_a_supplier_is_bound_by_its_clients_rules_for_that_case() -> None:
    private = bank() | {"models": ["deepseek-weights"], "sec_route": ["self-hosted"]}
    own, for_client = _read(
        [
            {"name": "Own use", "models": "deepseek-weights", "route": "self-hosted"},
            {
                "name": "For the city",
                "models": "deepseek-weights",
                "route": "self-hosted",
                "client_bodies": "local-gov",
            },
        ]
    )
    profile = CATALOG.profile("balanced")
    assert judge_case(CATALOG, Q, profile, private, own, TODAY).verdict == "act_now"
    assert judge_case(CATALOG, Q, profile, private, for_client, TODAY).verdict == "not_allowed"


def test_skipping_the_step_changes_nothing() -> None:
    assert read_use_cases(None, Q, CATALOG.use_cases) == ()
    assert read_use_cases([], Q, CATALOG.use_cases) == ()
    assert _judge(bank(), ()).cases == ()
    assert summary_lines(Q, CATALOG, _judge(bank(), ()), "en") == []


# --------------------------------------------------------------------------- bad input
def test_more_than_fifteen_cases_are_refused_with_a_clear_message() -> None:
    with pytest.raises(AnswersError) as caught:
        _read([{"name": f"Case {i}"} for i in range(16)])
    assert caught.value.problems[0].code == "too_many_use_cases"
    assert "at most 15 use cases, got 16" in caught.value.lines[0]


def test_each_wrong_field_is_named_with_its_case_and_the_nearest_option() -> None:
    with pytest.raises(AnswersError) as caught:
        _read(
            [
                {"name": "A", "data_class": "persnal", "risk_tier": ["high"]},
                {"name": "", "dpia_done": "maybe"},
                {"name": "C", "requests_per_month": "-5", "models": ["deepsek-weights"]},
            ]
        )
    text = "\n".join(caught.value.lines)
    assert "use_cases[0].data_class" in text and "personal" in text
    assert "use_cases[0].risk_tier" in text and "risk_tiers" in text
    assert "use_cases[1].name" in text and "use_cases[1].dpia_done" in text
    assert "use_cases[2].requests_per_month" in text
    assert "use_cases[2].models" in text and "deepseek-weights" in text


def test_hostile_names_stay_text() -> None:
    (case,) = _read([{"name": "  **bold** ![x](http://evil.example/p.png) =1+1\u202e  "}])
    assert case.name == "**bold** ![x](http://evil.example/p.png) =1+1"
    assert case.id.startswith("bold-x-http-evil")
    with pytest.raises(AnswersError):
        _read([{"name": "x" * 121}])


def test_a_backlog_csv_round_trips_through_the_spreadsheet() -> None:
    cases = _read(
        [
            {"name": "=cmd|' /C calc'!A0", "template": "drafting", "risk_tiers": "minimal;limited"},
            {"name": "客服聊天機器人", "dpia_done": True, "value_per_year": "1,200,000"},
        ]
    )
    data = use_cases_csv(cases)
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == list(COLUMNS)
    assert table[1][1].startswith("'=")  # a spreadsheet shows it as text
    again = _read(parse_use_case_csv(data))
    assert again == cases


def test_a_spreadsheet_with_only_names_or_semicolons_imports() -> None:
    rows = parse_use_case_csv(b"Name;Template\nCode help;code-assistant\n\n")
    (case,) = _read(rows)
    assert case.name == "Code help" and case.template == "code-assistant"
    with pytest.raises(AnswersError) as caught:
        parse_use_case_csv(b"title,owner\nA,B\n")
    assert caught.value.problems[0].code == "csv_no_name"


# --------------------------------------------------------------------------- contracts
def test_the_json_list_and_the_compare_say_what_moved() -> None:
    before = _read(
        [
            {"name": "Chatbot", "template": "customer-chatbot", "dpia_done": "no"},
            {"name": "Old", "template": "drafting"},
        ]
    )
    after = _read(
        [
            {"name": "Chatbot", "template": "customer-chatbot", "dpia_done": "yes"},
            {"name": "New", "template": "code-assistant"},
        ]
    )
    old, new = _judge(bank(), before), _judge(bank(), after)
    doc = portfolio_document(Q, CATALOG, new, "en")
    assert {"id", "name", "verdict", "reasons", "cost", "value", "quadrant"} <= set(doc[0])
    changes = compare_cases(old, new)
    assert [c.case.name for c in changes.added] == ["New"]
    assert [c.case.name for c in changes.dropped] == ["Old"]
    assert [(m.name, m.before, m.after) for m in changes.moved] == [("Chatbot", "wait", "act_now")]


# --------------------------------------------------------------------------- properties
TEMPLATES = [
    "code-assistant",
    "customer-chatbot",
    "cv-screening",
    "emotion-recognition",
    "clinical-summaries",
    "drafting",
]
FAMILIES = [
    "deepseek-hosted",
    "deepseek-weights",
    "prc-open-weights",
    "open-weights",
    "frontier-api",
]


@st.composite
def case_lists(draw):
    n = draw(st.integers(1, 6))
    return [
        {
            "id": f"c{i}",
            "name": f"Case {i}",
            "template": draw(st.sampled_from(TEMPLATES)),
            "models": draw(
                st.lists(st.sampled_from(FAMILIES), min_size=1, max_size=2, unique=True)
            ),
            "route": draw(st.sampled_from(["vendor-api", "cloud-open-weights", "self-hosted"])),
            "dpia_done": draw(st.booleans()),
        }
        for i in range(n)
    ]


ORGS = {"bank": bank, "hospital": tw_public_hospital, "hr": eu_hr_firm}
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(raw=case_lists(), org=st.sampled_from(sorted(ORGS)), data=st.data())
def test_a_verdict_does_not_depend_on_the_other_cases_their_order_or_a_dropped_one(
    raw, org, data
) -> None:
    answers = ORGS[org]()
    cases = _read(raw)
    whole = {r.case.id: r.verdict for r in _judge(answers, cases).cases}
    shuffled = data.draw(st.permutations(cases))
    assert {r.case.id: r.verdict for r in _judge(answers, shuffled).cases} == whole
    dropped = data.draw(st.sampled_from(cases))
    rest = [c for c in cases if c is not dropped]
    assert {r.case.id: r.verdict for r in _judge(answers, rest).cases} == {
        k: v for k, v in whole.items() if k != dropped.id
    }


@PROPERTY
@given(raw=case_lists(), org=st.sampled_from(sorted(ORGS)))
def test_a_case_is_never_recommended_on_a_route_a_binding_rule_covers(raw, org) -> None:
    answers = ORGS[org]()
    for result in _judge(answers, _read(raw)).cases:
        if result.verdict != "act_now":
            continue
        overlay = case_answers(Q, answers, result.case)
        binding = [
            m
            for m in match_restrictions(CATALOG.restrictions, overlay, Q.place_questions)
            if m.binding
        ]
        status, _ = pair_status(result.route, result.family, binding)
        assert status == "allowed", (result.case.name, result.route, result.family)


# --------------------------------------------------------------------------- from expert review
def test_outside_the_eu_the_ai_act_is_a_yardstick_and_no_false_readiness_reason() -> None:
    qld = _org(
        jurisdictions=["au"],
        regions_au=["au-qld"],
        body_type=["state-gov"],
        sector="government",
        models=["frontier-api"],
        sec_route=["vendor-api"],
    )
    (mood,) = _read([{"name": "Mood", "template": "emotion-recognition", "dpia_done": "yes"}])
    result = judge_case(CATALOG, Q, CATALOG.profile("balanced"), qld, mood, TODAY)
    assert result.verdict == "not_allowed"
    reasons = reason_lines(Q, CATALOG, result, "en")
    assert "yardstick" in reasons[0]
    assert not any("below the bar" in line for line in reasons)


def test_an_eu_hospital_builds_no_medical_device_before_its_ce_marking() -> None:
    hospital = _org(
        jurisdictions=["de"],
        body_type=["public-corp"],
        sector="healthcare",
        models=["open-weights"],
        sec_route=["self-hosted"],
        eth_conformity="not-started",
    )
    built, bought = _read(
        [
            {
                "name": "Sepsis (built)",
                "risk_tiers": ["annex-i"],
                "build": "build",
                "oversight": "yes",
                "dpia_done": "yes",
            },
            {
                "name": "Sepsis (bought)",
                "risk_tiers": ["annex-i"],
                "build": "buy",
                "oversight": "yes",
                "dpia_done": "yes",
            },
        ]
    )
    profile = CATALOG.profile("balanced")
    first = judge_case(CATALOG, Q, profile, hospital, built, TODAY)
    second = judge_case(CATALOG, Q, profile, hospital, bought, TODAY)
    assert "conformity" in first.waits_on and first.verdict == "wait"
    assert "conformity" not in second.waits_on
    assert any("CE-marked" in line for line in reason_lines(Q, CATALOG, second, "en"))


def test_a_chatbot_partly_telling_people_it_is_ai_waits_for_the_notice() -> None:
    partly = _org(eth_transparency="partly")
    (bot,) = _read([{"name": "Bot", "template": "customer-chatbot", "dpia_done": "yes"}])
    result = judge_case(CATALOG, Q, CATALOG.profile("balanced"), partly, bot, TODAY)
    assert "transparency" in result.waits_on


def test_strict_residency_holds_personal_data_on_a_vendor_api() -> None:
    strict = bank() | {"sec_residency": "strict", "sec_route": ["vendor-api", "self-hosted"]}
    api, own = _read(
        [
            {
                "name": "API",
                "data_class": "personal",
                "dpia_done": "yes",
                "route": "vendor-api",
                "models": ["frontier-api"],
            },
            {
                "name": "Own",
                "data_class": "personal",
                "dpia_done": "yes",
                "route": "self-hosted",
                "models": ["open-weights"],
            },
        ]
    )
    profile = CATALOG.profile("balanced")
    assert "residency" in judge_case(CATALOG, Q, profile, strict, api, TODAY).waits_on
    assert "residency" not in judge_case(CATALOG, Q, profile, strict, own, TODAY).waits_on


def test_the_alternative_prefers_a_route_the_organisation_already_runs() -> None:
    hospital = _org(
        jurisdictions=["de"],
        body_type=["public-corp"],
        sector="healthcare",
        models=["open-weights", "deepseek-hosted"],
        sec_route=["vendor-api", "self-hosted"],
    )
    (letters,) = _read(
        [
            {
                "name": "Letters",
                "template": "clinical-summaries",
                "dpia_done": "yes",
                "route": "vendor-api",
                "models": ["deepseek-hosted"],
            }
        ]
    )
    result = judge_case(CATALOG, Q, CATALOG.profile("balanced"), hospital, letters, TODAY)
    assert result.verdict == "not_allowed"  # the GDPR transfer barrier: health data to China
    assert result.alternative == ("open-weights-self-hosted", "open-weights")


def test_a_prefecture_that_banned_deepseek_confirms_before_self_hosting_its_weights() -> None:
    mie = _org(
        jurisdictions=["jp"],
        regions_jp=["jp-mie"],
        body_type=["state-gov"],
        sector="government",
        models=["deepseek-weights"],
        sec_route=["self-hosted"],
    )
    (case,) = _read([{"name": "Drafting", "template": "drafting"}])
    result = judge_case(CATALOG, Q, CATALOG.profile("balanced"), mie, case, TODAY)
    assert result.verdict == "wait" and "confirm" in result.waits_on


# --------------------------------------------------------------------------- from the attack
def test_the_apps_own_csv_reads_back_unchanged_whatever_the_quotes_and_commas() -> None:
    cases = _read(
        [
            {
                "name": "=Chatbot for parents'",
                "data_class": "personal",
                "risk_tiers": ["high"],
                "owner": "Smith, yes, yes, buy, private, (ops)",
            },
            {"name": "-5% cost for teachers'", "owner": "O'Brien, J"},
            {"name": "Hello, world"},
        ]
    )
    assert _read(parse_use_case_csv(use_cases_csv(cases))) == cases


def test_a_row_with_more_cells_than_columns_or_a_repeated_column_is_refused() -> None:
    with pytest.raises(AnswersError) as caught:
        parse_use_case_csv(b"name,owner\nA,B,C,D\n")
    assert caught.value.problems[0].code == "csv_extra_cells"
    with pytest.raises(AnswersError) as caught:
        parse_use_case_csv(b"name,owner,owner\nA,B,C\n")
    assert caught.value.problems[0].code == "repeated"


def test_numbers_and_names_too_big_say_so_on_their_own_field() -> None:
    with pytest.raises(AnswersError) as caught:
        _read([{"name": "Big", "requests_per_month": 10**400, "value_per_year": "9" * 500}])
    text = "\n".join(caught.value.lines)
    assert "use_cases[0].requests_per_month" in text and "use_cases[0].value_per_year" in text
    with pytest.raises(AnswersError) as caught:
        _read([{"name": "x" * 20_000}])
    assert [p.where for p in caught.value.problems] == ["test: use_cases[0].name"]
    assert caught.value.problems[0].code == "field_too_long"


def test_a_city_scoring_benefit_claims_owes_a_fundamental_rights_assessment() -> None:
    """AI Act Art. 27: a public body (or credit and insurance) deploying a high-risk system
    assesses fundamental rights first; the same case at a private retailer does not."""
    case = {
        "name": "Benefit triage",
        "serves": "citizens",
        "data_class": "personal",
        "risk_tiers": ["high"],
        "build": "buy",
        "oversight": "yes",
        "dpia_done": "yes",
    }
    eu = [_eu_place()]
    city = _org(jurisdictions=eu, body_type=["local-gov"], sector="government")
    shop = _org(jurisdictions=eu, body_type=["private"], sector="retail")
    lender = _org(jurisdictions=eu, body_type=["private"], sector="finance")
    for org, owes in ((city, True), (shop, False), (lender, True)):
        (result,) = _judge(org, _read([case])).cases
        lines = reason_lines(Q, CATALOG, result, "en")
        assert any("Art. 27" in line for line in lines) is owes, org["sector"]
        assert result.verdict == "act_now"  # a note on what is owed, not a hold
    # outside the EU the same note is a yardstick, and says so
    (taipei,) = _judge(_org(jurisdictions=["tw"], body_type=["local-gov"]), _read([case])).cases
    assert any("as a yardstick" in line for line in reason_lines(Q, CATALOG, taipei, "en"))


def test_a_self_hosted_case_names_the_gpu_it_pays_for_however_few_requests() -> None:
    hospital = tw_public_hospital() | {"bud_infra": ["cloud-credits"]}  # no GPUs of its own
    (small,) = _judge(hospital, _read([{"name": "Letters", "size": "small"}])).cases
    assert small.route == "open-weights-self-hosted"
    floor = next(g for g in small.gates if g.code == "gpu_floor")
    assert floor.amount == pytest.approx(730 * CATALOG.prices.gpu_hourly_rate)
    assert floor.amount > small.monthly_cost  # the tokens alone would look almost free
    row = table_records(Q, CATALOG, _judge(hospital, _read([{"name": "Letters"}])), "en")[0]
    assert "the GPU about USD" in row["cost"]
    assert small.verdict == "act_now"  # a cost to know, not a hold
    # GPUs already on premises: no GPU to rent for the case
    owns = hospital | {"bud_infra": ["gpus"]}
    (on_own,) = _judge(owns, _read([{"name": "Letters", "size": "small"}])).cases
    assert not any(g.code == "gpu_floor" for g in on_own.gates)
    # a vendor API bills by the token: no GPU to pay for
    (api,) = _judge(bank(), _read([{"name": "Letters", "size": "small"}])).cases
    assert not any(g.code == "gpu_floor" for g in api.gates)


def test_a_case_with_no_priced_model_says_its_value_is_not_weighed_against_a_cost() -> None:
    from dataclasses import replace

    from tests.samples import catalog as real_catalog

    real = real_catalog()
    catalog = replace(real, prices=real.prices.model_copy(update={"models": ()}))
    profile = catalog.profile("balanced")
    portfolio = judge_portfolio(
        catalog, Q, profile, bank(), _read([{"name": "Drafting"}]), "act_now", TODAY
    )
    (only,) = portfolio.cases
    assert only.model is None and only.monthly_cost is None
    assert any("not weighed against a cost" in x for x in reason_lines(Q, catalog, only, "en"))
    assert only.verdict == "act_now"


def test_a_file_of_many_made_up_columns_names_each_wrong_column_once_and_a_few_at_most() -> None:
    """A spreadsheet with a typo names it once, not once per row; a file of thousands of
    made-up columns is refused naming the first ten, with their nearest real column."""
    from wizard.portfolio.cases import MAX_UNKNOWN_NAMED

    typo = [{"name": f"Case {i}", "ownr": "Ada"} for i in range(5)]
    with pytest.raises(AnswersError) as caught:
        read_use_cases(typo, Q, CATALOG.use_cases, "backlog.csv")
    assert [p.code for p in caught.value.problems] == ["field_unknown"]
    assert "owner" in str(caught.value.problems[0].values["got"])
    header = ",".join(["name", *(f"col{i}" for i in range(2000))])
    body = "\n".join(",".join([f"Case {r}", *("x" * 2000)]) for r in range(15))
    rows = parse_use_case_csv(f"{header}\n{body}\n".encode(), "huge.csv")
    with pytest.raises(AnswersError) as caught:
        read_use_cases(rows, Q, CATALOG.use_cases, "huge.csv")
    assert len(caught.value.problems) == MAX_UNKNOWN_NAMED
    assert all(p.code == "field_unknown" for p in caught.value.problems)


def test_a_taiwan_hospital_building_a_medical_device_waits_for_its_own_approval() -> None:
    """Outside the EU the AI Act's tiers are a yardstick, but a medical device still needs the
    country's approval before use: the case waits, and says TFDA rather than CE marking."""
    hospital = _org(
        jurisdictions=["tw"],
        body_type=["private"],
        sector="healthcare",
        models=["open-weights"],
        sec_route=["self-hosted"],
        eth_conformity="not-started",
    )
    (built,) = _read(
        [
            {
                "name": "Sepsis alert",
                "risk_tiers": ["annex-i"],
                "build": "build",
                "oversight": "yes",
                "dpia_done": "yes",
            }
        ]
    )
    result = judge_case(CATALOG, Q, CATALOG.profile("balanced"), hospital, built, TODAY)
    assert result.verdict == "wait" and "conformity" in result.waits_on
    en = " ".join(reason_lines(Q, CATALOG, result, "en"))
    assert "TFDA" in en and "yardstick" in en
    assert "TFDA" in " ".join(reason_lines(Q, CATALOG, result, "zh-TW"))
    approved = judge_case(
        CATALOG, Q, CATALOG.profile("balanced"), hospital | {"eth_conformity": "in-place"}, built
    )
    assert "conformity" not in approved.waits_on


def test_a_bank_owes_a_rights_assessment_for_credit_scoring_but_not_for_cv_screening() -> None:
    """Art. 27 names credit scoring and insurance pricing, not every high-risk use of a bank; a
    high-risk case of no template may be either, so it is told it may owe one."""
    eu_bank = bank() | {"jurisdictions": ["de"]}
    cv, credit, own = _read(
        [
            {"name": "CV", "template": "cv-screening", "dpia_done": "yes", "oversight": "yes"},
            {
                "name": "Credit",
                "template": "credit-scoring",
                "dpia_done": "yes",
                "oversight": "yes",
            },
            {"name": "Own model", "risk_tiers": ["high"], "dpia_done": "yes", "oversight": "yes"},
        ]
    )
    profile = CATALOG.profile("balanced")
    codes = {
        case.name: {g.code for g in judge_case(CATALOG, Q, profile, eu_bank, case, TODAY).gates}
        for case in (cv, credit, own)
    }
    assert "fria" not in codes["CV"]
    assert "fria" in codes["Credit"] and "fria" in codes["Own model"]


def test_a_high_risk_case_that_does_not_say_build_or_buy_is_told_its_deployer_duties() -> None:
    (cv,) = _read([{"name": "CV", "template": "cv-screening", "dpia_done": "yes"}])
    result = judge_case(CATALOG, Q, CATALOG.profile("balanced"), bank(), cv, TODAY)
    assert "duties_buy" in {g.code for g in result.gates}
    assert any("deployer" in line for line in reason_lines(Q, CATALOG, result, "en"))


def test_self_hosted_weights_of_any_family_cost_at_least_a_gpus_month() -> None:
    """Self-hosting is priced by the GPU, whatever weights run on it (DeepSeek's too), and a
    small case's value is weighed against the GPU's month, not its few tokens."""
    firm = _org(
        jurisdictions=["other"],
        body_type=["private"],
        models=["deepseek-weights"],
        sec_route=["self-hosted"],
        bud_infra=["cloud-credits"],  # no GPUs of its own: it rents one
    )
    (small,) = _read(
        [
            {
                "name": "Small",
                "route": "self-hosted",
                "models": ["deepseek-weights"],
                "requests_per_month": 500,
                "tokens_per_request": 1000,
                "value_per_year": 60000,
            }
        ]
    )
    result = judge_case(CATALOG, Q, CATALOG.profile("balanced"), firm, small, TODAY)
    codes = {g.code for g in result.gates}
    assert result.model is not None and "no_price" not in codes
    assert "gpu_floor" in codes
    gpu_month = 730 * CATALOG.prices.gpu_hourly_rate
    assert result.monthly_cost is not None and result.monthly_cost < gpu_month
    assert CATALOG.use_cases.value_to_cost * 12 * gpu_month > 60000  # so: not of high value
    assert result.high_value is False


def test_old_mac_line_ends_read_and_a_broken_backlog_says_where_in_each_language() -> None:
    from wizard.words.answers import problem_text

    assert parse_use_case_csv(b"name,owner\rA,Ann\rB,Bo\r") == [
        {"name": "A", "owner": "Ann"},
        {"name": "B", "owner": "Bo"},
    ]
    with pytest.raises(AnswersError) as caught:
        parse_use_case_csv(b'name,owner\nA,"Ann\n', "backlog.csv")
    (problem,) = caught.value.problems
    en, zh = (problem_text(problem, lang) for lang in ("en", "zh-TW"))
    assert "line 2" in en and "第 2 行" in zh
    assert "unexpected" not in zh  # Python's own English words stay out of the Chinese


def test_credit_scoring_owes_a_rights_assessment_in_any_sector() -> None:
    """Art. 27 binds every deployer of credit scoring or life and health insurance pricing,
    a health insurer filed under healthcare as much as a bank."""
    insurer = bank() | {"jurisdictions": ["de"], "sector": "healthcare"}
    (pricing,) = _read([{"name": "Pricing", "template": "insurance-pricing", "dpia_done": "yes"}])
    result = judge_case(CATALOG, Q, CATALOG.profile("balanced"), insurer, pricing, TODAY)
    assert "fria" in {g.code for g in result.gates}


def test_outside_the_gdpr_a_dpia_and_a_ban_are_yardsticks_and_said_so() -> None:
    """A Taiwan bank's chatbot waits for its impact assessment, measured by the GDPR's DPIA
    and said to be a yardstick; a practice the EU prohibits is dropped unless counsel clears
    it, not called prohibited by law."""
    bot, mood = _read(
        [
            {"name": "Bot", "template": "customer-chatbot", "dpia_done": "no"},
            {"name": "Mood", "template": "emotion-recognition"},
        ]
    )
    portfolio = _judge(bank(), [bot, mood])
    found = _by_name(portfolio)
    assert "dpia" in found["Bot"].waits_on
    reasons = " ".join(reason_lines(Q, CATALOG, found["Bot"], "en"))
    assert "yardstick" in reasons and "Art. 35" in reasons
    rows = {
        r.use_case: r.action for r in case_rows(Q, CATALOG, portfolio, case_plan(portfolio), "en")
    }
    assert rows["Mood"].startswith("Drop Mood unless your own law and counsel clear it")
    eu = _judge(bank() | {"jurisdictions": ["de"]}, [bot, mood])
    eu_reasons = " ".join(reason_lines(Q, CATALOG, _by_name(eu)["Bot"], "en"))
    assert "yardstick" not in eu_reasons
    eu_rows = {r.use_case: r.action for r in case_rows(Q, CATALOG, eu, case_plan(eu), "en")}
    assert eu_rows["Mood"] == "Drop Mood: a prohibited practice"


def test_a_case_re_planned_onto_an_allowed_route_gets_a_pilot_there_after_the_re_plan() -> None:
    agency = _org(
        sector="government",
        jurisdictions=["tw"],
        body_type=["central-gov"],
        models=["deepseek-hosted", "open-weights"],
        sec_route=["vendor-api", "self-hosted"],
    )
    (letters,) = _read(
        [
            {
                "name": "Letters",
                "template": "drafting",
                "models": ["deepseek-hosted"],
                "route": "vendor-api",
            }
        ]
    )
    portfolio = _judge(agency, [letters])
    (result,) = portfolio.cases
    assert result.verdict == "not_allowed" and result.alternative is not None
    rows = case_rows(Q, CATALOG, portfolio, case_plan(portfolio), "en")
    assert [r.id.rsplit(":", 1)[1] for r in rows] == ["replan", "pilot"]
    replan, pilot = rows
    assert replan.id in pilot.depends_on_ids and pilot.start_week >= replan.end_week
    alternative_route = CATALOG.routes.by_id[result.alternative[0]].title.get("en")
    assert pilot.action == f"Pilot: Letters on {alternative_route}"


def test_rules_that_bind_only_through_a_client_are_said_beside_the_portfolio() -> None:
    """A private Taiwan firm running a city's chatbot on DeepSeek is held by the rules that
    bind the city; its own restriction section lists none, so the portfolio says which bind
    it through that client and for which cases."""
    firm = _org(
        sector="technology",
        jurisdictions=["tw"],
        body_type=["private"],
        models=["deepseek-hosted", "open-weights"],
        sec_route=["vendor-api", "self-hosted"],
    )
    city, own = _read(
        [
            {
                "name": "City chatbot",
                "template": "citizen-chatbot",
                "dpia_done": "yes",
                "models": ["deepseek-hosted"],
                "route": "vendor-api",
                "client_bodies": ["local-gov"],
            },
            {"name": "Our drafts", "template": "drafting"},
        ]
    )
    portfolio = _judge(firm, [city, own])
    found = _by_name(portfolio)
    assert found["City chatbot"].via_client and not found["Our drafts"].via_client
    lines = summary_lines(Q, CATALOG, portfolio, "en")
    assert any(
        line.startswith("Through work for clients") and "City chatbot" in line for line in lines
    )
    assert any("客戶" in line for line in summary_lines(Q, CATALOG, portfolio, "zh-TW"))
    # the same case for a city itself: its own rules, said in its own section, not here
    itself = firm | {"body_type": ["local-gov"], "sector": "government"}
    own_city = _judge(itself, [city, own])
    assert not any(r.via_client for r in own_city.cases)


def test_a_case_that_costs_more_a_year_than_its_value_says_so_and_is_not_called_a_quick_win():
    cases = _read(
        [
            {
                "name": "Reasoning on everything",
                "template": "code-assistant",
                "requests_per_month": 2_000_000,
                "tokens_per_request": 20_000,
                "value_per_year": 5_000,
            },
            {"name": "Code assistant", "template": "code-assistant"},
        ]
    )
    portfolio = _judge(bank(), cases)
    found = _by_name(portfolio)
    dear, fine = found["Reasoning on everything"], found["Code assistant"]
    assert dear.yearly_cost is not None and dear.yearly_cost > 5_000
    assert "costs_more" in {g.code for g in dear.gates}
    assert dear.verdict == "act_now" and dear.quadrant == "strategic_bet"  # a note, not a hold
    lines = " ".join(reason_lines(Q, CATALOG, dear, "en"))
    assert "it costs more to run (about" in lines and "than the value it is given" in lines
    assert "高於給定的價值" in " ".join(reason_lines(Q, CATALOG, dear, "zh-TW"))
    assert "costs_more" not in {g.code for g in fine.gates}


def test_cases_that_may_start_are_set_against_the_committed_budget() -> None:
    big = [
        {
            "name": f"Volume {i}",
            "template": "knowledge-search",
            "requests_per_month": 1_000_000,
            "tokens_per_request": 8_000,
            "value_per_year": 2_000_000,
        }
        for i in range(3)
    ]
    small_budget = _judge(bank() | {"bud_amount": "lt50k"}, _read(big))
    assert small_budget.count("act_now") >= 1, [c.gates for c in small_budget.cases]
    assert small_budget.ready_yearly > 50_000 and small_budget.over_budget
    en = " ".join(summary_lines(Q, CATALOG, small_budget, "en"))
    assert "more than the committed budget (Under USD 50k) allows" in en
    zh = " ".join(summary_lines(Q, CATALOG, small_budget, "zh-TW"))
    assert "超過已承諾預算（少於 5 萬美元）的上限" in zh
    # the open top band has no ceiling: the same cases say nothing of the budget
    roomy = _judge(bank() | {"bud_amount": "gt1m"}, _read(big))
    assert roomy.ready_yearly == small_budget.ready_yearly and not roomy.over_budget
    assert "committed budget" not in " ".join(summary_lines(Q, CATALOG, roomy, "en"))


#: a customer chatbot on DeepSeek's own API, its DPIA done
DEEPSEEK_CHAT = {
    "name": "Chat",
    "template": "customer-chatbot",
    "models": ["deepseek-hosted"],
    "route": "vendor-api",
    "dpia_done": "done",
}


def test_an_advisory_on_the_cases_model_is_a_note_to_read_never_a_hold() -> None:
    """Taiwan's NSB advises the public against DeepSeek's app: a private firm may still run its
    chatbot on DeepSeek's API, and is told of the advice; an agency is held by the directive."""
    chat = dict(DEEPSEEK_CHAT)
    firm = _org(
        sector="retail" if "retail" in Q.questions_by_id["sector"].option_ids else "finance",
        jurisdictions=["tw"],
        body_type=["private"],
        models=["deepseek-hosted"],
        sec_route=["vendor-api"],
    )
    found = _judge(firm, _read([chat])).cases[0]
    assert found.verdict == "act_now"
    advised = [g for g in found.gates if g.code == "advised"]
    assert advised and "tw-nsb" in advised[0].entries
    en = " ".join(reason_lines(Q, CATALOG, found, "en"))
    assert "National Security Bureau" in en and "not binding on your organisation" in en
    assert "國家安全局" in " ".join(reason_lines(Q, CATALOG, found, "zh-TW"))
    agency = _judge(firm | {"body_type": ["central-gov"]}, _read([chat])).cases[0]
    assert agency.verdict == "not_allowed"
    assert "advised" not in {g.code for g in agency.gates}  # held: the note would be noise


def test_a_contractor_is_bound_for_its_government_work_not_for_a_private_clients() -> None:
    """Texas's list binds state contractors for state work: the same DeepSeek chatbot is not
    allowed for the state or with no client named, and allowed for a private client."""
    texas = _org(
        sector="professional-services",
        jurisdictions=["us-tx"],
        body_type=["gov-contractor"],
        models=["deepseek-hosted"],
        sec_route=["vendor-api"],
    )
    chat = dict(DEEPSEEK_CHAT)
    verdicts = {
        label: _judge(texas, _read([chat | extra])).cases[0].verdict
        for label, extra in (
            ("none named", {}),
            ("for the state", {"client_bodies": ["state-gov"]}),
            ("for a private client", {"client_bodies": ["private"]}),
        )
    }
    assert verdicts == {
        "none named": "not_allowed",
        "for the state": "not_allowed",
        "for a private client": "act_now",
    }


def test_llama_class_weights_on_a_cloud_are_priced_by_the_rented_gpu() -> None:
    """No per-token host price is listed for Llama-class weights in a cloud: the case is still
    weighed against a cost, that of GPUs rented at the editable hourly rate."""
    cloud = _org(
        sector="finance",
        jurisdictions=["tw"],
        body_type=["private"],
        models=["open-weights"],
        sec_route=["cloud-open-weights"],
        bud_infra=["cloud"] if "cloud" in Q.questions_by_id["bud_infra"].option_ids else [],
    )
    case = {"name": "Search", "template": "knowledge-search", "route": "cloud-open-weights"}
    found = _judge(cloud, _read([case])).cases[0]
    assert found.route == "open-weights-cloud" and found.family == "open-weights"
    assert found.model == "open-weights-cloud-gpus"
    assert found.monthly_cost is not None and "no_price" not in {g.code for g in found.gates}
    floor = 730 * CATALOG.prices.gpu_hourly_rate
    assert found.running_month is not None and found.running_month >= floor  # a rented month


def test_the_exported_backlog_imported_again_updates_the_cases_instead_of_doubling_them():
    """As in the editor: rows added from templates carry no id; the export names them by the
    id their name gives, and importing that file again finds them."""
    from wizard.portfolio import merge_by_id, read_each, template_row

    data = CATALOG.use_cases
    listed = [
        template_row("code-assistant", "Code assistant", data),
        template_row("customer-chatbot", "Customer chatbot", data),
    ]
    assert not any("id" in row for row in listed)
    valid, _ = read_each(listed, Q, data, "")
    exported = parse_use_case_csv(use_cases_csv(valid), "x")
    exported[1]["owner"] = "Head of service"  # edited in a spreadsheet
    merged, updated = merge_by_id(listed, exported)
    assert updated == 2 and len(merged) == 2
    assert [c.owner or None for c in _read(merged)] == [None, "Head of service"]
    # a new row in the file is added after the listed ones
    extra = {"name": "Drafting", "template": "drafting"}
    merged, updated = merge_by_id(listed, [*exported, extra])
    assert updated == 2 and [c.name for c in _read(merged)][-1] == "Drafting"


def test_the_editor_keeps_a_files_ids_when_a_row_above_is_deleted_or_a_row_renamed() -> None:
    from wizard.portfolio import merge_by_id
    from wizard.ui.pages.assessment.use_cases import _frame, _rows

    stored = [
        {"id": "crm-1", "name": "Alpha", "template": "code-assistant"},
        {"id": "crm-2", "name": "Beta", "template": "customer-chatbot"},
    ]
    frame = _frame(stored)
    deleted = _rows(frame.iloc[1:].reset_index(drop=True), stored)
    assert [(r.get("id"), r["name"]) for r in deleted] == [("crm-2", "Beta")]
    merged, updated = merge_by_id(deleted, stored)  # the same file imported again
    assert updated == 1 and sorted(r["name"] for r in merged) == ["Alpha", "Beta"]
    renamed = frame.copy()
    renamed.loc[1, "name"] = "Beta v2"
    assert [r.get("id") for r in _rows(renamed, stored)] == ["crm-1", "crm-2"]


def test_a_refused_csv_names_its_own_rows_not_positions_in_the_list() -> None:
    from wizard.words.portfolio import row_problem_lines

    rows = parse_use_case_csv(b"name,data_class\nSearch,secret-ish\n", "backlog.csv")
    with pytest.raises(AnswersError) as caught:
        read_use_cases(rows, Q, CATALOG.use_cases, "")  # as the editor reads them
    lines = row_problem_lines(caught.value.problems, rows, "en")
    assert lines and lines[0].startswith("Row 1 (Search)"), lines


def test_a_dpia_reason_names_the_data_the_case_is_judged_on() -> None:
    """A row that leaves its data class out takes the organisation's (regulated): the reason
    says regulated data, not personal data."""
    hospital = tw_public_hospital() | {"sec_dpia": "none"}
    case = _read([{"name": "Letters", "models": ["open-weights"], "route": "self-hosted"}])
    found = _judge(hospital, case).cases[0]
    assert found.data_class == "regulated" and "dpia" in found.waits_on
    regulated = Q.questions_by_id["sec_data_class"].options_by_id["regulated"].label.get("en")
    assert any(regulated in line for line in reason_lines(Q, CATALOG, found, "en"))


def test_an_alternative_on_a_route_of_one_family_names_it_once() -> None:
    from wizard.words.portfolio import on_route

    frontier = on_route(Q, CATALOG, "frontier-vendor-api", "frontier-api", "en")
    assert frontier == Q.questions_by_id["models"].options_by_id["frontier-api"].label.get("en")
    hosted = on_route(Q, CATALOG, "open-weights-self-hosted", "open-weights", "zh-TW")
    assert "，搭配" in hosted  # a route of several families names both


def test_self_hosted_cases_that_may_start_share_one_gpu_month_against_the_budget() -> None:
    """Three tiny self-hosted cases do not cost three GPU months a year: the GPUs serve them all."""
    hospital = tw_public_hospital() | {"bud_amount": "lt50k", "bud_infra": []}
    tiny = [
        {
            "name": f"Tiny {i}",
            "template": "code-assistant",
            "models": ["open-weights"],
            "route": "self-hosted",
            "requests_per_month": 10,
            "tokens_per_request": 100,
            "data_class": "internal",
        }
        for i in range(3)
    ]
    portfolio = _judge(hospital, _read(tiny))
    ready = [c for c in portfolio.cases if c.verdict == "act_now"]
    assert len(ready) == 3 and all("gpu_floor" in {g.code for g in c.gates} for c in ready)
    month = 730 * CATALOG.prices.gpu_hourly_rate
    assert portfolio.ready_yearly == pytest.approx(12 * month, rel=0.01)
    assert portfolio.over_budget == (12 * month > 50_000)


def test_a_numbered_template_name_reads_in_the_readers_language_and_keeps_its_id() -> None:
    from wizard.portfolio import case_key, merge_by_id
    from wizard.words.portfolio import shown_cases

    data = CATALOG.use_cases
    english = data.templates_by_id["contract-review"].name.get("en")
    chinese = data.templates_by_id["contract-review"].name.get("zh-TW")
    rows = [{"name": f"{english} (2)", "template": "contract-review"}]
    shown = shown_cases(rows, data, "zh-TW")
    assert shown[0]["name"] == f"{chinese} (2)"
    assert shown[0]["id"] == case_key(rows[0])  # an English export still finds it
    merged, updated = merge_by_id(shown, [{"id": case_key(rows[0]), "name": f"{english} (2)"}])
    assert updated == 1 and len(merged) == 1

"""What a governance expert expects for real kinds of organisation (answer files in fixtures/),
and invariants of the restrictions model (hypothesis).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from tests.samples import CATALOG, Q, real
from tests.strategies import answer_sets
from wizard.answers import load_answers
from wizard.cli import main
from wizard.config import Restriction
from wizard.guidance import Advice, advise
from wizard.words.restrictions import warning_lines
from wizard.words.roadmap import advice_rows

TODAY = date(2026, 11, 28)


def _advice(name: str, catalog=CATALOG) -> Advice:
    data = (FIXTURES / f"{name}.yaml").read_bytes()
    doc = load_answers(data, Q, name)
    return advise(catalog, Q, catalog.profile(doc.weights), doc.answers, TODAY, draws=500)


def _standing(advice: Advice) -> dict[str, str]:
    return {m.entry.id: m.standing for m in advice.matches}


def _route(advice: Advice, route_id: str):
    return next(f for f in advice.routes if f.route.id == route_id)


def _codes(advice: Advice) -> set[str]:
    return {c.code for c in advice.warnings}


def test_taiwan_agency_intending_deepseek_api_waits_on_a_derived_blocker() -> None:
    """The Executive Yuan decision binds it and covers the only route DeepSeek's API runs on."""
    advice = _advice("answers-tw-agency-deepseek-api")
    assert advice.result.decision == "wait"
    derived = [b for b in advice.result.blockers if b.entries]
    assert [(b.option, [e.id for e in b.entries]) for b in derived] == [
        ("deepseek-hosted", ["tw-ey", "tw-agencies-2025-11"])
    ]
    assert _standing(advice)["tw-ey"] == "binding"
    assert not _route(advice, "lowcost-vendor-api").allowed
    # the fix it can act on: other models, never "no directive binds us"
    first = advice.flip.changes[0]
    assert first.question == "models" and "deepseek-hosted" not in first.new
    assert all(c.new != "no" for c in advice.flip.changes)


def test_taiwan_hospital_self_hosting_llama_may_act_with_the_ban_in_view() -> None:
    """Designated critical infrastructure: the ban binds it, yet self-hosted Llama is allowed."""
    advice = _advice("answers-tw-hospital-llama")
    assert _standing(advice)["tw-ey"] == "binding"
    assert advice.result.decision == "act_now"
    assert not [b for b in advice.result.blockers if b.entries]
    hosted = _route(advice, "open-weights-self-hosted")
    assert hosted.allowed and hosted.allowed_families[0] == "open-weights"
    assert advice.top_route.route.id == "open-weights-self-hosted"
    assert "restriction_conflict" not in _codes(advice)


def test_us_defence_contractor_keeps_self_hosted_llama() -> None:
    """Navy and DoD rules are shown; they rule out DeepSeek, never self-hosted Llama."""
    advice = _advice("answers-us-defence-contractor")
    standing = _standing(advice)
    assert standing["us-dod"] == "binding" and standing["us-navy"] == "related"
    for route in ("open-weights-self-hosted", "open-weights-cloud"):
        fit = _route(advice, route)
        assert fit.allowed and "open-weights" in fit.allowed_families
    assert advice.top_route.route.id == "open-weights-self-hosted"
    assert advice.result.decision == "act_now"


def test_texas_agency_is_bound_by_texas_only() -> None:
    """No House, Navy or NASA rule binds (or even concerns) a state agency."""
    advice = _advice("answers-texas-agency")
    standing = _standing(advice)
    assert standing == {"us-texas": "binding", "us-texas-2026": "binding"}
    assert advice.top_route.route.id == "frontier-vendor-api"


def test_korean_private_firm_loses_no_route_to_the_lifted_suspension() -> None:
    """The PIPC suspension is history: DeepSeek's API stays allowed for a private firm with
    public data (the PIPC's transfer findings bind only personal data: related here)."""
    advice = _advice("answers-korea-private")
    assert _standing(advice) == {"kr-pipc": "history", "kr-pipc-transfer": "related"}
    assert all(f.allowed for f in advice.routes)
    assert _route(advice, "lowcost-vendor-api").allowed_families == ("deepseek-hosted",)
    assert not [c for c in advice.warnings if c.code.startswith("restriction")]


def test_taiwan_agency_saying_no_directive_binds_it_gets_a_warning_and_counsel_first() -> None:
    """The answer contradicts a binding entry: warning, lower confidence, counsel row first."""
    advice = _advice("answers-tw-agency-no-directive")
    assert "restriction_conflict" in _codes(advice)
    conflict = next(c for c in advice.warnings if c.code == "restriction_conflict")
    assert [e.id for e in conflict.entries] == ["tw-ey", "tw-agencies-2025-11", "tw-prc-ict"]
    # the same answers, had they said "yes, but our route is outside it"
    doc = yaml.safe_load((FIXTURES / "answers-tw-agency-no-directive.yaml").read_text("utf-8"))
    honest = {**doc["answers"], "sec_vendor_restriction": "other-routes"}
    fair = advise(CATALOG, Q, CATALOG.profile("balanced"), honest, TODAY, draws=500)
    assert "restriction_conflict" not in {c.code for c in fair.warnings}
    assert advice.confidence < fair.confidence
    for lang in ("en", "zh-TW"):
        first = advice_rows(Q, advice, lang)[0]
        assert first.id == "tr-confirm-outside:restriction_conflict"  # one row, every entry
        assert first.start_week == 0 and first.end_week == 1
        assert first.owner == Q.roadmap.owners["dpo_legal"].get(lang)
        assert ("Taiwan: Executive Yuan" if lang == "en" else "台灣：行政院") in first.action


def test_the_json_result_carries_warnings_status_standing_and_allowed_models(capsys) -> None:
    """score --format json: warnings with id and text; restrictions with status and binding."""
    path = FIXTURES / "answers-tw-agency-no-directive.yaml"
    code = main(["score", str(path), "--format", "json", "--today", "2026-11-28"])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    conflict = next(w for w in doc["warnings"] if w["id"] == "restriction-conflict")
    assert "Taiwan: Executive Yuan" in conflict["text"]
    by_id = {r["id"]: r for r in doc["restrictions"]}
    assert by_id["tw-ey"]["status"] == "in_force" and by_id["tw-ey"]["binding"] == "binding"
    assert by_id["tw-moda"]["status"] == "superseded" and by_id["tw-moda"]["binding"] == "history"
    hosted = next(r for r in doc["routes"] if r["id"] == "open-weights-self-hosted")
    assert hosted["allowed"] and hosted["allowed_models"][0] == "open-weights"
    assert hosted["confirm_models"] == []  # since Nov 2025 ruled out, no longer "confirm"
    assert doc["roadmap"][0]["action"].startswith("Confirm with counsel")


def test_the_text_result_groups_restrictions_in_chinese(capsys) -> None:
    """CLI text in zh-TW: warnings first, restrictions grouped binding / history."""
    path = FIXTURES / "answers-tw-agency-no-directive.yaml"
    assert main(["score", str(path), "--lang", "zh-TW", "--today", "2026-11-28"]) == 0
    out = capsys.readouterr().out
    assert "警告" in out and "台灣：行政院" in out
    assert out.index("  約束貴組織") < out.index("  歷史紀錄")


def test_the_watchlist_warns_when_older_than_its_maximum_age(capsys) -> None:
    """Past max_age_days, the result says the watchlist needs checking."""
    path = FIXTURES / "answers-korea-private.yaml"
    watch = CATALOG.restrictions
    late = date.fromisoformat(watch.as_of).toordinal() + watch.max_age_days + 1
    day = date.fromordinal(late).isoformat()
    assert main(["score", str(path), "--format", "json", "--today", day]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "watchlist-stale" in {w["id"] for w in doc["warnings"]}
    assert main(["score", str(path), "--format", "json", "--today", watch.as_of]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "watchlist-stale" not in {w["id"] for w in doc["warnings"]}


# --------------------------------------------------------------------------- invariants
def _jurisdictions() -> list[str]:
    return list(Q.questions_by_id["jurisdictions"].option_ids)


def _bodies() -> list[str]:
    return [*Q.questions_by_id["body_type"].option_ids, "any"]


def _families() -> list[str]:
    return [o.id for o in Q.questions_by_id["models"].options if not o.exclusive]


def _routes() -> list[str]:
    return [r.id for r in CATALOG.routes.routes]


@st.composite
def entries(draw: Any, status: str | None = None) -> Restriction:
    """A random watchlist entry: who, where, what it covers; in force unless told."""
    chosen = status or draw(st.sampled_from(["in_force", "lifted", "superseded"]))
    raw = {
        "id": "zz-test",
        "who": {"en": "Test body", "zh-TW": "測試機關"},
        "date": "2025-03-01",
        "status": chosen,
        "scope": {"en": "Test scope.", "zh-TW": "測試範圍。"},
        "jurisdictions": draw(st.lists(st.sampled_from(_jurisdictions()), min_size=1, max_size=3)),
        "binds": [{"bodies": draw(st.lists(st.sampled_from(_bodies()), min_size=1, max_size=3))}],
        "covers": [
            {
                "routes": draw(st.lists(st.sampled_from(_routes()), min_size=1, max_size=3)),
                "families": draw(st.lists(st.sampled_from(_families()), min_size=1, max_size=3)),
            }
        ],
        "source": "Test source",
        "as_of": "2026-11-01",
    }
    if chosen != "in_force":
        raw["until"] = "2025-06-01"
    return Restriction.model_validate(raw)


def _with(entry: Restriction):
    watch = CATALOG.restrictions.model_copy(
        update={"entries": (*CATALOG.restrictions.entries, entry)}
    )
    return dataclasses.replace(real(CATALOG), restrictions=watch)


def _allowed_pairs(advice: Advice) -> set[tuple[str, str]]:
    return {
        (f.route.id, s.family) for f in advice.routes for s in f.families if s.status == "allowed"
    }


def balanced():
    """The balanced weight profile."""
    return CATALOG.profile("balanced")


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(answers=answer_sets(Q, allow_missing=False), entry=entries(status="in_force"))
def test_adding_an_entry_never_makes_the_decision_more_favourable(answers, entry) -> None:
    """A new in-force entry can turn act now into wait, never wait into act now, and never
    allows a (route, model) pair that was ruled out."""
    before = advise(CATALOG, Q, balanced(), answers, TODAY, draws=100)
    after = advise(_with(entry), Q, balanced(), answers, TODAY, draws=100)
    if before.result.decision == "wait":
        assert after.result.decision == "wait"
    assert _allowed_pairs(after) <= _allowed_pairs(before)


@SETTINGS
@given(
    answers=answer_sets(Q, allow_missing=False),
    entry=entries().filter(lambda e: e.status != "in_force"),
)
def test_a_lifted_entry_never_changes_the_decision(answers, entry) -> None:
    """Lifted or superseded entries are history: same decision, confidence and routes."""
    before = advise(CATALOG, Q, balanced(), answers, TODAY, draws=100)
    after = advise(_with(entry), Q, balanced(), answers, TODAY, draws=100)
    assert after.result.decision == before.result.decision
    assert after.confidence == before.confidence
    assert _allowed_pairs(after) == _allowed_pairs(before)
    assert [b.option for b in after.result.blockers] == [b.option for b in before.result.blockers]


@pytest.mark.parametrize(
    "name",
    [
        "answers-tw-agency-deepseek-api",
        "answers-tw-hospital-llama",
        "answers-us-defence-contractor",
        "answers-texas-agency",
        "answers-korea-private",
        "answers-tw-agency-no-directive",
    ],
)
def test_fixtures_are_current_answer_files(name) -> None:
    """Each fixture answers every visible required question of the current version."""
    doc = load_answers((FIXTURES / f"{name}.yaml").read_bytes(), Q, name)
    assert doc.questionnaire_version == Q.version
    advice = _advice(name)
    assert advice.result.coverage == 1.0


def _score(answers: dict) -> Advice:
    return advise(CATALOG, Q, CATALOG.profile("balanced"), answers, TODAY, draws=200)


def _org(name: str, **changes: Any) -> dict:
    doc = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text("utf-8"))
    return {**doc["answers"], **changes}


def test_a_related_entry_covering_the_intended_model_is_a_warning_not_silence() -> None:
    """A Japanese ministry intending DeepSeek's API: the government's advice does not bind it
    by its text, but the result warns and the roadmap asks the authority."""
    advice = _score(
        _org(
            "answers-korea-private",
            jurisdictions=["jp"],
            body_type=["central-gov"],
            sector="government",
            models=["deepseek-hosted"],
        )
    )
    related = [c for c in advice.warnings if c.code == "restriction_related"]
    assert [e.id for e in related[0].entries] == ["jp-gov"]
    rows = advice_rows(Q, advice, "en")
    assert any(r.id == "tr-confirm-authority:deepseek-hosted" for r in rows)


def test_saying_the_route_is_outside_while_the_model_is_ruled_out_is_flagged() -> None:
    """A Czech regional hospital self-hosting DeepSeek distills answered 'outside its scope'."""
    advice = _score(
        _org(
            "answers-tw-hospital-llama",
            jurisdictions=["cz"],
            body_type=["state-gov", "critical-infra"],
            models=["deepseek-weights"],
        )
    )
    assert advice.result.decision == "wait"
    assert "restriction_outside" in _codes(advice)
    replan = next(r for r in advice_rows(Q, advice, "en") if r.id == "tr-replace-models")
    assert "Re-plan without DeepSeek open weights" in replan.action
    assert "Other open weights (Llama" in replan.action


def test_no_block_row_for_an_order_addressed_to_the_vendor() -> None:
    """Italy's Garante ordered DeepSeek, not its users: no 'block, as the Garante requires'."""
    advice = _score(
        _org(
            "answers-korea-private",
            jurisdictions=["it"],
            sec_data_class="personal",
            models=["deepseek-hosted"],
        )
    )
    assert advice.result.decision == "wait"
    assert not any(r.id.startswith("tr-block-banned") for r in advice_rows(Q, advice, "en"))


def test_matched_entries_past_their_age_are_named() -> None:
    """Entries that concern the organisation are checked on their own as_of."""
    advice = _score(_org("answers-us-defence-contractor"))
    stale = next(c for c in advice.warnings if c.code == "entries_stale")
    assert {"us-dod", "us-navy"} <= {e.id for e in stale.entries}
    assert all(
        (TODAY - date.fromisoformat(e.as_of)).days > CATALOG.restrictions.max_age_days
        for e in stale.entries
    )


@pytest.mark.parametrize(
    ("place", "laws"),
    [
        ("tw", {"tw-ai-basic-act"}),
        ("kr", {"kr-ai-basic-act"}),
        ("it", {"eu-ai-act", "it-ai-law", "eu-gdpr"}),
        ("us-tx", {"us-tx-traiga"}),
        ("jp", {"jp-ai-promotion-act"}),
    ],
)
def test_the_advice_names_the_local_laws(place, laws) -> None:
    """Taiwan and Korea AI Basic Acts, Texas TRAIGA, Italy's AI law and the GDPR, Japan's AI
    Promotion Act, each with source, date and how sure the tool is (the EU AI Act's moved
    dates named by their regulation)."""
    advice = _score(_org("answers-korea-private", jurisdictions=[place]))
    assert {law.id for law in advice.laws} == laws
    for law in advice.laws:
        assert law.source and law.as_of
    if "eu-ai-act" in laws:
        eu = next(law for law in advice.laws if law.id == "eu-ai-act")
        assert "2026/1744" in eu.summary.get("en") and "check whether" not in eu.summary.get("en")
    if "us-tx-traiga" in laws:
        assert next(iter(advice.laws)).certainty == "fairly_confident"


def test_a_law_in_an_unknown_place_is_a_config_error(tmp_path) -> None:
    """laws.yaml jurisdictions are questionnaire options: a typo names file and key."""
    from wizard.config import load_laws
    from wizard.errors import ConfigError

    raw = yaml.safe_load((Path(__file__).parent.parent / "data" / "laws.yaml").read_text("utf-8"))
    raw["laws"][0]["jurisdictions"] = ["atlantis"]
    path = tmp_path / "laws.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    with pytest.raises(ConfigError) as info:
        load_laws(path, Q)
    assert "laws[eu-ai-act].jurisdictions: must be options of" in info.value.lines[0]


def test_the_flip_never_proposes_a_model_to_confirm() -> None:
    """A Taiwan agency intending DeepSeek's API and weights: the way out is a model no rule
    may cover, not DeepSeek's weights (which need the authority's word)."""
    advice = _score(
        _org("answers-tw-agency-deepseek-api", models=["deepseek-hosted", "deepseek-weights"])
    )
    change = next(c for c in advice.flip.changes if c.question == "models")
    assert "deepseek-weights" not in change.new and "deepseek-hosted" not in change.new


def test_an_order_addressed_to_the_vendor_is_no_conflict_for_other_models() -> None:
    """An Italian bank on personal data, intending Llama and frontier APIs, answering that no
    directive binds it: the Garante's order to DeepSeek does not contradict that."""
    advice = _score(
        _org(
            "answers-korea-private",
            jurisdictions=["it"],
            sector="finance",
            sec_data_class="personal",
            models=["open-weights", "frontier-api"],
            sec_vendor_restriction="no",
        )
    )
    assert "restriction_conflict" not in _codes(advice)
    with_deepseek = _score(
        _org(
            "answers-korea-private",
            jurisdictions=["it"],
            sec_data_class="personal",
            models=["deepseek-hosted", "frontier-api"],
            sec_vendor_restriction="no",
        )
    )
    # the Garante's order and the GDPR bind as law, not as directives: the answer "no
    # directive binds us" is not contradicted; DeepSeek's service is ruled out for that data,
    # and the bank acts on the frontier APIs it also intends (a rule stops a model)
    assert "restriction_conflict" not in _codes(with_deepseek)
    assert not with_deepseek.result.blockers
    partial = next(c for c in with_deepseek.warnings if c.code == "restriction_partial")
    assert {e.id for e in partial.entries} >= {"it-garante", "eu-gdpr-transfer"}


def test_a_reported_restriction_is_worded_as_reported() -> None:
    """A Pennsylvania agency: the restriction is only reported, and the warning says so."""
    advice = _score(
        _org(
            "answers-texas-agency",
            jurisdictions=["us-pa"],
            sec_vendor_restriction="no",
        )
    )
    assert "restriction_conflict_reported" in _codes(advice)
    text = " ".join(warning_lines(Q, advice, "en"))
    assert "reported" in text and "binds organisations like yours" not in text

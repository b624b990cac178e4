"""Matching the watchlist: who is bound (body types), what is covered (route x model family),
which entries are still in force, and the file's validation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wizard.config import load_catalog, load_restrictions
from wizard.errors import ConfigError
from wizard.restrictions import family_blocks, match_restrictions, pair_status

ROOT = Path(__file__).resolve().parent.parent


def _standing(catalog, answers) -> dict[str, str]:
    return {m.entry.id: m.standing for m in match_restrictions(catalog.restrictions, answers)}


def test_a_taiwan_agency_is_bound_by_the_executive_yuan_decision(catalog) -> None:
    """The 3 Feb 2025 decision and the Nov 2025 statements bind agencies; MODA's first notice
    is history (superseded); the National Security Bureau's advice only informs."""
    found = _standing(catalog, {"jurisdictions": ["tw"], "body_type": ["central-gov"]})
    assert found == {
        "tw-ey": "binding",
        "tw-agencies-2025-11": "binding",
        "tw-prc-ict": "binding",
        "tw-nsb": "related",
        "tw-moda": "history",
    }


def test_a_private_taiwan_retailer_is_bound_by_nothing(catalog) -> None:
    """Operating in Taiwan is not being a Taiwanese agency: only the public advisory concerns it."""
    found = _standing(catalog, {"jurisdictions": ["tw"], "body_type": ["private"]})
    assert found == {"tw-nsb": "related"}


@pytest.mark.parametrize(
    "bodies",
    [
        ["critical-infra"],
        ["soe"],
        ["public-corp"],
        ["public-education"],
        ["local-gov"],
        ["state-gov"],
    ],
)
def test_the_executive_yuan_binds_every_body_it_names(catalog, bodies) -> None:
    """State-owned enterprises, administrative corporations, schools, critical infrastructure."""
    assert _standing(catalog, {"jurisdictions": ["tw"], "body_type": bodies})["tw-ey"] == "binding"


def test_a_navy_rule_only_informs_a_civilian_federal_body(catalog) -> None:
    """House, Navy and NASA rules bind those bodies; another federal agency sees them related."""
    found = _standing(
        catalog, {"jurisdictions": ["us-federal"], "body_type": ["central-gov"], "sector": "other"}
    )
    assert found["us-house"] == "related" and found["us-nasa"] == "related"
    assert found["us-navy"] == "related"


def test_a_federal_defence_body_is_bound_by_navy_and_dod(catalog) -> None:
    """A federal defence body: the Navy and DoD entries bind it."""
    found = _standing(
        catalog,
        {"jurisdictions": ["us-federal"], "body_type": ["central-gov"], "sector": "defense"},
    )
    assert found["us-navy"] == "binding" and found["us-dod"] == "binding"


def test_a_texas_agency_sees_texas_and_no_federal_body_rules(catalog) -> None:
    """A state agency that also ticks 'federal level' is bound by Texas only."""
    found = _standing(
        catalog,
        {
            "jurisdictions": ["us-tx", "us-federal"],
            "body_type": ["state-gov"],
            "sector": "government",
        },
    )
    assert found == {"us-texas": "binding", "us-texas-2026": "binding"}


def test_a_texas_city_is_not_the_state(catalog) -> None:
    """Texas's list binds state employees and contractors; a city sees it as related, and
    whether chapter 620 reaches it is an entry to confirm (binding by its own entry, which
    rules nothing out for sure: every pair it names is "confirm")."""
    found = _standing(catalog, {"jurisdictions": ["us-tx"], "body_type": ["local-gov"]})
    assert found == {
        "us-texas": "related",
        "us-texas-2026": "related",
        "us-texas-local": "binding",
    }
    local = catalog.restrictions.by_id["us-texas-local"]
    assert not local.covers and local.unclear and local.certainty == "uncertain"


def test_virginia_binds_its_public_universities(catalog) -> None:
    """Executive Order 46 reached state universities (state devices and networks)."""
    found = _standing(catalog, {"jurisdictions": ["us-va"], "body_type": ["public-education"]})
    assert found == {"us-virginia": "binding"}


def test_a_sector_rule_without_a_sector_is_only_assumed(catalog) -> None:
    """Navy and DoD rules bind defence bodies: with no sector given they are assumed, and an
    assumption derives no blocker."""
    answers = {"jurisdictions": ["us-federal"], "body_type": ["central-gov"]}
    matches = {m.entry.id: m for m in match_restrictions(catalog.restrictions, answers)}
    assert matches["us-navy"].binding and matches["us-navy"].assumed
    assert family_blocks(catalog.routes, list(matches.values()), ["deepseek-weights"]) == []


def test_italy_binds_only_when_personal_data_goes_to_deepseek(catalog) -> None:
    """The Garante order limits DeepSeek's processing of personal data: binding for personal
    data, related for public data, assumed when the data class is not given."""
    base = {"jurisdictions": ["it"], "body_type": ["private"]}
    laws = {"it-garante", "eu-gdpr-transfer"}  # both bind as law, for personal data only
    personal = _standing(catalog, {**base, "sec_data_class": "personal"})
    assert {k for k, v in personal.items() if v == "binding"} == laws
    public = _standing(catalog, {**base, "sec_data_class": "public"})
    assert {public[k] for k in laws} == {"related"} and "binding" not in public.values()
    unknown = {m.entry.id: m for m in match_restrictions(catalog.restrictions, base)}
    assert all(unknown[k].binding and unknown[k].assumed for k in laws)
    assert unknown["it-agcm"].standing == "related"  # a notice addressed to DeepSeek


def test_the_texas_list_binds_contractors(catalog) -> None:
    """Texas's list covers contractors doing state work, not only employees."""
    found = _standing(catalog, {"jurisdictions": ["us-tx"], "body_type": ["gov-contractor"]})
    assert found == {"us-texas": "binding", "us-texas-2026": "binding"}


def test_every_us_state_with_an_entry_is_a_jurisdiction(catalog, questionnaire) -> None:
    """Jurisdictions list every state the watchlist names; reported ones say so."""
    options = set(questionnaire.questions_by_id["jurisdictions"].option_ids)
    states = {
        j for e in catalog.restrictions.entries for j in e.jurisdictions if j.startswith("us")
    }
    assert states <= options
    assert {"us-ia", "us-ok", "us-al", "us-sd", "us-la", "us-tn", "us-nv"} <= states
    reported = {e.id for e in catalog.restrictions.entries if e.certainty == "reported"}
    assert "us-state-nv" in reported and "us-state-ia" not in reported


def test_korea_lifted_suspension_is_history_and_ministry_blocks_bind_ministries(catalog) -> None:
    """The PIPC suspension was lifted; the ministries' blocks are separate and in force; the
    PIPC's transfer findings bind everyone with personal data."""
    private = _standing(
        catalog, {"jurisdictions": ["kr"], "body_type": ["private"], "sec_data_class": "public"}
    )
    assert private == {"kr-pipc": "history", "kr-pipc-transfer": "related"}
    ministry = _standing(
        catalog,
        {"jurisdictions": ["kr"], "body_type": ["central-gov"], "sec_data_class": "personal"},
    )
    assert ministry == {
        "kr-ministries": "binding",
        "kr-pipc-transfer": "binding",
        "kr-pipc": "history",
    }


def test_history_entries_rule_nothing_out(catalog) -> None:
    """A lifted entry never makes a (route, model) pair ruled out."""
    matches = match_restrictions(
        catalog.restrictions,
        {"jurisdictions": ["kr"], "body_type": ["private"], "sec_data_class": "internal"},
    )
    assert pair_status("lowcost-vendor-api", "deepseek-hosted", matches) == ("allowed", ())


def test_without_a_body_type_binding_entries_are_assumed(catalog) -> None:
    """No body type given: entries that bind someone are listed as binding, flagged assumed."""
    matches = match_restrictions(catalog.restrictions, {"jurisdictions": ["cz"]})
    assert {(m.entry.id, m.standing, m.assumed) for m in matches} == {
        ("cz-gov", "binding", True),
        ("cz-nukib", "binding", True),
        ("eu-gdpr-transfer", "binding", True),  # its condition (personal data) not answered
    }


def test_no_jurisdiction_means_no_match(catalog) -> None:
    """Nothing matches before the jurisdictions question is answered."""
    assert _standing(catalog, {"body_type": ["central-gov"]}) == {}


def test_a_rule_about_deepseek_never_rules_out_llama(catalog) -> None:
    """The Navy's "any capacity" rule covers DeepSeek's weights, not other open weights."""
    answers = {"jurisdictions": ["us-federal"], "body_type": ["central-gov"], "sector": "defense"}
    matches = match_restrictions(catalog.restrictions, answers)
    for route in ("open-weights-self-hosted", "open-weights-cloud"):
        assert pair_status(route, "open-weights", matches)[0] == "allowed"
        assert pair_status(route, "deepseek-weights", matches)[0] == "ruled_out"


def test_taiwan_weights_are_ruled_out_since_november_2025(catalog) -> None:
    """Since 16-17 Nov 2025 the agencies' stop includes on-premises downloads: self-hosted
    DeepSeek weights are ruled out (no longer "confirm"); Qwen too, as PRC-brand software."""
    matches = match_restrictions(
        catalog.restrictions, {"jurisdictions": ["tw"], "body_type": ["central-gov"]}
    )
    status, by = pair_status("open-weights-self-hosted", "deepseek-weights", matches)
    assert status == "ruled_out" and [m.entry.id for m in by] == ["tw-agencies-2025-11"]
    status, by = pair_status("open-weights-self-hosted", "prc-open-weights", matches)
    assert status == "ruled_out" and [m.entry.id for m in by] == ["tw-prc-ict"]
    assert pair_status("lowcost-vendor-api", "deepseek-hosted", matches)[0] == "ruled_out"


def test_a_family_is_blocked_only_when_every_route_for_it_is_ruled_out(catalog) -> None:
    """DeepSeek's hosted service runs on one route; Czech rules cover DeepSeek in any form."""
    tw = match_restrictions(
        catalog.restrictions, {"jurisdictions": ["tw"], "body_type": ["central-gov"]}
    )
    blocks = family_blocks(
        catalog.routes, tw, ["deepseek-hosted", "deepseek-weights", "open-weights"]
    )
    assert [b.family for b in blocks] == ["deepseek-hosted", "deepseek-weights"]
    cz = match_restrictions(
        catalog.restrictions, {"jurisdictions": ["cz"], "body_type": ["local-gov"]}
    )
    blocks = family_blocks(catalog.routes, cz, ["deepseek-weights", "open-weights"])
    assert [b.family for b in blocks] == ["deepseek-weights"]


def test_assumed_entries_derive_no_blocker(catalog) -> None:
    """An entry merely assumed to bind (no body type) warns but never blocks."""
    matches = match_restrictions(catalog.restrictions, {"jurisdictions": ["tw"]})
    assert family_blocks(catalog.routes, matches, ["deepseek-hosted"]) == []


def test_the_watchlist_is_refreshed(catalog) -> None:
    """The second edition's facts are in: dates, statuses, sources and a maximum age."""
    by_id = catalog.restrictions.by_id
    assert by_id["tw-ey"].date == "2025-02-03"
    assert by_id["ca-federal"].date == "2025-02-06" and by_id["nl-gov"].date == "2025-02-06"
    assert by_id["kr-pipc"].status == "lifted" and by_id["kr-pipc"].until
    assert by_id["tw-moda"].superseded_by == "tw-ey"
    assert by_id["dk-parliament"].date == "2025-03-12"
    assert ("open-weights-self-hosted", "deepseek-weights") in by_id["cz-gov"].covered_pairs
    assert catalog.restrictions.max_age_days > 0
    for entry in catalog.restrictions.entries:
        assert entry.source and entry.as_of


# --------------------------------------------------------------------------- validation
def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "restrictions.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _raw() -> dict:
    return yaml.safe_load((ROOT / "data" / "restrictions.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda e: e["binds"][0].update(bodies=["ministry-of-magic"]),
            "entries[tw-ey].binds[0].bodies: must be options of genai-readiness:body_type, "
            "got 'ministry-of-magic'",
        ),
        (
            lambda e: e["covers"][0].update(families=["gpt-9"]),
            "entries[tw-ey].covers[0].families: must be options of genai-readiness:models, "
            "got 'gpt-9'",
        ),
        (
            lambda e: e["covers"][0].update(routes=["carrier-pigeon"]),
            "entries[tw-ey].covers[0].routes: must be route ids of data/routes.yaml, "
            "got 'carrier-pigeon'",
        ),
        (
            lambda e: e.update(status="lifted"),
            "entries[tw-ey].until: a lifted entry must say when it ended, got no date",
        ),
        (
            lambda e: e.update(status="repealed"),
            "entries[tw-ey].status: must be one of 'in_force', 'lifted' or 'superseded', "
            "got 'repealed'",
        ),
        (
            lambda e: e.update(superseded_by="nobody"),
            "entries[tw-ey].superseded_by: must be an entry id, got 'nobody'",
        ),
    ],
)
def test_validation_names_file_and_key(tmp_path, change, expected) -> None:
    """Unknown body types, families, routes, statuses; a lifted entry without an end date."""
    raw = _raw()
    assert raw["entries"][0]["id"] == "tw-ey"
    change(raw["entries"][0])
    root = tmp_path / "root"
    for folder in ("questionnaires", "weights", "data"):
        (root / folder).mkdir(parents=True)
    for path in (ROOT / "questionnaires").glob("*.yaml"):
        (root / "questionnaires" / path.name).write_bytes(path.read_bytes())
    for path in (ROOT / "weights").glob("*.yaml"):
        (root / "weights" / path.name).write_bytes(path.read_bytes())
    for name in ("routes.yaml", "model_prices.yaml"):
        (root / "data" / name).write_bytes((ROOT / "data" / name).read_bytes())
    _write(root / "data", raw)
    with pytest.raises(ConfigError) as info:
        load_catalog(root)
    lines = info.value.lines
    assert any(
        line.startswith("data/restrictions.yaml: ") or "restrictions.yaml: " in line
        for line in lines
    )
    assert any(expected in line for line in lines), lines


def test_load_restrictions_checks_against_the_questionnaire(tmp_path, questionnaire) -> None:
    """Loaded on its own with a questionnaire, an unknown family is named with its entry."""
    raw = _raw()
    raw["entries"][2]["covers"][0]["families"] = ["deepseek-hosted", "llama-9"]
    with pytest.raises(ConfigError) as info:
        load_restrictions(_write(tmp_path, raw), questionnaire)
    entry = raw["entries"][2]["id"]
    assert f"entries[{entry}].covers[0].families: must be options of" in info.value.lines[0]
    assert "'llama-9'" in info.value.lines[0]

"""Matching the watchlist to the profile answers."""

from __future__ import annotations

from wizard.restrictions import match_restrictions


def _ids(catalog, answers) -> set[str]:
    return {m.entry.id for m in match_restrictions(catalog.restrictions, answers)}


def test_taiwan_government_matches_moda(catalog) -> None:
    """A Taiwanese agency is bound by the MODA rule; a Taiwanese retailer is not."""
    assert "tw-moda" in _ids(catalog, {"sector": "government", "jurisdictions": ["tw"]})
    assert _ids(catalog, {"sector": "retail", "jurisdictions": ["tw"]}) == set()


def test_all_sector_entries_match_any_sector(catalog) -> None:
    """Italy's Garante order and Korea's suspension reach every sector."""
    found = _ids(catalog, {"sector": "retail", "jurisdictions": ["it", "kr", "jp"]})
    assert found == {"it-garante", "kr-pipc"}


def test_us_federal_defence_matches_navy_and_dod(catalog) -> None:
    """US federal defence gets the Navy and DoD entries but not the Texas one."""
    found = _ids(catalog, {"sector": "defense", "jurisdictions": ["us-federal"]})
    assert {"us-navy", "us-dod"} <= found and "us-texas" not in found


def test_missing_sector_lists_entries_flagged_as_assumed(catalog) -> None:
    """Without a sector, jurisdiction matches are shown but flagged."""
    matches = match_restrictions(catalog.restrictions, {"jurisdictions": ["cz"]})
    assert [(m.entry.id, m.sector_assumed) for m in matches] == [("cz-gov", True)]


def test_no_jurisdiction_means_no_match(catalog) -> None:
    """Nothing matches before the jurisdictions question is answered."""
    assert _ids(catalog, {"sector": "government"}) == set()

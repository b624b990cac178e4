"""The validated catalog is kept between processes, keyed by every file it reads and the code
that checks them; what is read back builds only the catalog's own classes."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from wizard import PROJECT_ROOT
from wizard.config import load_catalog
from wizard.config.validated_cache import _place
from wizard.settings import PARSE_CACHE_ENV


@pytest.fixture()
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "parsed"
    monkeypatch.setenv(PARSE_CACHE_ENV, str(folder))
    return folder


@pytest.fixture()
def root(tmp_path) -> Path:
    """A copy of the shipped configs that a test may change."""
    copy = tmp_path / "configs"
    for name in ("questionnaires", "weights", "data"):
        shutil.copytree(PROJECT_ROOT / name, copy / name)
    return copy


def _kept(folder: Path) -> list[Path]:
    return sorted(folder.glob("catalog-*.pickle"))


def test_a_kept_catalog_reads_back_as_the_one_validated(cache, root) -> None:
    fresh = load_catalog(root)
    assert len(_kept(cache)) == 1
    again = load_catalog(root)
    q1, q2 = fresh.questionnaire(), again.questionnaire()
    assert q2.model_dump() == q1.model_dump()
    assert [r.id for r in again.restrictions.entries] == [r.id for r in fresh.restrictions.entries]
    assert sorted(again.weights) == sorted(fresh.weights)


def test_a_changed_file_is_validated_again_and_its_change_is_seen(cache, root) -> None:
    load_catalog(root)
    path = root / "data" / "use_cases.yaml"
    path.write_text(path.read_text("utf-8").replace("max_cases: 15", "max_cases: 12"), "utf-8")
    assert load_catalog(root).use_cases.max_cases == 12
    assert len(_kept(cache)) == 2  # a new key: the old one is never read for the new files


def test_a_broken_file_is_never_hidden_by_a_kept_catalog(cache, root) -> None:
    from wizard.errors import ConfigError

    load_catalog(root)
    path = root / "data" / "use_cases.yaml"
    path.write_text(path.read_text("utf-8").replace("max_cases: 15", "max_cases: many"), "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalog(root)
    assert "max_cases" in str(caught.value)


class _Planted:
    def __reduce__(self):
        return (os.system, ("touch planted-by-cache",))


def test_a_planted_object_is_never_built_and_the_configs_are_validated(
    cache, root, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = _place(root)
    assert path is not None
    path.write_bytes(pickle.dumps(_Planted()))
    catalog = load_catalog(root)
    assert not (tmp_path / "planted-by-cache").exists()
    assert catalog.questionnaire().questions  # validated from the files instead
    assert load_catalog(root).questionnaire().questions  # and kept anew


def test_off_keeps_nothing(tmp_path, monkeypatch, root) -> None:
    monkeypatch.setenv(PARSE_CACHE_ENV, "off")
    load_catalog(root)
    assert not list(tmp_path.rglob("catalog-*.pickle"))

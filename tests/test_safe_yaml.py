"""The shipped YAML files are parsed once per content and read back as plain data only."""

from __future__ import annotations

import os
import pickle
from datetime import date
from pathlib import Path

import pytest

from wizard.safe_yaml import TRUSTED_LOADER, _parse, load_with
from wizard.settings import PARSE_CACHE_ENV

TEXT = "id: demo\nas_of: 2026-12-04\nitems:\n  - {a: 1, b: [x, y]}\n  - text with ü and 中文\n"


@pytest.fixture()
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "parsed"
    monkeypatch.setenv(PARSE_CACHE_ENV, str(folder))
    return folder


def test_a_cached_file_reads_back_the_same_data_as_parsing_it(cache) -> None:
    first = load_with(TRUSTED_LOADER, TEXT)
    assert len(list(cache.glob("*.pickle"))) == 1
    again = load_with(TRUSTED_LOADER, TEXT)
    assert first == again == _parse(TRUSTED_LOADER, TEXT)
    assert again["as_of"] == date(2026, 12, 4)
    again["items"].append("changed")  # each read is a fresh copy: callers may change it
    assert load_with(TRUSTED_LOADER, TEXT) == first


def test_a_changed_text_is_parsed_again_never_taken_from_the_cache(cache) -> None:
    load_with(TRUSTED_LOADER, TEXT)
    assert load_with(TRUSTED_LOADER, TEXT.replace("demo", "other"))["id"] == "other"
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_planted_object_in_the_cache_is_never_built(cache) -> None:
    load_with(TRUSTED_LOADER, TEXT)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(pickle.dumps(Path("/etc/passwd")))  # an object, not plain data
    assert load_with(TRUSTED_LOADER, TEXT) == _parse(TRUSTED_LOADER, TEXT)
    entry.write_bytes(b"\x80\x05garbage")
    assert load_with(TRUSTED_LOADER, TEXT)["id"] == "demo"


def test_a_link_or_a_folder_others_can_write_is_not_used(cache, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache.symlink_to(elsewhere, target_is_directory=True)
    assert load_with(TRUSTED_LOADER, TEXT)["id"] == "demo"
    assert list(elsewhere.iterdir()) == []  # nothing written through the link
    cache.unlink()
    cache.mkdir()
    os.chmod(cache, 0o777)
    assert load_with(TRUSTED_LOADER, TEXT)["id"] == "demo"
    assert list(cache.iterdir()) == []


def test_off_keeps_nothing_and_user_files_are_never_cached(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv(PARSE_CACHE_ENV, "off")
    assert load_with(TRUSTED_LOADER, TEXT)["id"] == "demo"
    monkeypatch.delenv(PARSE_CACHE_ENV)
    from wizard.config.yaml_io import read_yaml_mapping  # an uploaded file's reader

    outside = tmp_path / "mine.yaml"  # a --weights path: a file from a user
    outside.write_text(TEXT, encoding="utf-8")
    assert read_yaml_mapping(outside)["id"] == "demo"
    assert not any(tmp_path.rglob("*.pickle"))

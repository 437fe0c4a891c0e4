"""Rebuilds with a cache keep the last resolution and resolved graph when the changed articles resolve
as before, and resolve again otherwise; either way the output is a fresh build's."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FILLER, generated_corpus
from kg.build.cache import SnapshotCache
from kg.build.pipeline import build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("corpus"), count=14, seed=31, seeds=2)


def nquads(result) -> bytes:
    return b"".join(data for _, _, data in result.nquads())


def fresh(articles) -> bytes:
    return nquads(build([articles]))


def cached(articles, cache) -> tuple:
    result = build([articles], cache_dir=cache, slim=True)
    return result, nquads(result)


def test_an_edit_that_resolves_alike_keeps_the_resolution_and_the_resolved_graph(articles, tmp_path, monkeypatch):
    first, _ = cached(articles, tmp_path / "cache")
    victim = sorted(articles.glob("0*.txt"))[3]
    victim.write_text(victim.read_text(encoding="utf-8") + FILLER, encoding="utf-8")
    import kg.rdf.emit
    import kg.resolve

    def refuse(*args, **kwargs):
        raise AssertionError("resolved again")

    with monkeypatch.context() as patched:
        patched.setattr(kg.resolve, "resolve", refuse)
        patched.setattr(kg.rdf.emit, "resolved_chunks", refuse)
        again, data = cached(articles, tmp_path / "cache")
    assert again.snapshot.token == first.snapshot.token
    assert (again.stats.extracted, again.stats.cache_hits) == (1, 15)
    assert data == fresh(articles)
    third, data = cached(articles, tmp_path / "cache")   # the kept changes are read back
    assert third.snapshot.token == first.snapshot.token and third.stats.extracted == 0
    assert data == fresh(articles)


def test_an_edit_that_changes_the_people_resolves_again(articles, seeds_dir, tmp_path):
    first, _ = cached(articles, tmp_path / "cache")
    victim = sorted(articles.glob("0*.txt"))[2]
    victim.write_bytes(sorted(seeds_dir.glob("*.txt"))[-1].read_bytes())   # other people, same identifier
    again, data = cached(articles, tmp_path / "cache")
    assert again.snapshot.token != first.snapshot.token
    assert data == fresh(articles)


def test_an_added_or_removed_article_resolves_again(articles, tmp_path):
    first, _ = cached(articles, tmp_path / "cache")
    gone = sorted(articles.glob("0*.txt"))[0]
    gone.unlink()
    again, data = cached(articles, tmp_path / "cache")
    assert again.snapshot.token != first.snapshot.token
    assert data == fresh(articles)


def test_two_edits_in_a_row_keep_building_the_fresh_bytes(articles, tmp_path):
    cached(articles, tmp_path / "cache")
    for victim in sorted(articles.glob("0*.txt"))[4:6]:
        victim.write_text(victim.read_text(encoding="utf-8") + FILLER, encoding="utf-8")
        _, data = cached(articles, tmp_path / "cache")
        assert data == fresh(articles)


def test_a_damaged_kept_resolution_is_resolved_again(articles, tmp_path):
    first, expected = cached(articles, tmp_path / "cache")
    (tmp_path / "cache" / "resolution.pickle").write_bytes(b"\x80\x05 not a pickle")
    (tmp_path / "cache" / "resolved.nq").write_bytes(b"<a> <b> <c> <d> .\n")
    assert SnapshotCache(tmp_path / "cache").load() is None
    again, data = cached(articles, tmp_path / "cache")
    assert again.snapshot.token != first.snapshot.token and data == expected


def test_with_two_jobs_the_changed_article_is_extracted_in_a_worker_while_the_resolution_loads(articles, tmp_path):
    build([articles], cache_dir=tmp_path / "cache", slim=True, jobs=2)
    victim = sorted(articles.glob("0*.txt"))[5]
    victim.write_text(victim.read_text(encoding="utf-8") + FILLER, encoding="utf-8")
    again = build([articles], cache_dir=tmp_path / "cache", slim=True, jobs=2)
    assert (again.stats.extracted, again.stats.cache_hits) == (1, 15)
    assert nquads(again) == fresh(articles)

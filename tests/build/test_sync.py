"""`kg build --into` keeps a store in step with the corpus: only changed graphs are written, the graphs
of articles that left the corpus are removed, other graphs are left alone."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from helpers import generated_corpus
from kg import ids
from kg.build.cache import GraphCache
from kg.build.sync import StoreRecord, changed_graphs
from kg.cli import cli

MARK = "https://example.org/untouched"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("corpus"), count=8, seed=41, seeds=1)


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def graphs(store: Path) -> set[str]:
    return {g.value for g in ox.Store.read_only(str(store)).named_graphs()}


def mark(store: Path, graph: str) -> None:
    """Add a triple to `graph` that a rewrite of the graph would remove."""
    run("update", f"INSERT DATA {{ GRAPH <{graph}> {{ <{MARK}> <{MARK}> <{MARK}> }} }}", "-l", store)


def marked(store: Path, graph: str) -> bool:
    return bool(ox.Store.read_only(str(store)).query(f"ASK {{ GRAPH <{graph}> {{ <{MARK}> ?p ?o }} }}"))


def test_a_rebuild_into_a_store_writes_only_changed_graphs_and_removes_those_of_articles_gone(articles, tmp_path):
    store, cache = tmp_path / "store", tmp_path / "cache"
    run("build", articles, "--into", store, "--cache-dir", cache)
    paths = sorted(articles.glob("*.txt"))
    kept, changed, gone = (ids.article(p.stem) for p in paths[:3])
    mark(store, kept)
    mark(store, changed)
    paths[1].write_text(paths[1].read_text(encoding="utf-8") + "\nThe talks ended late.\n", encoding="utf-8")
    paths[2].unlink()
    other = "https://example.org/graph/loaded-by-hand"
    run("update", f"INSERT DATA {{ GRAPH <{other}> {{ <{MARK}> <{MARK}> <{MARK}> }} }}", "-l", store)
    run("build", articles, "--into", store, "--cache-dir", cache)
    assert marked(store, kept)          # unchanged: not written again
    assert not marked(store, changed)   # changed: replaced as a whole
    assert gone not in graphs(store)    # its article left the corpus
    assert other in graphs(store)       # never loaded by a build: left alone
    fresh = tmp_path / "fresh"
    run("build", articles, "--into", fresh, "--no-cache")
    assert graphs(fresh) | {other} == graphs(store)


def test_a_graph_the_store_lost_is_written_again(corpus, tmp_path):
    store, cache = tmp_path / "store", tmp_path / "cache"
    run("build", corpus, "--into", store, "--cache-dir", cache)
    lost = ids.article(sorted(corpus.glob("*.txt"))[0].stem)
    run("update", f"DROP GRAPH <{lost}>", "-l", store)
    run("build", corpus, "--into", store, "--cache-dir", cache)
    assert lost in graphs(store)


def test_without_a_cache_every_graph_is_written_and_none_removed(corpus, tmp_path):
    store = tmp_path / "store"
    run("build", corpus, "--into", store, "--no-cache")
    first = ids.article(sorted(corpus.glob("*.txt"))[0].stem)
    mark(store, first)
    run("build", corpus, "--into", store, "--no-cache")
    assert not marked(store, first)


def test_changed_graphs_passes_a_graph_whole_and_records_every_digest():
    chunks = [("g1", 1, b"a\n"), ("g2", 1, b"b\n"), ("r", 1, b"c\n"), ("r", 1, b"d\n")]
    digests = {}
    first = list(changed_graphs(chunks, loaded={}, present=set(), digests=digests))
    assert first == chunks and set(digests) == {"g1", "g2", "r"}
    again = {}
    assert list(changed_graphs(chunks, loaded=digests, present={"g1", "g2", "r"}, digests=again)) == []
    assert again == digests
    changed = [("g1", 1, b"a\n"), ("g2", 1, b"b\n"), ("r", 1, b"c\n"), ("r", 1, b"e\n")]
    assert list(changed_graphs(changed, loaded=digests, present={"g1", "r"}, digests={})) == changed[1:]


def test_a_rebuild_into_a_store_reads_no_unchanged_graph_from_the_cache(corpus, tmp_path, monkeypatch):
    store, cache = tmp_path / "store", tmp_path / "cache"
    run("build", corpus, "--into", store, "--cache-dir", cache, "-j", "1")
    read = []
    original = GraphCache.get_bytes
    monkeypatch.setattr(GraphCache, "get_bytes", lambda self, key, **kw: read.append(key) or original(self, key, **kw))
    result = run("build", corpus, "--into", store, "--cache-dir", cache, "-j", "1")
    assert read == [] and "9 graphs reused" in result.output
    fresh = tmp_path / "fresh"
    run("build", corpus, "--into", fresh, "--no-cache")
    assert set(map(str, ox.Store.read_only(str(store)))) == set(map(str, ox.Store.read_only(str(fresh))))


def test_a_rebuild_into_a_large_store_does_not_count_its_distinct_triples(corpus, tmp_path, monkeypatch):
    from kg.cli import build_cmd

    store, cache = tmp_path / "store", tmp_path / "cache"
    first = run("build", corpus, "--into", store, "--cache-dir", cache)
    assert "distinct triples)" in first.output      # a new store is counted as it is made
    monkeypatch.setattr(build_cmd, "COUNT_DISTINCT_UP_TO", 10)
    again = run("build", corpus, "--into", store, "--cache-dir", cache)
    assert "(distinct triples not counted)" in again.output


def test_a_store_record_of_the_earlier_layout_still_names_the_graphs_loaded(tmp_path):
    import pickle

    record = StoreRecord(tmp_path / "cache", tmp_path / "store")
    record.path.parent.mkdir(parents=True)
    record.path.write_bytes(pickle.dumps({"http://x/g": "0" * 40}))
    assert record.load() == {"http://x/g": "0" * 40} and record.keys == {}
    record.save({"http://x/g": "1" * 40}, {"http://x/g": ("k", 3)})
    again = StoreRecord(tmp_path / "cache", tmp_path / "store")
    assert again.load() == {"http://x/g": "1" * 40} and again.keys == {"http://x/g": ("k", 3)}

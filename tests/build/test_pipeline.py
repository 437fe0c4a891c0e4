"""The build pipeline: parallel extraction, incremental builds from the cache, trimmed facts, streaming."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import cache as cache_mod
from kg.errors import InputError
from kg.rdf.emit import emit, serialize
from helpers import generated_corpus
from kg.build.pipeline import Excerpts, build, resolve_jobs



@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Ten generated articles plus two seeds: enough for two workers, small enough to be quick."""
    return generated_corpus(tmp_path_factory.mktemp("corpus"), count=10, seed=11, seeds=2)


@pytest.fixture(scope="module")
def reference(corpus) -> bytes:
    """The N-Quads of a plain one-process build without cache."""
    return serialize(build([corpus]).quads, fmt="nq")


def _copy(corpus: Path, tmp_path: Path) -> Path:
    target = tmp_path / "articles"
    shutil.copytree(corpus, target)
    return target


def test_two_jobs_give_byte_identical_output(corpus, reference):
    result = build([corpus], jobs=2)
    assert result.stats.jobs == 2 and result.stats.extracted == 12
    assert serialize(result.quads, fmt="nq") == reference


def test_nquads_made_in_two_processes_are_the_reference_bytes(corpus, reference):
    """Emission in worker processes streams the same bytes, graph by graph, as one process."""
    one = list(build([corpus], jobs=1).nquads())
    two = list(build([corpus], jobs=2).nquads())
    assert two == one
    assert b"".join(data for _, _, data in two) == reference
    assert [g for g, _, _ in two][-1].endswith("/graph/resolved")
    assert sum(n for _, n, _ in two) == reference.count(b"\n")


def test_two_jobs_identical_in_turtle(corpus):
    one = serialize(build([corpus], jobs=1).quads, fmt="ttl")
    two = serialize(build([corpus], jobs=2).quads, fmt="ttl")
    assert one == two


def test_trimmed_facts_emit_what_full_text_emits(corpus, reference):
    full = build([corpus], keep_text=True)
    assert isinstance(full.facts[0].article.text, str)
    assert serialize(full.quads, fmt="nq") == reference


def test_facts_keep_only_excerpts_of_the_text(corpus):
    result = build([corpus])
    kept = total = 0
    for facts in result.facts:
        text = facts.article.text
        assert isinstance(text, Excerpts)
        assert text.kept() <= len(text)
        kept, total = kept + text.kept(), total + len(text)
        for statement in facts.statements:
            assert text[statement.span.start:statement.span.end]
    assert kept < total   # sentences without facts are dropped


def test_excerpts_refuse_text_they_did_not_keep():
    from kg.model import Span

    text = Excerpts("Hello there. General news. Bye.", [Span(0, 12), Span(6, 11), Span(27, 31)])
    assert text[0:12] == "Hello there."
    assert text[6:11] == "there"
    assert text[27:31] == "Bye."
    assert text.kept() == 16
    with pytest.raises(LookupError):
        text[13:26]
    with pytest.raises(LookupError):
        text[10:28]


def test_graphs_stream_in_output_order(corpus, reference):
    result = build([corpus])
    names = [g for g, _ in result.graphs()]
    assert names == sorted(names, key=lambda g: f"<{g}>")
    assert len(names) == len(set(names)) == 13   # twelve articles and the resolved graph
    assert names[-1].endswith("/graph/resolved")
    streamed = b"".join(serialize(quads, fmt="nq") for _, quads in result.graphs())
    assert streamed == reference
    assert emit(result.resolution) == result.quads


def test_second_build_reextracts_nothing(corpus, reference, tmp_path):
    first = build([corpus], cache_dir=tmp_path / "cache")
    assert (first.stats.extracted, first.stats.cache_hits, first.stats.cache_writes) == (12, 0, 12)
    second = build([corpus], cache_dir=tmp_path / "cache", jobs=2)
    assert (second.stats.extracted, second.stats.cache_hits) == (0, 12)
    assert serialize(second.quads, fmt="nq") == reference


def test_workers_write_the_cache_of_a_slim_parallel_build(corpus, reference, tmp_path):
    first = build([corpus], cache_dir=tmp_path / "cache", jobs=2, slim=True)
    assert (first.stats.extracted, first.stats.cache_writes) == (12, 12)
    files = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and "graphs" not in p.parts]
    entries = [p for p in files if p.parent != tmp_path / "cache"]   # the kept resolution is beside them
    assert sorted(p.name.endswith(".slim.pickle") for p in entries) == [False] * 12 + [True] * 12
    assert not [p for p in files if p.name.startswith(".")], "temporary files left behind"
    assert b"".join(data for _, _, data in first.nquads()) == reference
    second = build([corpus], cache_dir=tmp_path / "cache", jobs=2, slim=True)
    assert (second.stats.extracted, second.stats.cache_hits) == (0, 12)
    assert b"".join(data for _, _, data in second.nquads()) == reference


def test_one_changed_article_is_the_only_one_extracted(corpus, tmp_path):
    articles = _copy(corpus, tmp_path)
    build([articles], cache_dir=tmp_path / "cache")
    changed = sorted(articles.glob("0000*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Ministers meet in", "Envoys gather in", 1),
                       encoding="utf-8")
    again = build([articles], cache_dir=tmp_path / "cache")
    assert (again.stats.extracted, again.stats.cache_hits) == (1, 11)
    titles = {f.article.id: f.article.title for f in again.facts}
    assert titles[changed.stem].startswith("Envoys gather in")
    assert serialize(again.quads, fmt="nq") == serialize(build([articles]).quads, fmt="nq")


def test_renamed_article_is_extracted_under_its_new_name(corpus, tmp_path):
    articles = _copy(corpus, tmp_path)
    build([articles], cache_dir=tmp_path / "cache")
    first = sorted(articles.glob("*.txt"))[0]
    first.rename(articles / "renamed-article.txt")
    again = build([articles], cache_dir=tmp_path / "cache")
    assert again.stats.extracted == 1
    assert "renamed-article" in {f.article.id for f in again.facts}


def test_without_cache_every_article_is_extracted(corpus, tmp_path):
    build([corpus], cache_dir=tmp_path / "cache")
    again = build([corpus], cache_dir=None)
    assert (again.stats.extracted, again.stats.cache_hits) == (12, 0)


def test_corrupt_entry_is_extracted_again_and_rewritten(corpus, reference, tmp_path):
    build([corpus], cache_dir=tmp_path / "cache")
    entries = sorted((tmp_path / "cache").rglob("*.pickle"))
    entries[0].write_bytes(b"garbage")
    entries[1].write_bytes(entries[1].read_bytes()[:40])
    again = build([corpus], cache_dir=tmp_path / "cache")
    assert (again.stats.extracted, again.stats.cache_corrupt, again.stats.cache_writes) == (2, 2, 2)
    assert serialize(again.quads, fmt="nq") == reference
    third = build([corpus], cache_dir=tmp_path / "cache")
    assert third.stats.extracted == 0


def test_new_extractor_version_invalidates_the_cache(corpus, tmp_path, monkeypatch):
    build([corpus], cache_dir=tmp_path / "cache")
    monkeypatch.setattr(cache_mod, "extractor_version", lambda: "another-version")
    again = build([corpus], cache_dir=tmp_path / "cache")
    assert again.stats.extracted == 12


def test_unreadable_articles_are_reported_from_the_cache_too(corpus, tmp_path):
    articles = _copy(corpus, tmp_path)
    (articles / "zz-binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (articles / "zz-empty.txt").write_bytes(b"   \n")
    first = build([articles], cache_dir=tmp_path / "cache", jobs=2)
    again = build([articles], cache_dir=tmp_path / "cache", jobs=2)
    for result in (first, again):
        assert sorted(Path(f.path).name for f in result.failures) == ["zz-binary.txt", "zz-empty.txt"]
        assert len(result.facts) == 12
    assert again.stats.extracted == 0


def test_jobs_zero_means_every_core():
    assert resolve_jobs(0) >= 1
    assert resolve_jobs(3) == 3
    with pytest.raises(InputError):
        resolve_jobs(-1)


def test_a_broken_link_inside_a_folder_is_reported_not_skipped(tmp_path):
    from kg.build.pipeline import build

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    result = build([folder], cache_dir=tmp_path / "cache")
    assert [Path(f.path).name for f in result.failures] == ["gone.txt"]


def test_a_named_pipe_is_reported_with_the_cache_on(tmp_path):
    import os

    from kg.build.pipeline import build

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    result = build([pipe], cache_dir=tmp_path / "cache")
    assert [Path(f.path).name for f in result.failures] == ["pipe.txt"]


def _nquads(result) -> bytes:
    return b"".join(data for _, _, data in result.nquads())


def test_rebuild_reads_unchanged_graphs_back(corpus, reference, tmp_path):
    first = build([corpus], cache_dir=tmp_path / "cache", jobs=2)
    assert _nquads(first) == reference
    assert (first.stats.graphs_reused, first.stats.graphs_emitted) == (0, 12)
    again = build([corpus], cache_dir=tmp_path / "cache", jobs=2)
    assert _nquads(again) == reference
    assert (again.stats.graphs_reused, again.stats.graphs_emitted) == (12, 0)


def test_rebuild_after_edits_equals_a_fresh_build(corpus, tmp_path):
    """Changed, removed and added articles: only affected graphs are made again, output as if fresh."""
    articles = _copy(corpus, tmp_path)
    build_and_write = lambda: _nquads(build([articles], cache_dir=tmp_path / "cache"))   # noqa: E731
    build_and_write()
    changed = sorted(articles.glob("0000*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Ministers meet in", "Envoys gather in", 1),
                       encoding="utf-8")
    sorted(articles.glob("0000*.txt"))[1].unlink()
    shutil.copy(sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))[-1], articles)
    again = build([articles], cache_dir=tmp_path / "cache")
    assert _nquads(again) == _nquads(build([articles]))
    assert again.stats.graphs_emitted < 6 and again.stats.graphs_reused >= 6


def test_new_resolution_of_an_unchanged_article_remakes_its_graph(corpus, tmp_path):
    """A graph is reused only while the IRIs resolution gives its people and meetings stay the same."""
    from kg.build.emission import graph_key
    from kg.rdf.emit import article_groups

    result = build([corpus], cache_dir=tmp_path / "cache")
    (g, group), = [(g, grp) for g, grp in article_groups(result.resolution) if grp[0].persons][:1]
    before = graph_key(group, result.resolution)
    art, key = group[0].article.id, sorted(group[0].persons)[0]
    result.resolution.person_iri[(art, key)] += "-other"
    assert graph_key(group, result.resolution) != before


def test_damaged_graph_entry_is_made_again(corpus, reference, tmp_path):
    build_once = lambda: build([corpus], cache_dir=tmp_path / "cache")   # noqa: E731
    _nquads(build_once())
    entry = sorted((tmp_path / "cache" / "graphs").rglob("*.nq"))[0]
    entry.write_bytes(entry.read_bytes()[:-30] + b"x" * 30)
    again = build_once()
    assert _nquads(again) == reference
    assert (again.stats.graphs_reused, again.stats.graphs_emitted) == (11, 1)


def test_slim_build_writes_the_same_bytes_holding_less(corpus, reference, tmp_path):
    """With a cache, a slim build keeps people and meetings only; the graph is the same."""
    first = build([corpus], cache_dir=tmp_path / "cache", slim=True, jobs=2)
    assert _nquads(first) == reference
    assert all(not f.statements and f.article.text == "" for f in first.facts)
    assert all(not p.spans for f in first.facts for p in f.persons.values())
    again = build([corpus], cache_dir=tmp_path / "cache", slim=True)
    assert again.stats.cache_hits == 12 and again.facts[0].article.text == ""
    for entry in (tmp_path / "cache" / "graphs").rglob("*.nq"):
        entry.unlink()
    assert _nquads(again) == reference


def test_slim_build_extracts_again_when_full_facts_are_gone(corpus, reference, tmp_path):
    result = build([corpus], cache_dir=tmp_path / "cache", slim=True)
    for entry in (tmp_path / "cache").glob("*/*.pickle"):
        if not entry.name.endswith(".slim.pickle"):
            entry.unlink()
    assert _nquads(result) == reference
    again = build([corpus], cache_dir=tmp_path / "cache", slim=True)   # a slim entry alone is not a hit
    assert again.stats.extracted == 12
    assert _nquads(again) == reference


def test_slim_needs_a_cache(corpus):
    result = build([corpus], slim=True)
    assert not result.slim and any(f.statements for f in result.facts)


def test_slim_build_in_every_form(corpus, reference, tmp_path):
    slim = build([corpus], cache_dir=tmp_path / "cache", slim=True)
    assert serialize(slim.quads, fmt="nq") == reference
    assert [g for g, _ in slim.graph_keys()] == [g for g, _, _ in slim.nquads()]


def test_unknown_evidence_level_is_an_input_error(corpus):
    with pytest.raises(InputError, match="evidence"):
        build([corpus], evidence="sentences")


def test_evidence_none_streams_the_same_bytes_in_every_way(corpus, tmp_path):
    plain = build([corpus], evidence="none")
    two = build([corpus], jobs=2, evidence="none")
    data = b"".join(d for _, _, d in two.nquads())
    assert data == serialize(plain.quads, fmt="nq")
    assert b"/id/evidence/" not in data and len(data) > 1000


def test_the_resolved_graph_written_in_pieces_is_the_same_bytes(corpus, reference, monkeypatch):
    from kg.rdf import emit as emit_mod

    monkeypatch.setattr(emit_mod, "RESOLVED_CHUNK", 7)
    chunks = list(build([corpus]).nquads())
    resolved = [n for g, n, _ in chunks if g.endswith("/graph/resolved")]
    assert len(resolved) > 3 and all(n >= 7 for n in resolved[:-1])
    assert b"".join(data for _, _, data in chunks) == reference


def test_an_extractor_fault_on_one_article_is_reported_and_the_others_are_built(corpus, tmp_path, monkeypatch):
    import kg.extract.facts

    victim = sorted(p.stem for p in corpus.iterdir())[3]
    real = kg.extract.facts.extract

    def faulty(article):
        if article.id == victim:
            raise ZeroDivisionError("division by zero")
        return real(article)

    monkeypatch.setattr(kg.extract.facts, "extract", faulty)
    result = build([corpus], jobs=1, cache_dir=tmp_path / "cache")
    assert [Path(f.path).stem for f in result.failures] == [victim]
    assert "internal error" in result.failures[0].reason and "ZeroDivisionError" in result.failures[0].reason
    assert len(result.facts) == 11 and victim not in {f.article.id for f in result.facts}

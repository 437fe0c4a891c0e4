"""`kg build`: --jobs, the cache options, --into and the output file, through the click command."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from helpers import CONTRADICTING, generated_corpus



@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Six generated articles and one seed."""
    return generated_corpus(tmp_path_factory.mktemp("corpus"), count=6, seed=21, seeds=1)


def run(*args):
    """Invoke `kg` with arguments; returns the click Result."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_jobs_two_writes_the_same_bytes_as_jobs_one(corpus, tmp_path):
    one = run("build", corpus, "-o", tmp_path / "one.nq", "--no-cache", "-j", "1")
    two = run("build", corpus, "-o", tmp_path / "two.nq", "--no-cache", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert (tmp_path / "one.nq").read_bytes() == (tmp_path / "two.nq").read_bytes()
    assert (tmp_path / "one.nq").stat().st_size > 10_000


def test_jobs_zero_uses_every_core_and_matches(corpus, tmp_path):
    assert run("build", corpus, "-o", tmp_path / "a.ttl", "--no-cache").exit_code == 0
    assert run("build", corpus, "-o", tmp_path / "b.ttl", "--no-cache", "-j", "0").exit_code == 0
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()


def test_negative_jobs_is_a_usage_error(corpus, tmp_path):
    result = run("build", corpus, "-o", tmp_path / "g.nq", "-j", "-1")
    assert result.exit_code == 2
    assert not (tmp_path / "g.nq").exists()


def test_cache_beside_the_output_makes_the_second_build_extract_nothing(corpus, tmp_path):
    first = run("build", corpus, "-o", tmp_path / "g.nq")
    assert first.exit_code == 0
    assert "0 from cache, 7 extracted" in first.output
    assert any((tmp_path / ".kg-cache").rglob("*.pickle"))
    before = (tmp_path / "g.nq").read_bytes()
    second = run("build", corpus, "-o", tmp_path / "g.nq")
    assert "7 from cache, 0 extracted" in second.output
    assert (tmp_path / "g.nq").read_bytes() == before


def test_cache_dir_option_and_no_cache(corpus, tmp_path):
    out = tmp_path / "out"
    assert run("build", corpus, "-o", out / "g.nq", "--cache-dir", tmp_path / "c").exit_code == 0
    assert any((tmp_path / "c").rglob("*.pickle")) and not (out / ".kg-cache").exists()
    again = run("build", corpus, "-o", out / "g.nq", "--cache-dir", tmp_path / "c")
    assert "7 from cache" in again.output
    fresh = run("build", corpus, "-o", out / "h.nq", "--no-cache")
    assert fresh.exit_code == 0 and "from cache" not in fresh.output
    assert not (out / ".kg-cache").exists()
    assert (out / "g.nq").read_bytes() == (out / "h.nq").read_bytes()


def test_streamed_nquads_equal_the_other_formats_content(corpus, tmp_path):
    import pyoxigraph as ox

    assert run("build", corpus, "-o", tmp_path / "g.nq", "--no-cache").exit_code == 0
    assert run("build", corpus, "-o", tmp_path / "g.trig", "--no-cache").exit_code == 0
    nq = set(ox.parse(path=str(tmp_path / "g.nq")))
    trig = set(ox.parse(path=str(tmp_path / "g.trig")))
    assert nq == trig and len(nq) > 100


def test_into_loads_the_embedded_store(corpus, tmp_path):
    import pyoxigraph as ox

    result = run("build", corpus, "--into", tmp_path / "store", "-o", tmp_path / "g.nq", "--no-cache")
    assert result.exit_code == 0, result.output
    expected = {_lexical(q) for q in ox.parse(path=str(tmp_path / "g.nq"))}
    store = ox.Store(str(tmp_path / "store"))
    named = {_lexical(q) for q in store if q.graph_name != ox.DefaultGraph()}
    merged = {_lexical(q) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert named == expected
    assert merged == {(s, p, o, str(ox.DefaultGraph())) for s, p, o, _ in expected}   # the merged graph, each triple once
    del store
    again = run("build", corpus, "--into", tmp_path / "store", "--no-cache")   # replaces, not appends
    assert again.exit_code == 0, again.output
    assert len(ox.Store(str(tmp_path / "store"))) == len(expected) + len(merged)


def _lexical(quad):
    """A quad with literals reduced to their lexical form (the store files xsd:nonNegativeInteger as xsd:integer)."""
    import pyoxigraph as ox

    obj = quad.object.value if isinstance(quad.object, ox.Literal) else str(quad.object)
    return str(quad.subject), str(quad.predicate), obj, str(quad.graph_name)


def test_output_or_store_is_required(corpus):
    result = run("build", corpus)
    assert result.exit_code == 2
    assert "-o" in result.output


def test_missing_input_is_a_usage_error(tmp_path):
    result = run("build", tmp_path / "nothing-here", "-o", tmp_path / "g.nq")
    assert result.exit_code == 2
    assert "nothing-here" in result.output


def _without_evidence(path: Path) -> set:
    """The quads of an N-Quads file that are not evidence annotations, passages or selectors."""
    import pyoxigraph as ox

    return {q for q in ox.parse(path=str(path))
            if "/id/evidence/" not in str(q.subject) and not str(q.predicate).startswith("<http://www.w3.org/ns/oa#")}


def test_evidence_none_writes_the_same_graph_without_annotations(corpus, tmp_path):
    full = run("build", corpus, "-o", tmp_path / "full.nq", "--cache-dir", tmp_path / "c")
    bare = run("build", corpus, "-o", tmp_path / "none.nq", "--cache-dir", tmp_path / "c", "--evidence", "none")
    assert full.exit_code == bare.exit_code == 0, full.output + bare.output
    text = (tmp_path / "none.nq").read_text(encoding="utf-8")
    assert "/id/evidence/" not in text and "http://www.w3.org/ns/oa#" not in text
    assert _without_evidence(tmp_path / "full.nq") == _without_evidence(tmp_path / "none.nq")
    assert "graphs reused" not in bare.output   # a graph cached with evidence is not taken for one without
    assert len(text.splitlines()) < len((tmp_path / "full.nq").read_text(encoding="utf-8").splitlines()) / 2
    again = run("build", corpus, "-o", tmp_path / "again.nq", "--cache-dir", tmp_path / "c", "--evidence", "none")
    assert "7 graphs reused" in again.output
    assert (tmp_path / "again.nq").read_bytes() == (tmp_path / "none.nq").read_bytes()
    explained = run("explain", "person:" + _any_person(text), "--data", tmp_path / "none.nq")
    assert explained.exit_code == 0 and "--evidence none" in explained.output


def _any_person(nquads: str) -> str:
    """The local name of some person IRI in N-Quads text."""
    import re

    return re.search(r"<https://w3id\.org/diplomacy-kg/id/person/([^>]+)>", nquads).group(1)


def test_unknown_evidence_level_is_a_usage_error(corpus, tmp_path):
    result = run("build", corpus, "-o", tmp_path / "g.nq", "--evidence", "some")
    assert result.exit_code == 2
    assert not (tmp_path / "g.nq").exists()


def test_output_dash_writes_the_graph_to_stdout_and_no_file(corpus, tmp_path, monkeypatch):
    """`-o -` gives on stdout the bytes `-o FILE.ttl` writes (Turtle by default), and writes no graph file."""
    monkeypatch.chdir(tmp_path)
    assert run("build", corpus, "-o", tmp_path / "g.ttl", "--no-cache").exit_code == 0
    (tmp_path / "g.ttl").rename(tmp_path / "expected")
    result = run("build", corpus, "-o", "-", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (tmp_path / "expected").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["expected"]


@pytest.mark.parametrize("fmt", ["nt", "nq", "trig", "jsonld"])
def test_format_option_overrides_the_file_name(corpus, tmp_path, fmt, monkeypatch):
    """-f FMT writes FMT into a file of any name, and to stdout: the bytes `-o g.FMT` gives."""
    monkeypatch.chdir(tmp_path)
    cache = ["--cache-dir", tmp_path / "c"]
    assert run("build", corpus, "-o", tmp_path / f"g.{fmt}", *cache).exit_code == 0
    expected = (tmp_path / f"g.{fmt}").read_bytes()
    named = run("build", corpus, "-o", tmp_path / "graph.ttl", "-f", fmt, *cache)
    assert named.exit_code == 0, named.output
    assert (tmp_path / "graph.ttl").read_bytes() == expected
    piped = run("build", corpus, "-o", "-", "-f", fmt, *cache)
    assert piped.exit_code == 0 and piped.stdout_bytes == expected


def test_unknown_format_is_a_usage_error(corpus, tmp_path):
    result = run("build", corpus, "-o", tmp_path / "g.ttl", "-f", "xml")
    assert result.exit_code == 2 and not (tmp_path / "g.ttl").exists()


def test_the_summary_counts_quads_and_distinct_triples(seeds_dir, tmp_path):
    import pyoxigraph as ox

    for name in ("g.ttl", "g.nq"):   # the seeds' article graphs repeat some triples
        result = CliRunner().invoke(cli, ["build", str(seeds_dir), "-o", str(tmp_path / name), "--no-cache"])
        assert result.exit_code == 0, result.output
        quads = len(list(ox.parse(path=str(tmp_path / "g.nq")))) if name == "g.nq" else None
        triples = len(set(ox.parse(path=str(tmp_path / "g.ttl"))))
        assert f"({triples} distinct triples)" in result.stderr
        if quads:
            assert f", {quads} quads (" in result.stderr and quads > triples


def test_a_meeting_that_merged_articles_make_contradict_itself_is_named_with_its_articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in CONTRADICTING.items():
        (folder / name).write_text(text)
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "g.ttl"), "--no-cache"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("kg: warning:")]
    assert len(warnings) == 1, result.stderr
    assert "Italy (IT) takes part according to a but is absent according to b" in warnings[0]
    assert "meeting/2024-03-12-fr-paris" in warnings[0]
    quiet = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "q.ttl"), "--no-cache", "-q"])
    assert quiet.stderr == ""
    alone = CliRunner().invoke(cli, ["build", str(folder / "a.txt"), "-o", str(tmp_path / "a.ttl"), "--no-cache"])
    assert "warning" not in alone.stderr


def test_a_rebuild_from_the_cache_names_the_same_contradictions_and_drops_those_gone(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in CONTRADICTING.items():
        (folder / name).write_text(text)

    def warnings():
        result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "g.nq"),
                                          "--cache-dir", str(tmp_path / "cache")])
        assert result.exit_code == 0, result.output
        return [line for line in result.stderr.splitlines() if line.startswith("kg: warning:")]

    first = warnings()
    assert len(first) == 1 and warnings() == first   # read back with the kept resolution
    (folder / "b.txt").write_text(CONTRADICTING["b.txt"] + "The talks ended late in the evening.\n")
    assert warnings() == first   # an edit that resolves alike
    (folder / "b.txt").write_text(CONTRADICTING["b.txt"].replace(" Italy was not invited to the meeting.", ""))
    assert warnings() == []

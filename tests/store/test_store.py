"""Tests for kg.store.embedded: atomic, idempotent loads, graph replacement, dumps and queries."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, RdfLoadError, StoreError
from kg.store import embedded as store
from kg.store.sparql import saved_queries
from helpers import ENDLESS_QUERY

FIXTURES = Path(__file__).parents[1] / "fixtures"
TRIG = FIXTURES / "sample.trig"
TTL = FIXTURES / "sample.ttl"
ARTICLE_A = "https://w3id.org/diplomacy-kg/id/article/100_sample_a"


def quads_of(location):
    """The quads of a store's named graphs (its default graph holds their merged triples)."""
    return {q for q in store.open_store(location, read_only=True) if q.graph_name != ox.DefaultGraph()}


def merged_of(location):
    """The triples of a store's default graph."""
    db = store.open_store(location, read_only=True)
    return {q.triple for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph())}


UNNAMED = ox.NamedNode(store.UNNAMED_GRAPH)


def test_load_keeps_named_graphs_and_is_idempotent(tmp_path):
    loc = tmp_path / "db"
    first = store.load(loc, [TRIG])
    assert first.total_quads == 136
    assert ARTICLE_A in first.quads_by_graph
    before = quads_of(loc)
    again = store.load(loc, [TRIG])
    assert again.total_quads == 136
    assert quads_of(loc) == before


def test_failed_parse_writes_nothing(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TTL])
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> .\n")
    with pytest.raises(RdfLoadError):
        store.load(loc, [TRIG, bad])
    assert len(quads_of(loc)) == 130


def test_failed_parse_creates_no_store(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("nonsense")
    with pytest.raises(RdfLoadError):
        store.load(tmp_path / "db", [bad])
    assert not (tmp_path / "db").exists()


def test_load_quads_replaces_only_the_given_graph(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TRIG])
    new = [ox.Quad(ox.NamedNode("https://w3id.org/diplomacy-kg/id/meeting/x"),
                   ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("new"))]
    report = store.load_quads(loc, {ARTICLE_A: new})
    assert report.replaced == [ARTICLE_A]
    db = store.open_store(loc, read_only=True)
    in_a = list(db.quads_for_pattern(None, None, None, ox.NamedNode(ARTICLE_A)))
    assert [q.object for q in in_a] == [ox.Literal("new")]
    others = [q for q in db if q.graph_name not in (ox.NamedNode(ARTICLE_A), ox.DefaultGraph())]
    assert len(others) == 136 - 34
    assert merged_of(loc) == {q.triple for q in quads_of(loc)}


def test_load_quads_without_replace_appends(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TRIG])
    extra = [ox.Quad(ox.NamedNode("http://x"), ox.NamedNode("http://p"), ox.Literal("v"))]
    store.load_quads(loc, {ARTICLE_A: extra}, replace_graphs=False)
    assert len(quads_of(loc)) == 137


def test_graph_option_moves_triples_into_that_graph(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TTL], graph="http://example.org/g")
    assert {q.graph_name for q in quads_of(loc)} == {ox.NamedNode("http://example.org/g")}


def test_new_store_from_several_files_counts_every_graph(tmp_path):
    loc = tmp_path / "db"
    report = store.load(loc, [TRIG, TTL])
    expected = set(ox.parse(path=str(TRIG))) | {ox.Quad(t.subject, t.predicate, t.object, UNNAMED)
                                                for t in ox.parse(path=str(TTL))}
    assert quads_of(loc) == expected
    assert report.total_quads == len(expected) == sum(report.quads_by_graph.values())
    assert report.quads_by_graph[store.UNNAMED_GRAPH] == 130
    assert report.total_triples == 130 == len(merged_of(loc))
    assert report.quads_by_graph[ARTICLE_A] == 34


def test_graph_option_moves_the_quads_of_a_quad_file_into_that_graph(tmp_path):
    loc = tmp_path / "db"
    report = store.load(loc, [TRIG], graph="http://example.org/g")
    assert {q.graph_name for q in quads_of(loc)} == {ox.NamedNode("http://example.org/g")}
    assert list(report.quads_by_graph) == ["http://example.org/g"]


def test_a_directory_given_as_a_file_is_an_input_error_and_creates_no_store(tmp_path):
    (tmp_path / "dir.nq").mkdir()
    with pytest.raises(RdfLoadError, match="not a regular file"):
        store.load(tmp_path / "db", [TRIG, tmp_path / "dir.nq"])
    assert not (tmp_path / "db").exists()


def test_replace_with_a_smaller_file_removes_old_triples(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TTL], graph="http://example.org/g")
    small = tmp_path / "small.nt"
    small.write_text("<http://a> <http://b> <http://c> .\n")
    store.load(loc, [small], graph="http://example.org/g", replace=True)
    assert len(quads_of(loc)) == 1
    assert len(merged_of(loc)) == 1


def test_dump_is_deterministic_and_round_trips(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TRIG])
    store.dump(loc, tmp_path / "a.trig")
    store.dump(loc, tmp_path / "b.trig")
    assert (tmp_path / "a.trig").read_bytes() == (tmp_path / "b.trig").read_bytes()
    assert set(ox.parse(path=str(tmp_path / "a.trig"))) == quads_of(loc)
    assert store.dump(loc, tmp_path / "u.nt") == 130  # the union, duplicates across graphs merged
    union = {q.triple for q in ox.parse(path=str(tmp_path / "u.nt"))}
    assert union == {q.triple for q in ox.parse(path=str(TTL))}


def test_queries_see_the_union_of_graphs_like_the_triple_file(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TRIG])
    flat = store.memory_store([TTL])
    for name, saved in saved_queries().items():
        assert store.query(loc, saved.text).rows == store.run_query(flat, saved.text).rows, name


def test_minister_pairs_counts_shared_meetings():
    rows = store.run_query(store.memory_store([TRIG]), saved_queries()["minister-pairs"].text).rows
    top = [(a.value, b.value, int(n.value)) for a, b, n in rows[:2]]
    assert top == [("Anna Schmidt", "Jean Martin", 2), ("Anna Schmidt", "Robert Hill", 2)]
    assert len(rows) == 5


def test_query_timeout_gives_up_on_a_query_that_cannot_finish():
    """In a process of its own: the abandoned query keeps a core busy until that process ends."""
    script = textwrap.dedent(f"""
        import pyoxigraph as ox
        from kg.errors import QueryError
        from kg.store import embedded as store
        db = ox.Store()
        db.extend(ox.Quad(ox.NamedNode(f"http://s/{{i}}"), ox.NamedNode("http://p"), ox.Literal(i)) for i in range(100))
        try:
            store.run_query(db, {ENDLESS_QUERY!r}, timeout=0.3)
        except QueryError as exc:
            print(exc)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "query timed out after 0.3 s\n"


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        store.query(tmp_path / "nothing", "ASK {}")


def test_update_is_one_transaction(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TRIG])
    with pytest.raises(QueryError):
        store.update(loc, "DROP GRAPH <%s> ; INSERT DATA { <http://a> <http://b> }" % ARTICLE_A)
    assert len(quads_of(loc)) == 136
    store.update(loc, "DROP GRAPH <%s>" % ARTICLE_A)
    assert len(quads_of(loc)) == 136 - 34


def test_stats_counts_classes_triples_and_graphs():
    counts = store.stats(store.memory_store([TRIG]))
    dip = "https://w3id.org/diplomacy-kg/ontology#"
    assert counts["classes"][dip + "Meeting"] == 3
    assert counts["classes"][dip + "Person"] == 6
    assert counts["classes"][dip + "Minister"] == 4
    assert (counts["triples"], counts["quads"], counts["graphs"]) == (130, 136, 3)


def test_a_big_load_into_an_existing_store_is_staged_and_replaces_like_a_small_one(tmp_path, monkeypatch):
    small, big = tmp_path / "small", tmp_path / "big"
    for loc in (small, big):
        store.load(loc, [TRIG])
    new = tmp_path / "new.nq"
    new.write_text(f'<http://x> <http://p> "v" <{ARTICLE_A}> .\n<http://y> <http://p> "w" .\n')
    expected = store.load(small, [new], replace=True)
    monkeypatch.setattr(store, "STREAMED_LOAD_BYTES", 0)
    staged = store.load(big, [new], replace=True)
    assert quads_of(big) == quads_of(small)
    assert merged_of(big) == merged_of(small) == {q.triple for q in quads_of(small)}
    assert staged.replaced == expected.replaced == [ARTICLE_A]
    assert staged.total_quads == expected.total_quads


def test_a_staged_load_that_does_not_parse_writes_nothing(tmp_path, monkeypatch):
    loc = tmp_path / "db"
    store.load(loc, [TRIG])
    before = quads_of(loc)
    bad = tmp_path / "bad.nq"
    bad.write_text('<http://x> <http://p> "v" .\nnot a quad\n')
    monkeypatch.setattr(store, "STREAMED_LOAD_BYTES", 0)
    with pytest.raises(RdfLoadError):
        store.load(loc, [TRIG, bad], replace=True)
    assert quads_of(loc) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_load_graphs_replaces_a_graph_that_comes_in_several_batches_once(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TRIG])
    g = "http://example.org/big"   # chunks are (graph, quad count, N-Quads bytes), as a build makes them
    lines = [f'<http://example.org/s{i}> <http://example.org/p> "{i}" <{g}> .\n'.encode() for i in range(10)]
    old = [f'<http://example.org/old> <http://example.org/p> "{i}" <{g}> .\n'.encode() for i in range(3)]
    store.load_graphs(loc, [(g, 3, b"".join(old))], batch_quads=2)
    chunks = [(g, 2, b"".join(lines[i:i + 2])) for i in range(0, 10, 2)] + [(ARTICLE_A, 1, lines[0].replace(
        f"<{g}>".encode(), f"<{ARTICLE_A}>".encode()))]
    report = store.load_graphs(loc, chunks, batch_quads=3)
    db = store.open_store(loc, read_only=True)
    in_g = {q.subject.value for q in db.quads_for_pattern(None, None, None, ox.NamedNode(g))}
    assert in_g == {f"http://example.org/s{i}" for i in range(10)}   # the old quads went, every new one stayed
    assert [q.subject.value for q in db.quads_for_pattern(None, None, None, ox.NamedNode(ARTICLE_A))] == [
        "http://example.org/s0"]
    assert report.quads_by_graph == {g: 10, ARTICLE_A: 1}
    assert report.replaced == sorted([g, ARTICLE_A])
    assert merged_of(loc) == {q.triple for q in quads_of(loc)}   # the old triples left the merged graph too
    assert not db.contains_named_graph(ox.NamedNode(store.REPLACED_GRAPH))


def test_load_graphs_counts_the_store_once_after_settling_or_not_at_all(tmp_path):
    loc = tmp_path / "db"
    g = "http://example.org/g"
    line = '<http://example.org/s> <http://example.org/p> "{}" <%s> .\n' % g
    store.load_graphs(loc, [(g, 2, (line.format(1) + line.format(2)).encode())])
    asked = []
    report = store.load_graphs(loc, [(g, 1, line.format(3).encode())], batch_quads=1,
                               totals=lambda: asked.append(1) or True)
    assert asked == [1] and (report.total_quads, report.total_triples) == (1, 1)   # the replaced triples went
    report = store.load_graphs(loc, [(g, 1, line.format(4).encode())], totals=lambda: False)
    assert (report.total_quads, report.total_triples) == (None, None)
    assert store.store_sizes(loc) == (1, 1)


def test_replacing_graphs_keeps_the_merged_graph_exact(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TRIG])
    shared = ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("both"))
    only_a = ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("only in a"))
    store.load_quads(loc, {ARTICLE_A: [shared, only_a], "http://x/b": [shared]})
    assert {shared.triple, only_a.triple} <= merged_of(loc)
    store.load_quads(loc, {ARTICLE_A: []})          # a's triples go, but b still holds `shared`
    assert shared.triple in merged_of(loc) and only_a.triple not in merged_of(loc)
    assert merged_of(loc) == {q.triple for q in quads_of(loc)}


def test_an_interrupted_load_is_settled_by_the_next_write(tmp_path):
    loc = tmp_path / "db"
    store.load(loc, [TRIG])
    db = store.open_store(loc)
    db.update(" ;\n".join(store._set_aside([f"<{ARTICLE_A}>"])))   # what a load does before it is killed
    del db
    store.load_quads(loc, {"http://x/g": []}, replace_graphs=False)
    assert merged_of(loc) == {q.triple for q in quads_of(loc)}
    assert not store.open_store(loc, read_only=True).contains_named_graph(ox.NamedNode(store.REPLACED_GRAPH))


AWKWARD_NQ = (
    '<http://x/a> <http://x/p> "one" <http://x/g1> .\n'
    '<http://x/a> <http://x/p> "one" <http://x/g2> .\n'                  # the same triple in two graphs
    '<http://x/a> <http://x/p> "a <b> ." <http://x/g1> .\n'             # " <" inside a literal
    '<http://x/a> <http://x/p> <http://x/o>  <http://x/g2> . # c\n'      # two spaces, a comment
    '<http://x/a> <http://x/p> "t"^^<http://x/dt> <http://x/g2> .\r\n'   # CRLF
)
ODD_LINES = {
    "default-graph triple": '<http://x/d> <http://x/p> <http://x/o> .\n',
    "default-graph literal": '<http://x/d> <http://x/p> "lit" .\n',
    "blank-node graph": '<http://x/b> <http://x/p> "v" _:g .\n',
    "blank nodes": '_:s <http://x/p> _:o <http://x/g1> .\n<http://x/z> <http://x/p> "z" <http://x/g1> .\n_:s <http://x/q> "v" <http://x/g2> .\n',
    "tabs": '<http://x/t>\t<http://x/p>\t"v"\t<http://x/g3>\t.\n',
    "comment with an IRI": '# see <http://x/g1> .\n',
    "empty line": '\n',
    "no final newline": '<http://x/e> <http://x/p> "end" <http://x/g1> .',
}


def without_blank_names(quads):
    """Quads with every blank node written `_:b` (a store names the blank nodes it loads anew), and how many blank nodes there were."""
    blank = ox.BlankNode("b")
    terms = [[blank if isinstance(t, ox.BlankNode) else t for t in q] for q in quads]
    names = {t for q in quads for t in q if isinstance(t, ox.BlankNode)}
    return {ox.Quad(*t) for t in terms}, len(names)


def expected_store(path):
    """What a store loaded from the N-Quads file holds: its quads (the default graph's in UNNAMED_GRAPH)
    and, in the default graph, every triple once."""
    quads = {ox.Quad(q.subject, q.predicate, q.object, UNNAMED if q.graph_name == ox.DefaultGraph() else q.graph_name)
             for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)}
    return quads, {q.triple for q in quads}


@pytest.mark.parametrize("odd", [None, *ODD_LINES])
@pytest.mark.parametrize("lines_a_call", [1, 2, 1000])
def test_a_new_store_from_n_quads_holds_every_quad_and_the_merged_graph(tmp_path, monkeypatch, odd, lines_a_call):
    monkeypatch.setattr(store, "LOAD_LINES", lines_a_call)
    monkeypatch.setattr(store, "_READ_BYTES", 7)   # lines split across reads
    path = tmp_path / "in.nq"
    path.write_bytes((AWKWARD_NQ + (ODD_LINES[odd] if odd else "")).encode())
    report = store.load(tmp_path / "db", [path])
    quads, triples = expected_store(path)
    assert without_blank_names(quads_of(tmp_path / "db")) == without_blank_names(quads)
    assert merged_of(tmp_path / "db") == {q.triple for q in quads_of(tmp_path / "db")}
    assert (report.total_quads, report.total_triples) == (len(quads), len(triples))
    assert report.quads_by_graph["http://x/g2"] == sum(q.graph_name == ox.NamedNode("http://x/g2") for q in quads)


def test_a_new_store_from_gzipped_n_quads_and_n_triples(tmp_path, monkeypatch):
    import gzip

    monkeypatch.setattr(store, "LOAD_LINES", 2)
    nq, nt = tmp_path / "in.nq.gz", tmp_path / "in.nt"
    nq.write_bytes(gzip.compress(AWKWARD_NQ.encode()))
    nt.write_text('<http://x/a> <http://x/p> "one" .\n<http://x/n> <http://x/p> "nt" .\n')
    report = store.load(tmp_path / "db", [nq, nt])
    quads = {q for q in ox.parse(AWKWARD_NQ, format=ox.RdfFormat.N_QUADS)} | {
        ox.Quad(t.subject, t.predicate, t.object, UNNAMED) for t in ox.parse(path=str(nt))}
    assert quads_of(tmp_path / "db") == quads
    assert merged_of(tmp_path / "db") == {q.triple for q in quads}
    assert report.quads_by_graph[store.UNNAMED_GRAPH] == 2


def test_a_line_that_does_not_parse_is_named_by_its_line_in_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "LOAD_LINES", 2)
    path = tmp_path / "bad.nq"
    path.write_text(AWKWARD_NQ + '<http://x/a> <http://x/p> <not an iri> <http://x/g1> .\n')
    with pytest.raises(RdfLoadError, match=r"line 6\b"):
        store.load(tmp_path / "db", [path])
    assert not (tmp_path / "db").exists()


def test_as_triples_gives_each_quads_triple_and_nothing_n_triples_for_other_lines():
    quads = b'<http://x/s> <http://x/p> "a <b> ." <http://x/g> .\n<http://x/s> <http://x/p> <http://x/o> <http://x/g> .\n'
    assert store.as_triples(quads) == b'<http://x/s> <http://x/p> "a <b> ." .\n<http://x/s> <http://x/p> <http://x/o> .\n'
    for line in ODD_LINES.values():
        data = line.encode() if line.endswith("\n") else line.encode() + b"\n"
        parsed = None
        try:
            parsed = {q.triple for q in ox.parse(store.as_triples(data), format=ox.RdfFormat.N_TRIPLES)}
        except SyntaxError:
            continue
        assert parsed <= {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}

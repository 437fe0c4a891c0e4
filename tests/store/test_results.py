"""Tests for kg.store.results: the same answer in every output format."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from kg.errors import FormatError
from kg.store.results import fit_widths, table, Results, from_pyoxigraph, render

DIP = "https://w3id.org/diplomacy-kg/ontology#"


@pytest.fixture()
def answer():
    store = ox.Store()
    s = ox.NamedNode("https://w3id.org/diplomacy-kg/id/person/x")
    store.add(ox.Quad(s, ox.NamedNode(DIP + "text"), ox.Literal('He said "yes",\tthen\nleft')))
    store.add(ox.Quad(s, ox.NamedNode(DIP + "label"), ox.Literal("Bonjour", language="fr")))
    return from_pyoxigraph(store.query("SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?o"))


def test_table_is_aligned_with_prefixed_iris_and_plain_literals(answer):
    lines = render(answer, "table").decode().splitlines()
    assert lines[0].split() == ["s", "o", "none"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].startswith("person:x  Bonjour")
    assert "He said \"yes\"" in lines[3]
    assert lines[0].index("o ") == lines[2].index("Bonjour")


def test_json_follows_sparql_results_json(answer):
    doc = json.loads(render(answer, "json"))
    assert doc["head"]["vars"] == ["s", "o", "none"]
    first = doc["results"]["bindings"][0]
    assert first["o"] == {"type": "literal", "value": "Bonjour", "xml:lang": "fr"}
    assert "none" not in first
    assert first["s"]["type"] == "uri"


def test_csv_round_trips_awkward_literals(answer):
    rows = list(csv.reader(io.StringIO(render(answer, "csv").decode())))
    assert rows[0] == ["s", "o", "none"]
    assert rows[2][1] == 'He said "yes",\tthen\nleft'


def test_tsv_and_xml_parse_back_to_the_same_rows(answer):
    for fmt, oxfmt in (("tsv", ox.QueryResultsFormat.TSV), ("xml", ox.QueryResultsFormat.XML)):
        parsed = from_pyoxigraph(ox.parse_query_results(render(answer, fmt), format=oxfmt))
        assert parsed.rows == answer.rows


def test_ask_in_every_format():
    yes = Results(form="ASK", boolean=True)
    assert render(yes, "table") == b"true\n"
    assert json.loads(render(yes, "json")) == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in render(yes, "xml")


def test_max_rows_cuts_and_flags():
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"http://s/{i}"), ox.NamedNode("http://p"), ox.Literal(i)) for i in range(10))
    got = from_pyoxigraph(store.query("SELECT ?s WHERE { ?s ?p ?o }"), max_rows=3)
    assert len(got.rows) == 3 and got.truncated
    got = from_pyoxigraph(store.query("SELECT ?s WHERE { ?s ?p ?o }"), max_rows=10)
    assert len(got.rows) == 10 and not got.truncated


def test_graph_results_as_rdf_and_not_as_a_table_format():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://b"), ox.NamedNode("http://p"), ox.NamedNode("http://a")))
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.NamedNode("http://b")))
    got = from_pyoxigraph(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), form="CONSTRUCT")
    nt = render(got, "nt").decode().splitlines()
    assert nt == sorted(nt) and len(nt) == 2
    assert list(ox.parse(render(got, "ttl"), format=ox.RdfFormat.TURTLE))
    with pytest.raises(FormatError):
        render(got, "csv")


def test_a_table_keeps_long_cells_whole_unless_given_a_width():
    store = ox.Store()
    long_text = "word " * 40
    store.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal(long_text)))
    got = from_pyoxigraph(store.query("SELECT ?s ?o WHERE { ?s ?p ?o }"))
    assert long_text.strip() in render(got, "table").decode()          # no silent cut at any width
    text, cut = table(got, width=60)
    assert cut and max(len(line) for line in text.splitlines()) == 60
    assert text.splitlines()[2].endswith("…") and "<http://s>" in text     # the narrow column is left whole
    assert table(got, width=500) == (render(got, "table").decode(), False)
    assert long_text in render(got, "csv").decode()


def test_fit_widths_narrows_the_widest_columns_first():
    assert fit_widths([10, 50, 30], 60) == [10, 23, 23]
    assert fit_widths([10, 20], 100) == [10, 20]
    assert fit_widths([40, 40, 40], 10) == [8, 8, 8]   # never below the minimum, even if it does not fit

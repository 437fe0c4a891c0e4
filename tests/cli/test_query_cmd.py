"""Tests for `kg query`: backends, formats, safety refusals, row limits and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TRIG = str(FIXTURES / "sample.trig")
TTL = str(FIXTURES / "sample.ttl")


def run(*args, **kwargs):
    return CliRunner().invoke(cli, ["query", *args], **kwargs)


def test_list_shows_every_saved_query_with_its_description():
    result = run("--list")
    assert result.exit_code == 0
    for name in ("meetings", "attendees", "participants", "statements", "minister-pairs", "roles", "sources"):
        assert name in result.output
    assert "Which ministers met each other most often" in result.output


def test_saved_query_table_on_data():
    result = run("--name", "meetings", "--data", TTL)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["meeting", "date", "city", "country"]
    assert lines[2].split() == ["meeting:2024-03-12-paris", "2024-03-12", "Paris", "France"]
    assert len(lines) == 5


def test_same_table_from_trig_and_ttl_and_a_store(tmp_path):
    store = tmp_path / "db"
    assert CliRunner().invoke(cli, ["load", TRIG, "-l", str(store)]).exit_code == 0
    for name in ("attendees", "statements", "sources"):
        outputs = {run("--name", name, *src).output for src in (["--data", TTL], ["--data", TRIG], ["-l", str(store)])}
        assert len(outputs) == 1, name


@pytest.mark.parametrize("fmt,check", [
    ("csv", lambda out: out.splitlines()[0] == "minister1,minister2,meetings"),
    ("tsv", lambda out: out.splitlines()[0] == "?minister1\t?minister2\t?meetings"),
    ("json", lambda out: json.loads(out)["results"]["bindings"][0]["meetings"]["value"] == "2"),
    ("xml", lambda out: "<sparql" in out and "Anna Schmidt" in out),
])
def test_result_formats(fmt, check):
    result = run("--name", "minister-pairs", "--data", TTL, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert check(result.output)


def test_construct_as_rdf(tmp_path):
    out = tmp_path / "cities.nt"
    q = "CONSTRUCT WHERE { ?c a <https://w3id.org/diplomacy-kg/ontology#City> }"
    result = run(q, "--data", TTL, "-f", "nt", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == 3
    assert run(q, "--data", TTL, "-f", "csv").exit_code == 2


def test_query_file_and_output_file(tmp_path):
    qf = tmp_path / "q.rq"
    qf.write_text("ASK { ?s a <https://w3id.org/diplomacy-kg/ontology#Minister> }")
    out = tmp_path / "answer.json"
    result = run("--query-file", str(qf), "--data", TTL, "-f", "json", "-o", str(out))
    assert result.exit_code == 0
    assert json.loads(out.read_text())["boolean"] is True


@pytest.mark.parametrize("query,words", [
    ("DELETE WHERE { ?s ?p ?o }", "SPARQL Update"),
    ("LOAD <http://example.org/x.ttl>", "SPARQL Update"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?s ?p }", "malformed SPARQL at line 1, column 18: `?s ?p` is not a whole triple"),
])
def test_refused_and_malformed_queries_exit_2(query, words):
    result = run(query, "--data", TTL)
    assert result.exit_code == 2
    assert words in result.output


def test_allowed_update_writes_to_the_store(tmp_path):
    store = str(tmp_path / "db")
    CliRunner().invoke(cli, ["load", TRIG, "-l", store])
    drop = "DROP GRAPH <https://w3id.org/diplomacy-kg/id/article/100_sample_a>"
    assert run(drop, "-l", store).exit_code == 2
    assert run(drop, "-l", store, "--allow-update").exit_code == 0
    result = run("--name", "meetings", "-l", store, "-f", "csv")
    assert "2024-03-12-paris,," in result.output  # its date came from the dropped article graph


def test_max_rows_cuts_with_a_note():
    result = CliRunner().invoke(cli, ["query", "--name", "attendees", "--data", TTL, "--max-rows", "2"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 4
    assert "first 2 rows" in result.stderr


def test_no_limit_when_piped():
    result = run("--name", "attendees", "--data", TTL)
    assert len(result.output.splitlines()) == 11


def test_needs_exactly_one_query_and_one_backend():
    assert run("--data", TTL).exit_code == 2
    assert run("--name", "meetings").exit_code == 2
    assert run("--name", "meetings", "--data", TTL, "-l", "x").exit_code == 2
    assert run("--name", "nope", "--data", TTL).exit_code == 2


def test_unreadable_data_exits_2(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> . :a :b")
    result = run("--name", "meetings", "--data", str(bad))
    assert result.exit_code == 2 and "bad.ttl" in result.output


def test_terminal_tables_default_to_1000_rows(monkeypatch):
    import sys

    from kg.cli.query_cmd import default_max_rows

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert default_max_rows(None, "table", "-") == 1000
    assert default_max_rows(None, "csv", "-") is None
    assert default_max_rows(None, "table", "out.txt") is None
    assert default_max_rows(0, "table", "-") is None


@pytest.fixture(scope="module")
def built_seeds(tmp_path_factory):
    """The seed articles built as TriG (named graphs) and Turtle (union) by `kg build`, which must succeed."""
    repo = FIXTURES.parents[1]
    out = tmp_path_factory.mktemp("seeds")
    for name in ("seeds.trig", "seeds.ttl"):
        result = CliRunner().invoke(cli, ["build", str(repo / "seeds"), "-o", str(out / name), "-q"])
        assert result.exit_code == 0, f"kg build of the seeds failed: {result.output[-500:]}"
    return out


@pytest.mark.parametrize("name", ["meetings", "attendees", "participants", "statements", "minister-pairs",
                                  "roles", "sources"])
def test_saved_queries_on_the_built_seeds(built_seeds, name):
    trig = run("--name", name, "--data", str(built_seeds / "seeds.trig"), "-f", "csv")
    ttl = run("--name", name, "--data", str(built_seeds / "seeds.ttl"), "-f", "csv")
    assert trig.exit_code == 0, trig.output
    assert len(trig.output.splitlines()) > 1, "the seeds answer every saved query"
    assert trig.output == ttl.output


def test_query_file_dash_reads_the_query_from_stdin():
    text = "SELECT ?name WHERE { ?p a dip:Minister ; rdfs:label ?name } ORDER BY ?name"
    piped = run("--query-file", "-", "--data", TTL, "-f", "csv", input=text)
    assert piped.exit_code == 0, piped.output
    assert piped.stdout == run(text, "--data", TTL, "-f", "csv").stdout
    assert piped.stdout.splitlines()[0] == "name" and len(piped.stdout.splitlines()) == 5


@pytest.mark.parametrize("fmt,ox_format", [("rdf", "RDF_XML"), ("jsonld", "JSON_LD"), ("nq", "N_QUADS"),
                                           ("trig", "TRIG"), ("ttl", "TURTLE")])
def test_construct_results_in_each_rdf_format(fmt, ox_format):
    """A CONSTRUCT answer written as RDF/XML, JSON-LD, N-Quads, TriG or Turtle holds the triples N-Triples holds."""
    import pyoxigraph as ox

    construct = "CONSTRUCT { ?p <http://schema.org/name> ?name } WHERE { ?p a dip:Person ; rdfs:label ?name }"
    nt = run(construct, "--data", TTL, "-f", "nt").stdout_bytes
    expected = {q.triple for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)}
    assert len(expected) >= 6
    result = run(construct, "--data", TTL, "-f", fmt)
    assert result.exit_code == 0, result.output
    parsed = list(ox.parse(result.stdout_bytes, format=getattr(ox.RdfFormat, ox_format)))
    assert {q.triple for q in parsed} == expected
    assert all(q.graph_name == ox.DefaultGraph() for q in parsed)


@pytest.mark.parametrize("backend", ["--data", "-l"])
def test_timeout_gives_up_on_a_query_that_cannot_finish(tmp_path, backend):
    """The real `kg` (the abandoned query would keep a core of this process busy): exit 2 at the timeout."""
    import subprocess
    import sys

    from helpers import ENDLESS_QUERY

    source = TTL
    if backend == "-l":
        source = str(tmp_path / "db")
        assert CliRunner().invoke(cli, ["load", TTL, "-l", source]).exit_code == 0
    kg = Path(sys.executable).with_name("kg")
    done = subprocess.run([str(kg), "query", ENDLESS_QUERY, backend, source, "--timeout", "0.5"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2, done.stderr
    assert "timed out after 0.5 s" in done.stderr and done.stdout == ""


def test_a_table_keeps_long_cells_whole_in_a_pipe_and_fits_a_given_width_with_a_note(tmp_path):
    data = tmp_path / "long.ttl"
    data.write_text('<http://example.org/s> <https://w3id.org/diplomacy-kg/ontology#text> "'
                    + "a long quotation " * 10 + '" .\n')
    query, TTL = "SELECT ?s ?text WHERE { ?s dip:text ?text } ORDER BY ?text", str(data)
    whole = CliRunner().invoke(cli, ["query", query, "--data", TTL])
    assert whole.exit_code == 0
    longest = max(len(line) for line in whole.stdout.splitlines())
    assert longest > 80 and "…" not in whole.stdout and whole.stderr == ""   # nothing cut at 80 silently
    narrow = CliRunner().invoke(cli, ["query", query, "--data", TTL, "--width", "60"])
    assert narrow.exit_code == 0
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60 and "…" in narrow.stdout
    assert "cut to fit 60 columns" in narrow.stderr and "--width 0" in narrow.stderr
    assert CliRunner().invoke(cli, ["query", query, "--data", TTL, "--width", "0"]).stdout == whole.stdout


def test_queries_see_each_triple_once_over_trig_as_over_turtle():
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert run(query, "--data", TRIG, "-f", "csv").output == run(query, "--data", TTL, "-f", "csv").output == "n\n130\n"

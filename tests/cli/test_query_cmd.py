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
    ("SELECT * WHERE { ?s ?p }", "malformed SPARQL: error at 1:"),
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
    """The seed articles built as TriG (named graphs) and Turtle (union); skipped if the build fails."""
    repo = FIXTURES.parents[1]
    out = tmp_path_factory.mktemp("seeds")
    for name in ("seeds.trig", "seeds.ttl"):
        result = CliRunner().invoke(cli, ["build", str(repo / "seeds"), "-o", str(out / name), "-q"])
        if result.exit_code != 0:
            pytest.skip(f"kg build does not work here: {result.output[-200:]}")
    return out


@pytest.mark.parametrize("name", ["meetings", "attendees", "participants", "statements", "minister-pairs",
                                  "roles", "sources"])
def test_saved_queries_on_the_built_seeds(built_seeds, name):
    trig = run("--name", name, "--data", str(built_seeds / "seeds.trig"), "-f", "csv")
    ttl = run("--name", name, "--data", str(built_seeds / "seeds.ttl"), "-f", "csv")
    assert trig.exit_code == 0, trig.output
    assert len(trig.output.splitlines()) > 1, "the seeds answer every saved query"
    assert trig.output == ttl.output

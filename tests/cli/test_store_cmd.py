"""Tests for `kg load`, `kg dump` and `kg update` (`kg serve` and `kg site`: test_web_cmd.py)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TRIG = str(FIXTURES / "sample.trig")
TTL = str(FIXTURES / "sample.ttl")


def kg(*args):
    return CliRunner().invoke(cli, list(args))


def test_load_then_dump_round_trips_the_dataset(tmp_path):
    db = str(tmp_path / "db")
    result = kg("load", TRIG, "-l", db)
    assert result.exit_code == 0, result.output
    assert "136 quads" in result.output
    assert kg("dump", "-l", db, "-o", str(tmp_path / "out.nq")).exit_code == 0
    assert set(ox.parse(path=str(tmp_path / "out.nq"))) == set(ox.parse(path=TRIG))


def test_load_twice_is_idempotent_and_replace_reports(tmp_path):
    db = str(tmp_path / "db")
    kg("load", TRIG, "-l", db)
    again = kg("load", TRIG, "-l", db, "--replace")
    assert again.exit_code == 0
    assert "replacing 3 graph(s)" in again.output and "holds 136 quads" in again.output


def test_dump_turtle_is_the_union(tmp_path):
    db = str(tmp_path / "db")
    kg("load", TRIG, "-l", db)
    out = tmp_path / "all.ttl"
    assert kg("dump", "-l", db, "-o", str(out)).exit_code == 0
    assert {q.triple for q in ox.parse(path=str(out))} == {q.triple for q in ox.parse(path=TTL)}


def test_load_bad_file_exits_2_and_names_it(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("this is not turtle")
    result = kg("load", str(bad), "-l", str(tmp_path / "db"))
    assert result.exit_code == 2 and "broken.ttl" in result.output
    assert not (tmp_path / "db").exists()


def test_load_needs_a_target(monkeypatch):
    monkeypatch.delenv("KG_STORE_URL", raising=False)
    assert kg("load", TRIG).exit_code == 2


def test_update_command_writes(tmp_path):
    db = str(tmp_path / "db")
    kg("load", TTL, "-l", db)
    result = kg("update", "DELETE WHERE { ?s a <https://w3id.org/diplomacy-kg/ontology#Statement> }", "-l", db)
    assert result.exit_code == 0, result.output
    out = kg("query", "--name", "statements", "-l", db, "-f", "csv")
    assert out.output.startswith("speaker,") and len(out.output.splitlines()) == 1
    assert kg("update", "INSERT DATA { <a> }", "-l", db).exit_code == 2


def test_dump_of_missing_store_exits_2(tmp_path):
    result = kg("dump", "-l", str(tmp_path / "none"), "-o", str(tmp_path / "x.trig"))
    assert result.exit_code == 2 and "no store" in result.output


def test_serve_command_line_uses_the_installed_server(tmp_path):
    from kg.store.server import oxigraph_command

    cmd = oxigraph_command(tmp_path, "127.0.0.1:9999")
    assert Path(cmd[0]).name == "oxigraph"
    assert cmd[1:] == ["serve-read-only", "-l", str(tmp_path), "-b", "127.0.0.1:9999"]
    assert oxigraph_command(tmp_path, "127.0.0.1:9999", read_write=True)[1] == "serve"


def test_serve_refuses_a_missing_store(tmp_path):
    result = kg("serve", "-l", str(tmp_path / "none"))
    assert result.exit_code == 2 and "no store" in result.output


STATEMENT = "https://w3id.org/diplomacy-kg/ontology#Statement"


def statements_in(db: str) -> int:
    """How many dip:Statement nodes the store at `db` holds."""
    store = ox.Store.read_only(db)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    return len({q.subject for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(STATEMENT))})


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_update_reads_its_text_from_a_file_or_stdin(tmp_path, source):
    db = str(tmp_path / "db")
    assert kg("load", TRIG, "-l", db).exit_code == 0
    assert statements_in(db) > 0
    text = f"DELETE WHERE {{ GRAPH ?g {{ ?s a <{STATEMENT}> ; ?p ?o }} }}"
    if source == "file":
        (tmp_path / "drop.ru").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["update", "--file", str(tmp_path / "drop.ru"), "-l", db])
    else:
        result = CliRunner().invoke(cli, ["update", "--file", "-", "-l", db], input=text)
    assert result.exit_code == 0, result.output
    assert statements_in(db) == 0


def test_update_needs_exactly_one_text(tmp_path):
    db = str(tmp_path / "db")
    (tmp_path / "u.ru").write_text("CLEAR ALL")
    assert kg("update", "CLEAR ALL", "--file", str(tmp_path / "u.ru"), "-l", db).exit_code == 2
    assert kg("update", "-l", db).exit_code == 2
    assert kg("update", "--file", str(tmp_path / "none.ru"), "-l", db).exit_code == 2


@pytest.mark.parametrize("fmt,rdflib_name", [("rdf", "xml"), ("jsonld", "json-ld")])
def test_dump_format_option_writes_the_union_in_that_format(tmp_path, fmt, rdflib_name):
    """-f decides the format whatever the file is called; both formats hold the union of the graphs."""
    import rdflib
    from rdflib.compare import isomorphic

    db = str(tmp_path / "db")
    kg("load", TRIG, "-l", db)
    out = tmp_path / "all.txt"
    result = kg("dump", "-l", db, "-o", str(out), "-f", fmt)
    assert result.exit_code == 0, result.output
    dumped = rdflib.Graph().parse(out, format=rdflib_name)
    assert len(dumped) == 130
    assert isomorphic(dumped, rdflib.Graph().parse(TTL, format="turtle"))
    to_stdout = kg("dump", "-l", db, "-o", "-", "-f", fmt)
    assert to_stdout.exit_code == 0 and to_stdout.stdout_bytes == out.read_bytes()


def test_dump_writes_trig_to_standard_output_without_o(tmp_path):
    db = str(tmp_path / "db")
    kg("load", TRIG, "-l", db)
    result = CliRunner().invoke(cli, ["dump", "-l", db])
    assert result.exit_code == 0 and result.stderr == ""
    assert set(ox.parse(result.stdout_bytes, format=ox.RdfFormat.TRIG)) == set(ox.parse(path=TRIG))


def test_messages_count_quads_and_triples_not_statements(tmp_path):
    db = str(tmp_path / "db")
    load = kg("load", TRIG, "-l", db)
    assert "136 quads in 3 graph(s)" in load.output and "130 distinct triples" in load.output
    assert "wrote 130 triples" in kg("dump", "-l", db, "-o", str(tmp_path / "all.nt")).output
    assert "wrote 136 quads" in kg("dump", "-l", db, "-o", str(tmp_path / "all.nq")).output
    assert "statement" not in load.output + kg("dump", "-l", db, "-o", str(tmp_path / "x.ttl")).output


def test_an_update_that_names_no_graph_changes_the_data_of_every_graph(tmp_path):
    db = str(tmp_path / "db")
    kg("load", TRIG, "-l", db)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a dip:Statement } }"
    assert kg("query", count, "-l", db, "-f", "csv").output != "n\n0\n"
    assert kg("update", "DELETE WHERE { ?s a dip:Statement }", "-l", db).exit_code == 0
    assert kg("query", count, "-l", db, "-f", "csv").output == "n\n0\n"
    assert kg("update", "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", "-l", db).exit_code == 0
    where = kg("query", "SELECT ?g WHERE { GRAPH ?g { <http://example.org/a> ?p ?o } }", "-l", db, "-f", "csv")
    assert where.output == "g\nhttps://w3id.org/diplomacy-kg/id/graph/default\n"

"""Tests for `kg load`, `kg dump` and `kg update` (`kg serve` and `kg site`: test_web_cmd.py)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
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

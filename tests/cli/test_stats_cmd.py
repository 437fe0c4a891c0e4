"""Tests for `kg stats`: counts per class from files or a store."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_stats_table_of_a_file():
    result = CliRunner().invoke(cli, ["stats", str(FIXTURES / "sample.ttl")])
    assert result.exit_code == 0, result.output
    rows = {line.rsplit(None, 1)[0].strip(): line.rsplit(None, 1)[1] for line in result.output.splitlines()[2:]}
    assert rows["dip:Meeting"] == "3" and rows["dip:Person"] == "6" and rows["dip:Minister"] == "4"
    assert rows["triples"] == "130"


def test_stats_of_a_store_counts_graphs(tmp_path):
    db = str(tmp_path / "db")
    loaded = CliRunner().invoke(cli, ["load", str(FIXTURES / "sample.trig"), "-l", db])
    assert loaded.exit_code == 0, loaded.output
    result = CliRunner().invoke(cli, ["stats", "-l", db, "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert counts["graphs"] == 3 and counts["quads"] == 136 and counts["triples"] == 130


def test_stats_needs_files_or_a_store():
    assert CliRunner().invoke(cli, ["stats"]).exit_code == 2
    assert CliRunner().invoke(cli, ["stats", "missing.ttl"]).exit_code == 2

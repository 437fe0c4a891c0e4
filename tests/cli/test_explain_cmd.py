"""`kg explain` on a graph built from the seed articles."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("explain") / "g.trig"
    result = CliRunner().invoke(cli, ["build", "--no-cache", "-q", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_prefixed_name_prints_sentences_with_offsets(graph):
    result = CliRunner().invoke(cli, ["explain", "person:laurent-fabius", "--data", str(graph), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all("Fabius" in r["sentence"] for r in rows)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for row in rows:   # the offsets point at the sentence in the article text
        assert texts[row["article"]][row["start"]:row["end"]] == row["sentence"]


def test_label_finds_the_same_node_and_meeting_evidence_names_its_property(graph):
    by_label = CliRunner().invoke(cli, ["explain", "Laurent Fabius", "--data", str(graph)])
    assert by_label.exit_code == 0 and "rdf:type" in by_label.output
    meeting = CliRunner().invoke(cli, ["explain", "meeting:2016-01-20-fr-paris", "--data", str(graph)])
    assert meeting.exit_code == 0 and "dip:attendee person:ash-carter" in meeting.output


def test_unknown_node_is_a_usage_error(graph):
    result = CliRunner().invoke(cli, ["explain", "person:nobody-at-all", "--data", str(graph)])
    assert result.exit_code == 2 and "no such node" in result.output


def test_a_node_without_evidence_in_an_annotated_graph_does_not_blame_the_build(graph):
    result = CliRunner().invoke(cli, ["explain", "country:FR", "--data", str(graph)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "no evidence recorded for this node"


def test_a_graph_built_without_evidence_says_so(tmp_path):
    out = tmp_path / "bare.nq"
    built = CliRunner().invoke(cli, ["build", "--no-cache", "-q", "--evidence", "none", str(SEEDS), "-o", str(out)])
    assert built.exit_code == 0, built.output
    result = CliRunner().invoke(cli, ["explain", "person:laurent-fabius", "--data", str(out)])
    assert result.exit_code == 0 and "built with --evidence none" in result.output


def test_a_store_is_read_with_location(tmp_path):
    out, store = tmp_path / "g.nq", tmp_path / "store"
    built = CliRunner().invoke(cli, ["build", "--no-cache", "-q", str(SEEDS), "-o", str(out), "--into", str(store)])
    assert built.exit_code == 0, built.output
    from_store = CliRunner().invoke(cli, ["explain", "person:laurent-fabius", "-l", str(store), "--json"])
    from_file = CliRunner().invoke(cli, ["explain", "person:laurent-fabius", "--data", str(out), "--json"])
    assert from_store.exit_code == 0, from_store.output
    assert json.loads(from_store.output) == json.loads(from_file.output) != []


def test_data_and_location_are_one_or_the_other(graph, tmp_path):
    neither = CliRunner().invoke(cli, ["explain", "person:laurent-fabius"])
    both = CliRunner().invoke(cli, ["explain", "person:laurent-fabius", "--data", str(graph), "-l", str(tmp_path)])
    assert neither.exit_code == both.exit_code == 2 and "one of them" in neither.output
    missing = CliRunner().invoke(cli, ["explain", "person:laurent-fabius", "-l", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "no store at" in missing.output

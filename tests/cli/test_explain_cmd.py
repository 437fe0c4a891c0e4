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

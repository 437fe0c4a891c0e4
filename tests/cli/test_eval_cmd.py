"""`kg eval`: the figures table, JSON, details, and exit codes 0 (ok), 1 (below --min), 2 (bad input)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "gold" / "seeds.json"


@pytest.fixture(scope="module")
def graph(seeds_graph):
    return seeds_graph


def invoke(*args):
    return CliRunner().invoke(cli, ["eval", *map(str, args)])


def test_table_has_a_row_per_slot_and_the_average_last(graph):
    result = invoke(graph, GOLD)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["slot", "P", "R", "F1", "tp", "fp", "fn"]
    assert [line.split()[0] for line in lines[1:-1]] == [
        "meetings", "participants", "hosts", "attendees", "persons", "represents", "ministers", "statements",
        "statement_meeting", "published", "provenance"]
    assert lines[-1].startswith("average F1 0.")


def test_json_gives_every_figure_and_details_say_what_went_wrong(graph, tmp_path):
    figures = json.loads(invoke(graph, GOLD, "--json").output)
    assert set(figures["meetings"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}
    assert 0 < figures["average_f1"] <= 1
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    gold["persons"].append({"keys": ["nobody at all"], "name": "Nobody At All", "minister": False})
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    assert "    - missing person Nobody At All" in invoke(graph, tmp_path / "gold.json", "--details").output.splitlines()


def test_min_exits_1_below_and_0_at_or_above(graph):
    average = json.loads(invoke(graph, GOLD, "--json").output)["average_f1"]
    below = invoke(graph, GOLD, "--min", "1.0") if average < 1 else None
    if below is not None:
        assert below.exit_code == 1 and "is below 1.0" in below.output
    assert invoke(graph, GOLD, "--min", str(round(average - 0.001, 3))).exit_code == 0


@pytest.mark.parametrize("make, message", [
    (lambda d: (d / "missing.ttl", GOLD), "no such file"),
    (lambda d: ((d / "bad.ttl").write_text("not turtle <", encoding="utf-8") and d / "bad.ttl", GOLD), "does not parse"),
    (lambda d: (REPO / "tests" / "fixtures" / "sample.ttl",
                (d / "g.json").write_text('{"meetings": [{"id": 1}]}', encoding="utf-8") and d / "g.json"),
     "meetings[0].id"),
])
def test_bad_input_is_exit_2_with_the_reason(tmp_path, make, message):
    graph, gold = make(tmp_path)
    result = invoke(graph, gold)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output

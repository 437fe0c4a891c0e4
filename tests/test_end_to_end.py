"""The documented flow on the seeds, as a user runs it: build, parse, validate, query, stats."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

REPO = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg.cli"]


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real `kg` command in a subprocess."""
    return subprocess.run([*KG, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("e2e")
    result = kg("build", str(REPO / "seeds"), "-o", str(out / "seeds.ttl"), "--no-cache", cwd=out)
    assert result.returncode == 0, result.stderr
    return out


def test_build_is_byte_identical_on_a_second_run(built):
    again = kg("build", str(REPO / "seeds"), "-o", str(built / "again.ttl"), "--no-cache", cwd=built)
    assert again.returncode == 0, again.stderr
    assert (built / "seeds.ttl").read_bytes() == (built / "again.ttl").read_bytes()


def test_turtle_parses_with_rdflib_and_pyoxigraph(built):
    g = rdflib.Graph().parse(built / "seeds.ttl", format="turtle")
    quads = list(pyoxigraph.parse(path=str(built / "seeds.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(g) == len(quads) > 500


def test_seeds_graph_conforms_to_the_shapes(built):
    result = kg("validate", str(built / "seeds.ttl"), cwd=built)
    assert result.returncode == 0, result.stdout + result.stderr


def test_three_meetings_held_in_paris(built):
    result = kg("query", "--name", "meetings", "--data", str(built / "seeds.ttl"), "-f", "csv", cwd=built)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines()[1:] if ",Paris," in line]
    assert sorted(r.split(",")[1] for r in rows) == ["2014-09-15", "2015-06-02", "2016-01-20"]


def test_stats_counts_the_contract_classes(built):
    """The table's count for each class is the number of distinct instances rdflib finds in the file."""
    result = kg("stats", str(built / "seeds.ttl"), cwd=built)
    assert result.returncode == 0, result.stderr
    rows = dict(line.rsplit(None, 1) for line in result.stdout.splitlines()[2:])
    graph = rdflib.Graph().parse(built / "seeds.ttl", format="turtle")
    dip = rdflib.Namespace("https://w3id.org/diplomacy-kg/ontology#")
    for name in ("Meeting", "Person", "Minister", "Statement", "Article", "Country", "City"):
        instances = set(graph.subjects(rdflib.RDF.type, dip[name]))
        assert instances, name
        assert int(rows[f"dip:{name}"]) == len(instances), name
    assert int(rows["dip:Article"]) == len(list((REPO / "seeds").glob("*.txt")))
    assert int(rows["triples"]) == len(graph)

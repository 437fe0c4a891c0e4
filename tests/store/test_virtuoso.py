"""Against a real Virtuoso 7 (Debian's virtuoso-opensource-7-bin): Graph Store loads with and without
--replace are counted back graph by graph, every saved query gives the embedded store's rows, Digest
authentication works, and queries get answers although Virtuoso never answers a direct POST."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store.sparql import saved_queries


def kg(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory, seeds_dir):
    """The seeds built as N-Quads, and the same graph in an embedded store."""
    tmp = tmp_path_factory.mktemp("virtuoso-seeds")
    result = kg("build", seeds_dir, "-o", tmp / "seeds.nq", "--into", tmp / "store", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    return tmp / "seeds.nq", tmp / "store"


def per_graph(path) -> dict[str, int]:
    """Distinct triples per named graph of an N-Quads file."""
    graphs: dict[str, set] = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(quad.graph_name.value, set()).add(quad.triple)
    return {g: len(t) for g, t in graphs.items()}


def held(base, graph: str) -> int:
    """The triples Virtuoso holds in a graph, counted through `kg query --endpoint`."""
    result = kg("query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                "--endpoint", f"{base}/sparql", "-f", "csv")
    assert result.exit_code == 0, result.output
    return int(result.output.splitlines()[1])


@pytest.mark.parametrize("replace", [False, True], ids=["append", "replace"])
def test_a_load_arrives_whole_in_every_graph(virtuoso, seeds, replace):
    nq, _ = seeds
    result = kg("load", nq, "--endpoint", f"{virtuoso}/sparql-graph-crud", *(["--replace"] if replace else []))
    assert result.exit_code == 0, result.output
    assert "checked through" in result.output and "every graph holds what was sent" in result.output
    for graph, count in per_graph(nq).items():
        assert held(virtuoso, graph) == count, graph


@pytest.fixture(scope="module")
def loaded(virtuoso, seeds):
    nq, _ = seeds
    assert kg("load", nq, "--endpoint", f"{virtuoso}/sparql-graph-crud", "--replace").exit_code == 0
    return virtuoso


VIRTUOSO_BOOLEANS = {"true": "1", "false": "0"}   # Virtuoso 7 writes xsd:boolean values as xsd:integer 1 and 0


def same_cell(local: str, remote: str) -> bool:
    return local == remote or VIRTUOSO_BOOLEANS.get(local) == remote


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_gives_the_embedded_store_rows(loaded, seeds, name):
    import csv
    import io

    _, store = seeds
    remote = kg("query", "--name", name, "--endpoint", f"{loaded}/sparql", "-f", "csv")
    local = kg("query", "--name", name, "-l", store, "-f", "csv")
    assert remote.exit_code == 0, remote.output
    assert local.exit_code == 0 and len(local.output.splitlines()) > 1
    local_rows = list(csv.reader(io.StringIO(local.output)))
    remote_rows = list(csv.reader(io.StringIO(remote.output)))
    assert len(remote_rows) == len(local_rows)
    for mine, theirs in zip(local_rows, remote_rows):
        assert len(mine) == len(theirs) and all(map(same_cell, mine, theirs)), (mine, theirs)


def test_ask_is_answered_as_a_boolean(loaded):
    result = kg("query", "ASK { ?m a dip:Meeting }", "--endpoint", f"{loaded}/sparql")
    assert (result.exit_code, result.output) == (0, "true\n")


def test_digest_authentication(virtuoso, seeds, tmp_path):
    nq, _ = seeds
    small = tmp_path / "one.nt"
    small.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    url = f"{virtuoso}/sparql-graph-crud-auth"
    args = ("load", small, "--endpoint", url, "--graph", "http://example.org/digest", "--replace")
    ok = kg(*args, env={"KG_USER": "dba", "KG_PASSWORD": "dba"})
    assert ok.exit_code == 0, ok.output
    assert held(virtuoso, "http://example.org/digest") == 1
    wrong = kg(*args, env={"KG_USER": "dba", "KG_PASSWORD": "wrong"})
    assert wrong.exit_code == 2 and "refused the credentials" in wrong.output and "Digest" in wrong.output
    assert "wrong" not in wrong.output.replace("credentials", "")
    none = kg(*args, env={"KG_USER": "", "KG_PASSWORD": ""})
    assert none.exit_code == 2 and "authentication required" in none.output

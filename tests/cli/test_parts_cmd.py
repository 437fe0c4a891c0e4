"""`kg build -o DIR/ --parts N` and `kg load DIR/`: a build as gzipped N-Quads parts, into stores and servers."""
from __future__ import annotations

import gzip
import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import generated_corpus
from kg.cli import cli
from servers import oxigraph_server


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("corpus"), count=9, seed=43, seeds=2)


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> tuple[Path, bytes]:
    """A parts folder of the corpus (3 parts) and the bytes `-o graph.nq` writes."""
    out = tmp_path_factory.mktemp("built")
    assert run("build", corpus, "-o", out / "graph.nq", "--no-cache").exit_code == 0
    result = run("build", corpus, "-o", out / "parts/", "--parts", 3, "--no-cache")
    assert result.exit_code == 0, result.output
    return out / "parts", (out / "graph.nq").read_bytes()


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_the_parts_read_in_order_are_the_single_file(built):
    folder, single = built
    manifest = json.loads((folder / "manifest.json").read_text())
    files = [e["file"] for e in manifest["parts"]] + [manifest["resolved"]["file"]]
    assert files == ["part-00000.nq.gz", "part-00001.nq.gz", "part-00002.nq.gz", "resolved.nq.gz"]
    assert b"".join(gzip.decompress((folder / f).read_bytes()) for f in files) == single
    assert manifest["articles"] == 11 and manifest["quads"] == single.count(b"\n")


def test_a_folder_name_without_parts_gets_one_part_per_ten_thousand_articles(corpus, tmp_path):
    result = run("build", corpus, "-o", f"{tmp_path / 'out'}/", "--no-cache")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["manifest.json", "part-00000.nq.gz",
                                                                    "resolved.nq.gz"]


def test_parts_with_a_triple_format_or_shared_fs_alone_are_usage_errors(corpus, tmp_path):
    result = run("build", corpus, "-o", tmp_path / "out", "--parts", 2, "-f", "ttl")
    assert result.exit_code == 2 and "holds N-Quads" in result.output
    result = run("build", corpus, "-o", tmp_path / "g.nq", "--shared-fs")
    assert result.exit_code == 2 and "--shared-fs needs --scheduler" in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "g.nq").exists()


def dump(store: Path, tmp_path: Path, name: str) -> bytes:
    assert run("dump", "-l", store, "-o", tmp_path / name).exit_code == 0
    return (tmp_path / name).read_bytes()


def test_kg_load_of_a_folder_is_the_load_of_the_single_file(built, tmp_path):
    folder, single = built
    (tmp_path / "graph.nq").write_bytes(single)
    assert run("load", tmp_path / "graph.nq", "-l", tmp_path / "one").exit_code == 0
    result = run("load", folder, "-l", tmp_path / "two")
    assert result.exit_code == 0, result.output
    lines = single.count(b"\n")
    assert f"loaded {lines} quads in 12 graph(s)" in result.output
    assert dump(tmp_path / "two", tmp_path, "two.nq") == dump(tmp_path / "one", tmp_path, "one.nq")
    again = run("load", folder, "-l", tmp_path / "two", "--replace")   # into an existing store
    assert again.exit_code == 0 and "replacing 12 graph(s)" in again.output
    assert dump(tmp_path / "two", tmp_path, "again.nq") == dump(tmp_path / "one", tmp_path, "one.nq")


def test_a_build_into_a_store_through_parts_loads_every_graph(corpus, built, tmp_path):
    result = run("build", corpus, "-o", tmp_path / "parts/", "--parts", 2, "--into", tmp_path / "store",
                 "--no-cache")
    assert result.exit_code == 0, result.output
    assert run("load", built[0], "-l", tmp_path / "reference").exit_code == 0
    assert dump(tmp_path / "store", tmp_path, "a.nq") == dump(tmp_path / "reference", tmp_path, "b.nq")


def count(base: str, query: str) -> int:
    url = f"{base}/query?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(answer.read().decode().splitlines()[1])


def test_kg_load_sends_the_parts_to_a_graph_store_in_parallel(built, tmp_path):
    folder, single = built
    with oxigraph_server(tmp_path / "server") as base:
        result = run("load", folder, "--endpoint", f"{base}/store", "--parallel", 3)
        assert result.exit_code == 0, result.output
        assert "in 12 graph(s)" in result.output
        quads = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        assert count(base, quads) == single.count(b"\n")
        again = run("load", folder, "--endpoint", f"{base}/store", "--parallel", 2, "--replace")
        assert again.exit_code == 0, again.output
        assert count(base, quads) == single.count(b"\n")
        assert count(base, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == 12


def test_a_failed_part_names_what_was_loaded_and_what_was_not(built, tmp_path):
    folder, _ = built
    (tmp_path / "bad").mkdir()
    broken = tmp_path / "bad" / "part-00000.nq.gz"
    broken.write_bytes(gzip.compress(b"<a> <b> not n-quads\n"))
    with oxigraph_server(tmp_path / "server") as base:
        good = folder / "part-00001.nq.gz"
        result = run("load", good, broken, "--endpoint", f"{base}/store", "--parallel", 2)
    assert result.exit_code == 2
    assert "does not parse" in result.output
    assert f"files loaded: {good}" in result.output and f"files not loaded: {broken}" in result.output

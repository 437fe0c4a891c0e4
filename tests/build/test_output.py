"""A rebuild into the same N-Quads file copies the unchanged graphs from the previous file and writes
the bytes a fresh build writes; an index or file that is not what the cache recorded is not trusted."""
from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from helpers import FILLER, generated_corpus
from kg import ids
from kg.cli import cli

MARK = "https://example.org/untouched"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("corpus"), count=12, seed=53, seeds=1)


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def fresh(articles, tmp_path, *options) -> bytes:
    out = tmp_path / "fresh.nq"
    run("build", articles, "-o", out, "--no-cache", "-q", *options)
    return out.read_bytes()


@pytest.fixture
def copies(monkeypatch) -> list:
    """The byte counts os.copy_file_range is asked to copy."""
    asked = []
    real = os.copy_file_range

    def counting(src, dst, count, *args):
        asked.append(count)
        return real(src, dst, count, *args)

    monkeypatch.setattr(os, "copy_file_range", counting)
    return asked


def edit(articles, what: str) -> None:
    paths = sorted(articles.glob("0*.txt"))
    if what == "changed":
        paths[4].write_text(paths[4].read_text(encoding="utf-8") + FILLER, encoding="utf-8")
    elif what == "removed":
        paths[4].unlink()
    else:   # a copy of an article under a new name
        shutil.copy(paths[4], articles / "zz-added.txt")


@pytest.mark.parametrize("evidence", ["full", "none"])
@pytest.mark.parametrize("what", ["changed", "removed", "added"])
def test_a_rebuild_copies_the_unchanged_graphs_and_writes_a_fresh_builds_bytes(articles, tmp_path, copies,
                                                                                 what, evidence):
    out, cache = tmp_path / "graph.nq", tmp_path / "cache"
    run("build", articles, "-o", out, "--cache-dir", cache, "--evidence", evidence)
    assert copies == []   # nothing to copy from yet
    edit(articles, what)
    run("build", articles, "-o", out, "--cache-dir", cache, "--evidence", evidence)
    assert copies and sum(copies) > len(out.read_bytes()) // 2
    assert out.read_bytes() == fresh(articles, tmp_path, "--evidence", evidence)
    copies.clear()
    run("build", articles, "-o", out, "--cache-dir", cache, "--evidence", evidence)   # nothing changed
    assert sum(copies) == len(out.read_bytes())
    assert out.read_bytes() == fresh(articles, tmp_path, "--evidence", evidence)


def index_of(cache: Path) -> Path:
    (index,) = (cache / "outputs").iterdir()
    return index


def damage_index(cache: Path) -> None:
    index_of(cache).write_bytes(index_of(cache).read_bytes()[:100])


def drop_a_graph(cache: Path) -> None:
    """An index that names fewer graphs than the file holds."""
    record = pickle.loads(index_of(cache).read_bytes())
    record["graphs"].pop(sorted(record["graphs"])[0])
    index_of(cache).write_bytes(pickle.dumps(record))


def other_evidence(cache: Path) -> None:
    record = pickle.loads(index_of(cache).read_bytes())
    record["evidence"] = "none"
    index_of(cache).write_bytes(pickle.dumps(record))


def rewrite_output(out: Path) -> None:
    """Other bytes of the same length, with the old modification time put back."""
    info = out.stat()
    data = bytearray(out.read_bytes())
    at = data.index(b"> .\n", len(data) // 3)
    data[at - 3:at] = b"xyz"
    out.write_bytes(bytes(data))
    os.utime(out, ns=(info.st_atime_ns, info.st_mtime_ns))


def replace_output(out: Path) -> None:
    out.write_bytes(b"<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n")


@pytest.mark.parametrize("spoil", [damage_index, drop_a_graph, other_evidence, rewrite_output, replace_output])
def test_an_index_or_output_that_is_not_what_the_cache_recorded_is_not_copied_from(articles, tmp_path, copies,
                                                                                   spoil):
    out, cache = tmp_path / "graph.nq", tmp_path / "cache"
    run("build", articles, "-o", out, "--cache-dir", cache)
    spoil(out if spoil in (rewrite_output, replace_output) else cache)
    edit(articles, "changed")
    run("build", articles, "-o", out, "--cache-dir", cache)
    assert copies == []
    assert out.read_bytes() == fresh(articles, tmp_path)
    run("build", articles, "-o", out, "--cache-dir", cache)   # the index is made again
    assert sum(copies) == len(out.read_bytes())


def test_without_copy_file_range_the_bytes_are_copied_by_reading(articles, tmp_path, monkeypatch):
    out, cache = tmp_path / "graph.nq", tmp_path / "cache"
    run("build", articles, "-o", out, "--cache-dir", cache)

    def unsupported(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", unsupported)
    edit(articles, "changed")
    run("build", articles, "-o", out, "--cache-dir", cache)
    assert out.read_bytes() == fresh(articles, tmp_path)


def marked(store: Path, graph: str) -> bool:
    return bool(ox.Store.read_only(str(store)).query(f"ASK {{ GRAPH <{graph}> {{ <{MARK}> ?p ?o }} }}"))


def test_a_rebuild_into_a_file_and_a_store_writes_only_the_changed_graphs_to_the_store(articles, tmp_path, copies):
    out, cache, store = tmp_path / "graph.nq", tmp_path / "cache", tmp_path / "store"
    run("build", articles, "-o", out, "--into", store, "--cache-dir", cache)
    paths = sorted(articles.glob("0*.txt"))
    kept, changed = ids.article(paths[3].stem), ids.article(paths[4].stem)
    for graph in (kept, changed):
        run("update", f"INSERT DATA {{ GRAPH <{graph}> {{ <{MARK}> <{MARK}> <{MARK}> }} }}", "-l", store)
    edit(articles, "changed")
    run("build", articles, "-o", out, "--into", store, "--cache-dir", cache)
    assert copies
    assert marked(store, kept) and not marked(store, changed)
    assert out.read_bytes() == fresh(articles, tmp_path)
    run("update", f"DROP GRAPH <{kept}>", "-l", store)   # lost from the store: sent again, read from the file
    run("build", articles, "-o", out, "--into", store, "--cache-dir", cache)
    assert ox.Store.read_only(str(store)).query(f"ASK {{ GRAPH <{kept}> {{ ?s ?p ?o }} }}")

"""Parts folders: gzipped N-Quads parts and the resolved graph, with a manifest; written whole or not at all."""
from __future__ import annotations

import gzip
import json

import pytest

from kg.errors import InputError, OutputError
from kg.rdf import parts


def chunks(n: int):
    """n article graphs of one quad each, then a resolved graph in two chunks."""
    found = [(f"https://e.org/a{i}", 1, f"<s{i}> <p> <o> <https://e.org/a{i}> .\n".encode()) for i in range(n)]
    return found + [("https://e.org/r", 1, b"<x> <p> <o> <https://e.org/r> .\n")] * 2


def test_the_parts_hold_the_graphs_in_order_and_the_manifest_counts_them(tmp_path):
    manifest = parts.write(tmp_path / "out", chunks(7), graphs=7, parts=3, articles=7)
    files = parts.files(tmp_path / "out")
    assert [f.name for f in files] == ["part-00000.nq.gz", "part-00001.nq.gz", "part-00002.nq.gz", "resolved.nq.gz"]
    assert b"".join(gzip.decompress(f.read_bytes()) for f in files) == b"".join(c[2] for c in chunks(7))
    assert [p["graphs"] for p in manifest["parts"]] == [2, 2, 3]
    assert manifest["resolved"] == {"file": "resolved.nq.gz", "graphs": 1, "quads": 2}
    assert manifest["quads"] == 9 and manifest == json.loads((tmp_path / "out" / "manifest.json").read_text())


def test_the_same_graphs_give_the_same_bytes(tmp_path):
    parts.write(tmp_path / "a", chunks(5), graphs=5, parts=2, articles=5)
    parts.write(tmp_path / "b", chunks(5), graphs=5, parts=2, articles=5)
    for name in ("part-00000.nq.gz", "part-00001.nq.gz", "resolved.nq.gz", "manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_a_failed_write_leaves_the_earlier_folder(tmp_path):
    parts.write(tmp_path / "out", chunks(4), graphs=4, parts=2, articles=4)
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}

    def broken():
        yield from chunks(4)[:3]
        raise RuntimeError("the build stopped")

    with pytest.raises(RuntimeError):
        parts.write(tmp_path / "out", broken(), graphs=4, parts=2, articles=4)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]   # no staging folder left


def test_a_folder_of_other_files_is_not_replaced(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match="is a folder of other files"):
        parts.write(tmp_path / "mine", chunks(2), graphs=2, parts=1, articles=2)
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_reading_a_folder_without_its_files_is_a_clear_error(tmp_path):
    parts.write(tmp_path / "out", chunks(3), graphs=3, parts=2, articles=3)
    (tmp_path / "out" / "part-00001.nq.gz").unlink()
    with pytest.raises(InputError, match="lacks part-00001.nq.gz"):
        parts.expand([tmp_path / "out"])
    with pytest.raises(InputError, match="without manifest.json"):
        parts.expand([tmp_path])
    assert parts.expand(["a.nq"]) == ["a.nq"]


def test_bounds_deal_graphs_evenly():
    assert parts.bounds(10, 3) == [0, 3, 6, 10]
    assert parts.bounds(2, 4) == [0, 0, 1, 1, 2]
    assert parts.bounds(0, 1) == [0, 0]

"""The benchmark corpus generator: deterministic, article-sized, and extractable by `kg build`."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import bench_generate

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gen():
    """The bench/generate.py module."""
    return bench_generate()


def _corpus(paths):
    return {p.name: p.read_bytes() for p in paths}


def test_same_seed_same_corpus(gen, tmp_path):
    a = gen.generate(count=6, seed=3, out=tmp_path / "a")
    b = gen.generate(count=6, seed=3, out=tmp_path / "b")
    assert _corpus(a) == _corpus(b)


def test_other_seed_other_corpus(gen, tmp_path):
    a = _corpus(gen.generate(count=4, seed=3, out=tmp_path / "a"))
    b = _corpus(gen.generate(count=4, seed=4, out=tmp_path / "b"))
    assert set(a.values()).isdisjoint(b.values())


def test_small_corpus_is_a_prefix_of_a_larger_one(gen, tmp_path):
    small = _corpus(gen.generate(count=3, seed=9, out=tmp_path / "s"))
    large = _corpus(gen.generate(count=7, seed=9, out=tmp_path / "l"))
    assert small.items() <= large.items()


def test_articles_are_sized_like_real_news(gen, tmp_path):
    sizes = [p.stat().st_size for p in gen.generate(count=20, seed=1, out=tmp_path)]
    assert all(2800 <= s <= 9000 for s in sizes), sizes
    assert len(set(sizes)) > 10


def test_command_line_writes_the_corpus(gen, tmp_path):
    assert gen.main(["--count", "3", "--seed", "2", "--out", str(tmp_path / "c")]) == 0
    assert len(list((tmp_path / "c").glob("*.txt"))) == 3


def test_build_finds_meetings_people_and_statements(gen, tmp_path):
    from kg.build.pipeline import build

    gen.generate(count=6, seed=5, out=tmp_path / "c")
    result = build([tmp_path / "c"])
    assert not result.failures
    assert len(result.facts) == 6
    with_meetings = sum(1 for f in result.facts if f.meetings)
    with_statements = sum(1 for f in result.facts if f.statements)
    assert with_meetings >= 4, with_meetings
    assert with_statements >= 4, with_statements
    assert all(len(f.persons) >= 2 for f in result.facts)


def test_quotations_are_as_dense_as_in_real_news(gen, tmp_path):
    """The seeds and real news carry 1.2-1.7 quotations per kB; a denser corpus would overstate the work."""
    from kg.build.pipeline import build

    paths = gen.generate(count=40, seed=2, out=tmp_path / "c")
    kilobytes = sum(p.stat().st_size for p in paths) / 1000
    statements = sum(len(f.statements) for f in build([tmp_path / "c"]).facts)
    assert 1.0 <= statements / kilobytes <= 2.2, statements / kilobytes

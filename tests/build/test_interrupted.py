"""Interrupted and repeated builds: a killed `kg build` leaves the previous output whole; re-runs are byte-identical."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg.fsutil import temporaries

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
KG = [str(Path(sys.executable).parent / "kg")]
COPIES = 2   # copies of each seed: several articles to extract and several graphs to write


def kg(*args, check=True) -> subprocess.CompletedProcess:
    """Run the real `kg` command."""
    proc = subprocess.run([*KG, *map(str, args)], capture_output=True)
    if check:
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return proc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Many articles: every seed copied under several names."""
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    folder.mkdir()
    for n in range(COPIES):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"{seed.stem}_{n:02d}.txt")
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> bytes:
    """The bytes of an uninterrupted build of the corpus, without a cache."""
    out = tmp_path_factory.mktemp("ref") / "graph.nq"
    kg("build", corpus, "-o", out, "--no-cache", "-q")
    return out.read_bytes()


def kill_build(args: list, *, at: str) -> int:
    """Start `kg build` told to wait at the stage `at` (KG_BUILD_PAUSE), SIGKILL it once it says it
    is waiting there, and return its exit status."""
    proc = subprocess.Popen([*KG, "build", *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "KG_BUILD_PAUSE": at})
    try:
        said = []
        for line in iter(proc.stderr.readline, b""):   # until the pause is announced, or the build ends
            said.append(line.decode(errors="replace"))
            if line.startswith(f"kg: paused at {at} ".encode()):
                break
        assert said and said[-1].startswith(f"kg: paused at {at} "), f"the build never paused at {at}: {said}"
        proc.send_signal(signal.SIGKILL)
        return proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()


@pytest.mark.parametrize("when", ["writing", "extracted"])
def test_killed_build_leaves_previous_output_and_rerun_recovers(corpus, reference, tmp_path, when):
    out = tmp_path / "graph.nq"
    kg("build", SEEDS, "-o", out, "--cache-dir", tmp_path / "cache", "-q")   # the previous output
    previous = out.read_bytes()
    cached = set((tmp_path / "cache").rglob("*"))
    assert previous != reference
    status = kill_build([corpus, "-o", out, "--cache-dir", tmp_path / "cache"], at=when)
    assert status == -signal.SIGKILL
    assert out.read_bytes() == previous                       # intact: same bytes
    if when == "writing":                                     # killed with part of the new graph on disk
        (leftover,) = temporaries(out)
        assert 0 < leftover.stat().st_size < len(reference)
    else:                                                     # killed after a first new cache entry
        assert temporaries(out) == []
    after_kill = set((tmp_path / "cache").rglob("*"))
    assert after_kill > cached
    # the killed build's cache entries and temporary file must not spoil the next build
    kg("build", corpus, "-o", out, "--cache-dir", tmp_path / "cache", "-q")
    assert out.read_bytes() == reference
    if when == "extracted":                                   # ... and before the other articles' entries
        assert set((tmp_path / "cache").rglob("*")) > after_kill
    assert temporaries(out) == []                             # the dead writer's leftover was cleared
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "graph.nq"]


def test_rerun_gives_byte_identical_output(corpus, reference, tmp_path):
    out = tmp_path / "graph.nq"
    kg("build", corpus, "-o", out, "--cache-dir", tmp_path / "cache", "-q")   # fills the cache
    first = out.read_bytes()
    kg("build", corpus, "-o", out, "--cache-dir", tmp_path / "cache", "-q")   # from the cache
    assert first == out.read_bytes() == reference
    lines = first.splitlines()
    assert len(lines) == len(set(lines))                     # no statement written twice


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "jsonld"])
def test_rerun_is_byte_identical_in_every_format(tmp_path_factory, tmp_path, fmt):
    from click.testing import CliRunner

    from kg.cli import cli

    cache = tmp_path_factory.getbasetemp() / "format-cache"   # shared: the first format fills it
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    for out, options in ((a, ["--no-cache"]), (b, ["--cache-dir", str(cache)])):
        result = CliRunner().invoke(cli, ["build", str(SEEDS), "-o", str(out), "-q", *options])
        assert result.exit_code == 0, result.output
    assert a.read_bytes() == b.read_bytes()


def test_same_article_given_twice_is_built_once(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    once, twice = tmp_path / "once.nq", tmp_path / "twice.nq"
    kg("build", seed, "-o", once, "--no-cache", "-q")
    proc = kg("build", seed, seed, seed.parent / "." / seed.name, "-o", twice, "--no-cache", "-q")
    assert once.read_bytes() == twice.read_bytes()
    assert b"skipped" not in proc.stderr

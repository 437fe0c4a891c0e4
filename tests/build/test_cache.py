"""The per-article facts cache: keys, atomic writes, corrupt entries and statistics."""
from __future__ import annotations

import re

from kg.build.cache import CacheStats, FactsCache, default_cache_dir, entry_key, extractor_version


def test_extractor_version_hashes_the_extraction_sources_and_nothing_else(tmp_path, monkeypatch):
    """Recomputed over a copy of kg/: the same files give the same sha1; an edit to an extractor or a
    data file changes it; an edit elsewhere (the CLI) does not."""
    import shutil

    from kg.build import cache

    copy = tmp_path / "kg"
    shutil.copytree(cache._KG_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_KG_ROOT", copy)
    fresh = extractor_version.__wrapped__            # the uncached function, reading the files again
    assert re.fullmatch(r"[0-9a-f]{40}", fresh()) and fresh() == extractor_version()
    with (copy / "cli" / "build_cmd.py").open("a") as handle:
        handle.write("\n# a comment\n")
    assert fresh() == extractor_version()
    for name in ("extract/people.py", "data/titles.tsv", "read/dates.py"):
        before = fresh()
        with (copy / name).open("a") as handle:
            handle.write("\n")
        assert fresh() != before, name


def test_key_depends_on_content_identifier_and_version():
    base = entry_key("a" * 40, "001", version="v1")
    assert base == entry_key("a" * 40, "001", version="v1")
    assert base != entry_key("b" * 40, "001", version="v1")
    assert base != entry_key("a" * 40, "002", version="v1")
    assert base != entry_key("a" * 40, "001", version="v2")


def test_round_trip_and_statistics(tmp_path):
    cache, stats = FactsCache(tmp_path), CacheStats()
    key = entry_key("c" * 40, "x", version="v")
    assert cache.get(key, stats=stats) is None
    cache.put(key, {"facts": [1, 2, 3]}, stats=stats)
    assert cache.get(key, stats=stats) == {"facts": [1, 2, 3]}
    assert (stats.writes, stats.corrupt) == (1, 0)


def test_writes_leave_no_temporary_files(tmp_path):
    cache = FactsCache(tmp_path)
    for i in range(5):
        cache.put(entry_key(str(i) * 40, "x", version="v"), list(range(i)))
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 5 and all(p.suffix == ".pickle" and not p.name.startswith(".") for p in files)


def test_corrupt_entry_is_ignored_counted_and_rewritten(tmp_path):
    cache, stats = FactsCache(tmp_path), CacheStats()
    key = entry_key("d" * 40, "x", version="v")
    cache.put(key, "good")
    cache.path(key).write_bytes(b"\x80\x05not a pickle")
    assert cache.get(key, stats=stats) is None
    assert stats.corrupt == 1
    cache.put(key, "good again")
    assert cache.get(key) == "good again"


def test_truncated_entry_is_ignored(tmp_path):
    cache = FactsCache(tmp_path)
    key = entry_key("e" * 40, "x", version="v")
    cache.put(key, list(range(1000)))
    data = cache.path(key).read_bytes()
    cache.path(key).write_bytes(data[: len(data) // 2])
    assert cache.get(key) is None


def test_unwritable_cache_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache, stats = FactsCache(blocker / "cache"), CacheStats()
    cache.put(entry_key("f" * 40, "x", version="v"), 1, stats=stats)   # must not raise
    assert stats.writes == 0


def test_default_dir_is_beside_the_output_or_here(tmp_path, monkeypatch):
    assert default_cache_dir(str(tmp_path / "out" / "g.ttl")) == (tmp_path / "out" / ".kg-cache").resolve()
    monkeypatch.chdir(tmp_path)
    assert default_cache_dir("-").parent.resolve() == tmp_path.resolve()
    assert default_cache_dir(None).parent.resolve() == tmp_path.resolve()


def test_file_digests_hash_again_a_file_whose_stat_differs_and_keep_only_settled_files(tmp_path, monkeypatch):
    import hashlib
    import os

    from kg.build.cache import FileDigests

    def sha1(data):
        return hashlib.sha1(data).hexdigest()

    article, cache = tmp_path / "a.txt", tmp_path / "cache"
    article.write_bytes(b"first text")
    digests = FileDigests(cache)
    assert digests.sha1(article, os.stat(article)) == sha1(b"first text")
    digests.save()
    assert FileDigests(cache).known == {}   # just written: a write in the same clock tick could follow unseen
    with monkeypatch.context() as patched:
        patched.setattr(FileDigests, "SETTLED_NS", -10**18)   # as if written long ago
        digests = FileDigests(cache)
        digests.sha1(article, os.stat(article))
        digests.save()
        assert len(FileDigests(cache).known) == 1
        before = os.stat(article)
        article.write_bytes(b"other text")   # the same size, the old modification time put back
        os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert FileDigests(cache).sha1(article, os.stat(article)) == sha1(b"other text")
    (cache / "files.pickle").write_bytes(b"\x80\x05 damaged")
    assert FileDigests(cache).sha1(article, os.stat(article)) == sha1(b"other text")

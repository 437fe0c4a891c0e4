"""Keeping a store in step with a corpus (`kg build --into`): load only the graphs that changed, drop
the graphs of articles no longer built.

The cache keeps, for each store a build loaded into, the sha1 of every graph as loaded. A rebuild
then sends only the graphs whose bytes differ (or that the store lost), and names the graphs the
record holds but the build no longer makes, for the store to remove. Graphs loaded by other means
(`kg load`, another cache) are never removed; a graph changed in the store by other means is not
noticed (load the build with `kg load --replace`, or delete the cache's `stores/` folder).
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from kg.build.cache import write_atomic


class StoreRecord:
    """The graphs (IRI -> sha1 of their N-Quads) builds with one cache last loaded into one store, and,
    for each article graph its own graph key decides, that key and its quad count."""

    def __init__(self, cache_dir: str | os.PathLike, location: str | os.PathLike):
        name = hashlib.sha1(str(Path(location).resolve()).encode("utf-8", "surrogateescape")).hexdigest()
        self.path = Path(cache_dir) / "stores" / f"{name}.pickle"
        self.graphs: dict[str, str] | None = None   # once loaded
        self.keys: dict[str, tuple[str, int]] = {}

    def load(self) -> dict[str, str]:
        """The graphs recorded, or {} when none are (or the record is unreadable); their keys go to `keys`.
        The file is read once: a second call gives what the first found."""
        if self.graphs is None:
            self.graphs = self._read()
        return self.graphs

    def _read(self) -> dict[str, str]:
        try:
            found = pickle.loads(self.path.read_bytes())
        except Exception:   # absent or damaged: load every graph
            return {}
        if isinstance(found, dict) and set(found) == {"graphs", "keys"}:
            self.keys = found["keys"] if isinstance(found["keys"], dict) else {}
            found = found["graphs"]
        return found if isinstance(found, dict) else {}

    def save(self, digests: dict[str, str], keys: dict[str, tuple[str, int]] | None = None) -> None:
        """Record what the store now holds (skipped silently when the cache cannot be written)."""
        record = {"graphs": digests, "keys": keys or {}}
        write_atomic(str(self.path), pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))


class Stored:
    """An article graph the store holds as the last build loaded it: its quad count and sha1, and
    `read()` for its N-Quads from the graph cache (needed only if the store lost it)."""

    __slots__ = ("count", "sha1", "key", "cache")

    def __init__(self, count: int, sha1: str, key: str, cache):
        self.count, self.sha1, self.key, self.cache = count, sha1, key, cache

    def read(self) -> bytes:
        data = self.cache.get_bytes(self.key)
        if data is None:
            from kg.errors import StoreError

            raise StoreError("a graph to write again is missing from the build cache; "
                             "build again with --no-cache (or delete the cache) to load every graph")
        return data


def stored_graphs(record: StoreRecord, cache_dir) -> dict[str, Stored]:
    """{graph key: Stored} of the recorded article graphs whose cache entry is there: a build gives them
    in place of their bytes (kg.build.emission's `previous`), so an unchanged graph is not read."""
    from kg.build.cache import GraphCache

    cache, digests = GraphCache(cache_dir), record.load()
    return {key: Stored(count, digests[graph], key, cache) for graph, (key, count) in record.keys.items()
            if graph in digests and cache.exists(key)}


def changed_graphs(chunks, *, loaded: dict[str, str], present: set[str], digests: dict[str, str],
                   counts: dict[str, int] | None = None):
    """Yield the (graph, count, bytes) chunks of the graphs that differ from `loaded` or are not
    `present` in the store; every graph's sha1 goes into `digests` (and its quads into `counts`).

    A graph's chunks come one after another (a build's resolved graph comes in several), so one
    graph at a time is held. A chunk's bytes may be an object with their `sha1` (hex) and `read()`
    (kg.build.output.Copied, a graph copied whole from the previous output, or a Stored): read only
    when sent.
    """
    graph, held, digest = None, [], None

    def finish():
        digests[graph] = digest if isinstance(digest, str) else digest.hexdigest()
        if loaded.get(graph) != digests[graph] or graph not in present:
            for g, count, data in held:
                yield g, count, data if isinstance(data, bytes) else data.read()

    for chunk in chunks:
        if chunk[0] != graph:
            if graph is not None:
                yield from finish()
            graph, held, digest = chunk[0], [], hashlib.sha1()
        held.append(chunk)
        if counts is not None:
            counts[graph] = counts.get(graph, 0) + chunk[1]
        if isinstance(chunk[2], bytes):
            digest.update(chunk[2])
        else:
            digest = chunk[2].sha1
    if graph is not None:
        yield from finish()

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
    """The graphs (IRI -> sha1 of their N-Quads) builds with one cache last loaded into one store."""

    def __init__(self, cache_dir: str | os.PathLike, location: str | os.PathLike):
        name = hashlib.sha1(str(Path(location).resolve()).encode("utf-8", "surrogateescape")).hexdigest()
        self.path = Path(cache_dir) / "stores" / f"{name}.pickle"

    def load(self) -> dict[str, str]:
        """The graphs recorded, or {} when none are (or the record is unreadable)."""
        try:
            found = pickle.loads(self.path.read_bytes())
        except Exception:   # absent or damaged: load every graph
            return {}
        return found if isinstance(found, dict) else {}

    def save(self, digests: dict[str, str]) -> None:
        """Record what the store now holds (skipped silently when the cache cannot be written)."""
        write_atomic(str(self.path), pickle.dumps(digests, protocol=pickle.HIGHEST_PROTOCOL))


def changed_graphs(chunks, *, loaded: dict[str, str], present: set[str], digests: dict[str, str]):
    """Yield the (graph, count, bytes) chunks of the graphs that differ from `loaded` or are not
    `present` in the store; every graph's sha1 goes into `digests`.

    A graph's chunks come one after another (a build's resolved graph comes in several), so one
    graph at a time is held. A chunk's bytes may be an object with their `sha1` (hex) and `read()`
    (kg.build.output.Copied, a graph copied whole from the previous output): read only when sent.
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
        if isinstance(chunk[2], bytes):
            digest.update(chunk[2])
        else:
            digest = chunk[2].sha1
    if graph is not None:
        yield from finish()

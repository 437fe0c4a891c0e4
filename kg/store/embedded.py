"""The embedded triplestore: a pyoxigraph Store on disk (or in memory), with atomic loads and queries.

Queries see the merged graph as their default graph: every triple of every named graph, once, so a
dataset split into one named graph per article answers exactly like the triple file of the same
build (SPARQL's union default graph, as Oxigraph evaluates it, would count a triple once per graph
that holds it). The store keeps that merged graph in its default graph, up to date after every load
and update; data itself lives in named graphs (triples loaded without a graph go to UNNAMED_GRAPH).
"""
from __future__ import annotations

import io
import itertools
import os
import queue
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import QueryError, RdfLoadError, StoreError
from kg.namespaces import ID
from kg.store.results import Results, from_pyoxigraph

DEFAULT_GRAPH_NAME = "(default graph)"
UNNAMED_GRAPH = ID + "graph/default"   # where a store keeps triples loaded without a graph
REPLACED_GRAPH = ID + "graph/replaced"  # while a load runs: the old triples of the graphs it replaced


@dataclass
class LoadReport:
    """What a load did: quads read per graph, graphs replaced, and the store's size afterwards
    (quads in its named graphs, distinct triples in its merged default graph)."""

    location: str
    quads_by_graph: dict[str, int] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)
    total_quads: int | None = 0     # None: not counted (see load_graphs' `totals`)
    total_triples: int | None = 0
    removed: list[str] = field(default_factory=list)   # graphs dropped on request (see load_graphs)


def graph_name(graph) -> str:
    """A graph's IRI, or `(default graph)`, for messages and reports."""
    import pyoxigraph

    return DEFAULT_GRAPH_NAME if isinstance(graph, pyoxigraph.DefaultGraph) else graph.value


def _as_graph(iri):
    """NamedNode for an IRI string; DefaultGraph for None; a pyoxigraph graph name is kept."""
    import pyoxigraph

    if iri is None:
        return pyoxigraph.DefaultGraph()
    if isinstance(iri, str):
        try:
            return pyoxigraph.NamedNode(iri)
        except ValueError as exc:
            raise StoreError(f"not a valid graph IRI {iri!r}: {exc}") from None
    return iri


def open_store(location, *, read_only: bool = False):
    """Open the on-disk store at `location` (created when writing); StoreError when it cannot be opened."""
    import pyoxigraph

    path = Path(location)
    if read_only and not path.is_dir():
        raise StoreError(f"no store at {location}; create one with `kg load FILE -l {location}`")
    try:
        return pyoxigraph.Store.read_only(str(path)) if read_only else pyoxigraph.Store(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {location}: {exc} "
                         "(is a server or another process writing it?)") from None


def read_quads(paths, *, graph=None) -> dict:
    """Parse RDF files and group their quads by graph; `graph` (an IRI) moves every triple into that graph."""
    import pyoxigraph

    from kg.rdf.files import parse_quads

    target = _as_graph(graph) if graph is not None else None
    grouped: dict = {}
    for path in paths:
        for quad in parse_quads(path):
            g = target if target is not None else quad.graph_name
            if target is not None:
                quad = pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, target)
            grouped.setdefault(g, []).append(quad)
    return grouped


def memory_store(paths):
    """An in-memory store of the files: quads keep their graphs, and the default graph is the merged
    graph (every triple of the files once), as in a store on disk."""
    import pyoxigraph

    from kg.rdf.files import guess_format, ox_format

    store = pyoxigraph.Store()
    for path in paths:
        fmt = guess_format(path)
        try:
            store.bulk_load(path=str(path), format=ox_format(fmt))
        except FileNotFoundError:
            raise RdfLoadError(path, "no such file") from None
        except (SyntaxError, ValueError, OSError) as exc:
            raise RdfLoadError(path, f"does not parse as {fmt}: {exc}") from None
    if any(True for _ in store.named_graphs()):
        add_merged(store)
    return store


def add_merged(store) -> None:
    """Put every triple of the store's named graphs into its default graph (the merged graph)."""
    import pyoxigraph

    store.bulk_extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None)
                      if not isinstance(q.graph_name, pyoxigraph.DefaultGraph))


def has_merged(store) -> bool:
    """True when the store's default graph holds its merged graph (or it has no named graph at all).

    A store written before the merged graph was kept has named graphs and an empty default graph;
    queries on it fall back to the union of the graphs.
    """
    import pyoxigraph

    if next(iter(store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())), None) is not None:
        return True
    return next(iter(store.named_graphs()), None) is None


def upgrade(store, *, settle: bool = True) -> None:
    """Bring a store written before the merged graph was kept up to date: triples in a default graph
    beside no named graph were loaded there as data (they move to UNNAMED_GRAPH); named graphs beside
    an empty default graph get their merged graph; with `settle`, what an interrupted load set aside
    is settled."""
    import pyoxigraph

    default = pyoxigraph.DefaultGraph()
    has_default = next(iter(store.quads_for_pattern(None, None, None, default)), None) is not None
    has_named = next(iter(store.named_graphs()), None) is not None
    if has_default and not has_named:
        store.bulk_extend(pyoxigraph.Quad(q.subject, q.predicate, q.object, pyoxigraph.NamedNode(UNNAMED_GRAPH))
                          for q in store.quads_for_pattern(None, None, None, default))
    elif has_named and not has_default:
        add_merged(store)
    if settle and store.contains_named_graph(pyoxigraph.NamedNode(REPLACED_GRAPH)):   # a load was interrupted
        store.update(SETTLE)


def sizes(store) -> tuple[int, int]:
    """(quads in the named graphs, distinct triples in the merged default graph) of a store."""
    triples = merged_size(store)
    return len(store) - triples, triples


def merged_size(store) -> int:
    """The distinct triples in a store's merged default graph (a scan of it)."""
    return _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")


def _named(graph):
    """The graph a store keeps quads of `graph` in: the default graph's go to UNNAMED_GRAPH."""
    import pyoxigraph

    return pyoxigraph.NamedNode(UNNAMED_GRAPH) if isinstance(graph, pyoxigraph.DefaultGraph) else graph


# Replacing graphs keeps the merged default graph right without reading the old graphs into memory:
# each graph's old triples are set aside in REPLACED_GRAPH before it is dropped, and once the new
# quads are in, SETTLE takes out of the default graph those that no graph holds any more.
SETTLE = (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{REPLACED_GRAPH}> {{ ?s ?p ?o }} "
          f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{REPLACED_GRAPH}>) }} }} ;\n"
          f"DROP SILENT GRAPH <{REPLACED_GRAPH}>")


def _set_aside(graphs) -> list[str]:
    """SPARQL Update operations that move each graph's triples to REPLACED_GRAPH (emptying the graph)."""
    return [f"ADD SILENT GRAPH {g} TO GRAPH <{REPLACED_GRAPH}> ;\nDROP SILENT GRAPH {g}" for g in graphs]


def _replace_update(quads_by_graph, drop, *, settle: bool = True) -> str:
    """One SPARQL Update (one transaction): drop the `drop` graphs (their triples set aside), insert the
    quads into their graphs and their triples into the merged default graph, and with `settle` take
    the triples no graph holds any more out of it."""
    parts = _set_aside(drop)
    body, merged = [], set()
    for g, quads in quads_by_graph.items():
        lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        merged.update(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        body.append(f"GRAPH {g} {{\n{lines}\n}}")
    if body:
        parts.append("INSERT DATA {\n" + "\n".join(body) + "\n" + "\n".join(sorted(merged)) + "\n}")
    if settle and drop:
        parts.append(SETTLE)
    return " ;\n".join(parts)


def _into_new_store(location: Path, fill):
    """Make a new on-disk store beside `location`, `fill(store)` it, rename it into place; fill's value.

    Nothing appears at `location` unless `fill` returns: a failed load leaves no store behind.
    """
    import pyoxigraph

    location.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{location.name}.", suffix=".loading", dir=location.parent))
    try:
        store = pyoxigraph.Store(str(tmp / "store"))
        value = fill(store)
        store.flush()
        del store   # closed before the rename, so the folder can be opened again at once
        os.replace(tmp / "store", location)
        return value
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _fresh_store(location: Path, quads_by_graph) -> tuple[int, int]:
    """Bulk-load quads into a new store at `location` (all or nothing), with its merged graph; its sizes."""
    def fill(store):
        store.bulk_extend(q for quads in quads_by_graph.values() for q in quads)
        add_merged(store)
        return sizes(store)

    return _into_new_store(location, fill)


def load_quads(location, quads_by_graph, *, replace_graphs: bool = True, also=None, settle: bool = True,
               drop=(), totals: bool = True) -> LoadReport:
    """Write quads grouped by graph into the store at `location` in one transaction.

    With replace_graphs each graph named in `quads_by_graph` is replaced as a whole (its old
    triples go); other graphs are untouched. `also` (grouped the same way) is added in the same
    transaction without replacing anything, and the named graphs `drop` (IRIs) are removed in it.
    Loading the same quads twice gives the same store. Without `totals` the store's sizes are not
    counted (None in the report): counting scans the whole store.
    Keys may be IRI strings, None (the default graph: kept in UNNAMED_GRAPH) or pyoxigraph graph
    names. The merged default graph is brought up to date in the same transaction (without `settle`,
    triples only the replaced graphs held stay in it until `settle_replaced` runs: for loads in batches).
    """
    import pyoxigraph

    def grouped_by(groups):
        out = {}
        for g, quads in (groups or {}).items():
            graph = _named(_as_graph(g))
            out.setdefault(graph, []).extend(pyoxigraph.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
        return out

    grouped, added = grouped_by(quads_by_graph), grouped_by(also)
    location = Path(location)
    report = LoadReport(str(location), {graph_name(g): len(q) for g, q in grouped.items()})
    everything = {g: list(q) for g, q in grouped.items()}
    for g, quads in added.items():
        everything.setdefault(g, []).extend(quads)
    if not location.exists():
        report.total_quads, report.total_triples = _fresh_store(location, everything)
        return report
    store = open_store(location)
    try:
        upgrade(store, settle=settle)
        removed = [g for g in (_named(_as_graph(d)) for d in drop)
                   if g not in grouped and store.contains_named_graph(g)]
        report.removed = sorted(graph_name(g) for g in removed)
        if replace_graphs:
            replaced = [g for g in grouped if store.contains_named_graph(g)]
            store.update(_replace_update(everything, replaced + removed, settle=settle))
            report.replaced = sorted(graph_name(g) for g in replaced)
        else:
            if removed:
                store.update(_replace_update({}, removed, settle=settle))
            quads = [q for group in everything.values() for q in group]
            store.extend(quads + [pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in quads])
        store.flush()
        report.total_quads, report.total_triples = sizes(store) if totals else (None, None)
    except OSError as exc:
        raise StoreError(f"cannot write the store at {location}: {exc}") from None
    return report


def load_graphs(location, chunks, *, batch_quads: int = 200_000, progress=None, drop=(), totals=True) -> LoadReport:
    """Put named graphs given as N-Quads chunks (graph IRI, quad count, bytes), such as a build's, into a store.

    Each graph replaces the graph of that name as a whole, and the named graphs `drop` (IRIs) are
    removed. A new store is bulk-loaded from the stream and renamed into place when complete; an
    existing one takes the graphs in transactions of about `batch_quads` quads (the first also
    removes `drop`), so memory stays bounded either way. `progress(quads)` is called as chunks are taken.
    The store's sizes are counted once at the end when `totals` is true, or a function that, called
    then, says true (counting scans the whole store); else they are None in the report.
    """
    location = Path(location)
    counts: dict[str, int] = {}

    def counted():
        for graph, count, data in chunks:
            counts[graph] = counts.get(graph, 0) + count
            if progress is not None:
                progress(count)
            yield data

    if not location.exists():
        report = LoadReport(str(location))
        report.total_quads, report.total_triples = _bulk_stream_new(location, counted())
        report.quads_by_graph = counts
        return report
    from kg.rdf.emit import parse_nquads

    batch: dict[str, list] = {}
    size, report, started = 0, None, set()   # started: graphs already replaced by an earlier batch
    for graph, count, data in chunks:   # (a graph may come in several chunks, the resolved one does)
        counts[graph] = counts.get(graph, 0) + count
        batch.setdefault(graph, []).extend(parse_nquads(data))
        size += count
        if progress is not None:
            progress(count)
        if size >= batch_quads:
            report = _load_batch(location, batch, started, report, drop)
            batch, size = {}, 0
    if batch or report is None:
        report = _load_batch(location, batch, started, report, drop)
    settle_replaced(location)
    report.quads_by_graph = counts
    if totals() if callable(totals) else totals:
        report.total_quads, report.total_triples = store_sizes(location)
    return report


def store_sizes(location) -> tuple[int, int]:
    """(quads in the named graphs, distinct triples in the merged default graph) of the store at `location`."""
    try:
        return sizes(open_store(location))
    except OSError as exc:
        raise StoreError(f"cannot read the store at {location}: {exc}") from None


def settle_replaced(location) -> None:
    """Take out of the merged default graph the triples of replaced graphs that no graph holds any more."""
    import pyoxigraph

    store = open_store(location)
    if store.contains_named_graph(pyoxigraph.NamedNode(REPLACED_GRAPH)):
        store.update(SETTLE)
        store.flush()


def _load_batch(location, batch: dict, started: set, earlier: LoadReport | None, drop=()) -> LoadReport:
    """One transaction of `load_graphs`: graphs seen for the first time replace their namesakes, the rest
    add; the first transaction also removes the graphs `drop`."""
    fresh = {g: q for g, q in batch.items() if g not in started}
    more = {g: q for g, q in batch.items() if g in started}
    report = load_quads(location, fresh, replace_graphs=True, also=more, settle=False,
                        drop=drop if earlier is None else (), totals=False)
    started.update(batch)
    if earlier is not None:
        report.replaced = sorted(set(earlier.replaced) | set(report.replaced))
        report.removed = earlier.removed
    return report


def graph_names(location) -> set[str]:
    """The IRIs of the named graphs in the store at `location` (empty when there is no store)."""
    if not Path(location).is_dir():
        return set()
    return {g.value for g in open_store(location, read_only=True).named_graphs()}


_GRAPH_TERM = re.compile(rb" <[^<>\s]*> \.$", re.MULTILINE)


def drop_graph_names(data: bytes) -> bytes:
    """N-Quads lines whose last term is a graph IRI, as N-Triples lines (the graph names dropped)."""
    return _GRAPH_TERM.sub(b" .", data)


# A new store is bulk-loaded LOAD_LINES lines at a time: pyoxigraph's loader parses 10^6 quads before
# it writes them and keeps up to three such batches in memory (1.9 GB at 10^5 articles); a call
# of 250,000 lines stays under 0.3 GB, and the merged graph's call runs beside it in a second thread.
LOAD_LINES = 250_000
_READ_BYTES = 1 << 22


def _line_groups(chunks):
    """Byte chunks regrouped into whole lines, about LOAD_LINES lines a group: (lines before it, bytes)."""
    lines = LOAD_LINES
    group, count, before, rest = [], 0, 0, b""
    for chunk in chunks:
        chunk = rest + chunk
        cut = chunk.rfind(b"\n") + 1
        rest = chunk[cut:]
        if cut:
            group.append(chunk[:cut] if rest else chunk)
            count += chunk.count(b"\n", 0, cut)
        if count >= lines:
            yield before, b"".join(group)
            before, group, count = before + count, [], 0
    if rest:
        group.append(rest + b"\n")
    if group:
        yield before, b"".join(group)


class _ChunkStream(io.RawIOBase):
    """A readable binary stream over an iterator of byte strings (for a streaming bulk load)."""

    def __init__(self, chunks):
        self._chunks = iter(chunks)
        self._view, self._at = memoryview(b""), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._at >= len(self._view):
            try:
                self._view, self._at = memoryview(next(self._chunks)), 0
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._view) - self._at)
        buffer[:n] = self._view[self._at:self._at + n]
        self._at += n
        return n


def as_triples(data: bytes) -> bytes:
    """N-Quads lines cut before their last ` <` (where a named graph's IRI starts), then ` .`.

    For lines that are quads in graphs named by IRIs this gives their triples. Any other line (a
    triple of the default graph, a blank-node graph name, an empty line) comes out as text that is
    not an N-Triples statement, so what parses as N-Triples is exactly the lines' triples.
    """
    return b" .\n".join([line.rpartition(b" <")[0] for line in data.split(b"\n")])


def _shift_lines(exc: Exception, before: int) -> str:
    """A parser's message with its line numbers counted from the start of the whole input."""
    message = str(exc.args[0]) if isinstance(exc, SyntaxError) and exc.args else str(exc)
    return re.sub(r"\bline (\d+)", lambda m: f"line {int(m.group(1)) + before}", message) if before else message


def _load_lines(store, chunks, fmt, *, to_graph) -> bool:
    """Bulk-load N-Quads or N-Triples byte chunks into `store` (triples into `to_graph`), LOAD_LINES lines
    a call, and each line's triple into the default graph (the merged graph) in a second thread.

    True when the merged graph got every line's triple; False when some N-Quads line was not a quad
    in a graph named by an IRI (see as_triples): then it lacks some, and the caller makes it.
    A line that does not parse raises SyntaxError, with its line number in the whole input.
    """
    import pyoxigraph

    n_triples = pyoxigraph.RdfFormat.N_TRIPLES
    pending: queue.Queue = queue.Queue(maxsize=1)
    outcome: dict = {"complete": True}

    def merge():
        for data in iter(pending.get, None):
            if outcome["complete"] and "error" not in outcome:
                try:
                    store.bulk_load(data, n_triples)
                except SyntaxError:
                    outcome["complete"] = False
                except BaseException as exc:  # handed to the loading thread
                    outcome["error"] = exc

    def load(data, before):
        try:
            store.bulk_load(data, fmt, to_graph=to_graph)
        except SyntaxError as exc:
            raise SyntaxError(_shift_lines(exc, before)) from None

    merger = threading.Thread(target=merge, name="kg-merged-graph", daemon=True)
    merger.start()
    try:
        groups = _line_groups(chunks)
        for before, data in groups:
            if b"_:" in data:   # blank nodes: the loader names them anew at each call, so the rest is one call
                outcome["complete"] = False
                rest = itertools.chain([data], (more for _, more in groups))
                load(io.BufferedReader(_ChunkStream(rest), 1 << 20), before)
                break
            load(data, before)
            if "error" in outcome:
                break
            pending.put(data if fmt == n_triples else as_triples(data))
    finally:
        pending.put(None)
        merger.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["complete"]


def _bulk_stream_new(location: Path, data_chunks) -> tuple[int, int]:
    """Bulk-load a stream of N-Quads byte chunks (named graphs) into a new store at `location`, with
    the merged default graph (all or nothing); its sizes."""
    import pyoxigraph

    def fill(store):
        try:
            complete = _load_lines(store, data_chunks, pyoxigraph.RdfFormat.N_QUADS,
                                   to_graph=pyoxigraph.NamedNode(UNNAMED_GRAPH))
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load the graph into {location}: {exc}") from None
        if not complete:
            add_merged(store)   # the chunks' graphs were not all IRIs the text could drop
        return sizes(store)

    return _into_new_store(location, fill)


def load(location, paths, *, graph: str | None = None, replace: bool = False) -> LoadReport:
    """Load RDF files into the store at `location`: all files in one transaction, nothing written if one fails to parse.

    `graph` puts every triple into that named graph; `replace` replaces the graphs being
    loaded (not the whole store). Quad files (TriG, N-Quads) keep their graphs; triples without
    a graph go to UNNAMED_GRAPH. A new store is bulk-loaded straight from the files (streamed,
    never all in memory), then renamed into place.
    """
    location = Path(location)
    if not location.exists():
        return _bulk_load_new(location, paths, graph=graph)
    if sum(Path(p).stat().st_size for p in paths if Path(p).is_file()) > STREAMED_LOAD_BYTES:
        return _staged_load(location, paths, graph=graph, replace=replace)
    return load_quads(location, read_quads(paths, graph=graph), replace_graphs=replace)


STREAMED_LOAD_BYTES = 64 * 1024 * 1024   # larger loads into an existing store go through a staging store


def _staged_load(location: Path, paths, *, graph: str | None, replace: bool) -> LoadReport:
    """Load big files into an existing store without holding them in memory.

    The files are bulk-loaded into a staging store first (a syntax error writes nothing), then
    the graphs they name are dropped (with `replace`) and their quads streamed across. That last
    step is not one transaction: an interrupted load can leave part of the files in the store.
    """
    import pyoxigraph

    staging = Path(tempfile.mkdtemp(prefix=f".{location.name}.", suffix=".staging", dir=location.parent))
    try:
        report = _bulk_load_new(staging / "store", paths, graph=graph)
        source = pyoxigraph.Store.read_only(str(staging / "store"))
        target = open_store(location)
        try:
            upgrade(target)
            drop = []
            if replace:
                names = [pyoxigraph.NamedNode(g) for g in report.quads_by_graph]
                drop = sorted((g for g in names if target.contains_named_graph(g)), key=str)
                if drop:
                    target.update(" ;\n".join(_set_aside(drop)))
                report.replaced = [g.value for g in drop]
            target.bulk_extend(iter(source))   # the named graphs and their merged triples
            if drop:
                target.update(SETTLE)
            target.flush()
            report.location = str(location)
            report.total_quads, report.total_triples = sizes(target)
        except OSError as exc:
            raise StoreError(f"cannot write the store at {location}: {exc}") from None
        report.replaced.sort()
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _bulk_load_new(location: Path, paths, *, graph: str | None) -> LoadReport:
    """Stream files into a new store at `location` (all or nothing), with its merged default graph.

    N-Quads and N-Triples (gzipped or not) are loaded in calls of LOAD_LINES lines, their triples
    into the merged graph beside them (see _load_lines); other formats are bulk-loaded whole and
    their merged graph made from the store.
    """
    import pyoxigraph

    from kg.rdf.files import QUAD_FORMATS, guess_format, is_gzip, open_binary, ox_format

    target = _as_graph(graph) if graph is not None else None
    into = target if target is not None else pyoxigraph.NamedNode(UNNAMED_GRAPH)
    formats = [guess_format(path) for path in paths]   # a FormatError before anything is made

    def fill(store):
        complete = True   # the default graph holds the merged graph of what was loaded so far
        for path, fmt in zip(paths, formats):
            if not Path(path).is_file():
                raise RdfLoadError(path, "no such file" if not Path(path).exists() else "not a regular file")
            try:
                if fmt == "nt" or (fmt == "nq" and target is None):
                    with open_binary(path) as handle:
                        chunks = iter(lambda: handle.read(_READ_BYTES), b"")
                        complete = _load_lines(store, chunks, ox_format(fmt), to_graph=into) and complete
                    continue
                complete = False
                if fmt in QUAD_FORMATS and target is not None:   # every quad moved into one graph
                    with open_binary(path) as handle:
                        store.bulk_extend(pyoxigraph.Quad(q.subject, q.predicate, q.object, target)
                                          for q in pyoxigraph.parse(handle, format=ox_format(fmt)))
                elif is_gzip(path):
                    with open_binary(path) as handle:
                        store.bulk_load(handle, format=ox_format(fmt), to_graph=into)
                else:
                    store.bulk_load(path=str(path), format=ox_format(fmt), to_graph=into)
            except (SyntaxError, ValueError, OSError, EOFError) as exc:
                raise RdfLoadError(path, f"does not parse as {fmt}: {exc}") from None
        report = LoadReport(str(location), graph_counts(store))
        if not complete:
            add_merged(store)
        report.total_quads = sum(report.quads_by_graph.values())
        report.total_triples = merged_size(store)
        return report

    return _into_new_store(location, fill)


def _count(store, sparql: str) -> int:
    """The number a one-row COUNT query answers."""
    return int(next(iter(store.query(sparql)))[0].value)


def graph_counts(store) -> dict[str, int]:
    """Quads per named graph of a store (graph names as `graph_name` gives them), counted by the engine."""
    counts = {}
    for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
        counts[row[0].value] = int(row[1].value)
    return counts


def dump_format(output, fmt: str | None = None) -> str:
    """The format a dump to `output` is written in: `fmt`, else from the extension (TriG on stdout)."""
    from kg.rdf.files import guess_format

    return fmt or guess_format(output, default="trig" if str(output) == "-" else None)


def dump(location, output, *, fmt: str | None = None) -> int:
    """Write the store to `output` (a path or "-"): TriG/N-Quads keep the named graphs, other formats
    get the merged graph. Returns the number of quads (or triples) written.

    Output is sorted so the same store always gives the same bytes. The merged default graph is
    not written to quad formats: loading the dump makes it again.
    """
    import pyoxigraph

    from kg.fsutil import atomic_output
    from kg.namespaces import PREFIXES
    from kg.rdf.files import QUAD_FORMATS, ox_format

    fmt = dump_format(output, fmt)
    store = open_store(location, read_only=True)
    default = pyoxigraph.DefaultGraph()
    named = next(iter(store.named_graphs()), None) is not None
    if fmt in QUAD_FORMATS:
        chosen = (q for q in store if not (named and q.graph_name == default))
        items = sorted(chosen, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    elif has_merged(store):
        items = sorted((q.triple for q in store.quads_for_pattern(None, None, None, default)), key=str)
    else:
        items = sorted({q.triple for q in store}, key=str)
    kwargs = {"prefixes": PREFIXES} if fmt in ("ttl", "trig", "rdf") else {}
    data = pyoxigraph.serialize(items, format=ox_format(fmt), **kwargs) or b""
    with atomic_output(output, mode="wb") as handle:
        handle.write(data)
    return len(items)


def _answer(store, sparql: str, *, union: bool, max_rows: int | None) -> Results:
    """The query's Results; a final ORDER BY on plain variables is done in Python (see kg.store.ordering)."""
    import pyoxigraph

    from kg.store.ordering import order_rows, split_order_by
    from kg.store.sparql import DEFAULT_PREFIXES, query_form

    ordering = split_order_by(sparql)
    answer = store.query(ordering.query if ordering else sparql, use_default_graph_as_union=union,
                         prefixes=DEFAULT_PREFIXES)
    if ordering and isinstance(answer, pyoxigraph.QuerySolutions):
        results = from_pyoxigraph(answer, form="SELECT")
        rows = order_rows(results.rows, results.variables, ordering.keys)
        if rows is not None:
            results.rows = rows
            return results.head(max_rows)
        # literals of several datatypes in a sorted column: the engine's own order is the answer
        answer = store.query(sparql, use_default_graph_as_union=union, prefixes=DEFAULT_PREFIXES)
    return from_pyoxigraph(answer, form=query_form(sparql), max_rows=max_rows)


def run_query(store, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              union: bool | None = None) -> Results:
    """Run a read-only query on a pyoxigraph store; QueryError on bad syntax or when `timeout` seconds pass.

    The query's default graph is the store's merged graph; `union` True makes it the union of
    every graph instead (None: the union only for a store that keeps no merged graph).
    """
    from kg.store.sparql import syntax_error

    outcome: dict = {}
    if union is None:
        union = not has_merged(store)

    def work():
        try:
            outcome["results"] = _answer(store, sparql, union=union, max_rows=max_rows)
        except SyntaxError as exc:
            outcome["error"] = syntax_error(sparql, exc)
        except (OSError, ValueError, RuntimeError) as exc:
            outcome["error"] = QueryError(f"query failed: {exc}")
        except Exception as exc:  # anything else the engine raises is reported, not a crash
            outcome["error"] = QueryError(f"query failed: {exc}")

    worker = threading.Thread(target=work, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"query timed out after {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["results"]


def query(location, sparql: str, *, timeout: float | None = None, max_rows: int | None = None) -> Results:
    """Run a read-only query on the on-disk store at `location` (opened read-only, so a running server is fine)."""
    return run_query(open_store(location, read_only=True), sparql, timeout=timeout, max_rows=max_rows)


# An update sees the merged graph as its default graph, as a query does. Its effect on the named
# graphs, where the data lives, follows in the same request (one transaction): when it names no graph,
# what it deleted from the default graph is deleted from every graph holding it and what it inserted
# is kept in UNNAMED_GRAPH; when it names graphs (GRAPH, WITH, DROP ...) it writes those graphs only
# and the merged graph is made again from them.
_GRAPH_WORDS = frozenset({"GRAPH", "WITH", "USING", "INTO", "DROP", "CLEAR", "ADD", "MOVE", "COPY", "CREATE", "LOAD"})
_FROM_DEFAULT = ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } } ;\n"
                 f"INSERT {{ GRAPH <{UNNAMED_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o "
                 "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
_REMERGE = ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n"
            "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def update(location, sparql: str, *, store=None) -> None:
    """Run a SPARQL Update on the store at `location` (or on `store`), keeping its merged graph, as one transaction."""
    from kg.store.sparql import DEFAULT_PREFIXES, check_update_syntax, keywords, syntax_error
    from kg.store.syntax import tokens

    check_update_syntax(sparql)
    store = store if store is not None else open_store(location)
    upgrade(store)
    toks = tokens(sparql)
    follow = _REMERGE if _GRAPH_WORDS & set(keywords(sparql)) else _FROM_DEFAULT
    wrapped = sparql + ("\n" if toks and toks[-1].text == ";" else "\n;\n") + follow
    try:
        store.update(wrapped, prefixes=DEFAULT_PREFIXES)
        store.flush()
    except SyntaxError as exc:
        raise syntax_error(sparql, exc, update=True) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise StoreError(f"update failed: {exc}") from None


CLASS_COUNTS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?class (COUNT(DISTINCT ?node) AS ?count) WHERE { ?node rdf:type ?class }
GROUP BY ?class ORDER BY ?class
"""


def stats(store) -> dict:
    """Counts for a store: distinct triples (the merged graph), quads in named graphs (or in the default
    graph of a store without any), named graphs, and nodes per class (class IRI -> count)."""
    classes = {row[0].value: int(row[1].value) for row in run_query(store, CLASS_COUNTS).rows}
    graphs = sum(1 for _ in store.named_graphs())
    if has_merged(store):
        quads, triples = sizes(store)
        quads = quads if graphs else triples
    else:
        distinct = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
        quads, triples = len(store), int(distinct.rows[0][0].value)
    return {"triples": triples, "quads": quads, "graphs": graphs, "classes": classes}

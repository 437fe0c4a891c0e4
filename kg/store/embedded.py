"""The embedded triplestore: a pyoxigraph Store on disk (or in memory), with atomic loads and queries.

Queries see the union of all graphs as their default graph, so a graph split into one named
graph per article answers the same as the single-file union.
"""
from __future__ import annotations

import io
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import QueryError, RdfLoadError, StoreError
from kg.store.results import Results, from_pyoxigraph

DEFAULT_GRAPH_NAME = "(default graph)"


@dataclass
class LoadReport:
    """What a load did: quads read per graph, graphs replaced, and the store's size afterwards."""

    location: str
    quads_by_graph: dict[str, int] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)
    total_quads: int = 0
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
    """An in-memory store holding the files' quads (quads keep their graphs, triples go to the default graph)."""
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
    return store


def _insert_data(quads_by_graph, drop) -> str:
    """One SPARQL Update that drops the `drop` graphs and inserts the quads: one transaction."""
    import pyoxigraph

    parts = []
    for g in drop:
        parts.append("DROP SILENT DEFAULT" if isinstance(g, pyoxigraph.DefaultGraph) else f"DROP SILENT GRAPH {g}")
    body = []
    for g, quads in quads_by_graph.items():
        lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        body.append(lines if isinstance(g, pyoxigraph.DefaultGraph) else f"GRAPH {g} {{\n{lines}\n}}")
    if body:
        parts.append("INSERT DATA {\n" + "\n".join(body) + "\n}")
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


def _fresh_store(location: Path, quads_by_graph) -> int:
    """Bulk-load quads into a new store at `location` (all or nothing); its size."""
    def fill(store):
        store.bulk_extend(q for quads in quads_by_graph.values() for q in quads)
        return len(store)

    return _into_new_store(location, fill)


def load_quads(location, quads_by_graph, *, replace_graphs: bool = True, also=None, drop=()) -> LoadReport:
    """Write quads grouped by graph into the store at `location` in one transaction.

    With replace_graphs each graph named in `quads_by_graph` is replaced as a whole (its old
    triples go); other graphs are untouched. `also` (grouped the same way) is added in the same
    transaction without replacing anything, and the named graphs `drop` (IRIs) are removed in it.
    Loading the same quads twice gives the same store. Keys may be IRI strings, None (default
    graph) or pyoxigraph graph names.
    """
    import pyoxigraph

    grouped = {}
    for g, quads in quads_by_graph.items():
        graph = _as_graph(g)
        grouped[graph] = [pyoxigraph.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
    added = {}
    for g, quads in (also or {}).items():
        graph = _as_graph(g)
        added[graph] = [pyoxigraph.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
    location = Path(location)
    report = LoadReport(str(location), {graph_name(g): len(q) for g, q in grouped.items()})
    everything = dict(grouped)
    for g, quads in added.items():
        everything[g] = everything.get(g, []) + quads
    if not location.exists():
        report.total_quads = _fresh_store(location, everything)
    else:
        store = open_store(location)
        try:
            removed = [g for g in map(_as_graph, drop) if g not in grouped and store.contains_named_graph(g)]
            report.removed = sorted(graph_name(g) for g in removed)
            if replace_graphs:
                drop = [g for g in grouped if isinstance(g, pyoxigraph.DefaultGraph) or store.contains_named_graph(g)]
                store.update(_insert_data(everything, drop + removed))
                report.replaced = sorted(graph_name(g) for g in drop)
            else:
                if removed:
                    store.update(_insert_data({}, removed))
                store.extend(q for quads in everything.values() for q in quads)
            store.flush()
            report.total_quads = len(store)
        except OSError as exc:
            raise StoreError(f"cannot write the store at {location}: {exc}") from None
    return report


def load_graphs(location, chunks, *, batch_quads: int = 200_000, drop=()) -> LoadReport:
    """Put named graphs given as N-Quads chunks (graph IRI, quad count, bytes), such as a build's, into a store.

    Each graph replaces the graph of that name as a whole, and the named graphs `drop` (IRIs) are
    removed. A new store is bulk-loaded from the stream and renamed into place when complete; an
    existing one takes the graphs in transactions of about `batch_quads` quads (the first also
    removes `drop`), so memory stays bounded either way.
    """
    location = Path(location)
    counts: dict[str, int] = {}

    def counted():
        for graph, count, data in chunks:
            counts[graph] = counts.get(graph, 0) + count
            yield data

    if not location.exists():
        report = LoadReport(str(location))
        report.total_quads = _bulk_stream_new(location, counted())
        report.quads_by_graph = counts
        return report
    from kg.rdf.emit import parse_nquads

    batch: dict[str, list] = {}
    size, report, started = 0, None, set()   # started: graphs already replaced by an earlier batch
    for graph, count, data in chunks:   # (a graph may come in several chunks, the resolved one does)
        counts[graph] = counts.get(graph, 0) + count
        batch.setdefault(graph, []).extend(parse_nquads(data))
        size += count
        if size >= batch_quads:
            report = _load_batch(location, batch, started, report, drop)
            batch, size = {}, 0
    if batch or report is None:
        report = _load_batch(location, batch, started, report, drop)
    report.quads_by_graph = counts
    return report


def _load_batch(location, batch: dict, started: set, earlier: LoadReport | None, drop=()) -> LoadReport:
    """One transaction of `load_graphs`: graphs seen for the first time replace their namesakes, the rest
    add; the first transaction also removes the graphs `drop`."""
    fresh = {g: q for g, q in batch.items() if g not in started}
    more = {g: q for g, q in batch.items() if g in started}
    report = load_quads(location, fresh, replace_graphs=True, also=more, drop=drop if earlier is None else ())
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


def _bulk_stream_new(location: Path, data_chunks) -> int:
    """Bulk-load a stream of N-Quads byte chunks into a new store at `location` (all or nothing); its size."""
    import pyoxigraph

    def fill(store):
        try:
            store.bulk_load(io.BufferedReader(_ChunkStream(data_chunks), 1 << 20), pyoxigraph.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load the graph into {location}: {exc}") from None
        return len(store)

    return _into_new_store(location, fill)


def load(location, paths, *, graph: str | None = None, replace: bool = False) -> LoadReport:
    """Load RDF files into the store at `location`: all files in one transaction, nothing written if one fails to parse.

    `graph` puts every triple into that named graph; `replace` replaces the graphs being
    loaded (not the whole store). Quad files (TriG, N-Quads) keep their graphs. A new store is
    bulk-loaded straight from the files (streamed, never all in memory), then renamed into place.
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
            if replace:
                names = [pyoxigraph.NamedNode(g) for g in report.quads_by_graph if g != DEFAULT_GRAPH_NAME]
                for g in names:
                    if target.contains_named_graph(g):
                        target.clear_graph(g)
                        report.replaced.append(g.value)
                if DEFAULT_GRAPH_NAME in report.quads_by_graph:
                    target.clear_graph(pyoxigraph.DefaultGraph())
                    report.replaced.append(DEFAULT_GRAPH_NAME)
            target.bulk_extend(iter(source))
            target.flush()
            report.location, report.total_quads = str(location), len(target)
        except OSError as exc:
            raise StoreError(f"cannot write the store at {location}: {exc}") from None
        report.replaced.sort()
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _bulk_load_new(location: Path, paths, *, graph: str | None) -> LoadReport:
    """Stream files into a new store at `location` (all or nothing)."""
    import pyoxigraph

    from kg.rdf.files import QUAD_FORMATS, guess_format, is_gzip, open_binary, ox_format

    target = _as_graph(graph) if graph is not None else None
    formats = [guess_format(path) for path in paths]   # a FormatError before anything is made

    def fill(store):
        for path, fmt in zip(paths, formats):
            if not Path(path).is_file():
                raise RdfLoadError(path, "no such file" if not Path(path).exists() else "not a regular file")
            try:
                if fmt in QUAD_FORMATS and target is not None:   # every quad moved into one graph
                    with open_binary(path) as handle:
                        store.bulk_extend(pyoxigraph.Quad(q.subject, q.predicate, q.object, target)
                                          for q in pyoxigraph.parse(handle, format=ox_format(fmt)))
                elif is_gzip(path):
                    with open_binary(path) as handle:
                        store.bulk_load(handle, format=ox_format(fmt), to_graph=target)
                else:
                    store.bulk_load(path=str(path), format=ox_format(fmt), to_graph=target)
            except (SyntaxError, ValueError, OSError, EOFError) as exc:
                raise RdfLoadError(path, f"does not parse as {fmt}: {exc}") from None
        report = LoadReport(str(location), graph_counts(store))
        report.total_quads = len(store)
        return report

    return _into_new_store(location, fill)


def graph_counts(store) -> dict[str, int]:
    """Quads per graph of a store (graph names as `graph_name` gives them), counted by the engine."""
    counts = {}
    default = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0]
    if int(default.value):
        counts[DEFAULT_GRAPH_NAME] = int(default.value)
    for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
        counts[row[0].value] = int(row[1].value)
    return counts


def dump(location, output, *, fmt: str | None = None) -> int:
    """Write the store to `output` (a path or "-"): TriG/N-Quads keep graphs, other formats get the union.

    Output is sorted so the same store always gives the same bytes. Returns the number of statements written.
    """
    import pyoxigraph

    from kg.fsutil import atomic_output
    from kg.namespaces import PREFIXES
    from kg.rdf.files import QUAD_FORMATS, guess_format, ox_format

    fmt = fmt or guess_format(output, default="trig" if str(output) == "-" else None)
    store = open_store(location, read_only=True)
    if fmt in QUAD_FORMATS:
        items = sorted(store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
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
              union: bool = True) -> Results:
    """Run a read-only query on a pyoxigraph store; QueryError on bad syntax or when `timeout` seconds pass."""
    from kg.store.sparql import parser_message

    outcome: dict = {}

    def work():
        try:
            outcome["results"] = _answer(store, sparql, union=union, max_rows=max_rows)
        except SyntaxError as exc:
            outcome["error"] = QueryError(f"malformed SPARQL: {parser_message(exc)}")
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


def update(location, sparql: str, *, store=None) -> None:
    """Run a SPARQL Update on the store at `location` (or on `store`), as one transaction."""
    from kg.store.sparql import DEFAULT_PREFIXES, parser_message

    store = store if store is not None else open_store(location)
    try:
        store.update(sparql, prefixes=DEFAULT_PREFIXES)
        store.flush()
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL Update: {parser_message(exc)}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise StoreError(f"update failed: {exc}") from None


CLASS_COUNTS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?class (COUNT(DISTINCT ?node) AS ?count) WHERE { ?node rdf:type ?class }
GROUP BY ?class ORDER BY ?class
"""


def stats(store) -> dict:
    """Counts for a store: triples (union), quads, named graphs, and nodes per class (class IRI -> count)."""
    classes = {row[0].value: int(row[1].value) for row in run_query(store, CLASS_COUNTS).rows}
    triples = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    return {
        "triples": int(triples.rows[0][0].value),
        "quads": len(store),
        "graphs": sum(1 for _ in store.named_graphs()),
        "classes": classes,
    }

"""The read-only SPARQL 1.1 Protocol endpoint: reading a request, choosing the answer's format, and running
queries in worker processes that are stopped when they pass the timeout.

A query that runs too long cannot be interrupted inside the engine, so each query runs in one of a
few worker processes (pebble's ProcessPool, each worker holding the store open read-only); at the
timeout the worker is ended and a fresh one takes its place, and the server goes on answering.
"""
from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from kg.errors import QueryError, RequestError

RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_MEDIA = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "rdf": "application/rdf+xml"}
RESULT_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
GRAPH_ALIASES = {"application/x-turtle": "ttl", "text/plain": "nt", "application/json": "jsonld",
                 "application/xml": "rdf"}
HTML_ROWS = 1000           # rows shown on the query page
QUEUED_PER_WORKER = 64     # queries waiting for a worker beyond this are refused (503) rather than queued
READ_ONLY = ("this endpoint is read-only: SPARQL Update and Graph Store writes are refused; "
             "change the store with `kg load` or `kg update` while it is not served")


@dataclass
class QueryRequest:
    """A protocol request: the query text and the RDF dataset it names (default-graph-uri, named-graph-uri)."""

    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    fmt: str | None = None        # an explicit `format` parameter (a convenience beside Accept)
    name: str | None = None       # a saved query's name (the query page's links)


def read_request(method: str, query_string: str, content_type: str, body: bytes) -> QueryRequest | None:
    """The query a GET or POST asks for; None when it holds no query (show the form); RequestError otherwise."""
    params = parse_qs(query_string, keep_blank_values=True)
    media = content_type.split(";")[0].strip().lower()
    if method == "POST":
        if media == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise RequestError(400, "the form is not UTF-8") from None
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
        elif media == "application/sparql-query":
            try:
                params.setdefault("query", []).append(body.decode("utf-8"))
            except UnicodeDecodeError:
                raise RequestError(400, "the query is not UTF-8") from None
        elif media == "application/sparql-update":
            raise RequestError(403, READ_ONLY)
        else:
            raise RequestError(415, "POST a query as application/sparql-query or as the form field `query` "
                                    "(application/x-www-form-urlencoded)")
    if "update" in params:
        raise RequestError(403, READ_ONLY)
    queries = params.get("query", [])
    if len(queries) > 1:
        raise RequestError(400, "give one `query` parameter, not several")
    fmt = (params.get("format") or [None])[0]
    names = params.get("name", [])
    if not queries:
        return QueryRequest("", fmt=fmt, name=names[0]) if names else None
    return QueryRequest(queries[0], params.get("default-graph-uri", []), params.get("named-graph-uri", []), fmt)


def check(sparql: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE); RequestError 403 for updates, 400 for bad queries."""
    from kg.store.sparql import check_query, is_update

    if not sparql.strip():
        raise RequestError(400, "the query is empty")
    if is_update(sparql):
        raise RequestError(403, READ_ONLY)
    try:
        return check_query(sparql)
    except QueryError as exc:
        raise RequestError(400, str(exc).replace("pass --allow-service to let it reach other servers",
                                                 "this endpoint does not call other servers")) from None


def choose_format(form: str, requested: str | None, accept: str | None, *, html: bool) -> str:
    """The answer's format: `format` if given, else the Accept header's choice; RequestError 406 if none fits."""
    from kg.web.describe import negotiate

    graph = form in ("CONSTRUCT", "DESCRIBE")
    media = dict(GRAPH_MEDIA if graph else RESULT_MEDIA)
    if requested:
        if requested == "html" or requested in media:
            return requested
        raise RequestError(400, f"unknown format {requested!r} for a {form} query; choose one of "
                                f"{', '.join(['html', *media])}")
    offered = ({"html": "text/html"} if html else {}) | media
    if html and accept and "text/html" not in accept:
        offered = media | {"html": "text/html"}   # a client that does not ask for HTML gets data for */*
    chosen = negotiate(accept, offered, aliases=GRAPH_ALIASES if graph else RESULT_ALIASES)
    if chosen is None:
        raise RequestError(406, f"cannot answer a {form} query as {accept}; ask for one of {', '.join(media.values())}")
    return chosen


def media_type(fmt: str) -> str:
    """The Content-Type of an answer in `fmt`."""
    media = RESULT_MEDIA.get(fmt) or GRAPH_MEDIA[fmt]
    return media + ("; charset=utf-8" if fmt in ("csv", "tsv", "ttl", "nt") else "")


# ---- the worker processes ----------------------------------------------------------------------------

_STORE = None


def _open_store(location: str) -> None:
    """Worker start: open the store read-only; engine panics and warnings go nowhere (answers carry errors)."""
    global _STORE
    os.environ["RUST_BACKTRACE"] = "0"
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    import pyoxigraph

    _STORE = pyoxigraph.Store.read_only(location)


def _answer(sparql: str, fmt: str, default_graphs: list[str], named_graphs: list[str], max_rows: int | None):
    """Run one query in a worker: the Results (for the HTML page) or the answer's bytes."""
    from kg.store.embedded import run_query
    from kg.store.results import from_pyoxigraph, render
    from kg.store.sparql import DEFAULT_PREFIXES, query_form

    try:
        if default_graphs or named_graphs:
            import pyoxigraph

            kwargs = {"prefixes": DEFAULT_PREFIXES}
            if default_graphs:
                kwargs["default_graph"] = [pyoxigraph.NamedNode(g) for g in default_graphs]
            else:
                kwargs["use_default_graph_as_union"] = True
            if named_graphs:
                kwargs["named_graphs"] = [pyoxigraph.NamedNode(g) for g in named_graphs]
            results = from_pyoxigraph(_STORE.query(sparql, **kwargs), form=query_form(sparql), max_rows=max_rows)
        else:
            results = run_query(_STORE, sparql, max_rows=max_rows)
    except QueryError:
        raise
    except ValueError as exc:   # a graph IRI that is not an IRI
        raise QueryError(f"not a valid graph IRI: {exc}") from None
    except BaseException as exc:   # an engine failure (even a panic) is an answer, not a dead worker
        raise QueryError(f"query failed: {type(exc).__name__}: {exc}") from None
    if fmt == "html":
        return results
    return render(results, fmt)


class QueryPool:
    """Worker processes that answer queries, each stopped and replaced when a query passes `timeout` seconds."""

    def __init__(self, location, *, workers: int = 2, timeout: float = 30.0):
        self.location = str(location)
        self.workers = workers
        self.timeout = timeout
        self.pending = 0
        self.pool = None

    def start(self) -> None:
        import multiprocessing

        import pebble

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            context.set_forkserver_preload(["kg.web.endpoint", "kg.store.embedded", "pyoxigraph"])
        self.pool = pebble.ProcessPool(max_workers=self.workers, initializer=_open_store,
                                       initargs=(self.location,), context=context)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.stop()
            self.pool.join(timeout=10)
            self.pool = None

    async def run(self, request: QueryRequest, fmt: str, *, max_rows: int | None = None):
        """The answer of a checked query, in `fmt` (bytes) or as Results for "html"; RequestError on failure."""
        import pebble

        if self.pending >= self.workers * QUEUED_PER_WORKER:
            raise RequestError(503, "too many queries are waiting; try again shortly")
        self.pending += 1
        future = self.pool.schedule(_answer, args=(request.query, fmt, request.default_graphs,
                                                   request.named_graphs, max_rows), timeout=self.timeout)
        try:
            # the worker's timeout counts from the start of the query; waiting for a worker adds at most as much
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout=2 * self.timeout)
        except (TimeoutError, asyncio.TimeoutError):
            future.cancel()
            raise RequestError(503, f"the query was stopped after {self.timeout:g} s "
                                    "(the server's query timeout); narrow it or add a LIMIT") from None
        except QueryError as exc:
            raise RequestError(400, str(exc)) from None
        except pebble.ProcessExpired as exc:
            raise RequestError(500, f"the query engine stopped ({exc}); the query was not answered") from None
        finally:
            self.pending -= 1

"""The ASGI application `kg serve` runs (Starlette): node pages and their RDF at the IRIs' paths, the
overview, search, the ontology, and the read-only SPARQL endpoint, from one process and port.
"""
from __future__ import annotations

import contextlib
import functools
import sys
import time
from urllib.parse import unquote

from kg.errors import RequestError
from kg.namespaces import ID
from kg.web.describe import NODE_FORMATS, SUFFIXES, asks_for_html, description, negotiate, serialize
from kg.web.endpoint import HTML_ROWS, QueryPool, check, choose_format, media_type, read_request
from kg.web.pages import STATIC, Links, Pages

# every answer carries these: nothing but this server is ever contacted, and no inline script runs
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
                                 b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
HTML = "text/html; charset=utf-8"
PAGE_CACHE = 4096   # rendered pages and descriptions kept (the store is read-only: they never go stale)


class Guarded:
    """Outermost layer: adds the security headers, and turns a failure into one line on stderr, not a traceback."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + SECURITY_HEADERS}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:   # the 500 page was sent already; the log gets one line
            print(f"kg serve: could not answer {scope.get('method')} {scope.get('path')}: "
                  f"{type(exc).__name__}: {exc}", file=sys.stderr)


def saved_queries() -> dict:
    from kg.store.sparql import saved_queries as found

    return found()


def result_table(results, links: Links) -> dict:
    """Query results as the query page shows them: column names and cells of text with local links."""
    import pyoxigraph as ox

    from kg.store.results import compact

    def cell(term):
        if term is None:
            return {"text": "", "href": None}
        if isinstance(term, ox.NamedNode):
            return {"text": compact(term), "href": links.node(term.value)}
        return {"text": compact(term), "href": None}

    if results.form == "ASK":
        return {"boolean": bool(results.boolean), "columns": [], "rows": [], "truncated": False}
    if results.is_graph:
        rows = [[cell(t.subject), cell(t.predicate), cell(t.object)] for t in sorted(set(results.triples), key=str)]
        return {"boolean": None, "columns": ["subject", "predicate", "object"], "rows": rows[:HTML_ROWS],
                "truncated": len(rows) > HTML_ROWS}
    return {"boolean": None, "columns": list(results.variables), "rows": [[cell(t) for t in row] for row in results.rows],
            "truncated": results.truncated}


def make_app(location, *, timeout: float = 30.0, workers: int = 2):
    """The application over the store at `location` (opened read-only now: StoreError if it cannot be)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from kg.store.embedded import open_store
    from kg.web.graph import GraphReader

    store = open_store(location, read_only=True)
    reader = GraphReader(store)
    pages = Pages(reader, saved_queries=saved_queries())
    pool = QueryPool(location, workers=workers, timeout=timeout)
    node_html = functools.lru_cache(maxsize=PAGE_CACHE)(pages.node)
    overview_html = functools.lru_cache(maxsize=1)(pages.overview)

    @functools.lru_cache(maxsize=PAGE_CACHE)
    def node_data(iri: str, fmt: str) -> bytes:
        return serialize(description(store, iri), fmt)

    def page_path(request) -> str:
        return request.url.path.lstrip("/")

    def wants_html(request) -> bool:
        return asks_for_html(request.headers.get("accept"))

    def failure(request, status: int, message: str):
        if wants_html(request):
            return HTMLResponse(pages.error(status, message, path=page_path(request)), status_code=status)
        return PlainTextResponse(message + "\n", status_code=status)

    def overview(request):
        return HTMLResponse(overview_html())

    def search(request):
        return HTMLResponse(pages.search(request.query_params.get("q", "")))

    def node(request):
        raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
        rest = raw.decode("latin-1")[len("/id/"):]
        iri, fmt = ID + rest, None
        try:
            found = reader.exists(iri)
            if not found:
                for suffix, suffix_fmt in SUFFIXES.items():
                    if rest.endswith(suffix) and reader.exists(ID + rest[:-len(suffix)]):
                        iri, fmt, found = ID + rest[:-len(suffix)], suffix_fmt, True
                        break
        except ValueError:   # not an IRI (a character an IRI cannot hold)
            found = False
        if not found:
            return failure(request, 404, f"nothing in this graph is called {ID}{unquote(rest)}")
        headers = {"Vary": "Accept"}
        if fmt is None:
            fmt = negotiate(request.headers.get("accept"), NODE_FORMATS)
            if fmt is None:
                return PlainTextResponse("this node is served as " + ", ".join(NODE_FORMATS.values()) + "\n",
                                         status_code=406, headers=headers)
        headers["Link"] = ", ".join(f'<{alt["href"]}>; rel="alternate"; type="{alt["media"]}"'
                                    for alt in pages.alternates("id/" + iri[len(ID):]))
        if fmt == "html":
            return HTMLResponse(node_html(iri), headers=headers)
        return Response(node_data(iri, fmt), media_type=NODE_FORMATS[fmt] + ("; charset=utf-8" if fmt != "jsonld" else ""),
                        headers=headers)

    def ontology(request):
        fmt = negotiate(request.headers.get("accept"), NODE_FORMATS)
        if fmt in (None, "html"):
            return HTMLResponse(pages.ontology())
        from kg import resources

        path = resources.path(resources.ONTOLOGY, "diplomacy.ttl")
        if fmt == "ttl":
            return Response(path.read_bytes(), media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
        import pyoxigraph as ox

        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        return Response(serialize(triples, fmt), media_type=NODE_FORMATS[fmt], headers={"Vary": "Accept"})

    async def sparql(request):
        body = await request.body() if request.method == "POST" else b""
        html = wants_html(request)
        try:
            asked = read_request(request.method, request.url.query, request.headers.get("content-type", ""), body)
        except RequestError as exc:
            return failure(request, exc.status, str(exc))
        if asked is None:
            if html:
                return HTMLResponse(await run_in_threadpool(pages.sparql))
            return PlainTextResponse("give a SPARQL query as the `query` parameter (GET or POST)\n", status_code=400)
        if asked.name is not None:
            queries = pages.saved_queries
            if asked.name not in queries:
                return failure(request, 404, f"no saved query named {asked.name!r}; known: {', '.join(queries)}")
            asked.query, asked.fmt = queries[asked.name].text, asked.fmt or "html"
        try:
            form = check(asked.query)   # parsing only: quicker than a hop to a thread
            fmt = choose_format(form, asked.fmt, request.headers.get("accept"), html=True)
        except RequestError as exc:
            if html or asked.fmt == "html":
                return HTMLResponse(pages.sparql(query=asked.query, error=str(exc)), status_code=exc.status)
            return PlainTextResponse(str(exc) + "\n", status_code=exc.status)
        started = time.perf_counter()
        try:
            answer = await pool.run(asked, fmt, max_rows=HTML_ROWS if fmt == "html" else None)
        except RequestError as exc:
            if fmt == "html":
                return HTMLResponse(pages.sparql(query=asked.query, error=str(exc)), status_code=exc.status)
            return PlainTextResponse(str(exc) + "\n", status_code=exc.status)
        if fmt == "html":
            table = result_table(answer, Links(0))
            return HTMLResponse(pages.sparql(query=asked.query, results=table, elapsed=time.perf_counter() - started))
        return Response(answer, media_type=media_type(fmt), headers={"Vary": "Accept"})

    def update(request):
        from kg.web.endpoint import READ_ONLY

        return failure(request, 403, READ_ONLY)

    def graph_store(request):
        from kg.web.endpoint import READ_ONLY

        if request.method in ("GET", "HEAD"):
            return failure(request, 404, "no Graph Store here; read graphs with a CONSTRUCT query at /sparql")
        return failure(request, 403, READ_ONLY)

    async def not_found(request, exc):
        status = getattr(exc, "status_code", 404)
        detail = getattr(exc, "detail", "") or "not found"
        return failure(request, status, f"{detail}: {request.url.path}" if status == 404 else detail)

    async def server_error(request, exc):
        return failure(request, 500, "the server could not answer this request")

    @contextlib.asynccontextmanager
    async def lifespan(app):
        pool.start()
        try:
            yield
        finally:
            pool.stop()

    routes = [
        Route("/", overview),
        Route("/search", search),
        Route("/ontology", ontology),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", sparql, methods=["GET", "POST"]),   # the address the Oxigraph server used
        Route("/update", update, methods=["GET", "POST"]),
        Route("/store", graph_store, methods=["GET", "POST", "PUT", "DELETE"]),
        Route("/id/{rest:path}", node),
        Mount("/static", app=StaticFiles(directory=str(STATIC))),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_found, Exception: server_error})
    app.state.pool = pool
    return Guarded(app)

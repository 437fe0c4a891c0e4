"""A client for remote SPARQL servers: SPARQL 1.1 Protocol (query, update) and Graph Store Protocol (load).

Plain urllib, no extra dependency. Credentials come from the URL, options, KG_USER/KG_PASSWORD
or ~/.netrc (or the file NETRC names), and are never shown: every URL in a message is redacted.
"""
from __future__ import annotations

import base64
import netrc
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from kg.errors import KgError, QueryError, StoreError
from kg.store.results import Results, from_pyoxigraph

RESULTS_JSON = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
DEFAULT_TIMEOUT = 60.0
# response media type -> pyoxigraph RdfFormat attribute
RDF_MEDIA = {
    "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES", "text/turtle": "TURTLE",
    "application/rdf+xml": "RDF_XML", "application/n-quads": "N_QUADS", "application/trig": "TRIG",
    "application/ld+json": "JSON_LD",
}


@dataclass(frozen=True)
class Endpoint:
    """A server URL without credentials, plus the credentials to send (never printed)."""

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def shown(self) -> str:
        """The URL as it may appear in output."""
        return redact(self.url)


@dataclass
class GraphLoadReport:
    """What a Graph Store load did: graphs written, graphs not written, quads sent per graph."""

    url: str
    loaded: list[str] = field(default_factory=list)
    quads_by_graph: dict[str, int] = field(default_factory=dict)
    method: str = "POST"


def redact(url: str) -> str:
    """The URL with any user:password replaced by `***`."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


def _netrc_login(host: str, env) -> tuple[str, str] | None:
    """(login, password) for `host` from the netrc file (NETRC or ~/.netrc), or None."""
    path = env.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError):
        raise StoreError(f"cannot read the netrc file {path}") from None
    if not entry:
        return None
    return entry[0], entry[2] or ""


def resolve(url: str | None, *, env_var: str = "KG_ENDPOINT", user: str | None = None,
            password: str | None = None, env=None) -> Endpoint:
    """An Endpoint from a URL (or the `env_var` environment variable) and credentials.

    Credentials, first found wins: in the URL, the `user`/`password` options, KG_USER and
    KG_PASSWORD, a netrc entry for the host.
    """
    env = os.environ if env is None else env
    url = url or env.get(env_var)
    if not url:
        raise StoreError(f"no server URL: pass --endpoint or set {env_var}")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) URL: {redact(url)}")
    if parts.username is not None:
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        return Endpoint(clean, urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    user = user or env.get("KG_USER")
    if user:
        return Endpoint(url, user, password if password is not None else env.get("KG_PASSWORD", ""))
    found = _netrc_login(parts.hostname, env)
    if found:
        return Endpoint(url, *found)
    return Endpoint(url)


def _explain(status: int, endpoint: Endpoint, body: bytes) -> str:
    """A one-line message for an HTTP error status."""
    where = endpoint.shown
    if status == 401:
        return (f"{where}: 401 authentication required or refused; give credentials with "
                "KG_USER/KG_PASSWORD or a netrc entry")
    if status == 403:
        return f"{where}: 403 forbidden: these credentials may not do this (is the server read-only?)"
    if status == 404:
        return f"{where}: 404 not found; check the path (Oxigraph serves /query, /update and /store)"
    if status == 405:
        return f"{where}: 405 method not allowed; is this the right kind of endpoint (query, update, store)?"
    if status == 413:
        return f"{where}: 413 the request is too large for the server; load fewer or smaller files at a time"
    detail = body.decode("utf-8", "replace").strip().replace("\n", " ")[:300]
    if status == 400:
        return f"{where}: 400 the server refused the request: {detail}"
    if status >= 500:
        return f"{where}: {status} server error: {detail}"
    return f"{where}: HTTP {status}: {detail}"


def request(endpoint: Endpoint, method: str, *, url: str | None = None, data: bytes | None = None,
            headers: dict | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> tuple[str, bytes]:
    """Send one HTTP request; return (content type, body). StoreError with a clear reason on failure."""
    headers = dict(headers or {})
    if endpoint.user is not None:
        token = base64.b64encode(f"{endpoint.user}:{endpoint.password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    req = urllib.request.Request(url or endpoint.url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read() if exc.fp else b""
        raise StoreError(_explain(exc.code, endpoint, body)) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ConnectionRefusedError):
            raise StoreError(f"{endpoint.shown}: connection refused; is the server running?") from None
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise StoreError(f"{endpoint.shown}: no answer within {timeout:g} s") from None
        if isinstance(reason, socket.gaierror):
            raise StoreError(f"{endpoint.shown}: unknown host") from None
        raise StoreError(f"{endpoint.shown}: cannot connect: {reason}") from None
    except (socket.timeout, TimeoutError):
        raise StoreError(f"{endpoint.shown}: no answer within {timeout:g} s") from None
    except (ConnectionError, OSError) as exc:
        raise StoreError(f"{endpoint.shown}: connection failed: {exc.__class__.__name__}") from None


def _media(content_type: str) -> str:
    """The bare media type of a Content-Type header."""
    return content_type.split(";")[0].strip().lower()


def query(endpoint: Endpoint, sparql: str, *, timeout: float | None = DEFAULT_TIMEOUT,
          max_rows: int | None = None) -> Results:
    """Run a query over the SPARQL 1.1 Protocol (POST application/sparql-query) and parse the answer."""
    import pyoxigraph

    from kg.store.sparql import query_form, with_prefix_lines

    form = query_form(sparql)
    sparql = with_prefix_lines(sparql)
    accept = GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else f"{RESULTS_JSON}, application/sparql-results+xml;q=0.8"
    content_type, body = request(endpoint, "POST", data=sparql.encode("utf-8"), timeout=timeout, headers={
        "Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept})
    media = _media(content_type)
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            fmt = getattr(pyoxigraph.RdfFormat, RDF_MEDIA.get(media, "N_TRIPLES"))
            return from_pyoxigraph(pyoxigraph.parse(body, format=fmt), form=form)
        fmt = pyoxigraph.QueryResultsFormat.XML if "xml" in media else pyoxigraph.QueryResultsFormat.JSON
        return from_pyoxigraph(pyoxigraph.parse_query_results(body, format=fmt), max_rows=max_rows)
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"{endpoint.shown}: the server's answer ({media or 'no type'}) does not parse: {exc}") from None


def update(endpoint: Endpoint, sparql: str, *, timeout: float | None = DEFAULT_TIMEOUT) -> None:
    """Run a SPARQL Update over the protocol (POST application/sparql-update)."""
    from kg.store.sparql import with_prefix_lines

    sparql = with_prefix_lines(sparql)
    request(endpoint, "POST", data=sparql.encode("utf-8"), timeout=timeout,
            headers={"Content-Type": "application/sparql-update; charset=utf-8"})


def _graph_url(endpoint: Endpoint, graph: str | None) -> str:
    """The Graph Store URL for a named graph (`?graph=IRI`) or the default graph (`?default`)."""
    sep = "&" if "?" in endpoint.url else "?"
    if graph is None:
        return f"{endpoint.url}{sep}default"
    return f"{endpoint.url}{sep}graph={urllib.parse.quote(graph, safe='')}"


def _ntriples(quads) -> bytes:
    """Quads' triples as sorted N-Triples bytes."""
    return "".join(sorted(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)).encode("utf-8")


def load(endpoint: Endpoint, paths, *, graph: str | None = None, replace: bool = False,
         timeout: float | None = DEFAULT_TIMEOUT) -> GraphLoadReport:
    """Load RDF files into a Graph Store Protocol endpoint.

    Every file is parsed first, so a syntax error sends nothing. Without `replace` and with
    quads, the whole dataset is POSTed as N-Quads in one request; otherwise one request per
    graph (PUT replaces the graph, POST appends). If a request fails part way, the StoreError
    names the graphs that were loaded and those that were not.
    """
    import pyoxigraph

    from kg.store.embedded import DEFAULT_GRAPH_NAME, graph_name, read_quads

    grouped = read_quads(paths, graph=graph)
    names = {graph_name(g): g for g in grouped}
    report = GraphLoadReport(endpoint.shown, method="PUT" if replace else "POST",
                             quads_by_graph={n: len(grouped[g]) for n, g in sorted(names.items())})
    named = [n for n in names if n != DEFAULT_GRAPH_NAME]
    if not replace and named and graph is None:
        quads = sorted((q for qs in grouped.values() for q in qs), key=str)
        data = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""
        request(endpoint, "POST", data=data, timeout=timeout, headers={"Content-Type": "application/n-quads"})
        report.loaded = sorted(names)
        return report
    pending = sorted(names)
    for name in list(pending):
        target = None if name == DEFAULT_GRAPH_NAME else name
        try:
            request(endpoint, report.method, url=_graph_url(endpoint, target), data=_ntriples(grouped[names[name]]),
                    timeout=timeout, headers={"Content-Type": "application/n-triples"})
        except StoreError as exc:
            not_loaded = [n for n in pending]
            raise StoreError(f"{exc}\n  loaded: {', '.join(report.loaded) or 'none'}"
                             f"\n  not loaded: {', '.join(not_loaded)}") from None
        report.loaded.append(name)
        pending.remove(name)
    return report


def load_parallel(endpoint: Endpoint, paths, *, parallel: int, graph: str | None = None, replace: bool = False,
                  timeout: float | None = DEFAULT_TIMEOUT) -> GraphLoadReport:
    """`load` each file on its own, `parallel` files at a time (the parts of a build, say).

    Each file is parsed and sent as `load` does. If a file fails (the server refuses it or it does
    not parse), the StoreError names the files that were loaded and those that were not: unlike one
    `load` of every file, the files that went through stay loaded.
    """
    from concurrent.futures import ThreadPoolExecutor

    paths = [str(p) for p in paths]
    report = GraphLoadReport(endpoint.shown, method="PUT" if replace else "POST")
    done, failed = [], []
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        futures = {path: pool.submit(load, endpoint, [path], graph=graph, replace=replace, timeout=timeout)
                   for path in paths}
        for path, future in futures.items():
            try:
                part = future.result()
            except KgError as exc:   # refused by the server, or the file does not parse
                failed.append((path, str(exc).splitlines()[0]))
                continue
            done.append(path)
            report.loaded.extend(part.loaded)
            for name, count in part.quads_by_graph.items():
                report.quads_by_graph[name] = report.quads_by_graph.get(name, 0) + count
    if failed:
        raise StoreError(f"{failed[0][1]}\n  files loaded: {', '.join(done) or 'none'}"
                         f"\n  files not loaded: {', '.join(p for p, _ in failed)}")
    report.loaded = sorted(set(report.loaded))
    return report

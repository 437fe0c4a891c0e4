"""A client for remote SPARQL servers: SPARQL 1.1 Protocol (query, update) and Graph Store Protocol (load).

Plain urllib, no extra dependency. Credentials come from the URL, options, KG_USER/KG_PASSWORD
or ~/.netrc (or the file NETRC names), go as HTTP Basic or Digest, and are never shown: every URL
in a message is redacted. Servers differ in which protocol requests they answer, and some answer a
write with 200 and a web page: queries fall back to other request forms, loads are counted back.
"""
from __future__ import annotations

import netrc
import os
import re
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
    """What a Graph Store load did: graphs written, quads sent per graph, and how the load was checked
    (the query URL or "Graph Store reads"; empty when it was not) with the triples each graph held."""

    url: str
    loaded: list[str] = field(default_factory=list)
    quads_by_graph: dict[str, int] = field(default_factory=dict)
    method: str = "POST"
    verified_by: str = ""
    held: dict[str, int] = field(default_factory=dict)


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


def _explain(status: int, endpoint: Endpoint, body: bytes, *, challenge: str = "") -> str:
    """A one-line message for an HTTP error status (`challenge`: the server's WWW-Authenticate header)."""
    where = endpoint.shown
    if status == 401:
        scheme = challenge.split(" ", 1)[0] if challenge else ""
        wants = f" (it asks for {scheme} authentication)" if scheme else ""
        if endpoint.user is None:
            return (f"{where}: 401 authentication required{wants}; give credentials with --user and KG_PASSWORD, "
                    "KG_USER and KG_PASSWORD, or a netrc entry")
        return f"{where}: 401 the server refused the credentials given{wants}; check the user name and password"
    if status == 403:
        return f"{where}: 403 forbidden: these credentials may not do this (is the server read-only?)"
    if status == 404:
        return f"{where}: 404 not found; check the path (Oxigraph serves /query, /update and /store)"
    if status == 405:
        return f"{where}: 405 method not allowed; is this the right kind of endpoint (query, update, store)?"
    if status == 413:
        return f"{where}: 413 the request is too large for the server; load fewer or smaller files at a time"
    if status == 415:
        return f"{where}: 415 the server does not take this media type"
    detail = body.decode("utf-8", "replace").strip().replace("\n", " ")[:300]
    if status == 400:
        return f"{where}: 400 the server refused the request: {detail}"
    if status >= 500:
        return f"{where}: {status} server error: {detail}"
    return f"{where}: HTTP {status}: {detail}"


class HttpStatusError(StoreError):
    """The server answered with an HTTP error status (kept, so a caller can try another way)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class NoAnswer(StoreError):
    """The server took the request but did not answer within the timeout."""


def _opener(endpoint: Endpoint, *, basic_first: bool = True):
    """A urllib opener with the endpoint's credentials: HTTP Basic sent with the first request
    (`basic_first`), and Digest or Basic in answer to the server's challenge."""
    if endpoint.user is None:
        return urllib.request.build_opener()
    parts = urllib.parse.urlsplit(endpoint.url)
    passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
    passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", endpoint.user, endpoint.password or "",
                           is_authenticated=basic_first)
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords),
                                       urllib.request.HTTPBasicAuthHandler(passwords))


def request(endpoint: Endpoint, method: str, *, url: str | None = None, data: bytes | None = None,
            headers: dict | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> tuple[str, bytes]:
    """Send one HTTP request; return (content type, body). StoreError with a clear reason on failure.

    Credentials go as HTTP Basic with the first request; when that is refused (401) without a
    Basic challenge, the request is sent again without them so the server states what it wants:
    Virtuoso's authenticated endpoints refuse Basic without saying so, then ask for Digest.
    """
    def send(basic_first: bool):
        req = urllib.request.Request(url or endpoint.url, data=data, method=method, headers=dict(headers or {}))
        with _opener(endpoint, basic_first=basic_first).open(req, timeout=timeout) as response:
            return response.headers.get("Content-Type", ""), response.read()

    try:
        try:
            return send(True)
        except urllib.error.HTTPError as exc:
            challenge = (exc.headers.get("WWW-Authenticate") or "") if exc.headers else ""
            if exc.code != 401 or endpoint.user is None or challenge.lower().startswith("basic"):
                raise
            exc.close()
            return send(False)
    except urllib.error.HTTPError as exc:
        body = exc.read() if exc.fp else b""
        challenge = (exc.headers.get("WWW-Authenticate") or "") if exc.headers else ""
        raise HttpStatusError(_explain(exc.code, endpoint, body, challenge=challenge), exc.code) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ConnectionRefusedError):
            raise StoreError(f"{endpoint.shown}: connection refused; is the server running?") from None
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise NoAnswer(f"{endpoint.shown}: no answer within {timeout:g} s") from None
        if isinstance(reason, socket.gaierror):
            raise StoreError(f"{endpoint.shown}: unknown host") from None
        raise StoreError(f"{endpoint.shown}: cannot connect: {reason}") from None
    except (socket.timeout, TimeoutError):
        raise NoAnswer(f"{endpoint.shown}: no answer within {timeout:g} s") from None
    except ValueError as exc:   # urllib's auth handlers: a scheme they do not speak
        raise StoreError(f"{endpoint.shown}: cannot authenticate: {exc}") from None
    except (ConnectionError, OSError) as exc:
        raise StoreError(f"{endpoint.shown}: connection failed: {exc.__class__.__name__}") from None


def _media(content_type: str) -> str:
    """The bare media type of a Content-Type header."""
    return content_type.split(";")[0].strip().lower()


# -- queries -------------------------------------------------------------------------------------

QUERY_METHODS = ("auto", "post", "form", "get")
PROBE_AFTER = 1.0      # seconds a direct POST may go unanswered before kg checks the server answers one at all
PROBE_TIMEOUT = 1.5
MAX_GET_URL = 8000
_WORKING: dict[str, str] = {}   # query URL -> the method that answered when a direct POST did not


def _send_query(endpoint: Endpoint, sparql: str, how: str, *, accept: str, timeout: float | None):
    """One query request the SPARQL 1.1 Protocol way `how`: "post" (direct), "form" (URL-encoded POST) or "get"."""
    headers = {"Accept": accept}
    if how == "post":
        headers["Content-Type"] = "application/sparql-query; charset=utf-8"
        return request(endpoint, "POST", data=sparql.encode("utf-8"), headers=headers, timeout=timeout)
    encoded = urllib.parse.urlencode({"query": sparql})
    if how == "form":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return request(endpoint, "POST", data=encoded.encode("ascii"), headers=headers, timeout=timeout)
    sep = "&" if "?" in endpoint.url else "?"
    return request(endpoint, "GET", url=f"{endpoint.url}{sep}{encoded}", headers=headers, timeout=timeout)


def _direct_or_probe(endpoint: Endpoint, sparql: str, *, accept: str, timeout: float | None):
    """A direct POST; if it is not answered soon, find out whether the server answers direct POSTs at all.

    Some servers (Virtuoso 7) never answer a direct POST. After PROBE_AFTER seconds kg sends a
    trivial query the same way: answered, the server is only busy and the wait goes on; not
    answered, NoAnswer is raised at once so the caller can use a form POST.
    """
    import threading

    outcome: dict = {}

    def run():
        try:
            outcome["answer"] = _send_query(endpoint, sparql, "post", accept=accept, timeout=timeout)
        except StoreError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="kg-direct-post", daemon=True)
    worker.start()
    worker.join(PROBE_AFTER if timeout is None else min(PROBE_AFTER, timeout))
    if worker.is_alive():
        try:
            _send_query(endpoint, "ASK {}", "post", accept=accept, timeout=PROBE_TIMEOUT)
        except NoAnswer:
            raise NoAnswer(f"{endpoint.shown}: no answer to a direct POST") from None
        except StoreError:
            pass   # refused: the real request will say how
        worker.join(None if timeout is None else max(timeout - PROBE_AFTER, 0))
        if worker.is_alive():
            raise NoAnswer(f"{endpoint.shown}: no answer within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["answer"]


def _query_answer(endpoint: Endpoint, sparql: str, *, accept: str, timeout: float | None, method: str):
    """(content type, body) of a query, sent as `method` asks; "auto" falls back from a direct POST to a
    form POST and then a GET when the server refuses (405, 415) or does not answer."""
    if method not in QUERY_METHODS:
        raise StoreError(f"unknown query method {method!r}; choose one of {', '.join(QUERY_METHODS)}")
    if method != "auto":
        return _send_query(endpoint, sparql, method, accept=accept, timeout=timeout)
    ways = ["post", "form", "get"]
    if endpoint.url in _WORKING:
        ways = [_WORKING[endpoint.url]] + [w for w in ways if w != _WORKING[endpoint.url]]
    if len(urllib.parse.urlencode({"query": sparql})) + len(endpoint.url) > MAX_GET_URL:
        ways.remove("get")
    last: StoreError | None = None
    for how in ways:
        try:
            if how == "post" and endpoint.url not in _WORKING:
                answer = _direct_or_probe(endpoint, sparql, accept=accept, timeout=timeout)
            else:
                answer = _send_query(endpoint, sparql, how, accept=accept, timeout=timeout)
        except HttpStatusError as exc:
            if exc.status not in (405, 415):
                raise
            last = exc
            continue
        except NoAnswer as exc:
            if how != "post":
                raise
            last = exc
            continue
        if how != "post":
            _WORKING[endpoint.url] = how
        return answer
    raise last


def query(endpoint: Endpoint, sparql: str, *, timeout: float | None = DEFAULT_TIMEOUT,
          max_rows: int | None = None, method: str = "auto") -> Results:
    """Run a query over the SPARQL 1.1 Protocol and parse the answer.

    Sent as a direct POST (application/sparql-query); a server that refuses that (405, 415) or
    leaves it unanswered gets a form-encoded POST, then a GET (`method` picks one way instead).
    """
    import pyoxigraph

    from kg.store.sparql import query_form, with_prefix_lines

    form = query_form(sparql)
    sparql = with_prefix_lines(sparql)
    accept = GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else f"{RESULTS_JSON}, application/sparql-results+xml;q=0.8"
    content_type, body = _query_answer(endpoint, sparql, accept=accept, timeout=timeout, method=method)
    media = _media(content_type)
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            fmt = getattr(pyoxigraph.RdfFormat, RDF_MEDIA.get(media, "N_TRIPLES"))
            return from_pyoxigraph(pyoxigraph.parse(body, format=fmt), form=form)
        fmt = pyoxigraph.QueryResultsFormat.XML if "xml" in media else pyoxigraph.QueryResultsFormat.JSON
        results = from_pyoxigraph(pyoxigraph.parse_query_results(body, format=fmt), max_rows=max_rows)
    except (SyntaxError, ValueError) as exc:
        shown = body[:120].decode("utf-8", "replace").strip().replace("\n", " ")
        raise QueryError(f"{endpoint.shown}: the server's answer ({media or 'no type'}) is not a SPARQL result: "
                         f"{exc} (it begins: {shown!r})") from None
    return _ask_as_boolean(results) if form == "ASK" else results


def _ask_as_boolean(results: Results) -> Results:
    """An ASK answer as a boolean; Virtuoso 7 answers ASK with a one-cell table of 1 or 0."""
    if results.form == "ASK" or len(results.variables) != 1 or len(results.rows) != 1:
        return results
    cell = results.rows[0][0]
    value = getattr(cell, "value", "")
    if value in ("1", "0", "true", "false"):
        return Results(form="ASK", boolean=value in ("1", "true"))
    return results


def update(endpoint: Endpoint, sparql: str, *, timeout: float | None = DEFAULT_TIMEOUT) -> None:
    """Run a SPARQL Update over the protocol (POST application/sparql-update; a form POST if that is refused)."""
    from kg.store.sparql import with_prefix_lines

    sparql = with_prefix_lines(sparql)
    try:
        request(endpoint, "POST", data=sparql.encode("utf-8"), timeout=timeout,
                headers={"Content-Type": "application/sparql-update; charset=utf-8"})
    except HttpStatusError as exc:
        if exc.status not in (405, 415):
            raise
        request(endpoint, "POST", data=urllib.parse.urlencode({"update": sparql}).encode("ascii"), timeout=timeout,
                headers={"Content-Type": "application/x-www-form-urlencoded"})


# -- Graph Store loads ---------------------------------------------------------------------------


def _graph_url(endpoint: Endpoint, graph: str | None) -> str:
    """The Graph Store URL for a named graph (`?graph=IRI`) or the default graph (`?default`)."""
    sep = "&" if "?" in endpoint.url else "?"
    if graph is None:
        return f"{endpoint.url}{sep}default"
    return f"{endpoint.url}{sep}graph={urllib.parse.quote(graph, safe='')}"


def _ntriples(quads) -> bytes:
    """Quads' triples as sorted N-Triples bytes."""
    return "".join(sorted(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)).encode("utf-8")


def _web_page(content_type: str, body: bytes) -> bool:
    """True when a reply is an HTML page (a server's form or home page), which no Graph Store sends for a write."""
    head = body[:512].lstrip().lower()
    return _media(content_type) in ("text/html", "application/xhtml+xml") and (
        head.startswith(b"<!doctype") or head.startswith(b"<html") or (head.startswith(b"<?xml") and b"<html" in head))


class NotStored(StoreError):
    """A write the server answered with 2xx but did not store (its reply was a web page)."""


def _write(endpoint: Endpoint, method: str, *, url: str, data: bytes, media: str, timeout) -> None:
    """One Graph Store write; NotStored when the server answers it with a web page."""
    content_type, body = request(endpoint, method, url=url, data=data, timeout=timeout,
                                 headers={"Content-Type": media})
    if _web_page(content_type, body):
        raise NotStored(f"{endpoint.shown}: the server answered {method} with a web page ({_media(content_type)}), "
                        "not a Graph Store reply: nothing was stored; is this the Graph Store URL?")


def query_url_for(store_url: str, env=None) -> str | None:
    """The SPARQL query URL that goes with a Graph Store URL: KG_ENDPOINT, else by the path's convention
    (Oxigraph /store -> /query, Virtuoso /sparql-graph-crud[-auth] -> /sparql, Fuseki /DATASET/data ->
    /DATASET/query, RDF4J and GraphDB /repositories/ID/rdf-graphs/service -> /repositories/ID), else None."""
    env = os.environ if env is None else env
    if env.get("KG_ENDPOINT"):
        return env["KG_ENDPOINT"]
    parts = urllib.parse.urlsplit(store_url)
    path = parts.path.rstrip("/")
    rules = [(r"/store$", "/query"), (r"/sparql-graph-crud(-auth)?$", "/sparql"), (r"/data$", "/query"),
             (r"/rdf-graphs/service$", "")]
    for pattern, replacement in rules:
        if re.search(pattern, path):
            new_path = re.sub(pattern, replacement, path)
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))
    return None


def load(endpoint: Endpoint, paths, *, graph: str | None = None, replace: bool = False,
         timeout: float | None = DEFAULT_TIMEOUT, verify: bool = True, query_url: str | None = None,
         progress=None) -> GraphLoadReport:
    """Load RDF files into a Graph Store Protocol endpoint, then check that the server holds them.

    Every file is parsed first, so a syntax error sends nothing. Without `replace` and with
    quads, the whole dataset is POSTed as N-Quads in one request (a server that answers that with a
    web page, as Virtuoso does, gets one request per graph instead); otherwise one request per graph
    (PUT replaces the graph, POST appends). A 2xx answer is not taken as proof: unless `verify` is
    False, each graph's triples are counted through the query endpoint (`query_url`, or the one
    `query_url_for` finds; else each graph is read back over the Graph Store Protocol). If a
    request fails, or a graph holds fewer triples than were sent, the StoreError names the graphs
    that were loaded and those that were not. `progress(quads)` is called as graphs are sent.
    """
    import pyoxigraph

    from kg.store.embedded import DEFAULT_GRAPH_NAME, graph_name, read_quads

    grouped = read_quads(paths, graph=graph)
    names = {graph_name(g): g for g in grouped}
    report = GraphLoadReport(endpoint.shown, method="PUT" if replace else "POST",
                             quads_by_graph={n: len(grouped[g]) for n, g in sorted(names.items())})
    named = [n for n in names if n != DEFAULT_GRAPH_NAME]
    pending = sorted(names)

    def failed(exc: StoreError, not_loaded) -> StoreError:
        return StoreError(f"{exc}\n  loaded: {', '.join(report.loaded) or 'none'}"
                          f"\n  not loaded: {', '.join(not_loaded)}")

    sent_whole = False
    if not replace and named and graph is None:
        quads = sorted((q for qs in grouped.values() for q in qs), key=str)
        data = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""
        try:
            _write(endpoint, "POST", url=endpoint.url, data=data, media="application/n-quads", timeout=timeout)
            sent_whole = True
        except NotStored:
            pass          # one request per graph below
        except HttpStatusError as exc:
            if exc.status not in (400, 415):
                raise failed(exc, pending) from None
        except StoreError as exc:
            raise failed(exc, pending) from None
        if sent_whole:
            report.loaded = sorted(names)
            if progress is not None:
                progress(sum(report.quads_by_graph.values()))
    if not sent_whole:
        for name in list(pending):
            target = None if name == DEFAULT_GRAPH_NAME else name
            try:
                _write(endpoint, report.method, url=_graph_url(endpoint, target), data=_ntriples(grouped[names[name]]),
                       media="application/n-triples", timeout=timeout)
            except StoreError as exc:
                raise failed(exc, pending) from None
            report.loaded.append(name)
            pending.remove(name)
            if progress is not None:
                progress(report.quads_by_graph[name])
    if verify:
        expected = {name: len({q.triple for q in grouped[g]}) for name, g in names.items()}
        short = _verify(endpoint, report, expected, exact=replace, query_url=query_url, timeout=timeout)
        if short:
            report.loaded = [n for n in report.loaded if n not in short]
            detail = "; ".join(f"{n}: {held} of {want} triples" for n, (held, want) in sorted(short.items()))
            raise failed(StoreError(f"{endpoint.shown}: the server answered every request with success, but it "
                                    f"does not hold what was sent ({detail})"), sorted(short))
    return report


VERIFY_BATCH = 200   # graphs counted per query


def _verify(endpoint: Endpoint, report: GraphLoadReport, expected: dict, *, exact: bool, query_url, timeout):
    """{graph name: (triples held, triples sent)} for the graphs that hold too few (or, replaced, other than sent)."""
    from kg.store.embedded import DEFAULT_GRAPH_NAME

    found = query_url or query_url_for(endpoint.url)
    counts: dict[str, int] = {}
    if found:
        reader = Endpoint(found, endpoint.user, endpoint.password)
        report.verified_by = redact(found)
        named = [n for n in expected if n != DEFAULT_GRAPH_NAME]
        for start in range(0, len(named), VERIFY_BATCH):
            batch = named[start:start + VERIFY_BATCH]
            values = " ".join(f"<{n}>" for n in batch)
            answer = _count_query(reader, "SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { " + values + " } "
                                  "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", timeout)
            counts.update({row[0].value: int(row[1].value) for row in answer.rows if row[0] is not None})
        if DEFAULT_GRAPH_NAME in expected:
            answer = _count_query(reader, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout)
            counts[DEFAULT_GRAPH_NAME] = int(answer.rows[0][0].value)
    else:
        report.verified_by = "Graph Store reads"
        for name in expected:
            counts[name] = _read_back(endpoint, None if name == DEFAULT_GRAPH_NAME else name, timeout)
    report.held = counts
    short = {}
    for name, want in expected.items():
        held = counts.get(name, 0)
        # the default graph may be the server's union of every graph: at least what was sent
        if held < want or (exact and name != DEFAULT_GRAPH_NAME and held != want):
            short[name] = (held, want)
    return short


def _count_query(reader: Endpoint, sparql: str, timeout) -> Results:
    """A counting query's answer; StoreError saying the load could not be checked when it fails."""
    try:
        return query(reader, sparql, timeout=timeout)
    except (StoreError, QueryError) as exc:
        detail = str(exc).removeprefix(f"{reader.shown}: ")
        raise StoreError(f"cannot check the load through the query endpoint {reader.shown}: {detail}; "
                         "name the right one with --query-endpoint URL, or skip the check with --no-verify") from None


def _read_back(endpoint: Endpoint, graph: str | None, timeout) -> int:
    """The number of triples a Graph Store returns for a graph (GET)."""
    import pyoxigraph

    content_type, body = request(endpoint, "GET", url=_graph_url(endpoint, graph), timeout=timeout,
                                 headers={"Accept": GRAPH_ACCEPT})
    fmt = getattr(pyoxigraph.RdfFormat, RDF_MEDIA.get(_media(content_type), "N_TRIPLES"))
    try:
        return len({t for t in pyoxigraph.parse(body, format=fmt)})
    except (SyntaxError, ValueError):
        return 0


def load_parallel(endpoint: Endpoint, paths, *, parallel: int, graph: str | None = None, replace: bool = False,
                  timeout: float | None = DEFAULT_TIMEOUT, verify: bool = True, query_url: str | None = None,
                  progress=None) -> GraphLoadReport:
    """`load` each file on its own, `parallel` files at a time (the parts of a build, say).

    Each file is parsed, sent and checked as `load` does (`verify`, `query_url`, `progress` as
    there). If a file fails (the server refuses it or it does
    not parse), the StoreError names the files that were loaded and those that were not: unlike one
    `load` of every file, the files that went through stay loaded.
    """
    from concurrent.futures import ThreadPoolExecutor

    paths = [str(p) for p in paths]
    report = GraphLoadReport(endpoint.shown, method="PUT" if replace else "POST")
    done, failed = [], []
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        futures = {path: pool.submit(load, endpoint, [path], graph=graph, replace=replace, timeout=timeout,
                                     verify=verify, query_url=query_url, progress=progress)
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
            report.verified_by = part.verified_by or report.verified_by
            report.held.update(part.held)
    if failed:
        raise StoreError(f"{failed[0][1]}\n  files loaded: {', '.join(done) or 'none'}"
                         f"\n  files not loaded: {', '.join(p for p, _ in failed)}")
    report.loaded = sorted(set(report.loaded))
    return report

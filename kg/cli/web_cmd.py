"""`kg serve` and `kg site`: the store on the web, served live or written as static files."""
from __future__ import annotations

import click

from kg.cli._common import fail, library_errors


@click.command()
@click.option("-l", "--location", required=True, metavar="DIR", help="The embedded store's folder.")
@click.option("-b", "--bind", default="127.0.0.1:7878", show_default=True, metavar="HOST:PORT",
              help="Address to listen on (checked before anything is served).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              metavar="S", help="Stop a SPARQL query after S seconds (it is answered 503); the server goes on.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True, metavar="N",
              help="Processes that run SPARQL queries side by side.")
@click.option("--read-write", is_flag=True,
              help="Instead of the web view, serve the store read-write with the Oxigraph server "
                   "(SPARQL /query, updates /update, Graph Store /store) for `kg load/update --endpoint`.")
@click.option("--access-log", is_flag=True, help="Print a line per request on stderr.")
def serve(location, bind, timeout, workers, read_write, access_log):
    """Serve the store on the web: a page for every node, its RDF, and a read-only SPARQL endpoint.

    Every IRI of the graph answers at its path (https://w3id.org/diplomacy-kg/id/person/x is
    /id/person/x): HTML for browsers, Turtle, JSON-LD or N-Triples when asked for (Accept header,
    or the suffixes .ttl, .jsonld, .nt). / is an overview with search; /sparql is a SPARQL 1.1
    Protocol endpoint (read-only; /query answers the same) with a query page. Stop it with Ctrl-C.

    \b
    Examples:
      kg serve -l out/store                     # then open http://127.0.0.1:7878/
      kg serve -l out/store --bind 0.0.0.0:8080 --timeout 10
      kg serve -l store/ --read-write           # a writable SPARQL server, no web pages
    """
    if read_write:
        return _serve_read_write(location, bind, timeout)
    with library_errors():
        from kg.store.server import listen
        from kg.web.app import make_app

        app = make_app(location, timeout=timeout, workers=workers)
        sock = listen(bind)
    host, port = sock.getsockname()[:2]
    base = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    click.echo(f"serving {location} at {base}/ (read-only)", err=True)
    click.echo(f"  browse: {base}/", err=True)
    click.echo(f"  SPARQL: {base}/sparql   e.g. kg query --name meetings --endpoint {base}/sparql", err=True)
    click.echo(f"  data:   curl -H 'Accept: text/turtle' {base}/id/...", err=True)
    click.echo("  stop with Ctrl-C", err=True)
    from kg.web.server import run

    run(app, sock, access_log=access_log)
    click.echo("stopped", err=True)


def _serve_read_write(location, bind, timeout):
    """`kg serve --read-write`: the Oxigraph server as a child, its errors in one line; its default
    graph is the store's merged graph, brought up to date with what was written when it stops."""
    import contextlib
    import signal

    from kg.store.server import OxigraphChild, check_free, oxigraph_command, prepare_for_server, resettle

    with library_errors():
        cmd = oxigraph_command(location, bind, read_write=True, timeout=timeout)
        check_free(bind)
        prepare_for_server(location)
    base = f"http://{bind}"
    click.echo(f"serving {location} at {base} (read-write, Oxigraph server)", err=True)
    click.echo(f"  query:  kg query --name meetings --endpoint {base}/query", err=True)
    click.echo(f"  load:   kg load FILE --endpoint {base}/store", err=True)
    click.echo(f"  update: kg update 'INSERT DATA {{ ... }}' --endpoint {base}/update", err=True)
    child = OxigraphChild(cmd)
    signal.signal(signal.SIGTERM, lambda signum, frame: child.stop())
    try:
        outcome = child.wait()
    except KeyboardInterrupt:
        child.stop()
        outcome = child.wait()
    # what the server wrote into named graphs joins the merged default graph
    if outcome.code and not outcome.stopped:
        from kg.errors import StoreError

        with contextlib.suppress(StoreError):
            resettle(location)
        fail(f"the Oxigraph server stopped: {outcome.error}")
    with library_errors():
        resettle(location)
    if outcome.stopped:
        click.echo("stopped", err=True)


@click.command()
@click.option("-l", "--location", required=True, metavar="DIR", help="The embedded store's folder.")
@click.option("-o", "--output", required=True, metavar="DIR",
              help="Folder to write (new, empty, or written by kg site before: it is replaced).")
def site(location, output):
    """Write the web view as static files: the pages `kg serve` shows, for GitHub Pages or any web server.

    Each node gets id/KIND/NAME.html with .ttl, .jsonld and .nt beside it; index.html is the
    overview, search.html a name list with a filter. Links are relative, so the folder works at
    any address. docs/web.md says how to publish it and point the w3id.org IRIs at it.

    \b
    Example:
      kg site -l out/store -o out/site && python -m http.server -d out/site
    """
    with library_errors():
        from kg.web.site import write_site

        report = write_site(location, output)
    click.echo(f"wrote {report.pages} node pages ({report.files} files) to {report.output}", err=True)

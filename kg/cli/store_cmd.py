"""`kg load`, `kg dump`, `kg update`, `kg serve`: fill, export, change and serve a triplestore."""
from __future__ import annotations

import click

from kg.cli._common import fail, library_errors

DUMP_FORMATS = ["trig", "nq", "ttl", "nt", "jsonld", "rdf"]


def _one_target(location, endpoint, env_var):
    """'location' or 'endpoint', insisting on exactly one (the endpoint may come from `env_var`)."""
    import os

    if location and endpoint:
        fail("give either -l/--location DIR or --endpoint URL, not both")
    if location:
        return "location"
    if endpoint or os.environ.get(env_var):
        return "endpoint"
    fail(f"give -l/--location DIR or --endpoint URL (or set {env_var})")


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-l", "--location", metavar="DIR", help="The embedded store's folder (created if missing).")
@click.option("--endpoint", metavar="URL",
              help="A Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store [env KG_STORE_URL].")
@click.option("--user", metavar="NAME", help="User for the endpoint [env KG_USER; password KG_PASSWORD or ~/.netrc].")
@click.option("--graph", metavar="IRI", help="Put every triple into this named graph.")
@click.option("--replace", is_flag=True, help="Replace the graphs being loaded instead of adding to them.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              metavar="S", help="HTTP timeout per request (endpoint only).")
@click.option("--parallel", type=click.IntRange(min=1), default=1, show_default=True, metavar="K",
              help="Send K files at once, each in its own requests (endpoint only; the parts of a folder).")
def load(files, location, endpoint, user, graph, replace, timeout, parallel):
    """Load RDF files into the embedded store or a remote Graph Store.

    All files are parsed before anything is written; a local load is one transaction
    (over 64 MB of files into an existing store: staged, see docs/performance.md).
    Quad files (TriG, N-Quads) keep their named graphs; triple files go to the default
    graph unless --graph says otherwise. Loading the same files twice changes nothing.
    A folder written by `kg build -o DIR/ --parts N` stands for its files (gzipped N-Quads).

    \b
    Examples:
      kg load out/seeds.trig -l store/
      kg load extra.ttl -l store/ --graph https://example.org/g --replace
      kg load out/seeds.trig --endpoint http://127.0.0.1:7878/store
      kg load out/parts/ --endpoint http://127.0.0.1:7878/store --parallel 4
    """
    with library_errors():
        from kg.rdf.parts import expand

        files = expand(files)
        if _one_target(location, endpoint, "KG_STORE_URL") == "location":
            from kg.store.embedded import load as store_load

            report = store_load(location, files, graph=graph, replace=replace)
            n = sum(report.quads_by_graph.values())
            click.echo(f"loaded {n} quads in {len(report.quads_by_graph)} graph(s) into {location}"
                       + (f", replacing {len(report.replaced)} graph(s)" if report.replaced else "")
                       + f"; the store holds {report.total_quads} quads", err=True)
            return
        from kg.store import endpoint as ep

        target = ep.resolve(endpoint, env_var="KG_STORE_URL", user=user)
        if parallel > 1 and len(files) > 1:
            report = ep.load_parallel(target, files, parallel=parallel, graph=graph, replace=replace, timeout=timeout)
        else:
            report = ep.load(target, files, graph=graph, replace=replace, timeout=timeout)
        n = sum(report.quads_by_graph.values())
        click.echo(f"loaded {n} quads in {len(report.loaded)} graph(s) into {report.url} ({report.method})",
                   err=True)


@click.command()
@click.option("-l", "--location", required=True, metavar="DIR", help="The embedded store's folder.")
@click.option("-o", "--output", required=True, metavar="FILE", help="Output file (- for stdout).")
@click.option("-f", "--format", "fmt", type=click.Choice(DUMP_FORMATS),
              help="trig/nq keep the named graphs; ttl/nt/jsonld/rdf hold their union. Default: from -o's extension.")
def dump(location, output, fmt):
    """Write the whole embedded store to a file, sorted (same store, same bytes).

    \b
    Example:
      kg dump -l store/ -o all.trig
    """
    with library_errors():
        from kg.store.embedded import dump as store_dump

        n = store_dump(location, output, fmt=fmt)
    if output != "-":
        click.echo(f"wrote {n} statements to {output}", err=True)


@click.command()
@click.argument("update_text", required=False, metavar="UPDATE")
@click.option("--file", "update_file", metavar="FILE", help="Read the update from FILE (- for stdin).")
@click.option("-l", "--location", metavar="DIR", help="The embedded store's folder.")
@click.option("--endpoint", metavar="URL", help="A SPARQL 1.1 Update URL, e.g. http://127.0.0.1:7878/update [env KG_UPDATE_URL].")
@click.option("--user", metavar="NAME", help="User for the endpoint [env KG_USER; password KG_PASSWORD or ~/.netrc].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              metavar="S", help="HTTP timeout (endpoint only).")
def update(update_text, update_file, location, endpoint, user, timeout):
    """Run a SPARQL Update (INSERT, DELETE, DROP, LOAD ...) as one transaction.

    \b
    Example:
      kg update 'DROP GRAPH <https://w3id.org/diplomacy-kg/id/article/x>' -l store/
    """
    import sys

    from kg.store.sparql import read_query_file

    with library_errors():
        if (update_text is None) == (update_file is None):
            fail("give exactly one update: UPDATE text or --file FILE")
        sparql = update_text if update_file is None else (
            sys.stdin.read() if update_file == "-" else read_query_file(update_file))
        if _one_target(location, endpoint, "KG_UPDATE_URL") == "location":
            from kg.store.embedded import update as store_update

            store_update(location, sparql)
        else:
            from kg.store import endpoint as ep

            ep.update(ep.resolve(endpoint, env_var="KG_UPDATE_URL", user=user), sparql, timeout=timeout)
    click.echo("update done", err=True)


def oxigraph_binary() -> str | None:
    """The `oxigraph` server program: beside this Python (the virtualenv) or on PATH."""
    import shutil
    import sys
    from pathlib import Path

    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def serve_command(location, bind, *, read_write=False, timeout=None) -> list[str]:
    """The oxigraph command line that serves `location` with the union of graphs as the default graph."""
    binary = oxigraph_binary()
    if binary is None:
        fail("the oxigraph server is not installed; pip install oxigraph")
    cmd = [binary, "serve" if read_write else "serve-read-only", "-l", str(location), "-b", bind,
           "--union-default-graph"]
    if timeout:
        cmd += ["--timeout-s", str(int(timeout))]
    return cmd


@click.command()
@click.option("-l", "--location", required=True, metavar="DIR", help="The embedded store's folder.")
@click.option("-b", "--bind", default="127.0.0.1:7878", show_default=True, help="Host and port to listen on.")
@click.option("--read-write", is_flag=True, help="Also accept updates and Graph Store writes.")
@click.option("--timeout", type=click.IntRange(min=1), metavar="S", help="Query timeout in seconds.")
def serve(location, bind, read_write, timeout):
    """Serve the embedded store over HTTP (SPARQL 1.1 Protocol) with the Oxigraph server.

    Read-only unless --read-write. Stop it with Ctrl-C.

    \b
    Example:
      kg serve -l store/ --bind 127.0.0.1:7878
    """
    import signal
    import subprocess
    from pathlib import Path

    if not read_write and not Path(location).is_dir():
        fail(f"no store at {location}; create one with `kg load FILE -l {location}`")
    cmd = serve_command(location, bind, read_write=read_write, timeout=timeout)
    base = f"http://{bind}"
    click.echo(f"serving {location} at {base} ({'read-write' if read_write else 'read-only'})", err=True)
    click.echo(f"  query:  kg query --name meetings --endpoint {base}/query", err=True)
    click.echo(f"          curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5' {base}/query",
               err=True)
    if read_write:
        click.echo(f"  load:   kg load FILE --endpoint {base}/store", err=True)
        click.echo(f"  update: kg update 'INSERT DATA {{ ... }}' --endpoint {base}/update", err=True)
    process = subprocess.Popen(cmd)
    stopping = []

    def stop(signum, frame):
        """Stop the server too when this command is asked to stop."""
        stopping.append(signum)
        process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        code = process.wait()
    except KeyboardInterrupt:
        stop(signal.SIGINT, None)
        code = process.wait()
    if stopping:
        click.echo("stopped", err=True)
        return
    if code:
        fail(f"the oxigraph server stopped with exit code {code} (is {bind} already in use?)")

"""`kg load`, `kg dump`, `kg update`: fill, export and change a triplestore (`kg serve` is in web_cmd)."""
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
@click.option("--query-endpoint", metavar="URL",
              help="The server's SPARQL query URL, to count what was loaded [default: KG_ENDPOINT, or the "
                   "one that goes with the Graph Store URL (Oxigraph, Virtuoso, Fuseki, RDF4J)].")
@click.option("--no-verify", is_flag=True, help="Do not count each graph on the server after loading.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; errors only.")
@click.option("--parallel", type=click.IntRange(min=1), default=1, show_default=True, metavar="K",
              help="Send K files at once, each in its own requests (endpoint only; the parts of a folder).")
def load(files, location, endpoint, user, graph, replace, timeout, query_endpoint, no_verify, quiet, parallel):
    """Load RDF files into the embedded store or a remote Graph Store.

    All files are parsed before anything is written; a local load is one transaction
    (over 64 MB of files into an existing store: staged, see docs/performance.md).
    Quad files (TriG, N-Quads) keep their named graphs; triple files go to the graph
    id:graph/default in the embedded store (to a server's default graph) unless --graph
    says otherwise. Queries see every triple once, whatever graph holds it.
    Loading the same files twice changes nothing. A folder written by
    `kg build -o DIR/ --parts N` stands for its files (gzipped N-Quads).

    A server's success answer is not taken on trust: each graph's triples are counted
    through its query endpoint (or read back) and a graph that holds less than was sent
    fails the load (exit 2), naming it.

    \b
    Examples:
      kg load out/seeds.trig -l store/
      kg load extra.ttl -l store/ --graph https://example.org/g --replace
      kg load out/seeds.trig --endpoint http://127.0.0.1:7878/store
      kg load out/parts/ --endpoint http://127.0.0.1:7878/store --parallel 4
    """
    from kg.cli._progress import progress_bar

    with library_errors():
        from kg.rdf.parts import expand

        files = expand(files)
        if _one_target(location, endpoint, "KG_STORE_URL") == "location":
            from kg.store.embedded import load as store_load

            report = store_load(location, files, graph=graph, replace=replace)
            n = sum(report.quads_by_graph.values())
            if not quiet:
                click.echo(f"loaded {n} quads in {len(report.quads_by_graph)} graph(s) into {location}"
                           + (f", replacing {len(report.replaced)} graph(s)" if report.replaced else "")
                           + f"; the store holds {report.total_quads} quads, {report.total_triples} distinct triples",
                           err=True)
            return
        from kg.store import endpoint as ep

        target = ep.resolve(endpoint, env_var="KG_STORE_URL", user=user)
        with progress_bar("loading", unit="quads", quiet=quiet) as advance:
            if parallel > 1 and len(files) > 1:
                report = ep.load_parallel(target, files, parallel=parallel, graph=graph, replace=replace,
                                          timeout=timeout, verify=not no_verify, query_url=query_endpoint,
                                          progress=advance)
            else:
                report = ep.load(target, files, graph=graph, replace=replace, timeout=timeout,
                                 verify=not no_verify, query_url=query_endpoint, progress=advance)
        n = sum(report.quads_by_graph.values())
        if not quiet:
            click.echo(f"loaded {n} quads in {len(report.loaded)} graph(s) into {report.url} ({report.method})"
                       + (f"; checked through {report.verified_by}: every graph holds what was sent"
                          if report.verified_by else "; not checked (--no-verify)"), err=True)


@click.command()
@click.option("-l", "--location", required=True, metavar="DIR", help="The embedded store's folder.")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="Output file; standard output when not given.")
@click.option("-f", "--format", "fmt", type=click.Choice(DUMP_FORMATS),
              help="trig/nq keep the named graphs; ttl/nt/jsonld/rdf hold the merged graph (each triple once). "
                   "Default: from -o's extension, TriG on standard output.")
def dump(location, output, fmt):
    """Write the whole embedded store, sorted (same store, same bytes), to a file or standard output.

    \b
    Examples:
      kg dump -l store/ -o all.trig
      kg dump -l store/ -f nt | grep dip:attendee
    """
    with library_errors():
        from kg.rdf.files import QUAD_FORMATS
        from kg.store.embedded import dump as store_dump
        from kg.store.embedded import dump_format

        fmt = dump_format(output, fmt)
        n = store_dump(location, output, fmt=fmt)
    if output != "-":
        click.echo(f"wrote {n} {'quads' if fmt in QUAD_FORMATS else 'triples'} to {output}", err=True)


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

"""`kg query`: run a read-only SPARQL query on files, the embedded store or a remote server."""
from __future__ import annotations

import sys

import click

from kg.cli._common import fail, library_errors

RESULT_CHOICES = ["table", "csv", "tsv", "json", "xml", "ttl", "nt", "nq", "trig", "jsonld", "rdf"]
TTY_MAX_ROWS = 1000


def list_saved() -> str:
    """The saved queries as `name  title` lines with their descriptions indented below."""
    from kg.store.sparql import saved_queries

    lines = []
    queries = saved_queries()
    width = max((len(n) for n in queries), default=0)
    for name, saved in queries.items():
        lines.append(f"{name.ljust(width)}  {saved.title}")
        if saved.description:
            lines.append(f"{' ' * width}  {saved.description}")
    return "\n".join(lines)


def pick_query(query, query_file, name) -> str:
    """The SPARQL text from exactly one of: the argument, --query-file, --name."""
    from kg.store.sparql import read_query_file, saved_query

    given = [x for x in (query, query_file, name) if x is not None]
    if len(given) != 1:
        fail("give exactly one query: QUERY text, --query-file FILE or --name NAME (see kg query --list)")
    if query_file is not None:
        return sys.stdin.read() if query_file == "-" else read_query_file(query_file)
    if name is not None:
        return saved_query(name).text
    return query


def table_width(width, output) -> int | None:
    """The width a table must fit: --width (0 = none), else the terminal's when the table goes to one, else none."""
    import shutil

    if width is not None:
        return width or None
    if output == "-" and sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def default_max_rows(max_rows, fmt, output) -> int | None:
    """The row limit: --max-rows if given (0 = none), else 1000 for a table on a terminal, else none."""
    if max_rows is not None:
        return max_rows or None
    if fmt == "table" and output == "-" and sys.stdout.isatty():
        return TTY_MAX_ROWS
    return None


@click.command()
@click.argument("query", required=False)
@click.option("--query-file", "query_file", metavar="FILE", help="Read the query from FILE (- for stdin).")
@click.option("-n", "--name", help="Run a saved query (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the saved queries and what they answer.")
@click.option("-d", "--data", multiple=True, metavar="FILE",
              help="RDF file(s) to query, loaded into memory (repeatable). Quads keep their graphs.")
@click.option("-l", "--location", metavar="DIR", help="Query the embedded store in DIR (see kg load).")
@click.option("--endpoint", metavar="URL", help="Query a SPARQL 1.1 Protocol endpoint [env KG_ENDPOINT].")
@click.option("--user", metavar="NAME", help="User for the endpoint [env KG_USER; password from KG_PASSWORD or ~/.netrc].")
@click.option("-f", "--format", "fmt", type=click.Choice(RESULT_CHOICES), default=None,
              help="table (default), csv, tsv, json, xml for SELECT/ASK; an RDF format (default ttl) for CONSTRUCT/DESCRIBE.")
@click.option("-o", "--output", default="-", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="S",
              help="Give up after S seconds.")
@click.option("--max-rows", type=click.IntRange(min=0), metavar="N",
              help="Keep at most N rows (0 = all). Default: 1000 for a table on a terminal, else all.")
@click.option("--width", type=click.IntRange(min=0), metavar="N",
              help="Fit a table in N columns, cutting the widest cells with … (0 = never cut). "
                   "Default: the terminal's width on a terminal, no limit otherwise.")
@click.option("--method", type=click.Choice(["auto", "post", "form", "get"]), default="auto", show_default=True,
              help="How queries go to --endpoint: auto = a direct POST, then a form POST or GET if the server "
                   "refuses it or does not answer [env KG_QUERY_METHOD].", envvar="KG_QUERY_METHOD")
@click.option("--allow-update", is_flag=True, help="Let a SPARQL Update run (it writes to the store).")
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses call other servers.")
def query(query, query_file, name, list_queries, data, location, endpoint, user, fmt, output, timeout,
          max_rows, width, method, allow_update, allow_service):
    """Run a SPARQL query (read-only unless --allow-update) and print the results.

    Queries see the merged graph as their default graph: every triple of every named graph
    once, so a TriG file or a store answers like the Turtle file of the same build (GRAPH
    patterns still see each article's graph). Exit 2 for malformed or refused queries and
    unreachable stores.

    \b
    Examples:
      kg query --list
      kg query --name meetings --data out/seeds.trig
      kg query 'SELECT * WHERE { ?s a ?class } LIMIT 5' -l store/ -f csv
      kg query --name attendees --endpoint http://127.0.0.1:7878/query
    """
    import os

    from kg.store import results as res
    from kg.store.sparql import check_query

    if list_queries:
        with library_errors():
            click.echo(list_saved())
        return
    with library_errors():
        sparql = pick_query(query, query_file, name)
        form = check_query(sparql, allow_update=allow_update, allow_service=allow_service)
        backends = [b for b in (data and "data", location and "location", endpoint and "endpoint") if b]
        if not backends and os.environ.get("KG_ENDPOINT"):
            backends = ["endpoint"]
        if len(backends) != 1:
            fail("give exactly one of --data FILE, -l/--location DIR or --endpoint URL")
        backend = backends[0]
        if form == "UPDATE":
            run_update(sparql, backend, data=data, location=location, endpoint=endpoint, user=user, timeout=timeout)
            click.echo("kg: update done", err=True)
            return
        fmt = fmt or ("ttl" if form in ("CONSTRUCT", "DESCRIBE") else "table")
        graph_query = form in ("CONSTRUCT", "DESCRIBE")
        if graph_query and fmt in res.RESULT_FORMATS and fmt != "table":
            fail(f"a {form} query gives RDF; choose an RDF format such as -f ttl or -f nt, not {fmt}")
        if not graph_query and fmt not in res.RESULT_FORMATS:
            fail(f"a {form} query gives a table; choose -f table, csv, tsv, json or xml, not {fmt}")
        limit = default_max_rows(max_rows, fmt, output)
        answer = run_read(sparql, backend, data=data, location=location, endpoint=endpoint, user=user,
                          timeout=timeout, max_rows=limit, method=method)
        cut = False
        if fmt == "table" and not answer.is_graph:
            fit = table_width(width, output)
            text, cut = res.table(answer, width=fit)
            payload = text.encode("utf-8")
        else:
            payload = res.render(answer, fmt)
        from kg.fsutil import atomic_output

        with atomic_output(output, mode="wb") as handle:
            handle.write(payload)
    if cut:
        click.echo(f"kg: long cells were cut to fit {fit} columns (--width 0 keeps them whole; "
                   "-f csv, tsv or json keep every character)", err=True)
    if answer.truncated:
        click.echo(f"kg: showing the first {limit} rows; more were cut (use --max-rows 0 or -o FILE for all)",
                   err=True)


def run_read(sparql, backend, *, data, location, endpoint, user, timeout, max_rows, method="auto"):
    """Run a read query on the chosen backend and return Results."""
    if backend == "data":
        from kg.store.embedded import memory_store, run_query

        return run_query(memory_store(data), sparql, timeout=timeout, max_rows=max_rows)
    if backend == "location":
        from kg.store.embedded import query as store_query

        return store_query(location, sparql, timeout=timeout, max_rows=max_rows)
    from kg.store import endpoint as ep

    target = ep.resolve(endpoint, env_var="KG_ENDPOINT", user=user)
    return ep.query(target, sparql, timeout=timeout or ep.DEFAULT_TIMEOUT, max_rows=max_rows, method=method)


def run_update(sparql, backend, *, data, location, endpoint, user, timeout):
    """Run an allowed SPARQL Update on the chosen backend (never on --data files: nothing would be saved)."""
    if backend == "data":
        fail("an update on --data files would change nothing on disk; use -l DIR or --endpoint URL")
    if backend == "location":
        from kg.store.embedded import update

        update(location, sparql)
        return
    from kg.store import endpoint as ep

    target = ep.resolve(endpoint, env_var="KG_ENDPOINT", user=user)
    ep.update(target, sparql, timeout=timeout or ep.DEFAULT_TIMEOUT)

"""`kg stats`: count the nodes of each class, and the triples and graphs, of RDF files or a store."""
from __future__ import annotations

import click

from kg.cli._common import fail, library_errors


def stats_table(counts: dict) -> str:
    """The counts as an aligned two-column table: classes first, then triples, quads and graphs."""
    from kg.store.results import compact

    import pyoxigraph

    rows = [(compact(pyoxigraph.NamedNode(iri)), str(n)) for iri, n in counts["classes"].items()]
    rows += [("triples", str(counts["triples"])), ("quads", str(counts["quads"])),
             ("named graphs", str(counts["graphs"]))]
    width = max(len("class"), *(len(r[0]) for r in rows))
    num = max(len("count"), *(len(r[1]) for r in rows))
    lines = [f"{'class'.ljust(width)}  {'count'.rjust(num)}", f"{'-' * width}  {'-' * num}"]
    lines += [f"{name.ljust(width)}  {n.rjust(num)}" for name, n in rows]
    return "\n".join(lines)


@click.command()
@click.argument("files", nargs=-1, metavar="[FILE...]")
@click.option("-l", "--location", metavar="DIR", help="Count the embedded store in DIR instead of files.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(files, location, as_json):
    """Count the nodes of each class (dip:Meeting, dip:Person ...), triples and named graphs.

    \b
    Examples:
      kg stats out/seeds.ttl
      kg stats -l store/
    """
    import json

    from kg.store import embedded as store

    with library_errors():
        if bool(files) == bool(location):
            fail("give RDF FILE(s) or -l/--location DIR (one of them)")
        source = store.open_store(location, read_only=True) if location else store.memory_store(files)
        counts = store.stats(source)
    if as_json:
        click.echo(json.dumps(counts, indent=1, sort_keys=True))
    else:
        click.echo(stats_table(counts))

"""`kg explain`: print the article sentences behind a node of a built graph or a store."""
from __future__ import annotations

import json

import click

from kg.cli._common import fail, library_errors


@click.command()
@click.argument("node")
@click.option("--data", "data", multiple=True, type=click.Path(dir_okay=False),
              help="RDF file written by `kg build` (repeatable).")
@click.option("-l", "--location", metavar="DIR", help="Read the embedded store in DIR instead (see kg load).")
@click.option("--json", "as_json", is_flag=True, help="Print the evidence as a JSON list.")
def explain(node, data, location, as_json):
    """Show the sentences that support NODE (an IRI, a prefixed name or a label).

    \b
    Example:
      kg explain person:anna-weber --data graph.ttl
      kg explain "Anna Weber" --data graph.trig
      kg explain person:anna-weber -l store/
    """
    from kg.explain import explain_node, load_store
    from kg.store.embedded import open_store

    with library_errors():
        if bool(data) == bool(location):
            fail("give --data FILE(s) or -l/--location DIR (one of them)")
        store = open_store(location, read_only=True) if location else load_store(list(data))
        found = explain_node(store, node)
    if as_json:
        click.echo(json.dumps([row._asdict() for row in found.evidence], indent=2, ensure_ascii=False))
        return
    if not found.evidence:
        if found.data_has_evidence:
            click.echo("no evidence recorded for this node")
        else:
            click.echo("no evidence recorded: the data holds no evidence annotations (it was built with --evidence none)")
        return
    for row in found.evidence:
        click.echo(f"{row.article} [{row.start}:{row.end}] {row.supports}")
        click.echo(f"    {' '.join(row.sentence.split())}")

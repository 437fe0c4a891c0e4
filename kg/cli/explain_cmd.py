"""`kg explain`: print the article sentences behind a node of a built graph."""
from __future__ import annotations

import json

import click

from kg.cli._common import library_errors


@click.command()
@click.argument("node")
@click.option("--data", "data", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="RDF file written by `kg build` (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the evidence as a JSON list.")
def explain(node, data, as_json):
    """Show the sentences that support NODE (an IRI, a prefixed name or a label).

    \b
    Example:
      kg explain person:anna-weber --data graph.ttl
      kg explain "Anna Weber" --data graph.trig
    """
    from kg.explain import explain as run

    with library_errors():
        rows = run(list(data), node)
    if as_json:
        click.echo(json.dumps([row._asdict() for row in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("no evidence recorded for this node (a graph built with --evidence none carries none)")
        return
    for row in rows:
        click.echo(f"{row.article} [{row.start}:{row.end}] {row.supports}")
        click.echo(f"    {' '.join(row.sentence.split())}")

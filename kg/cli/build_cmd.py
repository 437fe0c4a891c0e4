"""`kg build`: extract articles into an RDF knowledge graph."""
from __future__ import annotations

import click

from kg.cli._common import EXIT_USAGE, library_errors

FORMATS = ["ttl", "nt", "nq", "trig", "jsonld"]


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="ARTICLE_OR_DIR...")
@click.option("-o", "--output", required=True, help="Output file, or - for standard output.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
              help="RDF format; guessed from the output file's extension (default ttl).")
@click.option("--strict", is_flag=True, help="Exit 2 when any article could not be read.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(inputs, output, fmt, strict, quiet):
    """Extract articles (files or folders of .txt) into one RDF graph.

    Articles that cannot be read are reported by name on stderr and skipped;
    the others are still built. The output file is written atomically.

    \b
    Example:
      kg build seeds -o graph.ttl
      kg build seeds/001.txt seeds/002.txt -o - -f nq
    """
    from kg.emit import serialize
    from kg.fsutil import write_bytes_atomic
    from kg.pipeline import build as run_build
    from kg.rdfio import guess_format

    with library_errors():
        fmt = fmt or (guess_format(output, default="ttl") if output != "-" else "ttl")
        result = run_build(inputs)
        for failure in result.failures:
            click.echo(f"kg: skipped {failure.path}: {failure.reason}", err=True)
        write_bytes_atomic(output, serialize(result.quads, fmt=fmt))
    if not quiet and output != "-":
        click.echo(f"{len(result.facts)} articles, {len(result.quads)} quads -> {output}"
                   + (f" ({len(result.failures)} skipped)" if result.failures else ""), err=True)
    if strict and result.failures:
        raise SystemExit(EXIT_USAGE)

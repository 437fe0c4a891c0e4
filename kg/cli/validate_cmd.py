"""`kg validate`: check RDF data (or shapes themselves) against SHACL shapes, with CI-friendly reports."""
from __future__ import annotations

import click

from kg.cli._common import EXIT_INVALID, EXIT_OK, fail, library_errors


@click.command()
@click.argument("data", nargs=-1, type=click.Path(dir_okay=False))
@click.option("-s", "--shapes", "shapes", multiple=True, type=click.Path(dir_okay=False),
              help="SHACL shapes file (repeatable). Default: the project's shapes/diplomacy.shapes.ttl.")
@click.option("-f", "--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "turtle", "json", "junit", "github"]), help="Report format.")
@click.option("--fail-on", default="violation", show_default=True,
              type=click.Choice(["violation", "warning", "info"]),
              help="Lowest severity that makes the run fail (exit 1).")
@click.option("--engine", default="auto", show_default=True, type=click.Choice(["auto", "pyshacl", "turbo"]),
              help="SHACL engine: auto = pyshacl-turbo, falling back to pyshacl if it is missing or fails.")
@click.option("--ontology", type=click.Path(dir_okay=False),
              help="Ontology mixed into the data (for rdfs:subClassOf). Default: the project's ontology when present.")
@click.option("--no-ontology", is_flag=True, help="Do not mix any ontology into the data.")
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False),
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--shapes-only", is_flag=True, help="Check the -s shapes files against SHACL-for-SHACL; no DATA.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for chunked validation; 0 = every core.")
@click.option("--chunk-quads", type=click.IntRange(min=0), default=None,
              help="Validate in chunks of about this many triples (same results, bounded memory); "
                   "0 = whole graph at once. Default: chunks of 250,000 for files over 64 MB.")
@click.option("--tmp-dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the chunk files (default: the system's temporary folder).")
@click.option("-l", "--location", metavar="DIR", help="Validate the merged graph of the embedded store in DIR.")
@click.option("--min-severity", type=click.Choice(["violation", "warning", "info"]), default="info",
              show_default=True, help="Report only results at or above this severity (the exit code still "
                                      "follows --fail-on; the summary counts every result).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no notes; the report only.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Validate the chunks as tasks on a Dask cluster: tcp://HOST:8786, or local:N "
                   "(pip install 'diplomacy-kg[cluster]').")
def validate(data, shapes, fmt, fail_on, engine, ontology, no_ontology, output, shapes_only, jobs,
             chunk_quads, tmp_dir, location, min_severity, quiet, scheduler):
    """Validate RDF DATA files against SHACL shapes and report every result.

    DATA may be Turtle, N-Triples, N-Quads, TriG or JSON-LD (named graphs are
    validated as their merged graph), or with -l the embedded store's merged
    graph. Each result names the shape, the focus node
    (label and IRI), path, value, message, and the source article(s) of the
    focus node.

    Big files are validated in chunks of focus nodes by --jobs processes, with
    the same results as the whole graph, when the shapes allow it (a note on
    stderr says when they do not).

    \b
    Examples:
      kg validate out/seeds.ttl
      kg validate out/seeds.ttl --fail-on warning -f junit -o report.xml
      kg validate out/seeds.ttl -f github
      kg validate out/big.nq --jobs 2 --chunk-quads 500000
      kg validate out/big.nq --scheduler tcp://scheduler:8786
      kg validate --shapes-only -s shapes/diplomacy.shapes.ttl
      kg validate -l store/ --min-severity warning

    \b
    Exit codes:
      0  the data conforms at the --fail-on threshold
      1  a result at or above the threshold was found
      2  usage error, or a file cannot be read or does not parse
    """
    import contextlib
    import tempfile
    from pathlib import Path

    from kg.cli._progress import progress_bar
    from kg.fsutil import atomic_output
    from kg.validate.engine import validate as run_validate
    from kg.validate.engine import validate_shapes
    from kg.validate.report import render

    if shapes_only:
        if data or location:
            fail("--shapes-only takes no DATA or -l; pass the shapes with -s")
        with library_errors():
            outcome = validate_shapes(list(shapes) or None, fail_on=fail_on)
    else:
        if bool(data) == bool(location):
            fail("no DATA given, or both DATA and -l: give DATA files or -l/--location DIR; usage: kg validate DATA... [-s SHAPES]")
        if ontology and no_ontology:
            fail("--ontology and --no-ontology exclude each other")
        ont = None if no_ontology else (ontology or "default")
        with library_errors(), contextlib.ExitStack() as stack:
            if location:   # the store's merged graph, written out so big stores are validated in chunks too
                folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-store-", dir=tmp_dir)))
                from kg.store.embedded import dump as store_dump

                store_dump(location, folder / "merged.nt", fmt="nt")
                data = [str(folder / "merged.nt")]
            cluster = stack.enter_context(_cluster(scheduler))
            advance = stack.enter_context(progress_bar("validating", unit="chunks", quiet=quiet))
            outcome = run_validate(list(data), shapes=list(shapes) or None, engine=engine,
                                   fail_on=fail_on, ontology=ont, jobs=jobs, chunk_quads=chunk_quads,
                                   workdir=tmp_dir, progress=advance,
                                   dask_client=cluster.client if cluster else None)
    if not quiet:
        for note in outcome.notes:
            click.echo(f"kg: note: {note}", err=True)
    outcome = outcome.at_least(min_severity)
    with library_errors():
        text = render(outcome, fmt)
    with atomic_output(output, mode="w") as handle:
        handle.write(text)
    if output != "-":
        from kg.validate.report import summary

        click.echo(summary(outcome), err=True)
    raise SystemExit(EXIT_OK if outcome.conforms else EXIT_INVALID)


def _cluster(scheduler):
    """The Dask cluster to validate on (a context; its errors become ClusterErrors), or None without --scheduler."""
    import contextlib

    if not scheduler:
        return contextlib.nullcontext()
    from kg.build.cluster import cluster_errors, connect

    @contextlib.contextmanager
    def connected():
        with connect(scheduler) as cluster, cluster_errors(scheduler):
            yield cluster

    return connected()

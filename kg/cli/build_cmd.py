"""`kg build`: extract articles into an RDF knowledge graph (a file, the embedded store, or both)."""
from __future__ import annotations

import click

from kg.cli._common import EXIT_USAGE, fail, library_errors

FORMATS = ["ttl", "nt", "nq", "trig", "jsonld"]


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="ARTICLE_OR_DIR...")
@click.option("-o", "--output", help="Output file, or - for standard output.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
              help="RDF format; guessed from the output file's extension (default ttl).")
@click.option("--into", "into", metavar="DIR",
              help="Also load the graph into the embedded store at DIR (each article's graph is replaced).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes for extraction; 0 uses every core.")
@click.option("--cache-dir", metavar="DIR",
              help="Cache of extracted facts [default: .kg-cache/ beside the output, or in the current folder].")
@click.option("--no-cache", is_flag=True, help="Extract every article again; neither read nor write the cache.")
@click.option("--evidence", type=click.Choice(["full", "none"]), default="full", show_default=True,
              help="full: every fact keeps the sentence and character offsets behind it (W3C Web Annotation, "
                   "what `kg explain` reads); none: only dip:source and the per-article graphs, about a "
                   "quarter of the quads.")
@click.option("--strict", is_flag=True, help="Exit 2 when any article could not be read.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(inputs, output, fmt, into, jobs, cache_dir, no_cache, evidence, strict, quiet):
    """Extract articles (files or folders of .txt) into one RDF graph.

    Articles that cannot be read are reported by name on stderr and skipped;
    the others are still built. The output file is written atomically and is
    byte-identical whatever --jobs is. Unchanged articles are taken from the
    cache, so re-building a corpus where a few files changed is fast.

    \b
    Example:
      kg build seeds -o graph.ttl
      kg build corpus/ -o graph.nq --jobs 0
      kg build seeds --into store/ -o graph.trig
    """
    if not output and not into:
        fail("name an output file with -o (- for standard output) or a store with --into")
    with library_errors():
        from kg.build.cache import default_cache_dir
        from kg.build.pipeline import build as run_build
        from kg.rdf.files import guess_format

        if output:
            fmt = fmt or (guess_format(output, default="ttl") if output != "-" else "ttl")
        cache = None if no_cache else (cache_dir or default_cache_dir(output))
        result = run_build(inputs, jobs=jobs, cache_dir=cache, slim=True, evidence=evidence)
        for failure in result.failures:
            click.echo(f"kg: skipped {failure.path}: {failure.reason}", err=True)
        count = write_output(result, output, fmt, into=into) if output else load_into(result, into)
    if not quiet and (output != "-" or into):
        stats = result.stats
        where = " and ".join(x for x in (output if output and output != "-" else None, into) if x)
        click.echo(f"{len(result.facts)} articles, {count} quads"
                   + (f" -> {where}" if where else "")
                   + (f" ({len(result.failures)} skipped)" if result.failures else "")
                   + (f"; {stats.cache_hits} from cache, {stats.extracted} extracted" if cache else "")
                   + (f", {stats.graphs_reused} graphs reused" if cache and stats.graphs_reused else ""),
                   err=True)
    if strict and result.failures:
        raise SystemExit(EXIT_USAGE)


def write_output(result, output: str, fmt: str, *, into: str | None = None) -> int:
    """Write the build to `output` atomically (and load it `into` a store); returns the quad count.

    N-Quads are streamed graph by graph, into the file and the store at once.
    """
    from kg.build.pause import pause_point
    from kg.fsutil import atomic_output, write_bytes_atomic
    from kg.rdf.emit import serialize_keys

    if fmt == "nq":
        count = 0
        with atomic_output(output, mode="wb") as handle:
            def written():
                nonlocal count
                for chunk in result.nquads():
                    handle.write(chunk[2])
                    count += chunk[1]
                    pause_point("writing", flush=handle)
                    yield chunk

            if into:
                from kg.store.embedded import load_graphs

                load_graphs(into, written())
            else:
                for _ in written():
                    pass
        return count
    keys = [k for _, k in result.graph_keys()]
    write_bytes_atomic(output, serialize_keys(keys, fmt=fmt))
    if into:
        load_into(result, into)
    return sum(len(k) for k in keys)


def load_into(result, into: str) -> int:
    """Load the build's graphs into the store at `into`, each replacing its namesake; the quad count."""
    from kg.store.embedded import load_graphs

    return sum(load_graphs(into, result.nquads()).quads_by_graph.values())

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
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (no progress bar, summary or warnings).")
def build(inputs, output, fmt, into, jobs, cache_dir, no_cache, evidence, strict, quiet):
    """Extract articles (files or folders of .txt) into one RDF graph.

    Articles that cannot be read are reported by name on stderr and skipped;
    the others are still built. The output file is written atomically and is
    byte-identical whatever --jobs is. Unchanged articles are taken from the
    cache, so re-building a corpus where a few files changed is fast. A meeting
    that merged articles make contradict itself (a country both taking part and
    absent) is named on stderr with the articles behind each side.

    \b
    Example:
      kg build seeds -o graph.ttl
      kg build corpus/ -o graph.nq --jobs 0
      kg build seeds --into store/ -o graph.trig
    """
    if not output and not into:
        fail("name an output file with -o (- for standard output) or a store with --into")
    from kg.cli._progress import progress_bar

    with library_errors():
        from kg.build.cache import default_cache_dir
        from kg.build.checks import contradictions
        from kg.build.pipeline import build as run_build
        from kg.rdf.files import guess_format

        if output:
            fmt = fmt or (guess_format(output, default="ttl") if output != "-" else "ttl")
        cache = None if no_cache else (cache_dir or default_cache_dir(output))
        with progress_bar("extracting", unit="articles", quiet=quiet) as advance:
            result = run_build(inputs, jobs=jobs, cache_dir=cache, slim=True, evidence=evidence, progress=advance)
        for failure in result.failures:
            click.echo(f"kg: skipped {failure.path}: {failure.reason}", err=True)
        if not quiet:
            for found in contradictions(result.resolution):
                click.echo(f"kg: warning: merged articles contradict each other: {found.message()}", err=True)
        with progress_bar("writing", unit="quads", quiet=quiet) as advance:
            count, triples = (write_output(result, output, fmt, into=into, progress=advance) if output
                              else load_into(result, into, progress=advance))
    if not quiet and (output != "-" or into):
        stats = result.stats
        where = " and ".join(x for x in (output if output and output != "-" else None, into) if x)
        distinct = f" ({triples} distinct triples)" if triples is not None else " (distinct triples not counted)"
        click.echo(f"{len(result.facts)} articles, {count} quads{distinct}"
                   + (f" -> {where}" if where else "")
                   + (f" ({len(result.failures)} skipped)" if result.failures else "")
                   + (f"; {stats.cache_hits} from cache, {stats.extracted} extracted" if cache else "")
                   + (f", {stats.graphs_reused} graphs reused" if cache and stats.graphs_reused else ""),
                   err=True)
    if strict and result.failures:
        raise SystemExit(EXIT_USAGE)


COUNT_DISTINCT_UP_TO = 2_000_000   # quads of a streamed N-Quads build whose distinct triples are counted


def write_output(result, output: str, fmt: str, *, into: str | None = None, progress=None) -> tuple[int, int | None]:
    """Write the build to `output` atomically (and load it `into` a store); (quads, distinct triples).

    N-Quads are streamed graph by graph, into the file and the store at once; their distinct triples
    are counted by the store, else up to COUNT_DISTINCT_UP_TO quads (None past that).
    """
    from kg.build.pause import pause_point
    from kg.fsutil import atomic_output, write_bytes_atomic
    from kg.rdf.emit import serialize_keys

    if fmt == "nq":
        count, seen = 0, set()
        with atomic_output(output, mode="wb") as handle:
            def written():
                nonlocal count, seen
                for chunk in result.nquads():
                    handle.write(chunk[2])
                    count += chunk[1]
                    pause_point("writing", flush=handle)
                    if seen is not None and not into:
                        seen.update(map(hash, _triple_lines(chunk[2])))
                        if len(seen) > COUNT_DISTINCT_UP_TO:
                            seen = None
                    if progress is not None:
                        progress(chunk[1])
                    yield chunk

            if into:
                from kg.store.embedded import load_graphs

                triples = load_graphs(into, written()).total_triples
            else:
                for _ in written():
                    pass
                triples = None if seen is None else len(seen)
        return count, triples
    keys = [k for _, k in result.graph_keys()]
    write_bytes_atomic(output, serialize_keys(keys, fmt=fmt))
    quads = sum(len(k) for k in keys)
    if progress is not None:
        progress(quads)
    triples = len({key[1:] for chunk in keys for key in chunk})
    if into:
        load_into(result, into)
    return quads, triples


def _triple_lines(data: bytes) -> list[bytes]:
    """The N-Quads lines of `data` with their graph names dropped."""
    from kg.store.embedded import drop_graph_names

    return drop_graph_names(data).splitlines()


def load_into(result, into: str, *, progress=None) -> tuple[int, int]:
    """Load the build's graphs into the store at `into`, each replacing its namesake; (quads, distinct triples)."""
    from kg.store.embedded import load_graphs

    report = load_graphs(into, result.nquads(), progress=progress)
    return sum(report.quads_by_graph.values()), report.total_triples

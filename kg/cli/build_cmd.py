"""`kg build`: extract articles into an RDF knowledge graph (a file, the embedded store, or both)."""
from __future__ import annotations

from pathlib import Path

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
@click.option("--parts", type=click.IntRange(min=1), metavar="N",
              help="Write -o DIR/ as N gzipped N-Quads parts plus the resolved graph, for bulk loaders "
                   "[default for a folder: one part per 10,000 articles].")
@click.option("--scheduler", metavar="ADDRESS",
              help="Build on a Dask cluster: its scheduler's address (tcp://HOST:8786), or local:N to start "
                   "N worker processes here. Needs pip install 'diplomacy-kg[cluster]'; the cache is not used.")
@click.option("--shared-fs", is_flag=True,
              help="With --scheduler: the articles and the -o folder have the same paths on every worker "
                   "(NFS, Lustre, a mounted bucket), so workers read the articles and write the parts.")
@click.option("--strict", is_flag=True, help="Exit 2 when any article could not be read.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (no progress bar, summary or warnings).")
def build(inputs, output, fmt, into, jobs, cache_dir, no_cache, evidence, parts, scheduler, shared_fs, strict, quiet):
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
    from kg.rdf.parts import is_parts_folder

    folder = bool(output) and output != "-" and (parts is not None or is_parts_folder(output))
    if folder and fmt not in (None, "nq"):
        fail("a parts folder (-o DIR/, --parts) holds N-Quads; leave out --format")
    if shared_fs and not scheduler:
        fail("--shared-fs needs --scheduler")
    if shared_fs and folder and into:
        fail("with --shared-fs the workers write the parts; load them afterwards with `kg load DIR/ -l STORE`")
    from kg.build.cache import frozen_snapshots

    with library_errors(), _cluster(scheduler) as cluster, frozen_snapshots():   # see FREEZE_SNAPSHOT
        from kg.build.cache import default_cache_dir
        from kg.build.checks import build_contradictions
        from kg.build.pipeline import build as run_build
        from kg.rdf.files import guess_format

        if output and not folder:
            fmt = fmt or (guess_format(output, default="ttl") if output != "-" else "ttl")
        cache = None if no_cache or cluster else (cache_dir or default_cache_dir(output))
        with progress_bar("extracting", unit="articles", quiet=quiet) as advance:
            if cluster:
                from kg.build.cluster import build as cluster_build

                result = cluster_build(inputs, cluster=cluster, evidence=evidence, progress=advance,
                                       read_on="workers" if shared_fs else "client")
            else:
                result = run_build(inputs, jobs=jobs, cache_dir=cache, slim=True, evidence=evidence,
                                   progress=advance)
        for failure in result.failures:
            click.echo(f"kg: skipped {failure.path}: {failure.reason}", err=True)
        if not quiet:   # a cluster build finds them on its workers
            for found in (result.contradictions() if cluster else build_contradictions(result)):
                click.echo(f"kg: warning: merged articles contradict each other: {found.message()}", err=True)
        with progress_bar("writing", unit="quads", quiet=quiet) as advance:
            if folder:
                count, triples = write_parts(result, output, parts, into=into, on_workers=shared_fs,
                                             progress=advance)
            else:
                count, triples = (write_output(result, output, fmt, into=into, progress=advance) if output
                                  else load_into(result, into, progress=advance))
    if not quiet and (output != "-" or into):
        stats = result.stats
        where = " and ".join(x for x in (output if output and output != "-" else None, into) if x)
        distinct = f" ({triples} distinct triples)" if triples is not None else " (distinct triples not counted)"
        click.echo(f"{result.article_count} articles, {count} quads{distinct}"
                   + (f" -> {where}" if where else "")
                   + (f" ({len(result.failures)} skipped)" if result.failures else "")
                   + (f"; {stats.cache_hits} from cache, {stats.extracted} extracted" if cache else "")
                   + (f", {stats.graphs_reused} graphs reused" if cache and stats.graphs_reused else "")
                   + (f"; extracted on {stats.threads} Dask worker threads" if cluster else ""),
                   err=True)
    if strict and result.failures:
        raise SystemExit(EXIT_USAGE)


def _cluster(scheduler):
    """The Dask cluster to build on (a context), or a context giving None without --scheduler."""
    import contextlib

    if not scheduler:
        return contextlib.nullcontext()
    from kg.build.cluster import connect

    return connect(scheduler)


def write_parts(result, folder: str, parts: int | None, *, into: str | None = None, on_workers: bool = False,
                progress=None) -> tuple[int, int | None]:
    """Write the build as a parts folder (by the workers when they share it); (quads, distinct triples:
    counted by the store with `into`, else None)."""
    from kg.rdf import parts as files

    count = parts or max(1, -(-result.article_count // 10_000))
    if on_workers:
        quads = result.write_parts(folder, parts=count)["quads"]
        if progress is not None:
            progress(quads)
        return quads, None
    manifest = files.write(folder, _reported(result.nquads(), progress), graphs=result.article_count, parts=count,
                           articles=result.article_count)
    triples = None
    if into:   # each graph of the folder replaces its namesake in the store, as --into does
        from kg.store.embedded import load

        triples = load(into, files.files(folder), replace=True).total_triples
    return manifest["quads"], triples


def _reported(chunks, progress):
    """The (graph, count, bytes) chunks, with `progress(count)` told of each as it passes."""
    for chunk in chunks:
        if progress is not None:
            progress(chunk[1])
        yield chunk


COUNT_DISTINCT_UP_TO = 50_000   # quads of a streamed N-Quads build whose distinct triples are counted


def write_output(result, output: str, fmt: str, *, into: str | None = None, progress=None) -> tuple[int, int | None]:
    """Write the build to `output` atomically (and load it `into` a store); (quads, distinct triples).

    N-Quads are streamed graph by graph, into the file and the store at once, the graphs unchanged
    since the last build with the same cache copied from the previous file (kg.build.output); their
    distinct triples are counted by the store, else when there are up to COUNT_DISTINCT_UP_TO quads
    (None past that: counting costs more than the rest of a rebuild).
    """
    from kg.build.output import NQuadsWriter
    from kg.build.pause import pause_point
    from kg.fsutil import atomic_output, write_bytes_atomic
    from kg.rdf.emit import serialize_keys

    if fmt == "nq":
        count, seen = 0, set()
        writer = NQuadsWriter(result, output)
        try:
            with atomic_output(output, mode="wb") as handle:
                def written():
                    nonlocal count, seen
                    for chunk in writer.write(handle):
                        count += chunk[1]
                        pause_point("writing", flush=handle)
                        if seen is not None and not into:
                            if count > COUNT_DISTINCT_UP_TO:
                                seen = None
                            else:
                                data = chunk[2] if isinstance(chunk[2], bytes) else chunk[2].read()
                                seen.update(map(hash, _triple_lines(data)))
                        if progress is not None:
                            progress(chunk[1])
                        yield chunk

                if into:
                    triples = into_store(into, written(), result.cache_dir,
                                         keys=lambda: {g: key for g, (key, _) in writer.graphs.items()})
                else:
                    for _ in written():
                        pass
                    triples = None if seen is None else len(seen)
            writer.finish()
        finally:
            writer.close()
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


def load_into(result, into: str, *, progress=None) -> tuple[int, int | None]:
    """Load the build's graphs into the store at `into`, each replacing its namesake; (quads, distinct
    triples or None: see into_store)."""
    from kg.build.sync import StoreRecord, stored_graphs

    count, made, previous, record = 0, {}, {}, None
    if result.cache_dir is not None and Path(into).exists():   # unchanged graphs are not even read
        record = StoreRecord(result.cache_dir, into)
        previous = stored_graphs(record, result.cache_dir)

    def counted():
        nonlocal count
        chunks = result.nquads(previous=previous, made=made) if result.cache_dir is not None else result.nquads()
        for chunk in _reported(chunks, progress):
            count += chunk[1]
            yield chunk

    triples = into_store(into, counted(), result.cache_dir, keys=lambda: made, record=record)
    return count, triples


def into_store(into: str, chunks, cache_dir, *, keys=None, record=None) -> int | None:
    """Load a build's (graph, count, bytes) chunks into the store at `into`, each graph replacing its
    namesake; the store's distinct triples afterwards.

    With a cache, only the graphs changed since the last build with it are written, and the graphs
    that build loaded but this one no longer makes (articles gone) are removed (kg.build.sync);
    `keys()`, called once all chunks are taken, gives {graph: graph key} of the article graphs their
    key decides, recorded for the next build (in `record`, a kg.build.sync.StoreRecord of this cache and
    store, when the caller has one already). The distinct triples of a store that existed are then
    counted only when the build has up to COUNT_DISTINCT_UP_TO quads (None past that: counting
    scans the whole store, which costs more than the rest of a rebuild).
    """
    from kg.store.embedded import graph_names, load_graphs, load_quads, store_sizes

    if cache_dir is None:
        return load_graphs(into, chunks).total_triples
    from kg.build.sync import StoreRecord, changed_graphs

    record = record if record is not None else StoreRecord(cache_dir, into)
    existed = Path(into).exists()
    loaded = record.load() if existed else {}
    digests: dict[str, str] = {}
    counts: dict[str, int] = {}
    report = load_graphs(into, changed_graphs(chunks, loaded=loaded, present=graph_names(into) if loaded else set(),
                                              digests=digests, counts=counts), totals=False)
    stale = sorted(set(loaded) - set(digests))
    if stale:
        load_quads(into, {}, drop=stale, totals=False)
    made = keys() if keys is not None else {}
    record.save(digests, {g: (key, counts[g]) for g, key in made.items() if g in counts})
    if not existed:
        return report.total_triples   # counted by the bulk load that made the store
    return store_sizes(into)[1] if sum(counts.values()) <= COUNT_DISTINCT_UP_TO else None


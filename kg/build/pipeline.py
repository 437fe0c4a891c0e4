"""The build pipeline, top to bottom: read -> clean -> extract -> resolve -> emit.

`build()` never stops at a bad article: it records the file and the reason and goes on. Extraction
can run in worker processes and reuse a per-article cache; after extraction each article keeps
only the excerpts of its text that emission quotes, so a large corpus is never held in memory.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ArticleError, InputError
from kg.model import Span

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}


@dataclass
class BuildStats:
    """What extraction did: articles taken from the cache, extracted afresh, cache entries unreadable."""

    articles: int = 0
    cache_hits: int = 0
    extracted: int = 0
    cache_corrupt: int = 0
    cache_writes: int = 0
    jobs: int = 1
    graphs_reused: int = 0     # article graphs read back from the cache when written
    graphs_emitted: int = 0    # article graphs made afresh when written


@dataclass
class BuildResult:
    """A resolved build: the facts behind it, the articles that could not be used, and statistics.

    `graphs()` yields the quads graph by graph (for streaming output); `quads` is all of them, sorted.
    """

    resolution: object
    failures: list[ArticleError] = field(default_factory=list)
    stats: BuildStats = field(default_factory=BuildStats)
    cache_dir: str | os.PathLike | None = None   # where article graphs are kept between builds
    slim: bool = False   # facts hold only what resolution needs; the full ones are in the cache
    evidence: str = "full"   # how much evidence the graphs carry (kg.rdf.emit.EVIDENCE_LEVELS)
    snapshot: object = None   # the kept resolution (kg.build.cache.Snapshot) this build made or reused

    @property
    def facts(self) -> list:
        """The ArticleFacts of every article used, sorted by identifier."""
        return self.resolution.facts

    @property
    def article_count(self) -> int:
        """Articles whose graphs the build holds."""
        return len(self.resolution.facts)

    def graphs(self):
        """Yield (graph IRI, sorted quads) in output order."""
        from kg.rdf.emit import emit_graphs

        return emit_graphs(self.resolution, load=self._loader(), evidence=self.evidence)

    def graph_keys(self):
        """Yield (graph IRI, sorted quads as N-Triples term text) in output order: the cheap form to write."""
        from kg.rdf.emit import emit_keys

        return emit_keys(self.resolution, load=self._loader(), evidence=self.evidence)

    def nquads(self, *, previous: dict | None = None, made: dict | None = None, resolved=None):
        """Yield (graph IRI, quad count, N-Quads bytes) in output order, made in `stats.jobs` processes.

        Article graphs unchanged since a build with the same cache are read back, not made again.
        `previous`, `made` and `resolved` (the resolved graph of an earlier output, when made from this
        build's resolution) are for kg.build.output and kg.build.sync: see kg.build.emission.emit_nquads.
        """
        from kg.build.cache import CacheStats, SnapshotCache
        from kg.build.emission import emit_nquads
        from kg.ids import RESOLVED_GRAPH

        tally = CacheStats()
        kept = SnapshotCache(self.cache_dir) if self.snapshot is not None else None
        if resolved is None and kept is not None:
            resolved = kept.resolved(self.snapshot.token)
        keep = kept.resolved_writer(self.snapshot.token) if kept is not None and resolved is None else None
        try:
            for chunk in emit_nquads(self.resolution, jobs=self.stats.jobs, cache_dir=self.cache_dir, stats=tally,
                                     load=self._loader(), evidence=self.evidence, resolved=resolved,
                                     previous=previous, made=made):
                if keep is not None and chunk[0] == RESOLVED_GRAPH:
                    keep.add(chunk[2])   # kept as it goes by: a large resolved graph is never held whole
                yield chunk
            if keep is not None:
                keep.finish()
        finally:
            if keep is not None:
                keep.discard()
        self.stats.graphs_reused, self.stats.graphs_emitted = tally.hits, tally.misses

    def _loader(self):
        """How emission gets an article's full facts back when only slim ones are held."""
        return functools.partial(full_facts, cache_dir=self.cache_dir) if self.slim else None

    @property
    def quads(self) -> list:
        """Every quad of the build, sorted (graph, subject, predicate, object)."""
        return [quad for _, quads in self.graphs() for quad in quads]


class Excerpts:
    """The parts of an article's text that facts point at, sliced like the text itself.

    Replaces `Article.text` after extraction so only the evidence sentences stay in memory;
    overlapping spans are merged, so the excerpts never hold more than the text.
    """

    __slots__ = ("starts", "chunks", "length")

    def __init__(self, text: str, spans):
        merged: list[list[int]] = []
        for span in sorted(spans):
            if merged and span.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], span.end)
            else:
                merged.append([span.start, span.end])
        self.starts = [a for a, _ in merged]
        self.chunks = [text[a:b] for a, b in merged]
        self.length = len(text)

    def __getitem__(self, key):
        if isinstance(key, slice) and key.step is None and isinstance(key.start, int) and isinstance(key.stop, int):
            i = bisect.bisect_right(self.starts, key.start) - 1
            if i >= 0 and key.start <= key.stop <= self.starts[i] + len(self.chunks[i]):
                return self.chunks[i][key.start - self.starts[i]:key.stop - self.starts[i]]
        raise LookupError(f"text {key!r} was not kept after extraction (only fact spans are)")

    def kept(self) -> int:
        """How many characters are kept."""
        return sum(len(c) for c in self.chunks)

    def __len__(self) -> int:
        return self.length

    def __repr__(self) -> str:
        return f"Excerpts({self.kept()} of {self.length} characters)"


def collect_spans(value, found: set) -> set:
    """Every Span reachable from `value` (dataclasses, dicts, lists, sets, tuples) into `found`."""
    if isinstance(value, Span):
        found.add(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            collect_spans(getattr(value, f.name), found)
    elif isinstance(value, dict):
        for k, v in value.items():
            collect_spans(k, found)
            collect_spans(v, found)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            collect_spans(item, found)
    return found


def trim_facts(facts):
    """Drop an article's full text, keeping the excerpts its facts point at; returns `facts`."""
    article = facts.article
    if isinstance(article.text, Excerpts):
        return facts
    spans: set = set()
    for f in dataclasses.fields(facts):
        if f.name != "article":
            collect_spans(getattr(facts, f.name), spans)
    if article.title_span:
        spans.add(article.title_span)
    article.text = Excerpts(article.text, spans)
    article.paragraphs = []
    return facts


def article_paths(inputs) -> list[Path]:
    """Expand files and folders into a sorted list of article files; InputError for a missing path."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.extend(map(Path, sorted(_article_files(str(path)))))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise InputError(path, "no such file or directory")
    unique = {os.path.normpath(str(p)): p for p in found}
    return [unique[k] for k in sorted(unique, key=lambda k: (os.path.basename(k), k))]


def _article_files(folder: str):
    """The article files under `folder` and its subfolders (not those reached through a link), as strings.

    Broken links are kept so the build reports them instead of skipping them silently.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _article_files(entry.path)
            elif (not entry.name.startswith(".") and os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES
                  and (entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path)))):
                yield entry.path
        except OSError:
            continue


def article_id(path: Path) -> str:
    """The identifier of an article file: its stem, with bytes that are not UTF-8 escaped."""
    stem = path.stem
    if stem.isascii() and stem.isprintable():   # nothing to escape (the common case, checked in C)
        return stem
    from kg.read.article import safe_identifier

    return safe_identifier(stem)


def extract_file(path: Path):
    """Read and extract one article file (full text kept)."""
    from kg.extract.facts import extract
    from kg.read.article import read_article

    return extract(read_article(path))


def resolve_jobs(jobs: int) -> int:
    """The number of worker processes: `jobs`, or every core for 0."""
    from kg.host import cores

    if jobs < 0:
        raise InputError("--jobs", f"must be 0 (all cores) or more, not {jobs}")
    return jobs or cores()


def _extract_task(task) -> tuple[str | None, bytes, bytes | None]:
    """Worker: extract one article; returns (sha1 of its bytes or None, pickled facts or error,
    pickled slim facts when asked for). A task may carry the file's bytes, read by another machine."""
    from kg.extract.facts import extract
    from kg.read.article import read_article

    path, article_id, keep_text, want_slim, *data = task   # data: the file's bytes, when read elsewhere
    try:
        if data:
            from kg.read.article import parse_article, safe_identifier

            article = parse_article(data[0], path=path, article_id=safe_identifier(article_id))
        else:
            article = read_article(path, article_id=article_id)
    except ArticleError as exc:
        return None, _pickled(("error", exc.reason)), None
    except Exception as exc:   # a fault of ours on this text: report the article, keep building the others
        return None, _pickled(("error", internal_error(exc))), None
    try:
        facts = extract(article)
    except ArticleError as exc:
        return article.sha1, _pickled(("error", exc.reason)), None
    except Exception as exc:
        return article.sha1, _pickled(("error", internal_error(exc))), None
    if not keep_text:
        trim_facts(facts)
    return article.sha1, _pickled(facts), _pickled(slim_facts(facts)) if want_slim else None


def internal_error(exc: Exception) -> str:
    """The reason given for an article the extractors failed on (a bug, reported instead of stopping the build)."""
    import traceback

    where = traceback.extract_tb(exc.__traceback__)[-1]
    return (f"internal error while reading it ({type(exc).__name__}: {exc} at {Path(where.filename).name}:"
            f"{where.lineno}); please report it with the article")


def _pickled(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def slim_facts(facts):
    """What resolution needs of an article's facts: people and meetings without text, spans or statements.

    A large build keeps only these in memory; emission reads each article's full facts back from
    the cache (see `full_facts`). Errors pass through unchanged.
    """
    from kg.model import Article, ArticleFacts

    if not isinstance(facts, ArticleFacts):
        return facts
    art = facts.article
    # read-only from here on: empty collections are one shared object (a pickle keeps it shared),
    # which saves about a fifth of what a large build holds
    none, no_evidence = frozenset(), {}

    def frozen(values):
        return frozenset(values) if values else none

    return ArticleFacts(
        article=Article(id=art.id, path=art.path, text="", sha1=art.sha1, title=art.title, issued=art.issued,
                        paragraphs=()),
        persons={k: dataclasses.replace(p, spans=(), alt_names=frozen(p.alt_names)) for k, p in facts.persons.items()},
        meetings=[dataclasses.replace(m, spans=(), evidence=no_evidence, hosts=frozen(m.hosts),
                                      participants=frozen(m.participants), absent=frozen(m.absent),
                                      attendees=frozen(m.attendees)) for m in facts.meetings],
    )


def full_facts(slim, cache_dir):
    """The full facts behind slim ones: from the cache, or extracted again if the entry is gone."""
    from kg.build.cache import FactsCache, entry_key

    art = slim.article
    facts = FactsCache(cache_dir).get(entry_key(art.sha1, art.id))
    if facts is None or isinstance(facts, tuple):
        from kg.read.article import read_article

        from kg.extract.facts import extract

        facts = trim_facts(extract(read_article(Path(art.path), article_id=art.id)))
    facts.article.path = art.path
    return facts


def _warm() -> None:
    """Load the extractors and gazetteers once, before worker processes fork from this one."""
    from kg.extract import facts, gazetteer, meetings, people, quotes   # noqa: F401 - imported to share

    gazetteer.countries()
    gazetteer.cities()


def _run_tasks(tasks: list, jobs: int):
    """Yield the workers' results in task order, in `jobs` processes (inline for one job or few tasks)."""
    from kg.build.parallel import ordered_map

    if jobs > 1 and len(tasks) >= 2 * jobs:
        _warm()
    yield from ordered_map(_extract_task, tasks, jobs=jobs)


def _start_tasks(tasks: dict):
    """Start extracting {index: task} in forked worker processes, one per task; (pool, futures by index)."""
    from kg.build.parallel import fork_pool

    pool = fork_pool(len(tasks))
    return pool, {i: pool.submit(_extract_task, task) for i, task in tasks.items()}


def _finish_tasks(started) -> list:
    """[(index, result)] of the tasks `_start_tasks` started, once all are done."""
    pool, futures = started
    try:
        return [(i, future.result()) for i, future in futures.items()]
    finally:
        pool.shutdown()


def _read_key(path: Path, article_id: str, digests) -> str | None:
    """The cache key of an article file (its sha1 from `digests`, a FileDigests), or None when it
    cannot be read here (the worker reports why)."""
    import stat

    from kg.build.cache import entry_key
    from kg.read.article import MAX_BYTES

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:   # a pipe would block here
            return None
        return entry_key(digests.sha1(path, info), article_id)
    except OSError:
        return None


def extract_all(paths: list[Path], *, jobs: int = 1, cache_dir: str | os.PathLike | None = None,
                keep_text: bool = False, slim: bool = False, progress=None, known: dict | None = None):
    """Extract articles (cached ones from `cache_dir`), in order; returns (facts, failures, stats).

    With `slim` (and a cache) the facts returned are `slim_facts`: the full ones stay in the cache.
    `progress(n, total=...)` is told of each article done. `known` maps cache entry keys to slim
    facts already in memory (a kept resolution's), or is a function giving them: it is then called
    while the few articles not in the cache are extracted in worker processes (with `jobs` > 1).
    """
    from kg.build.cache import CacheStats, FactsCache, FileDigests, SlimCache, entry_key
    from kg.build.pause import pause_point

    cache = FactsCache(cache_dir) if cache_dir is not None and not keep_text else None
    digests = FileDigests(cache_dir) if cache is not None else None
    slims = SlimCache(cache_dir) if cache is not None and slim else None
    tally = CacheStats()
    stats = BuildStats(articles=len(paths), jobs=jobs)
    results: list = [None] * len(paths)
    keys: dict[int, str] = {}
    todo: list[int] = []
    idents = [article_id(path) for path in paths]
    found = [_read_key(path, idents[i], digests) for i, path in enumerate(paths)] if cache is not None else []
    early = None
    if callable(known):
        absent = [i for i, key in enumerate(found) if key is None or not cache.exists(key)]
        if jobs > 1 and 0 < len(absent) < 2 * jobs:   # more go to the workers below anyway
            early = _start_tasks({i: (str(paths[i]), idents[i], keep_text, slims is not None) for i in absent})
        known = known()
    for i, path in enumerate(paths):
        if cache is not None:
            key = found[i]
            if key is not None:
                hit = known.get(key) if known and slims is not None and cache.exists(key) else None
                hit = hit if hit is not None else _cached(key, cache, slims, tally)
                if hit is not None:
                    results[i] = hit
                    stats.cache_hits += 1
                    continue
                keys[i] = key
        todo.append(i)
    started = early[1] if early is not None else {}
    later = [i for i in todo if i not in started]
    tasks = [(str(paths[i]), idents[i], keep_text, slims is not None) for i in later]
    if progress is not None:
        progress(len(paths) - len(todo), total=len(paths))
    done = _finish_tasks(early) if early is not None else []
    for i, (sha1, blob, slim_blob) in [*done, *zip(later, _run_tasks(tasks, jobs))]:
        results[i] = pickle.loads(slim_blob or blob)
        stats.extracted += 1
        if progress is not None:
            progress(1)
        if cache is not None:
            key = entry_key(sha1, idents[i]) if sha1 else keys.get(i)
            if key is not None:
                cache.put_bytes(key, blob, stats=tally)
                if slim_blob is not None:
                    slims.put_bytes(key, slim_blob)
                pause_point("extracted")
    stats.cache_corrupt, stats.cache_writes = tally.corrupt, tally.writes
    if digests is not None:
        digests.save()
    facts, failures = [], []
    for path, value in zip(paths, results):
        if isinstance(value, tuple) and value[:1] == ("error",):
            failures.append(ArticleError(path, value[1]))
        else:
            value.article.path = str(path)
            facts.append(value)
    return facts, failures, stats


def _cached(key: str, cache, slims, tally):
    """The cached facts for `key` (slim ones when `slims` is a cache), or None to extract again."""
    if slims is not None:
        hit = slims.get(key)
        if hit is not None and cache.exists(key):
            return hit
    hit = cache.get(key, stats=tally)
    if hit is not None and slims is not None:
        hit = slim_facts(hit)
        slims.put_bytes(key, _pickled(hit))
    return hit


def input_articles(inputs) -> tuple[list[Path], list[ArticleError]]:
    """The article files a build reads, and those skipped because another has the same identifier."""
    paths, failures = [], []
    seen_ids: dict[str, Path] = {}
    for path in article_paths(inputs):
        ident = article_id(path)
        if ident in seen_ids:
            failures.append(ArticleError(path, f"same identifier as {seen_ids[ident]}; skipped"))
            continue
        seen_ids[ident] = path
        paths.append(path)
    return paths, failures


def build(inputs, *, jobs: int = 1, cache_dir: str | os.PathLike | None = None,
          keep_text: bool = False, slim: bool = False, evidence: str = "full", progress=None) -> BuildResult:
    """Extract every article (in `jobs` processes, reusing `cache_dir`), resolve across articles.

    With keep_text the facts keep each article's whole text (and the cache is not used). With
    `slim` and a cache, memory holds only what resolution needs (`slim_facts`); writing the graph
    reads each article's full facts back from the cache. `evidence` is "full" (a W3C Web
    Annotation with the sentence and its offsets for every fact) or "none" (see kg.rdf.emit).
    """
    from kg.rdf.emit import check_evidence
    from kg.resolve import resolve

    try:
        check_evidence(evidence)
    except ValueError as exc:
        raise InputError("--evidence", str(exc)) from None

    jobs = resolve_jobs(jobs)
    paths, failures = input_articles(inputs)
    slim = slim and cache_dir is not None and not keep_text
    kept = None
    if slim:
        from kg.build.cache import SnapshotCache

        kept = SnapshotCache(cache_dir)
    loaded: list = []

    def known():   # the kept resolution, loaded while the changed articles are extracted
        loaded.append(kept.load())
        return loaded[0].extracted() if loaded[0] is not None else None

    facts, failed, stats = extract_all(paths, jobs=jobs, cache_dir=cache_dir, keep_text=keep_text, slim=slim,
                                       progress=progress, known=known if kept is not None else None)
    snapshot = loaded[0] if loaded else None
    failures.extend(failed)
    failures.sort(key=lambda f: (Path(f.path).name, f.path))
    if kept is None:
        resolution = resolve(facts)
    else:
        snapshot = resolve_kept(facts, snapshot, kept)
        resolution = snapshot.resolution
    return BuildResult(resolution=resolution, failures=failures, stats=stats,
                       cache_dir=None if keep_text else cache_dir, slim=slim, evidence=evidence, snapshot=snapshot)


def resolve_kept(facts, snapshot, kept):
    """A Snapshot of the facts' resolution: the kept one when every changed article resolves as before
    (same identifiers, same resolution signatures), else a new resolution; kept in `kept` when new."""
    import uuid

    from kg.build.cache import Snapshot, entry_key, resolution_signature, resolver_version
    from kg.build.partitioned import keep_resolved_meetings
    from kg.resolve import Resolution, resolve

    keys = {f.article.id: entry_key(f.article.sha1, f.article.id) for f in facts}
    if snapshot is not None and keys.keys() == snapshot.entry_keys.keys():
        changed = {f.article.id: f for f in facts if keys[f.article.id] != snapshot.entry_keys[f.article.id]}
        if not changed:
            return snapshot
        if all(resolution_signature(f) == snapshot.signatures[art] for art, f in changed.items()):
            res = snapshot.resolution
            changes = dict(snapshot.changes)
            for art, f in changed.items():
                changes[art] = (keys[art], keep_resolved_meetings(f, res.meeting_iri),
                                f.meetings if art in snapshot.dropped else None)
            new = [changes[f.article.id][1] if f.article.id in changed else f for f in res.facts]
            dropped = {**snapshot.dropped, **{art: c[2] for art, c in changes.items() if c[2] is not None}}
            snapshot = Snapshot(snapshot.version, keys, snapshot.signatures,
                                Resolution(new, res.persons, res.meetings, res.person_iri, res.meeting_iri),
                                dropped, snapshot.token, changes)
            kept.save_changes(snapshot)
            return snapshot
    signatures = {f.article.id: resolution_signature(f) for f in facts}
    extracted = {f.article.id: f.meetings for f in facts}
    resolution = resolve(facts)
    dropped = {f.article.id: extracted[f.article.id] for f in resolution.facts
               if f.meetings is not extracted[f.article.id]}
    snapshot = Snapshot(resolver_version(), keys, signatures, resolution, dropped, uuid.uuid4().hex)
    kept.save(snapshot)
    return snapshot

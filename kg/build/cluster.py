"""Builds on a Dask cluster (dask.distributed): the graph `kg build --jobs 1` makes, made by its workers.

The client lists the articles and cuts them, in output order, into batches; each batch is one
extraction task, and the full facts stay on the worker that made them (only counts and failures
come back). Resolution runs on the workers as Dask bag shuffles of slim records
(kg.build.partitioned): people by bucket, meetings by component, IRIs by family; the IRIs found
are routed back to the batches, where each article's graph is made. The resolved graph is made
in ranges of its sorted subjects. The client then streams the graphs in order, or the workers
write parts into a folder they share with it.

Articles are read by the client and shipped inside the tasks (`read_on="client"`), or read by the
workers from the same paths (`read_on="workers"`, for a shared file system). The workers must
run the same kg and extractors as the client: `connect` checks every worker, each task again.
"""
from __future__ import annotations

import contextlib
import itertools
import logging
import os
import pickle
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from kg.build.pipeline import BuildStats
from kg.errors import ArticleError, ClusterError, InputError, KgError

READ_MODES = ("client", "workers")
MAX_BATCH = 2000        # articles per extraction task at most
TASKS_PER_THREAD = 4    # batches per worker thread at least (so a slow batch does not idle the rest)
RANGE_NODES = 20_000    # resolved-graph subjects per range task, about
SAMPLE_STEP = 100       # one subject in this many is sampled to cut the ranges
HOLD_ENV = "KG_HOLD_DIR"   # a folder where a test arms `hold` points (never set in normal use)


def versions() -> tuple[str, str, str]:
    """What must match between the client and every worker: kg's version, the extractor and emitter versions."""
    import kg
    from kg.build.cache import emitter_version, extractor_version

    return kg.__version__, extractor_version(), emitter_version()


def _require(expected) -> None:
    """Refuse to work on a worker whose kg differs from the client's (a worker may join late)."""
    if tuple(expected) != versions():
        raise ClusterError(f"this Dask worker runs another kg than the client ({_describe(versions())} here, "
                           f"{_describe(expected)} on the client); install the same kg on every worker")


def _describe(v) -> str:
    return f"kg {v[0]}, extractor {v[1][:12]}, emitter {v[2][:12]}"


def hold(point: str) -> None:
    """Wait at a named point of a task while a test holds it there (to stop a worker at a known step).

    Only when the worker's environment names a folder (KG_HOLD_DIR) holding `<point>.arm`: the first
    task to reach the point claims it (renames it to `<point>.held-<pid>`) and waits until
    `<point>.release` appears; every other task goes on.
    """
    folder = os.environ.get(HOLD_ENV)
    if not folder:
        return
    base = Path(folder) / point
    try:
        os.rename(f"{base}.arm", f"{base}.held-{os.getpid()}")
    except OSError:
        return
    while not Path(f"{base}.release").exists():
        time.sleep(0.02)


# --- connecting ------------------------------------------------------------------------------------


@dataclass
class Cluster:
    """A connected Dask client, and the local cluster started for it (`local:N`)."""

    client: object
    address: str
    local: object = None

    def threads(self) -> int:
        """Worker threads in the cluster now."""
        return max(1, sum(self.client.nthreads().values()))


def parse_scheduler(text: str) -> tuple[str, int | None]:
    """("local", N) for `local:N` (N = cores for `local`), else (address, None); InputError when malformed."""
    if text == "local" or text.startswith("local:"):
        count = text.partition(":")[2]
        if count and not (count.isdigit() and int(count) > 0):
            raise InputError("--scheduler", f"local:N takes a number of workers, not {count!r}")
        from kg.host import cores

        return "local", int(count) if count else cores()
    if "://" not in text:
        raise InputError("--scheduler", f"give a scheduler address such as tcp://HOST:8786, or local:N, not {text!r}")
    return text, None


@contextlib.contextmanager
def connect(scheduler: str, *, timeout: float = 20.0):
    """Yield a Cluster for `scheduler` (an address, or `local:N` to start N worker processes here).

    ClusterError when Dask is not installed, the scheduler cannot be reached, it has no workers,
    or a worker runs another kg.
    """
    address, count = parse_scheduler(scheduler)
    try:
        import distributed
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'diplomacy-kg[cluster]'") from None
    quiet_dask()
    local = client = None
    try:
        if count is not None:
            local = distributed.LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.CRITICAL)
            client = distributed.Client(local, set_as_default=False)
        else:
            client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        _close(client, local)
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {_reason(exc)}") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        _close(client, local)
        raise ClusterError(f"the Dask scheduler at {scheduler} has no workers (waited {timeout:g} s)") from None
    try:
        check_workers(client, address=scheduler)
        yield Cluster(client, scheduler, local)
    finally:
        _close(client, local)


def quiet_dask() -> None:
    """Silence Dask's own log lines (tracebacks included): failures reach the user as ClusterErrors."""
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def _close(client, local) -> None:
    with contextlib.suppress(Exception):
        if client is not None:
            client.close(timeout=5)
    with contextlib.suppress(Exception):
        if local is not None:
            local.close(timeout=5)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def check_workers(client, *, address: str = "", expected=None) -> None:
    """ClusterError unless every worker runs the kg, extractor and emitter versions `expected` (the client's)."""
    expected = tuple(expected or versions())
    try:
        found = client.run(versions)
    except (ImportError, AttributeError) as exc:
        raise ClusterError(f"the Dask workers at {address} cannot run kg ({_reason(exc)}); "
                           "install diplomacy-kg on every worker") from None
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"lost the Dask scheduler at {address}: {_reason(exc)}") from None
    wrong = sorted(worker for worker, v in found.items() if tuple(v) != expected)
    if wrong:
        sample = tuple(found[wrong[0]])
        raise ClusterError(f"{len(wrong)} of {len(found)} Dask workers run another kg than this client: "
                           f"{wrong[0]} has {_describe(sample)}, this client {_describe(expected)}; "
                           "install the same kg on every worker")


@contextlib.contextmanager
def cluster_errors(address: str):
    """Turn what Dask raises when the scheduler or a task is lost into a ClusterError (KgErrors pass)."""
    try:
        yield
    except KgError:
        raise
    except Exception as exc:
        from distributed import CancelledError, TimeoutError as DaskTimeout
        from distributed.comm import CommClosedError
        from distributed.scheduler import KilledWorker

        if isinstance(exc, KilledWorker):
            raise ClusterError(f"a task of the build killed {exc.args[-1] if exc.args else 'its'} worker "
                               f"several times; see the workers' logs ({address})") from None
        if isinstance(exc, (CancelledError, CommClosedError, OSError, DaskTimeout, TimeoutError)):
            raise ClusterError(f"lost the connection to the Dask scheduler at {address}; the build stopped "
                               "(an -o file or folder is left as it was)") from None
        raise


# --- the tasks (run on the workers) --------------------------------------------------------------


def _extract_batch(tasks, expected):
    """One batch: [(article id, path, error or None, pickled full facts, pickled slim facts)] in output order."""
    from kg.build.pipeline import _extract_task

    _require(expected)
    hold("extract")
    out = []
    for task in tasks:
        _, blob, slim = _extract_task(task)
        if slim is None:
            out.append((task[1], task[0], pickle.loads(blob)[1], None, None))
        else:
            out.append((task[1], task[0], None, blob, slim))
    return out


def _summary(batch) -> tuple[int, list[tuple[str, str]]]:
    """(articles used, [(path, reason) of those that were not])."""
    return sum(1 for item in batch if item[2] is None), [(item[1], item[2]) for item in batch if item[2] is not None]


def _slim(batch) -> list:
    """The slim facts of a batch's articles (their paths as the client named them)."""
    found = []
    for ident, path, error, _, slim in batch:
        if error is None:
            facts = pickle.loads(slim)
            facts.article.path = path
            found.append(facts)
    return found


def _first(item):
    return item[0]


def _flat(part) -> list:
    """The items of a grouped partition, without their keys."""
    return [item for _, items in part for item in items]


def _person_items(batch):
    from kg.build.partitioned import person_items

    return person_items(_slim(batch))


def _resolve_people(part):
    from kg.build.partitioned import resolve_people

    return resolve_people(_flat(part))


def _settle(part):
    from kg.build.partitioned import settle_family

    found = []
    for _, records in part:
        found.extend(settle_family(records))
    return found


def _routes(nodes, starts):
    """(batch, (article id, key, IRI)) for every member of the nodes: where each IRI is needed."""
    from kg.build.partitioned import assignments, route

    return [(route(article_id, starts), (article_id, key, iri)) for article_id, key, iri in assignments(nodes)]


def _batches_in(part) -> list[int]:
    return [batch for batch, _ in part]


def _iris(part, batch: int) -> dict:
    """{(article id, key): IRI} for one batch, from a grouped partition of routes (or None)."""
    if part is None:
        return {}
    return {(a, k): iri for b, items in part if b == batch for _, (a, k, iri) in items}


def _meeting_items(batch, routes, number):
    from kg.build.partitioned import meeting_items

    return meeting_items(_slim(batch), _iris(routes, number))


def _meeting_sides(batch, routes, number):
    """(meeting IRI, (country, takes part?, article id)) for every country the batch's meetings have
    taking part (participant or host) or absent."""
    iri = _iris(routes, number)
    found = []
    for facts in _slim(batch):
        for meeting in facts.meetings:
            node = iri.get((facts.article.id, meeting.key))
            if node is not None:
                found += [(node, (code, True, facts.article.id)) for code in set(meeting.participants) | set(meeting.hosts)]
                found += [(node, (code, False, facts.article.id)) for code in set(meeting.absent)]
    return found


def _contradicting(part):
    """(meeting IRI, country, articles with it taking part, articles with it absent) of a grouped partition."""
    found = []
    for node, records in part:
        sides: tuple[dict, dict] = ({}, {})
        for _, (code, takes_part, article) in records:
            sides[takes_part].setdefault(code, set()).add(article)
        absent, present = sides
        found += [(node, code, tuple(sorted(present[code])), tuple(sorted(absent[code])))
                  for code in sorted(set(present) & set(absent))]
    return found


def _labels(nodes, iris):
    return [(node.iri, node.label) for node in nodes if node.iri in iris]


def _key_summary(part):
    """[(keys filed under, keys looked in, the distinct key sets of the meetings)] of a partition."""
    from kg.build.partitioned import key_summary, live_key_sets

    filed, looked = key_summary(part)
    return [(filed, looked, live_key_sets(part, filed | looked))]


def _tag_component(part, component):
    from kg.build.partitioned import component_of

    return [(component_of(item, component), item) for item in part]


def _resolve_meetings(part):
    from kg.build.partitioned import resolve_meetings

    return resolve_meetings([item for _, item in _flat(part)])


def _kept_facts(facts, meeting_iri):
    from kg.build.partitioned import keep_resolved_meetings

    return keep_resolved_meetings(facts, meeting_iri)


def _batch_countries(batch, meeting_routes, number):
    """The countries the batch's resolved meetings name (for the resolved graph)."""
    from kg.rdf.emit import article_countries

    meeting_iri = _iris(meeting_routes, number)
    return sorted({code for facts in _slim(batch) for code in article_countries(_kept_facts(facts, meeting_iri))})


def _emit_batch(batch, person_routes, meeting_routes, number, evidence, mode):
    """The batch's article graphs in output order: (graph, quad count, N-Quads bytes), or (graph, keys)."""
    from kg.rdf import emit
    from kg.resolve import Resolution

    hold("emit")
    res = Resolution([], {}, {}, _iris(person_routes, number), _iris(meeting_routes, number))
    out = []
    for ident, path, error, blob, _ in batch:
        if error is not None:
            continue
        facts = pickle.loads(blob)
        facts.article.path = path
        from kg import ids

        graph = ids.article(ident)
        mine, others = emit.article_keys(graph, [_kept_facts(facts, res.meeting_iri)], res, evidence=evidence)
        if others:   # an article's quads are all in its own graph (unique identifiers)
            raise RuntimeError(f"{graph} made quads outside its own graph")
        out.append((graph, mine) if mode == "keys" else (graph, len(mine), emit.serialize_keys([mine], fmt="nq")))
    return out


def _node_subjects(nodes):
    """Every SAMPLE_STEP-th subject of a partition of nodes (to cut the sorted subjects into ranges)."""
    return [f"<{node.iri}>" for node in nodes[::SAMPLE_STEP]]


def _range_tag(nodes, bounds):
    import bisect

    return [(bisect.bisect_right(bounds, f"<{node.iri}>"), node) for node in nodes]


def _cities(nodes):
    return [node.city for node in nodes if getattr(node, "city", None) is not None]


def _person_countries(nodes):
    return [node.country for node in nodes if getattr(node, "country", None)]


def _resolved_range(part, number, bounds, cities, countries, mode):
    """The resolved graph's quads whose subjects fall in range `number`: [(graph, count, bytes)] or [(graph, keys)]."""
    import bisect

    from kg import ids
    from kg.rdf import emit
    from kg.resolve import MeetingNode, Resolution

    nodes = [node for r, items in (part or []) if r == number for _, node in items]
    res = Resolution([], {n.iri: n for n in nodes if not isinstance(n, MeetingNode)},
                     {n.iri: n for n in nodes if isinstance(n, MeetingNode)}, {}, {})
    subjects = emit.resolved_subjects(res, countries, cities=cities)
    chunks, chunk = [], []
    for subject in sorted(s for s in subjects if bisect.bisect_right(bounds, s) == number):
        chunk.extend(sorted(subjects[subject]()))
        if len(chunk) >= emit.RESOLVED_CHUNK:
            chunks.append(chunk)
            chunk = []
    if chunk:
        chunks.append(chunk)
    if mode == "keys":
        return [(ids.RESOLVED_GRAPH, keys) for keys in chunks]
    return [(ids.RESOLVED_GRAPH, len(keys), emit.serialize_keys([keys], fmt="nq")) for keys in chunks]


def _write_part(path, pieces):
    """Write one part file from slices of batches' emitted graphs; its manifest entry."""
    from kg.rdf.parts import write_file

    return write_file(path, itertools.chain.from_iterable(graphs[lo:hi] for graphs, lo, hi in pieces))


def _write_resolved(path, ranges):
    from kg import ids
    from kg.rdf.parts import write_file

    chunks = [chunk for r in ranges for chunk in r] or [(ids.RESOLVED_GRAPH, 0, b"")]
    return write_file(path, chunks)


# --- the build (runs on the client) ---------------------------------------------------------------


@dataclass
class ClusterStats(BuildStats):
    """What a cluster build did, as BuildStats says for a local one (it uses no cache), and its
    batches, worker threads, where articles were read and how long each step took."""

    batches: int = 0
    threads: int = 0
    read_on: str = "client"
    seconds: dict = field(default_factory=dict)   # wall time of each step: ship, extract, resolve


@dataclass
class ClusterBuild:
    """A build resolved on a cluster: its graphs are made on the workers when asked for, in output order."""

    cluster: Cluster
    evidence: str
    failures: list[ArticleError] = field(default_factory=list)
    cache_dir = None   # a cluster build neither reads nor writes the cache
    stats: ClusterStats = field(default_factory=ClusterStats)
    graphs_per_batch: list[int] = field(default_factory=list)
    _parts: dict = field(default_factory=dict, repr=False)

    @property
    def article_count(self) -> int:
        """Articles whose graphs the build holds."""
        return sum(self.graphs_per_batch)

    def _delayed(self, mode: str):
        """(delayed graphs of each batch, delayed resolved ranges) for `mode` ("nq" or "keys")."""
        from dask import delayed

        p = self._parts
        batches = [delayed(_emit_batch)(p["arts"][i], p["person_routes"].get(i), p["meeting_routes"].get(i), i,
                                        self.evidence, mode) for i in range(len(p["arts"]))]
        ranges = [delayed(_resolved_range)(p["ranges"].get(r), r, p["bounds"], p["cities"], p["countries"], mode)
                  for r in range(len(p["bounds"]) + 1)]
        return batches, ranges

    def _stream(self, mode: str):
        from kg import ids

        client = self.cluster.client
        with cluster_errors(self.cluster.address):
            batches, ranges = self._delayed(mode)
            futures = client.compute(batches + ranges)
            count = 0
            for n, future in enumerate(futures):
                chunks = future.result()
                future.release()
                if n >= len(batches):
                    count += len(chunks)
                yield from chunks
            if not count:   # no subject at all: an empty resolved graph, as a local build gives
                yield (ids.RESOLVED_GRAPH, []) if mode == "keys" else (ids.RESOLVED_GRAPH, 0, b"")

    def nquads(self):
        """Yield (graph IRI, quad count, N-Quads bytes) in output order: the bytes `kg build --jobs 1` writes."""
        return self._stream("nq")

    def graph_keys(self):
        """Yield (graph IRI, sorted quad keys) in output order (for the formats written in memory)."""
        return self._stream("keys")

    def write_parts(self, folder, *, parts: int) -> dict:
        """Have the workers write the parts folder `folder` (a path they share with the client); the manifest."""
        from kg.rdf import parts as files

        client = self.cluster.client
        cuts = files.bounds(self.article_count, parts)
        starts = list(itertools.accumulate(self.graphs_per_batch, initial=0))

        def fill(staging: Path):
            from dask import delayed

            with cluster_errors(self.cluster.address):
                batches, ranges = self._delayed("nq")
                tasks = []
                for p in range(parts):
                    lo, hi = cuts[p], cuts[p + 1]
                    pieces = [(batches[i], max(lo, starts[i]) - starts[i], min(hi, starts[i + 1]) - starts[i])
                              for i in range(len(batches)) if starts[i] < hi and starts[i + 1] > lo]
                    tasks.append(delayed(_write_part)(str(staging / files.part_name(p)), pieces))
                tasks.append(delayed(_write_resolved)(str(staging / files.RESOLVED_FILE), ranges))
                entries = client.compute(tasks, sync=True)
            missing = [e["file"] for e in entries if not (staging / e["file"]).is_file()]
            if missing:
                raise ClusterError(f"the workers wrote {missing[0]} where this machine cannot see it: "
                                   f"{folder} must be on a file system the workers share (or leave out --shared-fs)")
            (staging / files.MANIFEST).write_bytes(files.manifest_text(entries[:-1], entries[-1],
                                                                       articles=self.article_count))
            return entries

        entries = files.into_folder(folder, fill)
        import json

        return json.loads(files.manifest_text(entries[:-1], entries[-1], articles=self.article_count))

    def contradictions(self) -> list:
        """Every (meeting, country) the merged articles place both at the meeting and absent from it,
        sorted: what `kg.build.checks.contradictions` finds in a local build, found on the workers."""
        import dask.bag as db
        from dask import delayed

        from kg.build.checks import Contradiction
        from kg.extract import gazetteer

        p = self._parts
        client = self.cluster.client
        with cluster_errors(self.cluster.address):
            sides = db.from_delayed([delayed(_meeting_sides)(p["arts"][i], p["meeting_routes"].get(i), i)
                                     for i in range(len(p["arts"]))])
            found = client.compute(sides.groupby(_first, shuffle="tasks").map_partitions(_contradicting), sync=True)
            iris = {node for node, *_ in found}
            labels = dict(client.compute(p["meeting_nodes"].map_partitions(_labels, delayed(iris, traverse=False)),
                                         sync=True)) if iris else {}
        countries = gazetteer.countries().label
        return sorted((Contradiction(node, labels.get(node, node), code, countries.get(code, code), present, absent)
                       for node, code, present, absent in found), key=lambda c: (c.meeting, c.country))

    def release(self) -> None:
        """Let the cluster forget the build's data."""
        for value in self._parts.get("persisted", []):
            with contextlib.suppress(Exception):
                self.cluster.client.cancel(value)
        self._parts.clear()


def build(inputs, *, cluster: Cluster, evidence: str = "full", read_on: str = "client",
          batch_size: int | None = None, progress=None) -> ClusterBuild:
    """Extract and resolve the articles on the cluster; returns a ClusterBuild whose graphs are made when read.

    `read_on` is "client" (this process reads the files and ships them in the tasks) or "workers"
    (the workers read the same paths: a shared file system). `progress(n)` is called as batches of
    n articles are extracted.
    """
    from kg.build.pipeline import article_id, input_articles
    from kg.rdf.emit import check_evidence

    try:
        check_evidence(evidence)
    except ValueError as exc:
        raise InputError("--evidence", str(exc)) from None
    if read_on not in READ_MODES:
        raise InputError("--read-on", f"must be one of {', '.join(READ_MODES)}, not {read_on!r}")
    paths, failures = input_articles(inputs)
    with cluster_errors(cluster.address):
        return _build(paths, failures, [article_id(p) for p in paths], cluster=cluster, evidence=evidence,
                      read_on=read_on, batch_size=batch_size, progress=progress)


def _build(paths, failures, idents, *, cluster: Cluster, evidence: str, read_on: str, batch_size, progress=None):
    import dask.bag as db
    from dask import delayed

    from kg.build.partitioned import components, graph_order_key
    from kg.read.article import read_bytes

    client = cluster.client
    started = time.perf_counter()
    threads = cluster.threads()
    order = sorted(range(len(paths)), key=lambda i: graph_order_key(idents[i]))
    size = batch_size or min(MAX_BATCH, max(1, -(-len(order) // (TASKS_PER_THREAD * threads))))
    batches = [order[i:i + size] for i in range(0, len(order), size)] or [[]]
    starts = [graph_order_key(idents[b[0]]) if b else "" for b in batches]
    expected = versions()
    token = uuid.uuid4().hex[:12]
    arts = []
    for n, batch in enumerate(batches):
        tasks = []
        for i in batch:
            if read_on == "client":
                try:
                    tasks.append((str(paths[i]), idents[i], False, True, read_bytes(paths[i])))
                except ArticleError as exc:
                    failures.append(ArticleError(paths[i], exc.reason))
            else:
                tasks.append((str(paths[i]), idents[i], False, True))
        arts.append(client.submit(_extract_batch, tasks, expected, key=f"kg-extract-{token}-{n}"))
    shipped = time.perf_counter()
    # resolution needs every batch: waiting for the (small) summaries here times extraction alone
    done = client.map(_summary, arts, key=[f"kg-summary-{token}-{n}" for n in range(len(arts))])
    if progress is not None:
        from dask.distributed import as_completed

        sizes = {future.key: len(batch) for future, batch in zip(done, batches)}
        for future in as_completed(done, loop=client.loop):
            progress(sizes[future.key])
    summaries = client.gather(done)
    extracted = time.perf_counter()
    nb, shuffle = len(batches), max(1, min(len(batches), TASKS_PER_THREAD * threads))
    arts_bag = db.from_delayed(arts)
    arts_d = arts_bag.to_delayed(optimize_graph=False)
    starts_d = delayed(starts, traverse=False)
    persisted = list(arts)

    def keep(collection):
        collection = client.persist(collection)
        persisted.append(collection)
        return collection

    def grouped(bag, npartitions):
        return bag.groupby(_first, shuffle="tasks", npartitions=npartitions)

    def routed(nodes, count):
        """The nodes' members routed to the batches that need their IRIs, and to `count` groups."""
        routes = keep(grouped(nodes.map_partitions(_routes, starts_d), count))
        return routes.to_delayed(optimize_graph=False)

    def where(parts, numbers) -> dict:
        """{batch or range: the partition holding it}, from the numbers each partition holds."""
        return {b: parts[j] for j, found in enumerate(numbers) for b in found}

    def numbers(parts):
        return [delayed(_batches_in)(p) for p in parts]

    # people: by bucket, then by IRI family, their IRIs routed back to the batches
    found = grouped(arts_bag.map_partitions(_person_items), shuffle).map_partitions(_resolve_people)
    person_nodes = keep(grouped(found, shuffle).map_partitions(_settle))
    person_parts = routed(person_nodes, nb)
    person_routes = where(person_parts, client.compute(numbers(person_parts), sync=True))
    # meetings: the keys that link them, their components, then by component and by IRI family
    items = keep(db.from_delayed([delayed(_meeting_items)(arts_d[i], person_routes.get(i), i) for i in range(nb)]))
    keys = client.compute(items.map_partitions(_key_summary), sync=True)
    live = set().union(*(f for f, _, _ in keys)) & set().union(*(k for _, k, _ in keys)) if keys else set()
    component = components({s & live for _, _, sets in keys for s in sets if len(s & live) > 1}, live)
    tagged = items.map_partitions(_tag_component, delayed(component, traverse=False))
    found = grouped(tagged, shuffle).map_partitions(_resolve_meetings)
    meeting_nodes = keep(grouped(found, shuffle).map_partitions(_settle))
    meeting_parts = routed(meeting_nodes, nb)
    # what the resolved graph names besides its nodes, and a sample of its subjects
    nodes = db.concat([person_nodes, meeting_nodes])
    meeting_found, cities, person_countries, sample = client.compute(
        [numbers(meeting_parts), meeting_nodes.map_partitions(_cities).distinct(),
         person_nodes.map_partitions(_person_countries).distinct(), nodes.map_partitions(_node_subjects)], sync=True)
    meeting_routes = where(meeting_parts, meeting_found)
    countries = set(person_countries) | {c.country for c in cities}
    # the resolved graph's subjects, cut into ranges of about RANGE_NODES
    sample = sorted(sample)
    ranges_n = max(1, min(shuffle, len(sample) * SAMPLE_STEP // RANGE_NODES))
    bounds = [sample[len(sample) * r // ranges_n] for r in range(1, ranges_n)] if sample else []
    ranged = keep(grouped(nodes.map_partitions(_range_tag, delayed(bounds, traverse=False)), ranges_n))
    range_parts = ranged.to_delayed(optimize_graph=False)
    per_batch = db.from_delayed([delayed(_batch_countries)(arts_d[i], meeting_routes.get(i), i) for i in range(nb)])
    range_found, batch_countries = client.compute([numbers(range_parts), per_batch.distinct()], sync=True)
    countries.update(batch_countries)
    for _, failed in summaries:
        failures.extend(ArticleError(Path(path), reason) for path, reason in failed)
    failures.sort(key=lambda f: (Path(f.path).name, f.path))
    stats = ClusterStats(articles=len(paths), extracted=sum(n + len(f) for n, f in summaries),
                         batches=nb, threads=threads, read_on=read_on)
    stats.seconds = {"ship": shipped - started, "extract": extracted - shipped,
                     "resolve": time.perf_counter() - extracted}
    build = ClusterBuild(cluster=cluster, evidence=evidence, failures=failures, stats=stats,
                         graphs_per_batch=[used for used, _ in summaries])
    build._parts = {"arts": arts_d, "person_routes": person_routes, "meeting_routes": meeting_routes,
                    "ranges": where(range_parts, range_found), "bounds": bounds,
                    "cities": delayed(sorted(cities), traverse=False),
                    "countries": delayed(sorted(countries), traverse=False), "meeting_nodes": meeting_nodes,
                    "persisted": persisted}
    return build

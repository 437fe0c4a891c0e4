"""Chunked, parallel validation: stream the data once into chunks by subject, validate each chunk
in a worker process (or as a task on a Dask cluster) with pyshacl-turbo, and merge the results
into one sorted report.

Exact only for shapes that `kg.validate.chunks.analyse_shapes` accepts. A chunk holds the
triples whose subject hashes into it, plus what kg.validate.partition gives every chunk, and a
marker triple per own node of each target class so that nodes typed only for sh:class are not
validated twice.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from kg.host import cores
from kg.namespaces import DCTERMS, DIP, RDF, RDFS, SH
from kg.validate.chunks import MARKER, ShapesAnalysis, batchable_predicates, chunk_shapes, value_shapes
from kg.validate.outcome import canonical_report, read_results
from kg.validate.partition import Partition, group, owner, partition

_LOOKUP = {RDFS + "label", DIP + "source", RDF + "type"}  # what the report needs of a focus node
_TYPE = f"<{RDF}type>".encode()
_MAX_BUCKETS = 900


# -- validating one chunk (runs in a worker process) ---------------------------------------------

_STATE: dict = {}  # set before the workers fork: the shapes graphs and the partition


def _chunk_data(index: int) -> bytes:
    """The lines chunk `index` validates: its buckets', the shared ones and the rdf:type lines it needs."""
    part: Partition = _STATE["partition"]
    own = set(part.chunks[index])
    files = [f for n in sorted(own) for f in part.bucket_files(n)] + part.shared_files()
    data = b"".join(f.read_bytes() for f in files if f.exists())
    return data + _types_for(data, part, own)


def _validate_chunk(index: int, data: bytes | None = None, state: dict | None = None):
    """Validate chunk `index` (its lines `data`, read here when None; `state` as _STATE holds it):
    (index, [(Result, (report node, its triples))], {blank node named: its copy})."""
    from pyshacl_turbo.rdf import Input

    state = _STATE if state is None else state
    part: Partition = state["partition"]
    own = set(part.chunks[index])
    data = _chunk_data(index) if data is None else data
    main, batches = _split_hubs(data, state.get("batchable") or {})
    runs = [(main, state["chunk_shapes"], f"c{index}_")]
    runs += [(batch, state["value_shapes"][predicate], f"c{index}h{i}_") for i, (predicate, batch) in enumerate(batches)]
    reports = [(_turbo(Input(text.decode("utf-8"), "oxigraph-nquads", None, {}, preserve_ids=True), shapes), prefix)
               for text, shapes, prefix in runs]
    import rdflib

    sh = rdflib.Namespace(SH)
    kept = []
    for report, prefix in reports:
        for node in list(report.objects(None, sh.result)):
            focus = report.value(node, sh.focusNode)
            path = report.value(node, sh.resultPath)
            key = f"<{focus}>" if isinstance(focus, rdflib.URIRef) else f"_:{focus}"
            if owner(key, part.buckets) not in own or (path is not None and str(path).startswith(MARKER)):
                continue
            kept.append((report, prefix, node))
    focuses = {str(report.value(n, sh.focusNode)) for report, _, n in kept}
    identifiers = state.get("identifiers")
    if identifiers is None and kept:
        identifiers = _index_identifiers(part)
    objects = _lookup(data.decode("utf-8"), identifiers, focuses) if kept else None
    pairs, copies = [], {}
    for report, prefix in reports:
        keep = {n for r, _, n in kept if r is report}
        reached = set()
        for result, node in read_results(report, state["shapes"], objects, nodes=keep):
            top, triples, named = _subgraph(report, node, prefix)
            pairs.append((result, (top, triples)))
            reached |= named
        for n in reached:
            copies.setdefault(n, _described(report, n, prefix))
    return index, pairs, copies


def _turbo(data, shapes_graph):
    """pyshacl-turbo's report graph for one chunk's data."""
    import pyshacl_turbo

    _, report, _ = pyshacl_turbo.validate(data, shacl_graph=shapes_graph, inference="none", advanced=True)
    if isinstance(report, Exception):  # pyshacl-turbo reports a failure instead of raising
        raise RuntimeError(str(report))
    return report


HUB_VALUES = 2000  # a node with more values than this for a batchable predicate has them checked in batches
_BATCH = 1000


def _split_hubs(data: bytes, batchable: dict[bytes, int]) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(the chunk without most values of its hub nodes, [(predicate, a batch of those values with what
    checking them needs)]).

    A hub is an IRI with more than HUB_VALUES values for a predicate of `batchable` (N-Triples text ->
    values to keep with the node; see kg.validate.chunks.batchable_predicates), none of them blank.
    """
    if not batchable:
        return data, []
    lines = data.split(b"\n")
    counts: dict[tuple[bytes, bytes], int] = {}
    for line in lines:
        tokens = line.split(b" ", 2)
        if len(tokens) == 3 and tokens[1] in batchable:
            pair = (tokens[0], tokens[1])
            counts[pair] = counts.get(pair, 0) + 1
    hubs = {pair for pair, n in counts.items() if n > HUB_VALUES and pair[0].startswith(b"<")}
    if not hubs:
        return data, []
    kept, moved, seen = [], {}, {}   # seen: the values of each hub pair kept or moved so far
    for line in lines:
        tokens = line.split(b" ", 3)
        pair = (tokens[0], tokens[1]) if len(tokens) >= 3 else None
        if pair in hubs:
            values = seen.setdefault(pair, set())
            if tokens[2].startswith(b"_:"):
                hubs.discard(pair)   # blank values are described in full: leave this node whole
                kept.extend(moved.pop(pair, []))
            elif tokens[2] in values:   # the same triple in another graph: it is checked once already
                continue
            elif len(values) >= batchable[pair[1]]:
                values.add(tokens[2])
                moved.setdefault(pair, []).append(line)
                continue
            else:
                values.add(tokens[2])
        kept.append(line)
    if not moved:
        return data, []
    values = {line.split(b" ", 3)[2] for group in moved.values() for line in group}
    # what checking a batch needs: the hub's own remaining lines (its markers, its other targets)
    # and the rdf:type lines of the moved values
    context: dict[bytes, list[tuple[bytes, bytes]]] = {}   # subject -> (predicate, line)
    subjects = {s for s, _ in moved}
    for line in kept:
        tokens = line.split(b" ", 3)
        if len(tokens) >= 3 and (tokens[0] in subjects or (tokens[1] == _TYPE and tokens[0] in values)):
            context.setdefault(tokens[0], []).append((tokens[1], line))
    batches = []
    for (subject, predicate), group in sorted(moved.items()):
        # the kept values of this predicate are checked with the node: not again in its batches
        own = [line for p, line in context.get(subject, []) if p != predicate]
        for start in range(0, len(group), _BATCH):
            part = group[start:start + _BATCH]
            needed = list(own)
            for line in part:
                needed += [typed for p, typed in context.get(line.split(b" ", 3)[2], []) if p == _TYPE]
            batches.append((predicate[1:-1].decode("utf-8"), b"\n".join(needed + part) + b"\n"))
    return b"\n".join(kept), batches


def _types_for(data: bytes, part: Partition, own: set[int]) -> bytes:
    """The shared rdf:type lines a chunk needs: of its own nodes and of the nodes its lines name."""
    by_node, by_bucket = _STATE.get("types") or _index_types(part)
    named = set()
    for line in data.split(b"\n"):
        tokens = line.split(None, 3)
        if len(tokens) >= 3:
            named.add(tokens[0])
            named.add(tokens[2])
    for number in own:
        named.update(by_bucket.get(number, ()))
    return b"".join(by_node[node] for node in named if node in by_node)


def _index_types(part: Partition):
    """The shared rdf:type lines by node ({node: its lines}) and the typed nodes of each bucket.

    Made once before the workers fork (they share it), instead of every chunk reading every line.
    """
    import zlib

    by_node: dict[bytes, bytes] = {}
    by_bucket: dict[int, list[bytes]] = {}
    for path in part.type_files():
        if not path.exists():
            continue
        for line in path.read_bytes().splitlines(keepends=True):
            subject = line.split(None, 1)[0]
            if subject in by_node:
                by_node[subject] += line
            else:
                by_node[subject] = line
                by_bucket.setdefault(zlib.crc32(subject) % part.buckets, []).append(subject)
    return by_node, by_bucket


def _index_identifiers(part: Partition) -> dict[str, set]:
    """dcterms:identifier values by subject IRI, read once: the report names a focus node's articles by them."""
    import pyoxigraph

    found: dict[str, set] = {}
    for path in part.identifier_files():
        if path.exists():
            for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS):
                found.setdefault(quad.subject.value, set()).add(
                    (isinstance(quad.object, pyoxigraph.NamedNode), quad.object.value))
    return found


def _lookup(text: str, identifiers: dict[str, set], focuses: set[str]):
    """A report lookup (see kg.validate.outcome.lookup_for) over the focus nodes of one chunk."""
    import pyoxigraph

    found: dict[tuple[str, str], set] = {}
    keys = {f"<{focus}>" for focus in focuses}
    lines = "".join(line for line in text.splitlines(keepends=True) if (line.split(None, 1) or [""])[0] in keys)
    for quad in pyoxigraph.parse(lines, format=pyoxigraph.RdfFormat.N_QUADS):
        subject = quad.subject
        if isinstance(subject, pyoxigraph.NamedNode) and subject.value in focuses \
                and quad.predicate.value in _LOOKUP:
            found.setdefault((subject.value, quad.predicate.value), set()).add(
                (isinstance(quad.object, pyoxigraph.NamedNode), quad.object.value))
    articles = {v for (s, p), values in found.items() if p == DIP + "source" for is_iri, v in values if is_iri}
    articles |= {s for (s, p), values in found.items() if p == RDF + "type" and (True, DIP + "Article") in values}
    for article in articles:
        if article in identifiers:
            found.setdefault((article, DCTERMS + "identifier"), set()).update(identifiers[article])

    def objects(subject: str, predicate: str):
        return sorted(found.get((subject, predicate), ()))

    return objects


def _subgraph(report, node, prefix: str):
    """The triples of one report result, and the blank nodes it names (a blank shape, path, focus or value).

    Those blank nodes keep their name: the engine copies each into the report once, under the
    name it has in the shapes or the data, which is the same in every chunk; the merge adds one
    copy of each (see `_described`). Returns (result node renamed apart, triples, blank nodes named).
    """
    import rdflib

    top = rdflib.BNode(prefix + str(node)) if isinstance(node, rdflib.BNode) else node
    triples, named = [], set()
    for predicate, obj in report.predicate_objects(node):
        triples.append((top, predicate, obj))
        if isinstance(obj, rdflib.BNode):
            named.add(obj)
    return top, triples, named


def _described(report, node, prefix: str):
    """The report's copy of one blank node: its triples and those of the blank nodes under it,
    those renamed apart; the engine's marker triples left out."""
    import rdflib

    def name(term):
        return rdflib.BNode(prefix + str(term)) if isinstance(term, rdflib.BNode) and term != node else term

    triples, todo, seen = [], [node], {node}
    while todo:
        subject = todo.pop()
        for predicate, obj in report.predicate_objects(subject):
            if str(predicate).startswith(MARKER):
                continue
            triples.append((name(subject), predicate, name(obj)))
            if isinstance(obj, rdflib.BNode) and obj not in seen:
                seen.add(obj)
                todo.append(obj)
    return triples


# -- the whole run -------------------------------------------------------------------------------


def validate_in_chunks(paths, ontology_paths, *, shapes_graph, analysis: ShapesAnalysis, jobs: int,
                       chunk_quads: int, workdir=None, progress=None, dask_client=None):
    """Validate the files chunk by chunk (as tasks of `dask_client`'s cluster when given); return
    (sorted Results, a function making the merged report graph, chunk count).
    `progress(n, total=chunks)` is called as chunks are done.

    Raises StaleClasses when the data's own class hierarchy makes chunking inexact.
    """
    total_bytes = sum(Path(p).stat().st_size for p in paths if Path(p).is_file())
    # about 4 buckets per chunk (100 bytes a line), within the open-file limit of the splitting processes
    buckets = min(_MAX_BUCKETS, max(256, 4 * (total_bytes // 100 // max(chunk_quads, 1) + 1)))
    with tempfile.TemporaryDirectory(prefix="kg-validate-", dir=workdir) as tmp:
        splitters = jobs if dask_client is None else min(jobs, cores())   # the splitting runs here
        part = partition(paths, ontology_paths, analysis=analysis, folder=Path(tmp), buckets=buckets, jobs=splitters)
        own_total = sum(part.counts)
        size = max(1, min(chunk_quads, -(-own_total // max(jobs, 1))))
        part.chunks = group(part.counts, size=size)
        shapes_for_chunks = chunk_shapes(shapes_graph, analysis)
        batchable = batchable_predicates(shapes_graph)
        _STATE.update(partition=part, shapes=shapes_graph, chunk_shapes=shapes_for_chunks,
                      types=_index_types(part), identifiers=_index_identifiers(part),
                      batchable={f"<{p}>".encode(): n for p, n in batchable.items()},
                      value_shapes={p: value_shapes(shapes_for_chunks, p) for p in batchable})
        try:
            pairs, copies = [], {}
            if progress is not None:
                progress(0, total=len(part.chunks))
            chunks = _run(len(part.chunks), jobs) if dask_client is None else _run_on(dask_client, len(part.chunks))
            for _, chunk_pairs, chunk_copies in chunks:
                if progress is not None:
                    progress(1)
                pairs.extend(chunk_pairs)
                for node, triples in chunk_copies.items():
                    copies.setdefault(node, triples)
        finally:
            _STATE.clear()
    pairs.sort(key=lambda pair: pair[0])
    # the report graph costs more than the results (an rdflib graph of every result): made when asked for
    return [r for r, _ in pairs], lambda: _merged_report(pairs, copies, canonical_report), len(part.chunks)


def _run(count: int, jobs: int):
    """Yield each chunk's outcome, in worker processes when jobs > 1 (forked: they share the state)."""
    if jobs <= 1 or count <= 1:
        for index in range(count):
            yield _validate_chunk(index)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, count), mp_context=context) as pool:
        yield from pool.map(_validate_chunk, range(count))


def _run_on(client, count: int):
    """Yield each chunk's outcome, validated as tasks on a Dask cluster.

    This process reads each chunk's lines and sends them in its task (so the scheduler can run it
    again if a worker is lost), a few chunks per worker thread at a time.
    """
    import uuid
    import warnings
    from collections import deque

    state = client.scatter({k: v for k, v in _STATE.items() if k != "types"}, broadcast=True)
    window = 2 * max(1, sum(client.nthreads().values()))
    token = uuid.uuid4().hex[:12]
    pending: deque = deque()
    submitted = 0
    while submitted < count or pending:
        while submitted < count and len(pending) < window:
            with warnings.catch_warnings():   # a chunk is meant to travel inside its task
                warnings.simplefilter("ignore")
                pending.append(client.submit(_validate_chunk, submitted, _chunk_data(submitted), state,
                                             key=f"kg-validate-{token}-{submitted}"))
            submitted += 1
        future = pending.popleft()
        yield future.result()
        future.release()


def _merged_report(pairs, copies, canonical):
    """One sh:ValidationReport over every chunk's results, blank nodes named in result order."""
    import rdflib

    sh = rdflib.Namespace(SH)
    union = rdflib.Graph()
    for triples in copies.values():
        for triple in triples:
            union.add(triple)
    root = rdflib.BNode()
    union.add((root, rdflib.RDF.type, sh.ValidationReport))
    union.add((root, sh.conforms, rdflib.Literal(not pairs)))
    nodes = []
    for _, (node, triples) in pairs:
        for triple in triples:
            union.add(triple)
        union.add((root, sh.result, node))
        nodes.append(node)
    return canonical(union, nodes)

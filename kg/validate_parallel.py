"""Chunked, parallel validation: stream the data once into chunks by subject, validate each chunk
in a worker process with pyshacl-turbo, and merge the results into one sorted report.

Exact only for shapes that `kg.validate_chunks.analyse_shapes` accepts. A chunk holds the
triples whose subject hashes into it, the rdf:type of every node whose class some sh:class asks
for, all rdfs:subClassOf triples and the triples of later steps of sequence paths, and a marker triple per own node of each target class so
that nodes typed only for sh:class are not validated twice.
"""
from __future__ import annotations

import os
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import RdfLoadError
from kg.namespaces import DCTERMS, DIP, RDF, RDFS, SH
from kg.validate_chunks import MARKER, ShapesAnalysis, chunk_shapes, marker, superclasses

_TYPE = f"<{RDF}type>"
_SUBCLASS = f"<{RDFS}subClassOf>"
_IDENTIFIER = f"<{DCTERMS}identifier>"
_LOOKUP = {RDFS + "label", DIP + "source", RDF + "type"}  # what the report needs of a focus node


class StaleClasses(Exception):
    """The data adds rdfs:subClassOf triples that change which types the chunks must share."""


@dataclass
class Partition:
    """The data split into hash buckets on disk, and the files every chunk shares."""

    folder: Path
    buckets: int
    counts: list[int]  # lines per bucket
    shared: Path  # rdf:type triples needed by sh:class, and rdfs:subClassOf triples
    shared_count: int
    identifiers: Path  # dcterms:identifier triples, to name the source articles in the report
    chunks: list[list[int]] = field(default_factory=list)  # bucket numbers per chunk

    def bucket_file(self, number: int) -> Path:
        return self.folder / f"bucket-{number:05d}.nt"


def owner(term: str, buckets: int) -> int:
    """The bucket of a node given in N-Triples syntax (<iri> or _:label): a stable hash."""
    return zlib.crc32(term.encode("utf-8")) % buckets


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def partition(paths, ontology_paths, *, analysis: ShapesAnalysis, folder: Path, buckets: int) -> Partition:
    """Stream the ontology then the data files once, writing each triple to its bucket file.

    Raises StaleClasses if the data files declare subclasses of checked or targeted classes
    that the ontology does not (the shared types were chosen from the ontology's classes).
    """
    import pyoxigraph

    from kg.rdfio import guess_format, ox_format

    subclass_of: dict[str, set[str]] = {}
    for path in ontology_paths:
        for quad in _parse(path, pyoxigraph, guess_format, ox_format):
            if quad.predicate.value == RDFS + "subClassOf" and isinstance(quad.object, pyoxigraph.NamedNode):
                subclass_of.setdefault(quad.subject.value, set()).add(quad.object.value)
    watched = analysis.class_checks | set(analysis.target_classes)
    marker_index = {cls: i for i, cls in enumerate(analysis.target_classes)}
    type_plan: dict[str, tuple[bool, list[str]]] = {}  # class -> (shared?, marker lines' predicates)

    def plan_for(cls: str):
        plan = type_plan.get(cls)
        if plan is None:
            supers = superclasses(subclass_of, cls)
            plan = (bool(supers & analysis.class_checks),
                    [f"<{marker(marker_index[c])}>" for c in analysis.target_classes if c in supers])
            type_plan[cls] = plan
        return plan

    shared_predicates = {f"<{p}>" for p in analysis.shared_predicates}
    handles = [open(folder / f"bucket-{n:05d}.nt", "w", encoding="utf-8", buffering=1 << 16)
               for n in range(buckets)]
    counts = [0] * buckets
    shared_path, ids_path = folder / "shared.nt", folder / "identifiers.nt"
    shared_count = 0
    stale = False
    try:
        with open(shared_path, "w", encoding="utf-8") as shared, open(ids_path, "w", encoding="utf-8") as ids:
            for number, path in enumerate(list(ontology_paths) + list(paths)):
                in_ontology = number < len(ontology_paths)
                for quad in _parse(path, pyoxigraph, guess_format, ox_format):
                    s, p, o = str(quad.subject), str(quad.predicate), quad.object
                    line = f"{s} {p} {o} .\n"
                    bucket = zlib.crc32(s.encode("utf-8")) % buckets
                    if p == _TYPE and isinstance(o, pyoxigraph.NamedNode):
                        to_share, markers = plan_for(o.value)
                        for predicate in markers:
                            handles[bucket].write(f'{s} {predicate} "" .\n')
                            counts[bucket] += 1
                        if to_share:
                            shared.write(line)
                            shared_count += 1
                            continue
                    elif p == _SUBCLASS:
                        if not in_ontology and isinstance(o, pyoxigraph.NamedNode):
                            known = subclass_of.get(quad.subject.value, set())
                            if o.value not in known and superclasses(subclass_of, o.value) & watched:
                                stale = True
                        shared.write(line)
                        shared_count += 1
                        continue
                    elif p in shared_predicates:
                        shared.write(line)
                        shared_count += 1
                        continue
                    elif p == _IDENTIFIER:
                        ids.write(line)
                    handles[bucket].write(line)
                    counts[bucket] += 1
    finally:
        for handle in handles:
            handle.close()
    if stale:
        raise StaleClasses()
    return Partition(folder, buckets, counts, shared_path, shared_count, ids_path)


def _parse(path, pyoxigraph, guess_format, ox_format):
    """Iterate the quads of one file; RdfLoadError names the file if it is missing or does not parse."""
    path = Path(path)
    fmt = guess_format(path)
    if not path.is_file():
        raise RdfLoadError(path, "no such file")
    try:
        yield from pyoxigraph.parse(path=str(path), format=ox_format(fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise RdfLoadError(path, f"does not parse as {fmt}: {exc}") from None


def group(counts: list[int], *, size: int) -> list[list[int]]:
    """Consecutive buckets packed into chunks of at most `size` lines (a bigger bucket is one chunk)."""
    chunks: list[list[int]] = [[]]
    total = 0
    for number, count in enumerate(counts):
        if chunks[-1] and total + count > size:
            chunks.append([])
            total = 0
        chunks[-1].append(number)
        total += count
    return chunks


# -- validating one chunk (runs in a worker process) ---------------------------------------------

_STATE: dict = {}  # set before the workers fork: the shapes graphs and the partition


def _validate_chunk(index: int):
    """Validate chunk `index`: (index, [(Result, (report node, its triples))], {shape blank node: its copy's triples})."""
    import pyshacl_turbo
    from pyshacl_turbo.rdf import Input

    from kg.validate import _results

    part: Partition = _STATE["partition"]
    own = set(part.chunks[index])
    text = "".join(part.bucket_file(n).read_text(encoding="utf-8") for n in sorted(own))
    text += part.shared.read_text(encoding="utf-8")
    _, report, _ = pyshacl_turbo.validate(
        Input(text, "oxigraph-nquads", None, {}, preserve_ids=True), shacl_graph=_STATE["chunk_shapes"],
        inference="none", advanced=True)
    if isinstance(report, Exception):  # pyshacl-turbo reports a failure instead of raising
        raise RuntimeError(str(report))
    import rdflib

    sh = rdflib.Namespace(SH)
    kept = []
    for node in list(report.objects(None, sh.result)):
        focus = report.value(node, sh.focusNode)
        path = report.value(node, sh.resultPath)
        key = f"<{focus}>" if isinstance(focus, rdflib.URIRef) else f"_:{focus}"
        if owner(key, part.buckets) not in own or (path is not None and str(path).startswith(MARKER)):
            continue
        kept.append(node)
    focuses = {str(report.value(n, sh.focusNode)) for n in kept}
    objects = _lookup(text, part.identifiers, focuses) if kept else None
    keep = set(kept)
    pairs, reached = [], set()
    for result, node in _results(report, _STATE["shapes"], objects, nodes=keep):
        top, triples, shape_nodes = _subgraph(report, node, f"c{index}_", _STATE["shape_nodes"])
        pairs.append((result, (top, triples)))
        reached |= shape_nodes
    copies = {n: _subgraph(report, n, f"c{index}_", {n})[1] for n in reached}
    return index, pairs, copies


def _lookup(text: str, identifiers: Path, focuses: set[str]):
    """A report lookup (see kg.validate._lookup_for) over the focus nodes of one chunk."""
    import pyoxigraph

    found: dict[tuple[str, str], set] = {}
    for quad in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_TRIPLES):
        subject = quad.subject
        if isinstance(subject, pyoxigraph.NamedNode) and subject.value in focuses \
                and quad.predicate.value in _LOOKUP:
            found.setdefault((subject.value, quad.predicate.value), set()).add(
                (isinstance(quad.object, pyoxigraph.NamedNode), quad.object.value))
    articles = {v for (s, p), values in found.items() if p == DIP + "source" for is_iri, v in values if is_iri}
    articles |= {s for (s, p), values in found.items() if p == RDF + "type" and (True, DIP + "Article") in values}
    if articles:
        for quad in pyoxigraph.parse(path=str(identifiers), format=pyoxigraph.RdfFormat.N_TRIPLES):
            if quad.subject.value in articles:
                found.setdefault((quad.subject.value, DCTERMS + "identifier"), set()).add(
                    (isinstance(quad.object, pyoxigraph.NamedNode), quad.object.value))

    def objects(subject: str, predicate: str):
        return sorted(found.get((subject, predicate), ()))

    return objects


def _subgraph(report, node, prefix: str, shape_nodes: set):
    """The triples of one report result and of the blank nodes under it, blank nodes renamed apart.

    Blank nodes of the shapes graph (a blank source shape, a sequence path) keep their name and are
    not followed: every chunk's report holds the same copy of them, which the merge adds once.
    Returns (result node, triples, the shape blank nodes reached).
    """
    import rdflib

    def name(term):
        if isinstance(term, rdflib.BNode) and term not in shape_nodes:
            return rdflib.BNode(prefix + str(term))
        return term

    triples, todo, seen, reached = [], [node], {node}, set()
    while todo:
        subject = todo.pop()
        for predicate, obj in report.predicate_objects(subject):
            triples.append((name(subject), predicate, name(obj)))
            if isinstance(obj, rdflib.BNode) and obj not in seen:
                seen.add(obj)
                if obj in shape_nodes and subject == node:
                    reached.add(obj)
                else:
                    todo.append(obj)
    return name(node), triples, reached


# -- the whole run -------------------------------------------------------------------------------


def validate_in_chunks(paths, ontology_paths, *, shapes_graph, analysis: ShapesAnalysis, jobs: int,
                       chunk_quads: int, workdir=None):
    """Validate the files chunk by chunk; return (sorted Results, the merged report graph, chunk count).

    Raises StaleClasses when the data's own class hierarchy makes chunking inexact.
    """
    from kg.validate import _canonical_report

    total_bytes = sum(Path(p).stat().st_size for p in paths if Path(p).is_file())
    buckets = max(256, 4 * (total_bytes // 100 // max(chunk_quads, 1) + 1))
    with tempfile.TemporaryDirectory(prefix="kg-validate-", dir=workdir) as tmp:
        part = partition(paths, ontology_paths, analysis=analysis, folder=Path(tmp), buckets=buckets)
        own_total = sum(part.counts)
        size = max(1, min(chunk_quads, -(-own_total // max(jobs, 1))))
        part.chunks = group(part.counts, size=size)
        _STATE.update(partition=part, shapes=shapes_graph, chunk_shapes=chunk_shapes(shapes_graph, analysis),
                      shape_nodes=_blank_shape_nodes(shapes_graph))
        try:
            pairs, copies = [], {}
            for _, chunk_pairs, chunk_copies in _run(len(part.chunks), jobs):
                pairs.extend(chunk_pairs)
                for node, triples in chunk_copies.items():
                    copies.setdefault(node, triples)
        finally:
            _STATE.clear()
    pairs.sort(key=lambda pair: pair[0])
    return [r for r, _ in pairs], _merged_report(pairs, copies, _canonical_report), len(part.chunks)


def _blank_shape_nodes(shapes_graph) -> set:
    """Blank nodes of the shapes graph: the report names blank shapes by them, in every chunk alike."""
    import rdflib

    return {n for n in shapes_graph.all_nodes() if isinstance(n, rdflib.BNode)}


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

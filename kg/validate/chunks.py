"""Decide whether a shapes graph can be validated chunk by chunk, and prepare the shapes for chunks.

Chunked validation splits the data by focus node (the subject of each triple). That gives the
same results as validating the whole graph only when every constraint looks at the focus node's
own outgoing triples and, for `sh:class`, at the rdf:type of its value nodes, or follows a
sequence path whose later predicates are copied to every chunk. `analyse_shapes` checks this and
names what stands in the way otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.namespaces import RDF, RDFS, SH

# Shapes-graph predicates in the SHACL namespace that keep a shape local to its focus node.
_LOCAL = {
    "targetClass", "targetNode", "targetSubjectsOf", "property", "path",
    "class", "datatype", "nodeKind", "minCount", "maxCount",
    "minExclusive", "minInclusive", "maxExclusive", "maxInclusive",
    "minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang", "in", "hasValue",
    "equals", "disjoint", "lessThan", "lessThanOrEquals", "closed", "ignoredProperties",
    "deactivated", "severity", "message", "name", "description", "order", "group", "defaultValue",
    "declare", "prefixes", "prefix", "namespace",
}
# Predicates the chunks copy to every chunk; targeting their subjects would reach other chunks' nodes.
SHARED_PREDICATES = (RDF + "type", RDFS + "subClassOf")
MARKER = "urn:x-kg-validate:target:"  # + index: marks a chunk's own nodes of a target class


@dataclass
class ShapesAnalysis:
    """Whether chunking is exact for these shapes, and what the chunks need to know."""

    chunkable: bool
    reason: str = ""  # why not, for the user
    class_checks: set[str] = field(default_factory=set)  # sh:class objects: value nodes need these types
    target_classes: list[str] = field(default_factory=list)  # sh:targetClass objects, in marker order
    target_nodes: set[str] = field(default_factory=set)  # sh:targetNode IRIs
    shared_predicates: set[str] = field(default_factory=set)  # later steps of sequence paths: every chunk needs them
    read_predicates: set[str] | None = None  # predicates the shapes read of a focus node; None: all (sh:closed)
    # rdf:type values a shape reads as a value of its focus node (sh:path rdf:type), beyond the
    # target and sh:class classes; None when such a shape may read any type (a count, say)
    type_values: set[str] | None = field(default_factory=set)


def analyse_shapes(shapes_graph) -> ShapesAnalysis:
    """Check that every shape is local to its focus node (see module doc); say what is not."""
    import rdflib

    sh = rdflib.Namespace(SH)
    problems = set()
    for predicate in set(shapes_graph.predicates()):
        if str(predicate).startswith(SH) and str(predicate)[len(SH):] not in _LOCAL:
            problems.add(f"sh:{str(predicate)[len(SH):]}")
    shared = set()
    for shape, path in shapes_graph.subject_objects(sh.path):
        steps = _sequence(shapes_graph, path)
        if steps is None:
            problems.add("a property path other than a predicate or a sequence of predicates")
        else:
            shared.update(steps[1:])
        if (shape, sh.property, None) in shapes_graph:
            problems.add("sh:property on a property shape")
    for shape in set(shapes_graph.subjects(rdflib.RDF.type, sh.NodeShape)) | set(
            shapes_graph.subjects(rdflib.RDF.type, sh.PropertyShape)):
        if {rdflib.RDFS.Class, rdflib.OWL.Class} & set(shapes_graph.objects(shape, rdflib.RDF.type)):
            problems.add("a shape that is also a class (implicit class target)")
    for predicate in shapes_graph.objects(None, sh.targetSubjectsOf):
        if str(predicate) in SHARED_PREDICATES or str(predicate) in shared:
            problems.add(f"sh:targetSubjectsOf <{predicate}>")
    for node in shapes_graph.objects(None, sh.targetNode):
        if not isinstance(node, rdflib.URIRef):
            problems.add("sh:targetNode that is not an IRI")
    for cls in shapes_graph.objects(None, sh["class"]):
        if not isinstance(cls, rdflib.URIRef):
            problems.add("sh:class that is not an IRI")
    if problems:
        return ShapesAnalysis(False, reason="the shapes use " + ", ".join(sorted(problems)))
    closed = any(shapes_graph.objects(None, sh.closed))
    read = {RDF + "type"} | shared | {str(o) for o in shapes_graph.objects(None, sh.targetSubjectsOf)}
    for predicate in (sh.equals, sh.disjoint, sh.lessThan, sh.lessThanOrEquals):
        read |= {str(o) for o in shapes_graph.objects(None, predicate)}
    for path in shapes_graph.objects(None, sh.path):
        read |= set(_sequence(shapes_graph, path)[:1])
    return ShapesAnalysis(
        True,
        read_predicates=None if closed else read,
        type_values=None if closed else _type_values(shapes_graph),
        class_checks={str(c) for c in shapes_graph.objects(None, sh["class"])},
        target_classes=sorted({str(c) for c in shapes_graph.objects(None, sh.targetClass)}),
        target_nodes={str(n) for n in shapes_graph.objects(None, sh.targetNode)},
        shared_predicates=shared,
    )


# what a property shape on rdf:type may say and still read only the types it names in sh:hasValue
_HAS_VALUE_ONLY = {"path", "hasValue", "severity", "message", "name", "description", "order", "group", "deactivated"}


def _type_values(shapes_graph) -> set[str] | None:
    """The classes shapes read as rdf:type values (sh:hasValue of a shape on sh:path rdf:type), or None for any."""
    import rdflib

    sh = rdflib.Namespace(SH)
    values: set[str] = set()
    for predicate in (sh.equals, sh.disjoint, sh.lessThan, sh.lessThanOrEquals):
        if (None, predicate, rdflib.RDF.type) in shapes_graph:
            return None
    for shape, path in shapes_graph.subject_objects(sh.path):
        steps = _sequence(shapes_graph, path) or []
        if steps[:1] != [RDF + "type"]:
            continue
        said = {str(p)[len(SH):] for p in shapes_graph.predicates(shape) if str(p).startswith(SH)}
        if len(steps) > 1 or not said <= _HAS_VALUE_ONLY:
            return None
        values |= {str(v) for v in shapes_graph.objects(shape, sh.hasValue)}
    return values


def _sequence(graph, path) -> list[str] | None:
    """The predicates of a path that is one predicate or a sequence of them, else None."""
    import rdflib
    from rdflib.collection import Collection

    if isinstance(path, rdflib.URIRef):
        return [str(path)]
    if graph.value(path, rdflib.RDF.first) is None:
        return None
    steps = list(Collection(graph, path))
    if not steps or not all(isinstance(step, rdflib.URIRef) for step in steps):
        return None
    return [str(step) for step in steps]


def marker(index: int) -> str:
    """The predicate that marks a chunk's own instances of the `index`-th target class."""
    return f"{MARKER}{index}"


def chunk_shapes(shapes_graph, analysis: ShapesAnalysis):
    """A copy of the shapes whose sh:targetClass C becomes sh:targetSubjectsOf <marker of C>.

    Every chunk holds the rdf:type of value nodes from other chunks (for sh:class); the marker
    keeps those nodes from becoming focus nodes there.
    """
    import rdflib

    sh = rdflib.Namespace(SH)
    rewritten = rdflib.Graph()
    for prefix, namespace in shapes_graph.namespaces():
        rewritten.bind(prefix, namespace)
    index = {cls: i for i, cls in enumerate(analysis.target_classes)}
    for s, p, o in shapes_graph:
        if p == sh.targetClass:
            rewritten.add((s, sh.targetSubjectsOf, rdflib.URIRef(marker(index[str(o)]))))
        else:
            rewritten.add((s, p, o))
    return rewritten


# A value's result under these parameters does not depend on the node's other values: a focus
# node with very many values of a predicate can have them checked in batches (see value_shapes).
_PER_VALUE = {"class", "datatype", "nodeKind", "minExclusive", "minInclusive", "maxExclusive", "maxInclusive",
              "minLength", "maxLength", "pattern", "flags", "languageIn", "in"}
_COUNTS = {"minCount", "maxCount"}
_ABOUT = {"path", "severity", "message", "name", "description", "order", "group", "deactivated", "defaultValue"}
_COMPARED = ("equals", "disjoint", "lessThan", "lessThanOrEquals")


def batchable_predicates(shapes_graph) -> dict[str, int]:
    """Predicates whose values a chunk may check in batches: predicate -> how many values must stay with the node.

    A predicate qualifies when every shape on it is a named property shape with a one-step path
    that says nothing but per-value constraints (sh:class, sh:datatype …), sh:minCount and
    sh:maxCount; no shape compares it (sh:disjoint …). Keeping more values than any count bound
    with the node gives the counts their whole-graph results; the other values are checked by
    `value_shapes` on their own. pyshacl-turbo's time grows with the square of a node's values
    for one predicate (a person cited by 10^4 articles), so this keeps large graphs linear.
    """
    import rdflib

    sh = rdflib.Namespace(SH)
    compared = {str(o) for name in _COMPARED for o in shapes_graph.objects(None, sh[name])}
    keep: dict[str, int] = {}
    refused: set[str] = set(compared) | set(SHARED_PREDICATES)
    for shape, path in shapes_graph.subject_objects(sh.path):
        steps = _sequence(shapes_graph, path) or []
        if not steps:
            continue
        first = steps[0]
        refused.update(steps[1:])   # read from other nodes than the focus node: every chunk needs them whole
        said = {str(p)[len(SH):] for p in shapes_graph.predicates(shape) if str(p).startswith(SH)}
        targets = {"targetClass", "targetNode", "targetSubjectsOf"}
        if len(steps) > 1 or not isinstance(shape, rdflib.URIRef) or not said <= _PER_VALUE | _COUNTS | _ABOUT | targets:
            refused.add(first)
            continue
        bound = 1
        for name, extra in (("minCount", 0), ("maxCount", 1)):
            for value in shapes_graph.objects(shape, sh[name]):
                bound = max(bound, int(value) + extra)
        keep[first] = max(keep.get(first, 1), bound)
    return {p: n for p, n in keep.items() if p not in refused}


def value_shapes(chunk_shapes_graph, predicate: str):
    """The shapes (as `chunk_shapes` made them) reduced to the per-value checks of the property shapes on
    `predicate`: their targets, and no counts or other constraints, for checking batches of values."""
    import rdflib

    sh = rdflib.Namespace(SH)
    graph = rdflib.Graph()
    targets = (sh.targetClass, sh.targetNode, sh.targetSubjectsOf, sh.deactivated)
    counts = {sh[name] for name in _COUNTS}

    def copy(node, skip=()):
        todo, seen = [node], {node}
        while todo:
            subject = todo.pop()
            for p, o in chunk_shapes_graph.predicate_objects(subject):
                if subject == node and p in skip:
                    continue
                graph.add((subject, p, o))
                if isinstance(o, rdflib.BNode) and o not in seen:
                    seen.add(o)
                    todo.append(o)

    for shape in set(chunk_shapes_graph.subjects(sh.path, rdflib.URIRef(predicate))):
        copy(shape, skip=counts)
        for owner_shape in chunk_shapes_graph.subjects(sh.property, shape):
            graph.add((owner_shape, sh.property, shape))
            graph.add((owner_shape, rdflib.RDF.type, sh.NodeShape))
            for target in targets:
                for value in chunk_shapes_graph.objects(owner_shape, target):
                    graph.add((owner_shape, target, value))
    return graph


def superclasses(subclass_of: dict[str, set[str]], cls: str) -> set[str]:
    """`cls` and every class it is an rdfs:subClassOf, transitively."""
    seen, todo = {cls}, [cls]
    while todo:
        for parent in subclass_of.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen

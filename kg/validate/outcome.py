"""What a validation run found, in plain strings: `Result`, `ValidationOutcome`, and reading them
from a SHACL engine's sh:ValidationReport graph (focus labels and source articles added, blank nodes
renamed in result order so reports are byte-stable).

Shared by the whole-graph run (kg.validate.engine) and the chunked one (kg.validate.parallel).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from kg.namespaces import DCTERMS, DIP, RDF, RDFS, SH

SEVERITIES = ("Violation", "Warning", "Info")  # most to least severe
FAIL_ON = {"violation": "Violation", "warning": "Warning", "info": "Info"}
_RANK = {"Info": 0, "Warning": 1, "Violation": 2}

_SHAPE_TYPES = (SH + "NodeShape", SH + "PropertyShape")
_TARGET_PREDICATES = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target")
_PATH_FORMS = {"inversePath": "^", "zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?"}


@dataclass(frozen=True, order=True)
class Result:
    """One SHACL validation result, in plain strings, with where the focus node came from."""

    source_shape: str  # shape IRI; a blank property shape is named "<parent IRI> sh:path <path IRI>"
    focus: str  # focus node IRI ("_:id" for a blank node)
    path: str | None  # predicate IRI, or a SPARQL property path with <IRI>s for complex paths
    constraint: str  # IRI of the sh:sourceConstraintComponent
    value: str | None  # the offending value in Turtle syntax (<IRI>, "literal"^^<datatype>)
    message: str
    severity: str  # "Violation", "Warning", "Info" (or the local name of a custom severity)
    focus_label: str | None = None  # rdfs:label of the focus node in the data
    sources: tuple[str, ...] = ()  # dcterms:identifier of the focus node's dip:source articles

    def fails_at(self, fail_on: str) -> bool:
        """True if this result's severity is at or above the threshold (violation|warning|info)."""
        return severity_rank(self.severity) >= severity_rank(FAIL_ON[fail_on])

    def as_dict(self) -> dict:
        """The result as a JSON-ready dict."""
        return {
            "focus": self.focus,
            "focus_label": self.focus_label,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "severity": self.severity,
            "source_shape": self.source_shape,
            "constraint": self.constraint,
            "sources": list(self.sources),
        }


@dataclass
class ValidationOutcome:
    """What a validation run found: conformance at the threshold, sorted results, the raw report."""

    conforms: bool  # no result at or above `fail_on`
    results: list[Result]
    fail_on: str
    engine: str  # the engine that produced the results: "pyshacl" or "turbo"
    shapes: list[str] = field(default_factory=list)  # every shape in the shapes graph, named like Result.source_shape
    prefixes: dict[str, str] = field(default_factory=dict)  # prefix -> namespace, for compact display
    report: Any = None  # the engine's rdflib sh:ValidationReport graph, or a function that makes it
    notes: list[str] = field(default_factory=list)  # e.g. why the fast engine was not used
    hidden: dict[str, int] = field(default_factory=dict)  # results left out by at_least(), per severity
    min_severity: str | None = None  # the threshold at_least() applied

    @property
    def report_graph(self):
        """The sh:ValidationReport graph (made on first use when a chunked run merged the results only)."""
        if callable(self.report):
            self.report = self.report()
        return self.report

    def counts(self) -> dict[str, int]:
        """Number of results per severity, most severe first (all three always present)."""
        counts = {s: 0 for s in SEVERITIES}
        for result in self.results:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return counts

    def failures(self) -> list[Result]:
        """The results at or above the threshold."""
        return [r for r in self.results if r.fails_at(self.fail_on)]

    def at_least(self, min_severity: str | None) -> "ValidationOutcome":
        """This outcome with only the results at or above `min_severity` (violation|warning|info) to report;
        conformance is unchanged and `hidden` counts what was left out."""
        if min_severity is None or min_severity == "info":
            return self
        shown = [r for r in self.results if r.fails_at(min_severity)]
        hidden: dict[str, int] = {}
        for r in self.results:
            if not r.fails_at(min_severity):
                hidden[r.severity] = hidden.get(r.severity, 0) + 1
        keep = {i for i, r in enumerate(self.results) if r.fails_at(min_severity)}
        original = self.report

        def report():
            graph = original() if callable(original) else original
            return None if graph is None else only_results(graph, keep)

        return dataclasses.replace(self, results=shown, report=report, hidden=hidden, min_severity=min_severity)


def only_results(report, keep: set[int]):
    """A copy of a canonical report graph (see canonical_report) holding only the results numbered in `keep`."""
    import rdflib

    sh = rdflib.Namespace(SH)
    dropped = {node for node in report.objects(None, sh.result)
               if str(node).startswith("result") and int(str(node)[6:12]) not in keep}
    graph = rdflib.Graph()
    for prefix, ns in report.namespaces():
        graph.bind(prefix, ns, override=True)
    for s, p, o in report:
        if s in dropped or o in dropped or any(str(s).startswith(f"{d}_") for d in dropped):
            continue
        graph.add((s, p, o))
    return graph


def severity_rank(severity: str) -> int:
    """Order of severities; an unknown (custom) severity counts as a Violation."""
    return _RANK.get(severity, 2)


def lookup_for(data):
    """A function (subject IRI, predicate IRI) -> sorted list of objects as (is_iri, value) pairs."""
    import rdflib

    if isinstance(data, rdflib.Graph):
        def objects(subject: str, predicate: str):
            return sorted(
                (isinstance(o, rdflib.URIRef), str(o))
                for o in data.objects(rdflib.URIRef(subject), rdflib.URIRef(predicate))
            )
        return objects

    import pyoxigraph

    def objects(subject: str, predicate: str):  # a pyoxigraph Store: any graph
        quads = data.quads_for_pattern(pyoxigraph.NamedNode(subject), pyoxigraph.NamedNode(predicate), None, None)
        return sorted({(isinstance(q.object, pyoxigraph.NamedNode), q.object.value) for q in quads})

    return objects


def _focus_context(focus: str, objects) -> tuple[str | None, tuple[str, ...]]:
    """The focus node's label and the identifiers of the articles it came from."""
    if focus.startswith("_:"):
        return None, ()
    labels = [v for is_iri, v in objects(focus, RDFS + "label") if not is_iri]
    sources = set()
    for is_iri, article in objects(focus, DIP + "source"):
        if is_iri:
            ids = [v for iri, v in objects(article, DCTERMS + "identifier") if not iri]
            sources.update(ids or [article.rstrip("/").rsplit("/", 1)[-1]])
    if (True, DIP + "Article") in objects(focus, RDF + "type"):
        ids = [v for iri, v in objects(focus, DCTERMS + "identifier") if not iri]
        sources.update(ids or [focus.rstrip("/").rsplit("/", 1)[-1]])
    return (labels[0] if labels else None), tuple(sorted(sources))


def read_report(report, shapes_graph, objects):
    """Sorted Results of an engine's report, and the report with blank nodes relabelled in that order."""
    pairs = sorted(read_results(report, shapes_graph, objects), key=lambda pair: pair[0])
    return [result for result, _ in pairs], canonical_report(report, [node for _, node in pairs])


def canonical_report(report, result_nodes):
    """A copy of the report graph whose blank nodes are named by result order (deterministic output)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    canonical = rdflib.Graph()
    names: dict = {}

    def copy(node, name):
        names[node] = rdflib.BNode(name)
        pairs = sorted(report.predicate_objects(node), key=lambda po: (str(po[0]), _sort_key(po[1])))
        for predicate, obj in pairs:
            if isinstance(obj, rdflib.BNode):
                if obj not in names:
                    copy(obj, f"{name}_{len(names)}")
                obj = names[obj]
            canonical.add((names[node], predicate, obj))

    for root in sorted(report.subjects(rdflib.RDF.type, sh.ValidationReport)):
        canonical.add((rdflib.BNode("report"), rdflib.RDF.type, sh.ValidationReport))
        canonical.add((rdflib.BNode("report"), sh.conforms, report.value(root, sh.conforms)))
    for index, node in enumerate(result_nodes):
        copy(node, f"result{index:06d}")
        canonical.add((rdflib.BNode("report"), sh.result, names[node]))
    return canonical


def _sort_key(term) -> str:
    """A sort key that is stable across runs (blank node labels are not)."""
    import rdflib

    return "~" if isinstance(term, rdflib.BNode) else term.n3()


def read_results(report, shapes_graph, objects, *, nodes=None):
    """Yield (Result, report node) for each sh:result of an rdflib report graph (or those in `nodes`)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    context: dict[str, tuple] = {}
    for node in report.objects(None, sh.result):
        if nodes is not None and node not in nodes:
            continue
        focus_node = report.value(node, sh.focusNode)
        focus = _term_id(focus_node)
        if focus not in context:
            is_iri = isinstance(focus_node, rdflib.URIRef)
            context[focus] = _focus_context(focus, objects) if is_iri else (None, ())
        label, sources = context[focus]
        path = report.value(node, sh.resultPath)
        value = report.value(node, sh.value)
        severity = report.value(node, sh.resultSeverity)
        messages = sorted(str(m) for m in report.objects(node, sh.resultMessage))
        yield Result(
            source_shape=shape_name(shapes_graph, report.value(node, sh.sourceShape), report),
            focus=focus,
            path=None if path is None else path_string(report, path),
            constraint=str(report.value(node, sh.sourceConstraintComponent) or ""),
            value=None if value is None else _turtle_term(value),
            message="; ".join(messages),
            severity=_local_name(str(severity)) if severity is not None else "Violation",
            focus_label=label,
            sources=sources,
        ), node


def _turtle_term(term) -> str:
    """A term in Turtle syntax; xsd:string literals are written plain (RDF 1.1 treats them alike)."""
    import rdflib

    if isinstance(term, rdflib.Literal) and term.datatype == rdflib.XSD.string:
        term = rdflib.Literal(str(term))
    return term.n3()


def _term_id(term) -> str:
    """A node as a plain string: its IRI, or "_:id" for a blank node."""
    import rdflib

    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return str(term)


def _local_name(iri: str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return iri.replace("#", "/").rsplit("/", 1)[-1]


def path_string(graph, path, *, bracket: bool = False) -> str:
    """Render a SHACL property path node as a plain IRI (simple path) or SPARQL path syntax."""
    import rdflib
    from rdflib.collection import Collection

    if isinstance(path, rdflib.URIRef):
        return f"<{path}>" if bracket else str(path)
    sh = rdflib.Namespace(SH)
    for name, symbol in _PATH_FORMS.items():
        inner = graph.value(path, sh[name])
        if inner is not None:
            text = path_string(graph, inner, bracket=True)
            return f"^{text}" if symbol == "^" else f"({text}){symbol}"
    alternatives = graph.value(path, sh.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_string(graph, p, bracket=True) for p in Collection(graph, alternatives)) + ")"
    if graph.value(path, rdflib.RDF.first) is not None:
        return "/".join(path_string(graph, p, bracket=True) for p in Collection(graph, path))
    return _term_id(path)


def shape_name(shapes_graph, shape, report=None) -> str:
    """A stable name for a shape: its IRI, or for a blank property shape "<parent IRI> sh:path <path>"."""
    import rdflib

    if shape is None:
        return ""
    if not isinstance(shape, rdflib.BNode):
        return str(shape)
    sh = rdflib.Namespace(SH)
    path = shapes_graph.value(shape, sh.path)
    parent = shapes_graph.value(None, sh.property, shape)
    where = path_string(shapes_graph, path, bracket=True) if path is not None else ""
    if parent is not None:
        parent_name = shape_name(shapes_graph, parent)
        parent_name = f"<{parent_name}>" if isinstance(parent, rdflib.URIRef) else parent_name
        return f"{parent_name} sh:path {where}".strip()
    return f"[] sh:path {where}".strip() if where else f"_:{shape}"


def shape_names(shapes_graph) -> list[str]:
    """Names of every shape in a shapes graph: typed shapes, targeted nodes and sh:property/sh:node objects."""
    import rdflib

    sh = rdflib.Namespace(SH)
    nodes = set()
    for shape_type in _SHAPE_TYPES:
        nodes.update(shapes_graph.subjects(rdflib.RDF.type, rdflib.URIRef(shape_type)))
    for predicate in _TARGET_PREDICATES:
        nodes.update(shapes_graph.subjects(sh[predicate], None))
    nodes.update(shapes_graph.objects(None, sh.property))
    nodes.update(o for o in shapes_graph.objects(None, sh.node) if isinstance(o, (rdflib.URIRef, rdflib.BNode)))
    return sorted({shape_name(shapes_graph, n) for n in nodes})

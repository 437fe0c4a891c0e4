"""Validate RDF data against SHACL shapes (pyshacl-turbo, or pyshacl as the reference engine).

The result is a plain `ValidationOutcome`: one `Result` per SHACL result, enriched with the focus
node's label and source article identifiers so a user can find and fix the input.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import FormatError, KgError, ValidationError
from kg.namespaces import DCTERMS, DIP, PREFIXES, RDF, RDFS, SH

ENGINES = ("auto", "pyshacl", "turbo")
SEVERITIES = ("Violation", "Warning", "Info")  # most to least severe
FAIL_ON = {"violation": "Violation", "warning": "Warning", "info": "Info"}
_RANK = {"Info": 0, "Warning": 1, "Violation": 2}

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHAPES = _PACKAGE_ROOT / "shapes" / "diplomacy.shapes.ttl"
DEFAULT_ONTOLOGY = _PACKAGE_ROOT / "ontology" / "diplomacy.ttl"

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


def severity_rank(severity: str) -> int:
    """Order of severities; an unknown (custom) severity counts as a Violation."""
    return _RANK.get(severity, 2)


def check_options(*, engine: str, fail_on: str) -> None:
    """Raise FormatError if `engine` or `fail_on` is not a known choice."""
    if engine not in ENGINES:
        raise FormatError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if fail_on not in FAIL_ON:
        raise FormatError(f"unknown --fail-on {fail_on!r}; choose one of {', '.join(FAIL_ON)}")


def default_shapes() -> list[Path]:
    """The project's shapes file, resolved beside the installed package; ValidationError if absent."""
    if not DEFAULT_SHAPES.is_file():
        raise ValidationError(f"no shapes given and the default shapes file {DEFAULT_SHAPES} does not exist; pass -s SHAPES")
    return [DEFAULT_SHAPES]


def default_ontology() -> Path | None:
    """The project's ontology file when it exists, else None."""
    return DEFAULT_ONTOLOGY if DEFAULT_ONTOLOGY.is_file() else None


def load_shapes(paths) -> Any:
    """Parse shapes files into one rdflib Graph (RdfLoadError if one does not parse)."""
    from kg.rdfio import load_rdflib

    return load_rdflib([Path(p) for p in paths])


def validate(
    data,
    *,
    shapes=None,
    engine: str = "auto",
    fail_on: str = "violation",
    ontology="default",
    jobs: int | None = None,
    chunk_quads: int | None = None,
    workdir=None,
) -> ValidationOutcome:
    """Validate `data` (a path, list of paths, rdflib Graph or pyoxigraph Store) against SHACL shapes.

    `shapes` is a path, a list of paths or an rdflib Graph (default: the project's shapes);
    `ontology` a path, rdflib Graph, None, or "default" (the project's ontology when present), mixed
    into the data so rdfs:subClassOf holds for sh:class. No inference is run.

    Files are validated in chunks of at most `chunk_quads` triples by `jobs` processes (None or 0:
    every core) when the shapes allow it (same results as the whole graph, bounded memory):
    `chunk_quads` None chunks files bigger than AUTO_CHUNK_BYTES, 0 never chunks. Chunk files go
    to a temporary folder in `workdir` (default: the system's).
    """
    check_options(engine=engine, fail_on=fail_on)
    if jobs is not None and jobs < 0:
        raise FormatError(f"--jobs must be 0 (every core) or more, not {jobs}")
    if chunk_quads is not None and chunk_quads < 0:
        raise FormatError(f"--chunk-quads must be 0 (never chunk) or more, not {chunk_quads}")
    shapes_graph = _shapes_graph(shapes)
    prefixes = _prefixes(shapes_graph)  # before the engines run: they may bind the data's prefixes
    ont = default_ontology() if ontology == "default" else ontology
    ont_paths, ont_graph = ([Path(ont)], None) if isinstance(ont, (str, os.PathLike)) else ([], ont)
    notes: list[str] = []

    chunked = _chunked(data, ont_paths, ont_graph, shapes_graph=shapes_graph, engine=engine, jobs=jobs,
                       chunk_quads=chunk_quads, workdir=workdir, notes=notes)
    if chunked is not None:
        results, report = chunked
        return ValidationOutcome(
            conforms=not any(r.fails_at(fail_on) for r in results),
            results=results,
            fail_on=fail_on,
            engine="turbo",
            shapes=shape_names(shapes_graph),
            prefixes=prefixes,
            report=report,
            notes=notes,
        )

    if engine in ("auto", "turbo"):
        try:
            import pyshacl_turbo  # noqa: F401
        except ImportError as exc:
            if engine == "turbo":
                raise ValidationError(f"the turbo engine is not installed: {exc}") from None
            notes.append("pyshacl-turbo is not installed; used pyshacl")
            engine = "pyshacl"

    if engine == "pyshacl":
        data_obj = _as_rdflib(data, ont_paths)
        report = _run_pyshacl(data_obj, shapes_graph, ont_graph)
        used = "pyshacl"
    else:
        data_obj = _as_store(data, ont_paths)
        try:
            report = _run_turbo(data_obj, shapes_graph, ont_graph)
            used = "turbo"
        except Exception as exc:  # the young engine failed: fall back to the reference one
            if engine == "turbo":
                raise ValidationError(f"pyshacl-turbo failed: {exc}") from None
            notes.append(f"pyshacl-turbo failed ({exc}); used pyshacl")
            data_obj = _as_rdflib(data_obj, [])
            report = _run_pyshacl(data_obj, shapes_graph, ont_graph)
            used = "pyshacl"

    results, report = _read_report(report, shapes_graph, _lookup_for(data_obj))
    return ValidationOutcome(
        conforms=not any(r.fails_at(fail_on) for r in results),
        results=results,
        fail_on=fail_on,
        engine=used,
        shapes=shape_names(shapes_graph),
        prefixes=prefixes,
        report=report,
        notes=notes,
    )


def validate_shapes(shapes, *, fail_on: str = "violation") -> ValidationOutcome:
    """Check shapes files (or an rdflib Graph) against pyshacl's SHACL-for-SHACL meta-shapes."""
    import pyshacl
    import rdflib

    check_options(engine="pyshacl", fail_on=fail_on)
    shapes_graph = _shapes_graph(shapes)
    meta_graph = rdflib.Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl", format="turtle")
    try:
        _, report, _ = pyshacl.validate(shapes_graph, shacl_graph=meta_graph, inference="rdfs", meta_shacl=False)
    except Exception as exc:
        raise ValidationError(f"cannot check the shapes: {exc}") from None
    results, report = _read_report(report, meta_graph, _lookup_for(shapes_graph))
    return ValidationOutcome(
        conforms=not any(r.fails_at(fail_on) for r in results),
        results=results,
        fail_on=fail_on,
        engine="pyshacl",
        shapes=shape_names(meta_graph),
        prefixes={**_prefixes(shapes_graph), "shsh": "http://www.w3.org/ns/shacl-shacl#"},
        report=report,
    )


# -- chunks --------------------------------------------------------------------------------------

AUTO_CHUNK_BYTES = 64 * 1024 * 1024  # files bigger than this (about 300,000 N-Quads lines) are chunked
DEFAULT_CHUNK_QUADS = 250_000  # about 0.5 GB per worker with the project's shapes


def _chunked(data, ont_paths, ont_graph, *, shapes_graph, engine, jobs, chunk_quads, workdir, notes):
    """(Results, report) of chunked validation, or None when the whole graph must be validated (why: in notes)."""
    paths = _paths(data)
    if chunk_quads == 0 or paths is None:
        if paths is None and chunk_quads:
            notes.append("validated the whole graph at once: chunks are made from files, not from a Graph or Store")
        return None
    if chunk_quads is None:
        if sum(p.stat().st_size for p in paths if p.is_file()) <= AUTO_CHUNK_BYTES:
            return None
        chunk_quads = DEFAULT_CHUNK_QUADS
    if engine == "pyshacl" or ont_graph is not None:
        why = "the pyshacl engine" if engine == "pyshacl" else "an ontology given as a Graph"
        notes.append(f"validated the whole graph at once: chunked validation does not support {why}")
        return None
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        if engine == "turbo":
            return None  # the whole-graph path reports the missing engine
        notes.append("validated the whole graph at once: chunked validation needs pyshacl-turbo")
        return None
    from kg.validate_chunks import analyse_shapes
    from kg.validate_parallel import validate_in_chunks
    from kg.validate_partition import StaleClasses, available_cores

    analysis = analyse_shapes(shapes_graph)
    if not analysis.chunkable:
        notes.append(f"validated the whole graph at once: {analysis.reason}, which can look beyond "
                     "a focus node's own triples")
        return None
    jobs = jobs or available_cores()
    try:
        results, report, _ = validate_in_chunks(paths, ont_paths, shapes_graph=shapes_graph, analysis=analysis,
                                                jobs=jobs, chunk_quads=chunk_quads, workdir=workdir)
    except StaleClasses:
        notes.append("validated the whole graph at once: the data declares subclasses of classes the "
                     "shapes check, which the ontology does not")
        return None
    except (KgError, OSError):
        raise
    except Exception as exc:  # a chunk does not parse, or the young engine failed on it
        notes.append(f"validated the whole graph at once: a chunk failed ({exc})")
        return None
    return results, report


# -- loading -------------------------------------------------------------------------------------


def _paths(data) -> list[Path] | None:
    """`data` as a list of paths, or None if it is a graph or store."""
    if isinstance(data, (str, os.PathLike)):
        return [Path(data)]
    if isinstance(data, (list, tuple)) and all(isinstance(p, (str, os.PathLike)) for p in data):
        return [Path(p) for p in data]
    return None


def _shapes_graph(shapes):
    """An rdflib Graph of the shapes from paths, a Graph, or the project default."""
    if shapes is None:
        return load_shapes(default_shapes())
    paths = _paths(shapes)
    if paths is None:
        return shapes
    if not paths:
        return load_shapes(default_shapes())
    return load_shapes(paths)


def _as_rdflib(data, ont_paths):
    """An rdflib Graph from paths (with the ontology files), an rdflib Graph, or a pyoxigraph Store."""
    import rdflib

    from kg.rdfio import load_rdflib

    paths = _paths(data)
    if paths is not None:
        return load_rdflib(paths + ont_paths)
    if isinstance(data, rdflib.Graph):
        if not ont_paths:
            return data
        graph = load_rdflib(ont_paths)
        graph += data
        return graph
    graph = load_rdflib(ont_paths)  # a pyoxigraph Store: copy its union
    for quad in data:
        graph.add((_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object)))
    return graph


def _as_store(data, ont_paths):
    """A pyoxigraph Store from paths (fast bulk load), or the given Graph/Store unchanged."""
    import pyoxigraph

    from kg.errors import RdfLoadError
    from kg.rdfio import guess_format, ox_format

    paths = _paths(data)
    if paths is None:
        if ont_paths:
            return _as_rdflib(data, ont_paths)
        return data
    store = pyoxigraph.Store()
    for path in paths + ont_paths:
        fmt = guess_format(path)
        if not path.is_file():
            raise RdfLoadError(path, "no such file")
        try:
            store.bulk_load(path=str(path), format=ox_format(fmt))
        except (SyntaxError, ValueError, OSError) as exc:
            raise RdfLoadError(path, f"does not parse as {fmt}: {exc}") from None
    return store


def _to_rdflib(term):
    """Convert a pyoxigraph term into the equivalent rdflib term."""
    import pyoxigraph
    import rdflib

    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


# -- engines -------------------------------------------------------------------------------------


def _run_pyshacl(data_graph, shapes_graph, ont_graph):
    """Run pyshacl (no inference) and return its report graph; ValidationError on bad shapes."""
    import pyshacl

    try:
        _, report, _ = pyshacl.validate(
            data_graph, shacl_graph=shapes_graph, ont_graph=ont_graph, inference="none", advanced=True
        )
    except Exception as exc:
        raise ValidationError(f"the shapes cannot be used: {exc}") from None
    return report


def _run_turbo(data, shapes_graph, ont_graph):
    """Run pyshacl-turbo (no inference) and return its report graph."""
    import pyshacl_turbo

    _, report, _ = pyshacl_turbo.validate(
        data, shacl_graph=shapes_graph, ont_graph=ont_graph, inference="none", advanced=True
    )
    return report


# -- reading the report --------------------------------------------------------------------------


def _lookup_for(data):
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


def _read_report(report, shapes_graph, objects):
    """Sorted Results of an engine's report, and the report with blank nodes relabelled in that order."""
    pairs = sorted(_results(report, shapes_graph, objects), key=lambda pair: pair[0])
    return [result for result, _ in pairs], _canonical_report(report, [node for _, node in pairs])


def _canonical_report(report, result_nodes):
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


def _results(report, shapes_graph, objects, *, nodes=None):
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


def _prefixes(graph) -> dict[str, str]:
    """The project's prefixes plus those declared in the shapes files (not rdflib's defaults)."""
    import rdflib

    defaults = {str(ns) for _, ns in rdflib.Graph().namespaces()}
    found = {p: str(ns) for p, ns in graph.namespaces() if p and str(ns) not in defaults}
    return {**found, **PREFIXES, "sh": SH}

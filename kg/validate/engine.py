"""Validate RDF data against SHACL shapes (pyshacl-turbo, or pyshacl as the reference engine).

The result is a plain `ValidationOutcome`: one `Result` per SHACL result, enriched with the focus
node's label and source article identifiers so a user can find and fix the input.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kg import resources
from kg.errors import FormatError, KgError, ValidationError
from kg.namespaces import PREFIXES, SH
from kg.validate.outcome import FAIL_ON, ValidationOutcome, lookup_for, read_report, shape_names

ENGINES = ("auto", "pyshacl", "turbo")
DEFAULT_SHAPES = resources.path(resources.SHAPES, "diplomacy.shapes.ttl")
DEFAULT_ONTOLOGY = resources.path(resources.ONTOLOGY, "diplomacy.ttl")


def check_options(*, engine: str, fail_on: str) -> None:
    """Raise FormatError if `engine` or `fail_on` is not a known choice."""
    if engine not in ENGINES:
        raise FormatError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if fail_on not in FAIL_ON:
        raise FormatError(f"unknown --fail-on {fail_on!r}; choose one of {', '.join(FAIL_ON)}")


def default_shapes() -> list[Path]:
    """The project's shapes file, installed with the package (kg.resources); ValidationError if absent."""
    if not DEFAULT_SHAPES.is_file():
        raise ValidationError(f"no shapes given and the default shapes file {DEFAULT_SHAPES} does not exist; pass -s SHAPES")
    return [DEFAULT_SHAPES]


def default_ontology() -> Path | None:
    """The project's ontology file when it exists, else None."""
    return DEFAULT_ONTOLOGY if DEFAULT_ONTOLOGY.is_file() else None


def load_shapes(paths) -> Any:
    """Parse shapes files into one rdflib Graph (RdfLoadError if one does not parse)."""
    from kg.rdf.files import load_rdflib

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
    progress=None,
    dask_client=None,
) -> ValidationOutcome:
    """Validate `data` (a path, list of paths, rdflib Graph or pyoxigraph Store) against SHACL shapes.

    `shapes` is a path, a list of paths or an rdflib Graph (default: the project's shapes);
    `ontology` a path, rdflib Graph, None, or "default" (the project's ontology when present), mixed
    into the data so rdfs:subClassOf holds for sh:class. No inference is run.

    Files are validated in chunks of at most `chunk_quads` triples by `jobs` processes (None or 0:
    every core) when the shapes allow it (same results as the whole graph, bounded memory):
    `chunk_quads` None chunks files bigger than AUTO_CHUNK_BYTES, 0 never chunks. Chunk files go
    to a temporary folder in `workdir` (default: the system's). `progress(n, total=...)` is called
    as chunks (or the one whole graph) are done. With a `dask_client` (a dask.distributed Client)
    the chunks are validated as tasks on its cluster, files of any size.
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
    if ont is None:
        notes.extend(_without_ontology(shapes_graph, prefixes, missing=ontology == "default"))

    chunked = _chunked(data, ont_paths, ont_graph, shapes_graph=shapes_graph, engine=engine, jobs=jobs,
                       chunk_quads=chunk_quads, workdir=workdir, notes=notes, progress=progress,
                       dask_client=dask_client)
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

    if progress is not None:
        progress(0, total=1)
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

    results, report = read_report(report, shapes_graph, lookup_for(data_obj))
    if progress is not None:
        progress(1)
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


def _without_ontology(shapes_graph, prefixes: dict[str, str], *, missing: bool) -> list[str]:
    """Why results may be wrong without an ontology: the sh:class checks whose classes only the
    project's ontology gives subclasses (an instance of a subclass then fails the check)."""
    import rdflib

    from kg.rdf.files import load_rdflib
    from kg.validate.report import compact

    if not DEFAULT_ONTOLOGY.is_file():
        return [f"validated without an ontology: the project's ontology {DEFAULT_ONTOLOGY} is missing, so "
                "sh:class does not accept instances of subclasses"] if missing else []
    ontology = load_rdflib([DEFAULT_ONTOLOGY])
    checked = {c for c in shapes_graph.objects(None, rdflib.URIRef(SH + "class")) if isinstance(c, rdflib.URIRef)}
    subclass_of = rdflib.RDFS.subClassOf
    found = []
    for cls in sorted(checked):
        subclasses = sorted(set(ontology.transitive_subjects(subclass_of, cls)) - {cls})
        if subclasses and not any(shapes_graph.triples((None, subclass_of, cls))):
            names = ", ".join(compact(str(c), prefixes) for c in subclasses)
            found.append(f"{compact(str(cls), prefixes)} (whose subclasses {names} only the ontology declares)")
    if not found:
        return []
    return ["validated without an ontology: the shapes check sh:class " + "; ".join(found) + ", so "
            "instances of those subclasses fail unless the data states rdfs:subClassOf itself "
            "(drop --no-ontology, or pass --ontology)"]


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
    results, report = read_report(report, meta_graph, lookup_for(shapes_graph))
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


def _chunked(data, ont_paths, ont_graph, *, shapes_graph, engine, jobs, chunk_quads, workdir, notes, progress=None,
             dask_client=None):
    """(Results, report) of chunked validation, or None when the whole graph must be validated (why: in notes)."""
    paths = _paths(data)
    if chunk_quads == 0 or paths is None:
        if paths is None and chunk_quads:
            notes.append("validated the whole graph at once: chunks are made from files, not from a Graph or Store")
        return None
    if chunk_quads is None:
        if sum(p.stat().st_size for p in paths if p.is_file()) <= AUTO_CHUNK_BYTES and dask_client is None:
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
    from kg.validate.chunks import analyse_shapes
    from kg.validate.parallel import validate_in_chunks
    from kg.host import cores
    from kg.validate.partition import StaleClasses

    analysis = analyse_shapes(shapes_graph)
    if not analysis.chunkable:
        notes.append(f"validated the whole graph at once: {analysis.reason}, which can look beyond "
                     "a focus node's own triples")
        return None
    jobs = jobs or (sum(dask_client.nthreads().values()) if dask_client is not None else cores())
    try:
        results, report, _ = validate_in_chunks(paths, ont_paths, shapes_graph=shapes_graph, analysis=analysis,
                                                jobs=jobs, chunk_quads=chunk_quads, workdir=workdir,
                                                progress=progress, dask_client=dask_client)
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

    from kg.rdf.files import load_rdflib, to_rdflib

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
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _as_store(data, ont_paths):
    """A pyoxigraph Store from paths (fast bulk load), or the given Graph/Store unchanged."""
    import pyoxigraph

    from kg.errors import RdfLoadError
    from kg.rdf.files import guess_format, ox_format

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


def _prefixes(graph) -> dict[str, str]:
    """The project's prefixes plus those declared in the shapes files (not rdflib's defaults)."""
    import rdflib

    defaults = {str(ns) for _, ns in rdflib.Graph().namespaces()}
    found = {p: str(ns) for p, ns in graph.namespaces() if p and str(ns) not in defaults}
    return {**found, **PREFIXES, "sh": SH}

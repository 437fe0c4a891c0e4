"""Reading and writing RDF files: format names, extension guessing, parsing into rdflib or pyoxigraph."""
from __future__ import annotations

import os
from pathlib import Path

from kg.errors import FormatError, RdfLoadError

# short format name -> (pyoxigraph RdfFormat attribute, rdflib format name, media type)
FORMATS = {
    "ttl": ("TURTLE", "turtle", "text/turtle"),
    "nt": ("N_TRIPLES", "nt", "application/n-triples"),
    "nq": ("N_QUADS", "nquads", "application/n-quads"),
    "trig": ("TRIG", "trig", "application/trig"),
    "jsonld": ("JSON_LD", "json-ld", "application/ld+json"),
    "rdf": ("RDF_XML", "xml", "application/rdf+xml"),
}
EXTENSIONS = {
    ".ttl": "ttl", ".turtle": "ttl", ".nt": "nt", ".ntriples": "nt", ".nq": "nq", ".nquads": "nq",
    ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "rdf", ".owl": "rdf", ".xml": "rdf",
}
QUAD_FORMATS = {"nq", "trig"}


def guess_format(path: str | os.PathLike, default: str | None = None) -> str:
    """Short format name from a file's extension (under a .gz one), or `default`; FormatError if neither."""
    name = Path(str(path))
    fmt = EXTENSIONS.get((name.with_suffix("") if is_gzip(name) else name).suffix.lower(), default)
    if fmt is None:
        raise FormatError(f"cannot tell the RDF format of {path}; name it with --format ({', '.join(FORMATS)})")
    return fmt


def is_gzip(path: str | os.PathLike) -> bool:
    """Is this a gzipped file (by its name: `.gz`)?"""
    return str(path).lower().endswith(".gz")


def open_binary(path: str | os.PathLike):
    """A binary file object reading `path`, decompressed when it is gzipped."""
    import gzip

    return gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")


def check_format(fmt: str) -> str:
    """Return `fmt` if it is a known short format name, else raise FormatError."""
    if fmt not in FORMATS:
        raise FormatError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


def ox_format(fmt: str):
    """The pyoxigraph RdfFormat for a short format name."""
    import pyoxigraph

    return getattr(pyoxigraph.RdfFormat, FORMATS[check_format(fmt)][0])


def load_rdflib(paths, *, fmt: str | None = None):
    """Parse RDF files into one rdflib Graph (quads are read as their merged graph).

    TriG, N-Quads and JSON-LD are parsed by pyoxigraph and their triples added to the Graph:
    rdflib's own parsers for them go through its deprecated ConjunctiveGraph API.
    """
    import rdflib

    graph = rdflib.Graph()
    for path in paths:
        f = fmt or guess_format(path)
        if f in QUAD_FORMATS or f == "jsonld":
            for quad in parse_quads(path, fmt=f):
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
            continue
        try:
            graph.parse(str(path), format=FORMATS[f][1])
        except FileNotFoundError:
            raise RdfLoadError(path, "no such file") from None
        except Exception as exc:  # rdflib raises many parser-specific types
            raise RdfLoadError(path, f"does not parse as {f}: {exc}") from None
    return graph


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term):
    """The rdflib term equal to a pyoxigraph term (an xsd:string literal as a plain one, as rdflib's parsers give it)."""
    import pyoxigraph
    import rdflib

    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def parse_quads(path, *, fmt: str | None = None):
    """Parse an RDF file with pyoxigraph and return its quads as a list."""
    import pyoxigraph

    f = fmt or guess_format(path)
    try:
        if is_gzip(path):
            with open_binary(path) as handle:
                return list(pyoxigraph.parse(handle, format=ox_format(f)))
        return list(pyoxigraph.parse(path=str(path), format=ox_format(f)))
    except FileNotFoundError:
        raise RdfLoadError(path, "no such file") from None
    except (SyntaxError, ValueError, OSError) as exc:
        raise RdfLoadError(path, f"does not parse as {f}: {exc}") from None

"""Explain a node: the sentences of the articles behind it, from the oa:Annotation evidence of a build.

`explain(graph_paths, node)` finds the node (full IRI, prefixed name such as `person:anna-weber`,
or a label) and returns, for every annotation whose body is that node, the article, the character
offsets, the sentence and what the sentence supports. `explain_node(store, node)` does the same on
a store (the embedded one, or files loaded into memory) and says whether the data holds evidence at all.

Takes built RDF files or a store and a node, gives `Evidence`. May import the base modules, kg.rdf, kg.store.
"""
from __future__ import annotations

from typing import NamedTuple

from kg.errors import NodeError
from kg.namespaces import DCTERMS, OA, PREFIXES, RDFS, SKOS


class Evidence(NamedTuple):
    """One sentence behind a node: article id, offsets, the sentence, and what it supports."""

    article: str
    start: int
    end: int
    sentence: str
    supports: str


def load_store(graph_paths):
    """A pyoxigraph Store holding the quads of the given RDF files."""
    import pyoxigraph as ox

    from kg.rdf.files import parse_quads

    store = ox.Store()
    for path in graph_paths:
        quads = parse_quads(path)
        store.extend([ox.Quad(q.subject, q.predicate, q.object, q.graph_name) for q in quads])
    return store


def shorten(iri: str) -> str:
    """A prefixed name for an IRI when a known prefix fits ("dip:attendee"), else the IRI."""
    best = None
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and (best is None or len(base) > len(PREFIXES[best])):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def find_node(store, node: str) -> str:
    """The IRI a user's NODE means: a full IRI, a prefixed name or a label; NodeError if none or several."""
    import pyoxigraph as ox

    text = node.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    candidates: list[str] = []
    if "://" in text:
        candidates = [text]
    elif ":" in text and text.split(":", 1)[0] in PREFIXES and " " not in text:
        prefix, local = text.split(":", 1)
        candidates = [PREFIXES[prefix] + local]
    for iri in candidates:
        if any(True for _ in store.quads_for_pattern(ox.NamedNode(iri), None, None, None)) or \
                any(True for _ in store.quads_for_pattern(None, None, ox.NamedNode(iri), None)):
            return iri
    if candidates:
        raise NodeError(node, "no such node in the data")
    wanted = text.casefold()
    found = set()
    for pred in (RDFS + "label", SKOS + "altLabel"):
        for quad in store.quads_for_pattern(None, ox.NamedNode(pred), None, None):
            if isinstance(quad.object, ox.Literal) and quad.object.value.casefold() == wanted:
                found.add(quad.subject.value)
    if not found:
        raise NodeError(node, "no node has this IRI, prefixed name or label")
    if len(found) > 1:
        raise NodeError(node, "several nodes have this label: " + ", ".join(sorted(shorten(f) for f in found)))
    return found.pop()


class Explanation(NamedTuple):
    """The evidence behind a node, and whether the data holds any evidence annotation at all (a graph
    built with `--evidence none` holds none)."""

    node: str
    evidence: list[Evidence]
    data_has_evidence: bool


def explain(graph_paths, node: str) -> list[Evidence]:
    """The evidence sentences behind a node of RDF files, sorted by article and offset."""
    return explain_node(load_store(graph_paths), node).evidence


def explain_node(store, node: str) -> Explanation:
    """The evidence sentences behind a node of a pyoxigraph store (all its graphs), sorted by article and offset."""
    iri = find_node(store, node)
    query = f"""
        PREFIX oa: <{OA}> PREFIX dip: <{PREFIXES['dip']}> PREFIX dcterms: <{DCTERMS}>
        SELECT DISTINCT ?article ?start ?end ?exact ?prop ?value WHERE {{
          ?ann a oa:Annotation ; oa:hasBody <{iri}> ; dip:supports ?prop ; oa:hasTarget ?t .
          OPTIONAL {{ ?ann dip:supportsValue ?value }}
          ?t oa:hasSource ?art ; oa:hasSelector ?pos, ?quote .
          ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
          ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
          OPTIONAL {{ ?art dcterms:identifier ?id }}
          BIND(COALESCE(STR(?id), STR(?art)) AS ?article)
        }}"""
    out = set()
    for row in store.query(query, use_default_graph_as_union=True):
        supports = shorten(row["prop"].value)
        if row["value"] is not None:
            supports += " " + shorten(row["value"].value)
        out.add(Evidence(row["article"].value, int(row["start"].value), int(row["end"].value),
                         row["exact"].value, supports))
    evidence = sorted(out, key=lambda e: (e.article, e.start, e.end, e.supports))
    annotated = bool(evidence) or bool(store.query(f"ASK {{ ?a a <{OA}Annotation> }}", use_default_graph_as_union=True))
    return Explanation(iri, evidence, annotated)

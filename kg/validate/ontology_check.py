"""Self-checks of the ontology: every term declared, labelled and typed, and the contract terms intact.

The functions return lists of problems (empty when all is well) so that tests and a CLI can share them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kg.namespaces import DCTERMS, DIP, OWL, RDF, RDFS

ONTOLOGY_IRI = "https://w3id.org/diplomacy-kg/ontology"

# rdf:type of a declaration -> the kind name used in problems and in the contract
KINDS = {
    OWL + "Class": "class",
    OWL + "ObjectProperty": "object",
    OWL + "DatatypeProperty": "datatype",
    OWL + "AnnotationProperty": "annotation",
    OWL + "NamedIndividual": "individual",
    RDF + "Property": "property",
}
PROPERTY_KINDS = {"object", "datatype", "annotation", "property"}

# The fixed terms of the ontology contract, one per line with its kind (ontology/contract.tsv).
CONTRACT_FILE = "contract.tsv"
KIND_NAMES = {"class", "object", "datatype"}

_CURIE_PREFIXES = {"dip": DIP, "dcterms": DCTERMS, "rdfs": RDFS}
_DIP_IN_TEXT = re.compile(r"\bdip:([A-Za-z][A-Za-z0-9_]*)")


def contract_terms(path=None) -> dict[str, str]:
    """The contract's terms (full IRI -> 'class' / 'object' / 'datatype') from its data file, by default
    the one installed beside the ontology; ValueError names a line that is not `prefix:name<TAB>kind`."""
    from kg import resources

    path = resources.path(resources.ONTOLOGY, CONTRACT_FILE) if path is None else path
    terms: dict[str, str] = {}
    header = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if header is None:
            header = line
            continue
        term, _, kind = line.partition("\t")
        prefix, _, name = term.partition(":")
        if prefix not in _CURIE_PREFIXES or not name or kind not in KIND_NAMES:
            raise ValueError(f"{path}:{number}: expected prefix:name<TAB>kind, got {line!r}")
        terms[_CURIE_PREFIXES[prefix] + name] = kind
    return terms


def contract_terms_from_markdown(text: str) -> dict[str, str]:
    """The contract's terms (full IRI -> 'class' / 'object' / 'datatype') read from its Markdown tables.

    A class-table row is `| `dip:X` | what it is |`; a property-table row is
    `| `p` | domain → range | notes |`, a datatype property when the range is an xsd type or a string.
    """
    terms: dict[str, str] = {}
    section = None
    for line in text.splitlines():
        heading = re.match(r"#+\s*(\w+)", line)
        if heading:
            section = heading.group(1).lower()
            continue
        row = re.match(r"\|\s*`(\w+):(\w+)`\s*\|([^|]*)\|", line)
        if not row or row.group(1) not in _CURIE_PREFIXES:
            continue
        iri = _CURIE_PREFIXES[row.group(1)] + row.group(2)
        if iri == RDFS + "label":
            continue
        if section == "classes":
            terms[iri] = "class"
        elif section == "properties":
            target = row.group(3).split("→")[-1]
            terms[iri] = "datatype" if ("xsd:" in target or "string" in target) else "object"
    return terms


def declared_terms(graph) -> dict[str, set[str]]:
    """Every IRI the graph declares (types with an OWL/RDF declaration class) and the kinds it has."""
    from rdflib import RDF as R, URIRef

    kinds: dict[str, set[str]] = {}
    for type_iri, kind in KINDS.items():
        for subject in graph.subjects(R.type, URIRef(type_iri)):
            if isinstance(subject, URIRef):
                kinds.setdefault(str(subject), set()).add(kind)
    return kinds


def dip_terms_in_graph(graph) -> set[str]:
    """Every IRI in the dip: namespace used anywhere in the graph (subject, predicate or object)."""
    from rdflib import URIRef

    return {str(term) for triple in graph for term in triple if isinstance(term, URIRef) and str(term).startswith(DIP)}


def dip_terms_in_text(text: str) -> set[str]:
    """Every `dip:Name` written in a text (documentation, queries), as full IRIs."""
    return {DIP + name for name in _DIP_IN_TEXT.findall(text)}


def undeclared_terms(graph, terms: Iterable[str]) -> list[str]:
    """The given IRIs that the ontology graph does not declare, sorted."""
    declared = declared_terms(graph)
    return sorted(set(terms) - set(declared))


def check_ontology(graph, *, contract: Mapping[str, str] | None = None) -> list[str]:
    """Problems found in an ontology graph: header, declarations, labels, domains, contract terms.

    `contract` maps full IRIs to 'class' / 'object' / 'datatype'; it defaults to `contract_terms()`.
    """
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL as O, RDF as R, RDFS as S, XSD, DCTERMS as D

    contract = contract_terms() if contract is None else contract
    problems: list[str] = []
    onto = URIRef(ONTOLOGY_IRI)

    headers = set(graph.subjects(R.type, O.Ontology))
    if headers != {onto}:
        problems.append(f"expected one owl:Ontology <{ONTOLOGY_IRI}>, found {sorted(map(str, headers))}")
    for prop in (O.versionIRI, O.versionInfo, D.title, D.description, S.comment):
        if graph.value(onto, prop) is None:
            problems.append(f"ontology header lacks {graph.namespace_manager.normalizeUri(prop)}")

    declared = declared_terms(graph)
    for iri in sorted(dip_terms_in_graph(graph) - set(declared)):
        problems.append(f"{iri} is used but not declared")

    for iri, kinds in sorted(declared.items()):
        if not iri.startswith(DIP):
            continue
        node = URIRef(iri)
        labels = list(graph.objects(node, S.label))
        if len(labels) != 1:
            problems.append(f"{iri} has {len(labels)} rdfs:label (expected 1)")
        if graph.value(node, S.comment) is None:
            problems.append(f"{iri} has no rdfs:comment")
        if (node, S.isDefinedBy, onto) not in graph:
            problems.append(f"{iri} has no rdfs:isDefinedBy <{ONTOLOGY_IRI}>")
        if kinds & PROPERTY_KINDS:
            for prop in (S.domain, S.range):
                if graph.value(node, prop) is None:
                    problems.append(f"{iri} has no {graph.namespace_manager.normalizeUri(prop)}")
        if {"object", "datatype"} <= kinds:
            problems.append(f"{iri} is both an object and a datatype property")

    for iri, kind in sorted(contract.items()):
        have = declared.get(iri, set())
        if not have:
            problems.append(f"contract term {iri} is not declared")
        elif kind not in have:
            problems.append(f"contract term {iri} should be a {kind}, is {', '.join(sorted(have))}")

    if (URIRef(DIP + "Minister"), S.subClassOf, URIRef(DIP + "Person")) not in graph:
        problems.append("dip:Minister is not rdfs:subClassOf dip:Person")

    for role in sorted(graph.subjects(R.type, URIRef(DIP + "Role")), key=str):
        flags = list(graph.objects(role, URIRef(DIP + "ministerial")))
        if len(flags) != 1 or not (isinstance(flags[0], Literal) and flags[0].datatype == XSD.boolean):
            problems.append(f"role {role} needs exactly one xsd:boolean dip:ministerial")
    return problems

"""The ontology file: it parses, declares and documents every term it, the shapes and the RDF model use,
and keeps every contract term with the right kind."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.validate.ontology_check import (
    CONTRACT_TERMS,
    ONTOLOGY_IRI,
    check_ontology,
    contract_terms_from_markdown,
    declared_terms,
    dip_terms_in_graph,
    dip_terms_in_text,
    undeclared_terms,
)

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = ROOT / "ontology" / "diplomacy.ttl"
SHAPES_FILE = ROOT / "shapes" / "diplomacy.shapes.ttl"
RDF_MODEL_DOC = ROOT / "docs" / "rdf-model.md"
CONTRACT_FILE = ROOT.parent / "shared" / "ontology-contract.md"
DIP = Namespace("https://w3id.org/diplomacy-kg/ontology#")

ROLES = """HeadOfState President VicePresident Monarch SupremeLeader HeadOfGovernment PrimeMinister
DeputyPrimeMinister Chancellor ForeignMinister DefenceMinister InteriorMinister FinanceMinister Minister
SecretaryOfState Spokesperson Ambassador Envoy Diplomat Official Legislator Governor Mayor MilitaryOfficer
SecretaryGeneral Analyst Candidate PartyLeader Journalist ReligiousLeader Other""".split()
MINISTERIAL = {"PrimeMinister", "DeputyPrimeMinister", "Chancellor", "ForeignMinister", "DefenceMinister",
               "InteriorMinister", "FinanceMinister", "Minister", "SecretaryOfState"}


def contract_terms() -> dict[str, str]:
    """The contract's terms read from the contract file, or the literal list when the file is absent."""
    if CONTRACT_FILE.is_file():
        return contract_terms_from_markdown(CONTRACT_FILE.read_text(encoding="utf-8"))
    return CONTRACT_TERMS


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The parsed ontology."""
    return Graph().parse(ONTOLOGY_FILE)


def test_ontology_passes_every_self_check(ontology):
    """Header, declarations, labels, comments, domains and ranges, contract terms: no problem found."""
    assert check_ontology(ontology, contract=contract_terms()) == []


def test_contract_file_and_literal_list_agree():
    """The literal contract list used when the contract file is absent matches the file."""
    if not CONTRACT_FILE.is_file():
        pytest.skip("contract file not present in this tree")
    assert contract_terms_from_markdown(CONTRACT_FILE.read_text(encoding="utf-8")) == CONTRACT_TERMS


@pytest.mark.parametrize("iri,kind", sorted(contract_terms().items()))
def test_contract_term_is_declared_with_its_kind(ontology, iri, kind):
    """Each contract term is an owl:Class, owl:ObjectProperty or owl:DatatypeProperty as the contract says."""
    assert kind in declared_terms(ontology).get(iri, set())


def test_header(ontology):
    """The ontology header names the ontology, its version IRI and version 0.1.0."""
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/0.1.0")
    assert ontology.value(onto, OWL.versionInfo) == Literal("0.1.0")


def test_minister_is_a_person(ontology):
    """dip:Minister rdfs:subClassOf dip:Person, so RDFS reasoners find ministers among people."""
    assert (DIP.Minister, RDFS.subClassOf, DIP.Person) in ontology


def test_terms_used_by_the_shapes_are_declared(ontology):
    """Every dip: term the shapes mention exists in the ontology."""
    shapes = Graph().parse(SHAPES_FILE)
    assert undeclared_terms(ontology, dip_terms_in_graph(shapes)) == []


def test_terms_in_the_rdf_model_are_declared(ontology):
    """Every dip: term docs/rdf-model.md says the builder writes exists in the ontology."""
    used = dip_terms_in_text(RDF_MODEL_DOC.read_text(encoding="utf-8"))
    assert len(used) > 40
    assert undeclared_terms(ontology, used) == []


def test_roles_and_their_ministerial_flag(ontology):
    """All role individuals exist; dip:ministerial is true exactly on the government-member roles."""
    roles = {str(r).removeprefix(str(DIP)) for r in ontology.subjects(RDF.type, DIP.Role)}
    assert roles == set(ROLES)
    ministerial = {str(r).removeprefix(str(DIP)) for r in ontology.subjects(DIP.ministerial, Literal(True))}
    assert ministerial == MINISTERIAL


def test_meeting_status_individuals(ontology):
    """dip:Held and dip:Planned are the individuals of dip:MeetingStatus."""
    assert set(ontology.subjects(RDF.type, DIP.MeetingStatus)) == {DIP.Held, DIP.Planned}


def test_alignments_stated(ontology):
    """The alignments users query through hold: schema.org, PROV-O and ORG super-terms."""
    schema, prov, org = Namespace("https://schema.org/"), Namespace("http://www.w3.org/ns/prov#"), \
        Namespace("http://www.w3.org/ns/org#")
    for triple in [
        (DIP.Meeting, RDFS.subClassOf, schema.Event),
        (DIP.Person, RDFS.subClassOf, schema.Person),
        (DIP.Country, RDFS.subClassOf, schema.Country),
        (DIP.City, RDFS.subClassOf, schema.City),
        (DIP.Article, RDFS.subClassOf, prov.Entity),
        (DIP.Statement, RDFS.subClassOf, prov.Entity),
        (DIP.Role, RDFS.subClassOf, org.Role),
        (DIP.source, RDFS.subPropertyOf, prov.wasDerivedFrom),
        (DIP.represents, RDFS.seeAlso, org.memberOf),
    ]:
        assert triple in ontology

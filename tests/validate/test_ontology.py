"""The ontology file: it parses, declares and documents every term it, the shapes and the RDF model use,
and keeps every contract term with the right kind."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.validate.ontology_check import (
    ONTOLOGY_IRI,
    check_ontology,
    contract_terms,
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
SHARED_CONTRACT = ROOT.parent / "shared" / "ontology-contract.md"
DIP = Namespace("https://w3id.org/diplomacy-kg/ontology#")

ROLES = """HeadOfState President VicePresident Monarch SupremeLeader HeadOfGovernment PrimeMinister
DeputyPrimeMinister Chancellor ForeignMinister DefenceMinister InteriorMinister FinanceMinister Minister
SecretaryOfState Spokesperson Ambassador Envoy Diplomat Official Legislator Governor Mayor MilitaryOfficer
SecretaryGeneral Analyst Candidate PartyLeader Journalist ReligiousLeader Other""".split()
MINISTERIAL = {"PrimeMinister", "DeputyPrimeMinister", "Chancellor", "ForeignMinister", "DefenceMinister",
               "InteriorMinister", "FinanceMinister", "Minister", "SecretaryOfState"}


CONTRACT_DATA = ROOT / "ontology" / "contract.tsv"
CONTRACT = contract_terms()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The parsed ontology."""
    return Graph().parse(ONTOLOGY_FILE)


def test_ontology_passes_every_self_check(ontology):
    """Header, declarations, labels, comments, domains and ranges, the contract's terms: no problem found."""
    assert check_ontology(ontology) == []


def test_the_contract_terms_come_from_the_repository_s_data_file():
    """The installed contract is ontology/contract.tsv, and it never loses a term (where the shared
    contract is not beside the repository to compare with, this is what catches one dropped)."""
    assert contract_terms(CONTRACT_DATA) == CONTRACT
    kinds = {kind: {iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for iri, k in CONTRACT.items() if k == kind}
             for kind in ("class", "object", "datatype")}
    assert kinds["class"] >= {"Meeting", "Person", "Minister", "Country", "City", "Statement", "Article"}
    assert kinds["object"] >= {"location", "participant", "host", "attendee", "represents", "inCountry", "speaker",
                               "madeAt", "source"}
    assert kinds["datatype"] >= {"date", "isoCode", "text", "identifier", "issued", "title"}


@pytest.mark.skipif(not SHARED_CONTRACT.is_file(), reason=f"no shared contract at {SHARED_CONTRACT} to compare with")
def test_the_data_file_matches_the_shared_contract():
    """ontology/contract.tsv lists exactly the terms and kinds of the shared contract's tables."""
    assert contract_terms_from_markdown(SHARED_CONTRACT.read_text(encoding="utf-8")) == CONTRACT


@pytest.mark.parametrize("iri,kind", sorted(CONTRACT.items()))
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

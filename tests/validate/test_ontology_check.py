"""kg.validate.ontology_check finds each kind of problem it promises to find, and reads the contract's tables."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.validate.ontology_check import check_ontology, contract_terms, contract_terms_from_markdown, dip_terms_in_text

ROOT = Path(__file__).resolve().parents[2]
DIP = Namespace("https://w3id.org/diplomacy-kg/ontology#")


@pytest.fixture()
def ontology() -> Graph:
    """A fresh copy of the project's ontology, for each test to break."""
    return Graph().parse(ROOT / "ontology" / "diplomacy.ttl")


def test_missing_label_and_comment_are_reported(ontology):
    """A term without rdfs:label or rdfs:comment is named in the problems."""
    ontology.remove((DIP.madeAt, RDFS.label, None))
    ontology.remove((DIP.madeAt, RDFS.comment, None))
    problems = check_ontology(ontology)
    assert f"{DIP.madeAt} has 0 rdfs:label (expected 1)" in problems
    assert f"{DIP.madeAt} has no rdfs:comment" in problems


def test_missing_contract_term_is_reported(ontology):
    """Dropping a contract term's declaration is a problem (its other triples make it 'used' too)."""
    ontology.remove((DIP.speaker, RDF.type, None))
    problems = check_ontology(ontology)
    assert f"contract term {DIP.speaker} is not declared" in problems
    assert f"{DIP.speaker} is used but not declared" in problems


def test_wrong_kind_is_reported(ontology):
    """A contract datatype property declared as an object property is a problem."""
    ontology.remove((DIP.date, RDF.type, OWL.DatatypeProperty))
    ontology.add((DIP.date, RDF.type, OWL.ObjectProperty))
    assert any(p.startswith(f"contract term {DIP.date} should be a datatype") for p in check_ontology(ontology))


def test_undeclared_use_and_missing_domain_are_reported(ontology):
    """A dip: term only mentioned, and a property without rdfs:domain, are problems."""
    ontology.add((DIP.Meeting, RDFS.seeAlso, DIP.Summit))
    ontology.remove((DIP.host, RDFS.domain, None))
    problems = check_ontology(ontology)
    assert f"{DIP.Summit} is used but not declared" in problems
    assert f"{DIP.host} has no rdfs:domain" in problems


def test_header_and_minister_subclass_are_checked(ontology):
    """A missing versionInfo and a lost Minister ⊑ Person axiom are problems."""
    ontology.remove((None, OWL.versionInfo, None))
    ontology.remove((DIP.Minister, RDFS.subClassOf, DIP.Person))
    problems = check_ontology(ontology)
    assert "ontology header lacks owl:versionInfo" in problems
    assert "dip:Minister is not rdfs:subClassOf dip:Person" in problems


def test_role_without_ministerial_flag_is_reported(ontology):
    """Every role individual needs one boolean dip:ministerial."""
    ontology.remove((DIP.Envoy, DIP.ministerial, None))
    ontology.add((DIP.Mayor, DIP.ministerial, Literal("yes")))
    problems = check_ontology(ontology)
    assert f"role {DIP.Envoy} needs exactly one xsd:boolean dip:ministerial" in problems
    assert f"role {DIP.Mayor} needs exactly one xsd:boolean dip:ministerial" in problems


def test_contract_tables_are_parsed():
    """Class rows give classes; property rows give datatype or object properties by their range."""
    text = """## Classes
| class | what it is |
| --- | --- |
| `dip:Meeting` | a meeting |
## Properties
| property | domain → range | notes |
| --- | --- | --- |
| `rdfs:label` | any → string | |
| `dip:date` | Meeting → `xsd:date` | |
| `dip:location` | Meeting → City | |
| `dcterms:title` | Article → string | headline |
"""
    assert contract_terms_from_markdown(text) == {
        str(DIP.Meeting): "class", str(DIP.date): "datatype", str(DIP.location): "object",
        "http://purl.org/dc/terms/title": "datatype",
    }
    assert set(contract_terms()) >= set(contract_terms_from_markdown(text))


def test_the_contract_data_file_decides_what_is_checked(ontology, tmp_path):
    """A term added to a contract file must be declared; a term the file leaves out is not asked for."""
    data = tmp_path / "contract.tsv"
    data.write_text("# a comment\nterm\tkind\ndip:Meeting\tclass\ndip:Summit\tclass\n", encoding="utf-8")
    assert contract_terms(data) == {str(DIP.Meeting): "class", str(DIP.Summit): "class"}
    assert [p for p in check_ontology(ontology, contract=contract_terms(data)) if "contract" in p] == \
        [f"contract term {DIP.Summit} is not declared"]


@pytest.mark.parametrize("row", ["dip:Meeting class", "dip:Meeting\tthing", "foaf:name\tdatatype", "Meeting\tclass"])
def test_a_contract_row_that_does_not_read_is_an_error_naming_its_line(tmp_path, row):
    data = tmp_path / "contract.tsv"
    data.write_text(f"term\tkind\ndip:Person\tclass\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"contract.tsv:3: expected prefix:name<TAB>kind"):
        contract_terms(data)


def test_dip_terms_in_text():
    """Terms are found in prose and tables, with trailing punctuation left out."""
    assert dip_terms_in_text("`dip:Minister`* and dip:role, not dipx:Foo") == {str(DIP.Minister), str(DIP.role)}

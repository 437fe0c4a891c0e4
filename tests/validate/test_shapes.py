"""The SHACL shapes: valid SHACL, one named shape per constraint, and each constraint caught by a minimal pair.

Each case has a valid fixture (no validation results at all) and an invalid one that differs by one
triple or two and gives exactly one result: the expected shape, constraint component, severity and message.
Validation runs with pyshacl, the ontology as ont_graph (it supplies the dip:Role individuals) and no inference.
"""
from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, Graph, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
SHAPES_FILE = ROOT / "shapes" / "diplomacy.shapes.ttl"
ONTOLOGY_FILE = ROOT / "ontology" / "diplomacy.ttl"
META_SHAPES_FILE = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"

SH = Namespace("http://www.w3.org/ns/shacl#")
DIP = Namespace("https://w3id.org/diplomacy-kg/ontology#")
DIP_SH = Namespace("https://w3id.org/diplomacy-kg/shapes#")
V, W, I = "Violation", "Warning", "Info"

# named property shape -> the message a user sees when it fails
MESSAGES = {
    "Meeting-label": "A meeting has at most one rdfs:label, an xsd:string.",
    "Meeting-date": "A meeting has at most one dip:date, an xsd:date.",
    "Meeting-dateMissing": "The meeting has no dip:date.",
    "Meeting-location": "A meeting has at most one dip:location, a dip:City.",
    "Meeting-locationMissing": "The meeting has no dip:location.",
    "Meeting-participant": "A dip:participant of a meeting must be a dip:Country.",
    "Meeting-participantNotAbsent": "A country is both dip:participant and dip:absent of this meeting.",
    "Meeting-host": "A dip:host of a meeting must be a dip:Country.",
    "Meeting-absent": "A dip:absent of a meeting must be a dip:Country.",
    "Meeting-attendee": "A dip:attendee of a meeting must be a dip:Person.",
    "Meeting-attendeeMissing": "The meeting has no dip:attendee.",
    "Meeting-status": "A meeting has at most one dip:status, dip:Held or dip:Planned.",
    "Meeting-source": "A meeting must have at least one dip:source, a dip:Article.",
    "Person-label": "A person has exactly one rdfs:label, an xsd:string.",
    "Person-altLabel": "A skos:altLabel of a person must be an xsd:string.",
    "Person-represents": "A dip:represents of a person must be a dip:Country.",
    "Person-representsMissing": "The person has no dip:represents.",
    "Person-role": "A dip:role of a person must be a dip:Role individual.",
    "Person-source": "A person must have at least one dip:source, a dip:Article.",
    "Minister-type": "A dip:Minister must also be typed dip:Person.",
    "Minister-role": "The minister has no ministerial dip:role.",
    "Country-label": "A country has exactly one rdfs:label, an xsd:string.",
    "Country-isoCode": "A country has exactly one dip:isoCode of two upper-case letters.",
    "Country-geonames": "A country has at most one dip:geonames, an IRI https://sws.geonames.org/{id}/.",
    "City-label": "A city has exactly one rdfs:label, an xsd:string.",
    "City-inCountry": "A city has exactly one dip:inCountry, a dip:Country.",
    "City-geonames": "A city has at most one dip:geonames, an IRI https://sws.geonames.org/{id}/.",
    "Statement-text": "A statement has exactly one dip:text, a non-empty xsd:string.",
    "Statement-speaker": "A statement has at most one dip:speaker, a dip:Person.",
    "Statement-speakerMissing": "The statement has no dip:speaker.",
    "Statement-madeAt": "A statement has at most one dip:madeAt, a dip:Meeting.",
    "Statement-madeAtMissing": "The statement is not linked to a meeting by dip:madeAt.",
    "Statement-direct": "A statement has at most one dip:direct, an xsd:boolean.",
    "Statement-source": "A statement must have at least one dip:source, a dip:Article.",
    "Article-identifier": "An article has exactly one dcterms:identifier, a non-empty xsd:string.",
    "Article-title": "An article has at most one dcterms:title, an xsd:string.",
    "Article-issued": "An article has at most one dcterms:issued, an xsd:date.",
    "Article-contentHash": "An article has at most one dip:contentHash of 40 lower-case hex digits.",
    "Role-label": "A role has exactly one rdfs:label, an xsd:string.",
    "Role-ministerial": "A role has at most one dip:ministerial, an xsd:boolean.",
}

# fixture case -> (named property shape, constraint component, severity)
CASES = {
    "meeting-label.datatype": ("Meeting-label", "Datatype", V),
    "meeting-label.maxcount": ("Meeting-label", "MaxCount", V),
    "meeting-date.datatype": ("Meeting-date", "Datatype", V),
    "meeting-date.maxcount": ("Meeting-date", "MaxCount", V),
    "meeting-date-missing.mincount": ("Meeting-dateMissing", "MinCount", I),
    "meeting-location.class": ("Meeting-location", "Class", V),
    "meeting-location.maxcount": ("Meeting-location", "MaxCount", V),
    "meeting-location-missing.mincount": ("Meeting-locationMissing", "MinCount", W),
    "meeting-participant.class": ("Meeting-participant", "Class", V),
    "meeting-participant-not-absent.disjoint": ("Meeting-participantNotAbsent", "Disjoint", V),
    "meeting-host.class": ("Meeting-host", "Class", V),
    "meeting-absent.class": ("Meeting-absent", "Class", V),
    "meeting-attendee.class": ("Meeting-attendee", "Class", V),
    "meeting-attendee-missing.mincount": ("Meeting-attendeeMissing", "MinCount", W),
    "meeting-status.in": ("Meeting-status", "In", V),
    "meeting-status.maxcount": ("Meeting-status", "MaxCount", V),
    "meeting-source.class": ("Meeting-source", "Class", V),
    "meeting-source.mincount": ("Meeting-source", "MinCount", V),
    "person-label.datatype": ("Person-label", "Datatype", V),
    "person-label.mincount": ("Person-label", "MinCount", V),
    "person-label.maxcount": ("Person-label", "MaxCount", V),
    "person-altlabel.datatype": ("Person-altLabel", "Datatype", V),
    "person-represents.class": ("Person-represents", "Class", V),
    "person-represents-missing.mincount": ("Person-representsMissing", "MinCount", I),
    "person-role.class": ("Person-role", "Class", V),
    "person-role.nodekind": ("Person-role", "NodeKind", V),
    "person-source.class": ("Person-source", "Class", V),
    "person-source.mincount": ("Person-source", "MinCount", V),
    "minister-type.hasvalue": ("Minister-type", "HasValue", V),
    "minister-role.hasvalue": ("Minister-role", "HasValue", W),
    "country-label.datatype": ("Country-label", "Datatype", V),
    "country-label.mincount": ("Country-label", "MinCount", V),
    "country-label.maxcount": ("Country-label", "MaxCount", V),
    "country-isocode.datatype": ("Country-isoCode", "Datatype", V),
    "country-isocode.mincount": ("Country-isoCode", "MinCount", V),
    "country-isocode.maxcount": ("Country-isoCode", "MaxCount", V),
    "country-isocode.pattern": ("Country-isoCode", "Pattern", V),
    "country-geonames.nodekind": ("Country-geonames", "NodeKind", V),
    "country-geonames.maxcount": ("Country-geonames", "MaxCount", V),
    "country-geonames.pattern": ("Country-geonames", "Pattern", V),
    "city-label.datatype": ("City-label", "Datatype", V),
    "city-label.mincount": ("City-label", "MinCount", V),
    "city-label.maxcount": ("City-label", "MaxCount", V),
    "city-incountry.class": ("City-inCountry", "Class", V),
    "city-incountry.mincount": ("City-inCountry", "MinCount", V),
    "city-incountry.maxcount": ("City-inCountry", "MaxCount", V),
    "city-geonames.nodekind": ("City-geonames", "NodeKind", V),
    "city-geonames.maxcount": ("City-geonames", "MaxCount", V),
    "city-geonames.pattern": ("City-geonames", "Pattern", V),
    "statement-text.datatype": ("Statement-text", "Datatype", V),
    "statement-text.mincount": ("Statement-text", "MinCount", V),
    "statement-text.maxcount": ("Statement-text", "MaxCount", V),
    "statement-text.minlength": ("Statement-text", "MinLength", V),
    "statement-speaker.class": ("Statement-speaker", "Class", V),
    "statement-speaker.maxcount": ("Statement-speaker", "MaxCount", V),
    "statement-speaker-missing.mincount": ("Statement-speakerMissing", "MinCount", W),
    "statement-madeat.class": ("Statement-madeAt", "Class", V),
    "statement-madeat.maxcount": ("Statement-madeAt", "MaxCount", V),
    "statement-madeat-missing.mincount": ("Statement-madeAtMissing", "MinCount", I),
    "statement-direct.datatype": ("Statement-direct", "Datatype", V),
    "statement-direct.maxcount": ("Statement-direct", "MaxCount", V),
    "statement-source.class": ("Statement-source", "Class", V),
    "statement-source.mincount": ("Statement-source", "MinCount", V),
    "article-identifier.datatype": ("Article-identifier", "Datatype", V),
    "article-identifier.mincount": ("Article-identifier", "MinCount", V),
    "article-identifier.maxcount": ("Article-identifier", "MaxCount", V),
    "article-identifier.minlength": ("Article-identifier", "MinLength", V),
    "article-title.datatype": ("Article-title", "Datatype", V),
    "article-title.maxcount": ("Article-title", "MaxCount", V),
    "article-issued.datatype": ("Article-issued", "Datatype", V),
    "article-issued.maxcount": ("Article-issued", "MaxCount", V),
    "article-contenthash.datatype": ("Article-contentHash", "Datatype", V),
    "article-contenthash.maxcount": ("Article-contentHash", "MaxCount", V),
    "article-contenthash.pattern": ("Article-contentHash", "Pattern", V),
    "role-label.datatype": ("Role-label", "Datatype", V),
    "role-label.mincount": ("Role-label", "MinCount", V),
    "role-label.maxcount": ("Role-label", "MaxCount", V),
    "role-ministerial.datatype": ("Role-ministerial", "Datatype", V),
    "role-ministerial.maxcount": ("Role-ministerial", "MaxCount", V),
}

# constraint parameter -> the component it belongs to (for the coverage check)
COMPONENT_OF = {
    SH.datatype: "Datatype", SH.minCount: "MinCount", SH.maxCount: "MaxCount", SH["class"]: "Class",
    SH.disjoint: "Disjoint", SH["in"]: "In", SH.nodeKind: "NodeKind", SH.hasValue: "HasValue",
    SH.pattern: "Pattern", SH.minLength: "MinLength",
}
CONTRACT_CLASSES = ["Meeting", "Person", "Minister", "Country", "City", "Statement", "Article"]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The project's shapes graph."""
    return Graph().parse(SHAPES_FILE)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The project's ontology graph."""
    return Graph().parse(ONTOLOGY_FILE)


def _results(data_file: Path, shapes: Graph, ontology: Graph) -> list[tuple[str, str, str, str]]:
    """(source shape local name, component, severity, message) of every validation result, sorted."""
    data = Graph().parse(data_file)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = str(report.value(result, SH.sourceShape)).removeprefix(str(DIP_SH))
        component = str(report.value(result, SH.sourceConstraintComponent)).removeprefix(str(SH))
        severity = str(report.value(result, SH.resultSeverity)).removeprefix(str(SH))
        out.append((shape, component.removesuffix("ConstraintComponent"), severity,
                    str(report.value(result, SH.resultMessage))))
    return sorted(out)


@pytest.mark.parametrize("case", sorted(CASES))
def test_valid_fixture_gives_no_result(case, shapes, ontology):
    """The valid half of each pair passes every shape, without even a Warning or Info."""
    assert _results(FIXTURES / f"{case}.valid.ttl", shapes, ontology) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_invalid_fixture_gives_exactly_the_expected_result(case, shapes, ontology):
    """The invalid half gives one result: the named shape, component, severity and message expected."""
    shape, component, severity = CASES[case]
    expected = [(shape, component, severity, MESSAGES[shape])]
    assert _results(FIXTURES / f"{case}.invalid.ttl", shapes, ontology) == expected


def test_every_fixture_file_belongs_to_a_case():
    """No fixture lies unused, and every case has both halves."""
    files = {p.name for p in FIXTURES.glob("*.ttl")}
    expected = {f"{case}.{half}.ttl" for case in CASES for half in ("valid", "invalid")}
    assert files == expected


def test_every_constraint_of_every_shape_has_a_case(shapes):
    """Each (property shape, constraint component) in the shapes file is exercised by a fixture pair."""
    in_shapes = set()
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        name = str(shape).removeprefix(str(DIP_SH))
        for parameter, component in COMPONENT_OF.items():
            if (shape, parameter, None) in shapes:
                in_shapes.add((name, component))
        others = {p for p in shapes.predicates(shape, None)} - set(COMPONENT_OF) - {
            RDF.type, SH.path, SH.severity, SH.name, SH.description, SH.message}
        assert not others, f"{name} uses constraint parameters this test does not know: {others}"
    assert in_shapes == {(shape, component) for shape, component, _ in CASES.values()}


def test_every_property_shape_is_named_and_documented(shapes):
    """Property shapes are IRIs with a name, description, message and severity; node shapes are labelled."""
    property_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert {str(s).removeprefix(str(DIP_SH)) for s in property_shapes} == set(MESSAGES)
    for shape in property_shapes:
        assert isinstance(shape, URIRef) and str(shape).startswith(str(DIP_SH))
        for prop in (SH.name, SH.description, SH.message, SH.severity, SH.path):
            assert len(list(shapes.objects(shape, prop))) == 1, (shape, prop)
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert isinstance(shape, URIRef)
        assert shapes.value(shape, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) is not None
        assert shapes.value(shape, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")) is not None
    # no blank-node property shapes hiding under a node shape
    for shape in shapes.objects(None, SH.property):
        assert shape in property_shapes


def test_every_contract_class_has_a_node_shape(shapes):
    """A named node shape targets each class of the contract."""
    for name in CONTRACT_CLASSES:
        node_shape = DIP_SH[f"{name}Shape"]
        assert (node_shape, RDF.type, SH.NodeShape) in shapes
        assert (node_shape, SH.targetClass, DIP[name]) in shapes


def test_shapes_avoid_sparql_constraints(shapes):
    """SPARQL-based constraints make pyshacl about ten times slower; the shapes use none."""
    assert not list(shapes.subject_objects(SH.sparql))


def test_shapes_conform_to_shacl_for_shacl(shapes):
    """The shapes graph is valid SHACL by the W3C SHACL-for-SHACL meta-shapes that pyshacl ships."""
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=Graph().parse(META_SHAPES_FILE), inference="none")
    assert conforms, text


def test_meta_shapes_catch_broken_shapes():
    """The meta-shape check is not vacuous: a shape with a non-integer sh:minCount fails it."""
    broken = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
        ex:P sh:path ex:p ; sh:minCount "one" .
    """, format="turtle")
    conforms, _, _ = pyshacl.validate(broken, shacl_graph=Graph().parse(META_SHAPES_FILE), inference="none")
    assert not conforms


def test_role_check_needs_the_ontology(shapes):
    """Without the ontology as ont_graph, a valid dip:role is reported: the role individuals live there."""
    data = Graph().parse(FIXTURES / "person-role.class.valid.ttl")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    sources = {str(s).removeprefix(str(DIP_SH)) for s in report.objects(None, SH.sourceShape)}
    assert sources == {"Person-role"}

"""kg.validate.chunks: which shapes can be validated chunk by chunk, and how the shapes are rewritten."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.validate.chunks import analyse_shapes, chunk_shapes, marker, superclasses
from kg.validate.engine import DEFAULT_SHAPES, load_shapes

FIXTURES = Path(__file__).parents[1] / "fixtures" / "validate"
PREFIXES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
)


def shapes(text: str):
    return rdflib.Graph().parse(data=PREFIXES + text, format="turtle")


def test_project_shapes_can_be_chunked():
    analysis = analyse_shapes(load_shapes([DEFAULT_SHAPES]))
    assert analysis.chunkable, analysis.reason
    assert "https://w3id.org/diplomacy-kg/ontology#Country" in analysis.class_checks
    # dip-sh:Minister-role follows dip:role / dip:ministerial: the second step is copied to every chunk
    assert analysis.shared_predicates == {"https://w3id.org/diplomacy-kg/ontology#ministerial"}


def test_test_shapes_can_be_chunked():
    assert analyse_shapes(load_shapes([FIXTURES / "shapes.ttl"])).chunkable


@pytest.mark.parametrize(("text", "named"), [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:T ] .", "sh:node"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .",
     "property path"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:maxCount 3 ] .",
     "property path"),
    ("ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:nodeKind sh:IRI .", "sh:targetObjectsOf"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:or ( [ sh:path ex:p ; sh:minCount 1 ] ) .", "sh:or"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .", "sh:sparql"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
     "sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ] .", "sh:qualifiedValueShape"),
    ("ex:S a sh:NodeShape ; sh:targetSubjectsOf rdf:type ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
     "sh:targetSubjectsOf"),
    ("ex:S a sh:NodeShape, <http://www.w3.org/2000/01/rdf-schema#Class> ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
     "implicit class target"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
     "sh:property [ sh:path ex:q ; sh:minCount 1 ] ] .", "sh:property on a property shape"),
])
def test_shapes_that_look_beyond_the_focus_node_are_refused_with_a_reason(text, named):
    analysis = analyse_shapes(shapes(text))
    assert not analysis.chunkable
    assert named in analysis.reason


def test_local_constraints_are_accepted():
    analysis = analyse_shapes(shapes(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:targetNode ex:n ; sh:targetSubjectsOf ex:q ;"
        " sh:closed true ; sh:ignoredProperties ( rdf:type ) ;"
        " sh:property [ sh:path ex:p ; sh:class ex:D ; sh:datatype <http://www.w3.org/2001/XMLSchema#string> ;"
        " sh:minCount 1 ; sh:maxCount 2 ; sh:pattern \"^a\" ; sh:in ( \"a\" \"b\" ) ; sh:disjoint ex:q ;"
        " sh:lessThan ex:r ; sh:hasValue \"a\" ; sh:minLength 1 ; sh:severity sh:Warning ] ."))
    assert analysis.chunkable, analysis.reason
    assert analysis.class_checks == {"http://example.org/D"}
    assert analysis.target_classes == ["http://example.org/C"]
    assert analysis.target_nodes == {"http://example.org/n"}


def test_target_classes_become_markers_and_nothing_else_changes():
    graph = shapes("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .")
    rewritten = chunk_shapes(graph, analyse_shapes(graph))
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    ex = rdflib.Namespace("http://example.org/")
    assert (ex.S, sh.targetClass, None) not in rewritten
    assert (ex.S, sh.targetSubjectsOf, rdflib.URIRef(marker(0))) in rewritten
    assert len(rewritten) == len(graph)


def test_superclasses_are_transitive_and_include_the_class():
    assert superclasses({"a": {"b"}, "b": {"c"}}, "a") == {"a", "b", "c"}
    assert superclasses({}, "x") == {"x"}


def test_project_shapes_read_only_the_person_type_of_a_minister():
    # dip-sh:Minister-type is sh:path rdf:type ; sh:hasValue dip:Person: no other type is read there
    assert analyse_shapes(load_shapes([DEFAULT_SHAPES])).type_values == {"https://w3id.org/diplomacy-kg/ontology#Person"}


@pytest.mark.parametrize("constraint", ["sh:minCount 2", "sh:in ( ex:D )", "sh:class ex:D"])
def test_a_shape_that_may_read_any_type_keeps_every_type(constraint):
    analysis = analyse_shapes(shapes(f"ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
                                     f"sh:property [ sh:path rdf:type ; {constraint} ] ."))
    assert analysis.chunkable and analysis.type_values is None


def test_a_type_compared_with_another_property_keeps_every_type():
    analysis = analyse_shapes(shapes("ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
                                     "sh:property [ sh:path ex:p ; sh:disjoint rdf:type ] ."))
    assert analysis.type_values is None

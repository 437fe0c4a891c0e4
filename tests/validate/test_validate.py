"""kg.validate.engine: each injected error gives exactly its result, on both engines, with label and source."""
from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from kg.errors import FormatError, RdfLoadError, ValidationError
from kg.validate import engine as kv

FIXTURES = Path(__file__).parents[1] / "fixtures" / "validate"
SHAPES = FIXTURES / "shapes.ttl"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
VARIANTS = sorted(EXPECTED)
KEYS = ("focus", "path", "source_shape", "severity", "constraint", "value")


@functools.lru_cache(maxsize=None)
def outcome(variant: str, engine: str, shapes: str = str(SHAPES), fail_on: str = "violation"):
    """Validate one fixture (cached: the results are read-only)."""
    path = FIXTURES / "valid.ttl" if variant == "valid" else FIXTURES / "variants" / f"{variant}.ttl"
    return kv.validate(path, shapes=None if shapes == "default" else shapes, engine=engine, fail_on=fail_on)


@pytest.mark.parametrize("engine", ["pyshacl", "turbo", "auto"])
def test_valid_graph_conforms(engine):
    result = outcome("valid", engine)
    assert result.conforms and result.results == []
    assert result.engine == ("turbo" if engine == "auto" else engine)


@pytest.mark.parametrize("engine", ["pyshacl", "turbo"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_each_injected_error_gives_exactly_its_result(variant, engine):
    result = outcome(variant, engine)
    assert [{k: getattr(r, k) for k in KEYS} for r in result.results] == [EXPECTED[variant]]
    assert result.conforms == (EXPECTED[variant]["severity"] != "Violation")


@pytest.mark.parametrize("variant", VARIANTS)
def test_both_engines_report_the_same_results(variant):
    def key(o):
        return {(r.focus, r.path, r.source_shape, r.severity) for r in o.results}

    assert key(outcome(variant, "pyshacl")) == key(outcome(variant, "turbo"))


def test_result_names_focus_label_and_source_articles():
    result = outcome("person-without-country", "auto").results[0]
    assert result.focus_label == "Sam Sample"
    assert result.sources == ("001_aaaa",)
    assert result.message == "The country this person speaks for is not known."


def test_a_node_from_two_articles_lists_both(tmp_path):
    data = (FIXTURES / "valid.ttl").read_text().replace("    dip:represents country:FR ;\n", "")
    path = tmp_path / "data.ttl"
    path.write_text(data)
    (result,) = kv.validate(path, shapes=SHAPES).results
    assert (result.focus_label, result.sources) == ("Alex Example", ("001_aaaa", "002_bbbb"))


def test_an_article_focus_names_itself_as_source():
    assert outcome("article-without-identifier", "auto").results[0].sources == ("002_bbbb",)


@pytest.mark.parametrize(
    ("fail_on", "conforms"), [("violation", True), ("warning", False), ("info", False)]
)
def test_fail_on_threshold_decides_conformance_for_a_warning(fail_on, conforms):
    result = outcome("meeting-without-attendee", "auto", fail_on=fail_on)
    assert result.conforms is conforms
    assert len(result.failures()) == (0 if conforms else 1)


def test_info_fails_only_at_info_threshold():
    assert outcome("person-without-country", "auto", fail_on="warning").conforms
    assert not outcome("person-without-country", "auto", fail_on="info").conforms


def test_counts_per_severity():
    assert outcome("meeting-without-attendee", "auto").counts() == {"Violation": 0, "Warning": 1, "Info": 0}


def test_several_files_are_validated_as_one_graph(tmp_path):
    extra = tmp_path / "extra.nt"
    extra.write_text(
        "<https://w3id.org/diplomacy-kg/id/country/XX> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/diplomacy-kg/ontology#Country> .\n"
    )
    paths = [FIXTURES / "variants" / "meeting-without-attendee.ttl", extra]
    found = {(r.focus.rsplit("/", 1)[-1], r.severity) for r in kv.validate(paths, shapes=SHAPES).results}
    assert found == {("2024-03-05-fr-paris", "Warning"), ("XX", "Violation")}


@pytest.mark.parametrize("engine", ["pyshacl", "turbo"])
def test_data_that_does_not_parse_is_a_load_error(engine):
    with pytest.raises(RdfLoadError) as info:
        kv.validate(FIXTURES / "not-turtle.ttl", shapes=SHAPES, engine=engine)
    assert "not-turtle.ttl" in str(info.value) and info.value.exit_code == 2


def test_missing_data_file_is_a_load_error(tmp_path):
    with pytest.raises(RdfLoadError, match="no such file"):
        kv.validate(tmp_path / "missing.ttl", shapes=SHAPES)


@pytest.mark.parametrize("engine", ["pyshacl", "turbo", "auto"])
def test_invalid_shapes_are_a_validation_error(engine):
    with pytest.raises(ValidationError):
        kv.validate(FIXTURES / "valid.ttl", shapes=FIXTURES / "broken-shapes.ttl", engine=engine)


def test_unknown_engine_or_threshold_is_refused():
    with pytest.raises(FormatError):
        kv.validate(FIXTURES / "valid.ttl", shapes=SHAPES, engine="jena")
    with pytest.raises(FormatError):
        kv.validate(FIXTURES / "valid.ttl", shapes=SHAPES, fail_on="error")


def test_auto_falls_back_to_pyshacl_when_turbo_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("engine crashed")

    monkeypatch.setattr(kv, "_run_turbo", broken)
    result = kv.validate(FIXTURES / "variants" / "iso-code-lower-case.ttl", shapes=SHAPES)
    assert result.engine == "pyshacl"
    assert "engine crashed" in result.notes[0]
    assert [r.constraint for r in result.results] == [EXPECTED["iso-code-lower-case"]["constraint"]]


def test_graph_and_store_inputs_give_the_same_results():
    import pyoxigraph
    import rdflib

    path = FIXTURES / "variants" / "location-not-a-city.ttl"
    graph = rdflib.Graph().parse(path)
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    expected = outcome("location-not-a-city", "auto").results
    assert kv.validate(graph, shapes=SHAPES, engine="pyshacl").results == expected
    assert kv.validate(store, shapes=SHAPES, engine="turbo").results == expected
    assert kv.validate(store, shapes=SHAPES, engine="pyshacl").results == expected


def test_ontology_subclasses_count_for_sh_class(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass dip:Meeting ;"
        " sh:property [ sh:path dip:attendee ; sh:class dip:Person ] .\n"
    )
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .\n"
        "<urn:m> a dip:Meeting ; dip:attendee <urn:p> . <urn:p> a dip:Minister .\n"
    )
    ontology = tmp_path / "ont.ttl"
    ontology.write_text(
        "@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .\n"
        "dip:Minister <http://www.w3.org/2000/01/rdf-schema#subClassOf> dip:Person .\n"
    )
    for engine in ("pyshacl", "turbo"):
        assert not kv.validate(data, shapes=shapes, ontology=None, engine=engine).conforms
        assert kv.validate(data, shapes=shapes, ontology=ontology, engine=engine).conforms


def test_without_an_ontology_a_note_names_the_sh_class_checks_that_need_it(tmp_path):
    """The project's shapes check sh:class dip:Person, and dip:Minister is a Person only by the ontology."""
    data = tmp_path / "data.ttl"
    data.write_text("<urn:p> a <https://w3id.org/diplomacy-kg/ontology#Minister> .\n")
    notes = " ".join(kv.validate(data, ontology=None).notes)
    assert "without an ontology" in notes and "dip:Person" in notes and "dip:Minister" in notes
    assert not any("ontology" in note for note in kv.validate(data).notes)


def test_no_note_when_the_shapes_need_no_ontology_subclass(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass dip:Meeting ; sh:property [ sh:path dip:city ; sh:class dip:City ] .\n"
    )
    data = tmp_path / "data.ttl"
    data.write_text("<urn:m> a <https://w3id.org/diplomacy-kg/ontology#Meeting> .\n")
    assert kv.validate(data, shapes=shapes, ontology=None).notes == []


@pytest.mark.parametrize("engine", ["pyshacl", "turbo"])
def test_a_literal_focus_node_is_reported(tmp_path, engine):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .\n"
        "<urn:CodeShape> a sh:NodeShape ; sh:targetObjectsOf dip:isoCode ; sh:pattern \"^[A-Z]+$\" .\n"
    )
    (result,) = kv.validate(FIXTURES / "variants" / "iso-code-lower-case.ttl", shapes=shapes, engine=engine).results
    assert result.focus == "de" and result.focus_label is None and result.sources == ()


def test_shapes_are_named_blank_property_shapes_by_parent_and_path():
    names = kv.validate(FIXTURES / "valid.ttl", shapes=SHAPES).shapes
    assert "https://example.org/test-shapes#MeetingDateShape" in names
    assert "<https://example.org/test-shapes#ArticleShape> sh:path <http://purl.org/dc/terms/identifier>" in names
    assert len(names) == 13


def test_output_order_is_deterministic():
    paths = sorted((FIXTURES / "variants").glob("*.ttl"))
    first = kv.validate(paths, shapes=SHAPES).results
    assert first == sorted(first) and kv.validate(list(reversed(paths)), shapes=SHAPES).results == first


def test_good_shapes_pass_shacl_for_shacl():
    assert kv.validate_shapes([SHAPES]).conforms


def test_broken_shapes_fail_shacl_for_shacl():
    result = kv.validate_shapes([FIXTURES / "broken-shapes.ttl"])
    assert not result.conforms
    problems = {(r.focus, r.path) for r in result.results}
    assert ("https://example.org/test-shapes#BrokenDateShape", "http://www.w3.org/ns/shacl#minCount") in problems
    assert ("https://example.org/test-shapes#BrokenDateShape", "http://www.w3.org/ns/shacl#path") in problems


# -- the project's own shapes (shapes/diplomacy.shapes.ttl) ------------------------------------

def test_project_shapes_are_the_default_and_accept_the_valid_graph():
    assert outcome("valid", "auto", shapes="default").conforms
    assert outcome("valid", "auto", shapes="default").results == []


@pytest.mark.parametrize("variant", VARIANTS)
def test_project_shapes_catch_each_injected_error(variant):
    want = EXPECTED[variant]
    got = {(r.focus, r.path, r.severity) for r in outcome(variant, "auto", shapes="default").results}
    assert (want["focus"], want["path"], want["severity"]) in got


def test_project_shapes_pass_shacl_for_shacl():
    assert kv.validate_shapes(None).conforms

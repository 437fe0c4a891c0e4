"""Chunked validation gives the results and report of whole-graph validation, whatever the chunks."""
from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import pyoxigraph
import pytest
from rdflib.compare import isomorphic

from helpers import generated_corpus
from kg.errors import RdfLoadError
from kg.validate import engine as kv
from kg.validate import partition as validate_partition

FIXTURES = Path(__file__).parents[1] / "fixtures" / "validate"
TEST_SHAPES = FIXTURES / "shapes.ttl"
VARIANTS = sorted(p.stem for p in (FIXTURES / "variants").glob("*.ttl"))
DIP = "https://w3id.org/diplomacy-kg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD = "http://www.w3.org/2001/XMLSchema#"


@functools.lru_cache(maxsize=None)
def whole(path: str, shapes: str | None = None):
    """Whole-graph validation (cached: read-only)."""
    return kv.validate(path, shapes=shapes, chunk_quads=0)


def unlabelled(results):
    """Results with blank nodes unnamed: a whole-graph load renames blank nodes at random."""
    def blank(term):
        return "_:" if term and term.startswith("_:") else term

    return sorted(replace(r, focus=blank(r.focus), value=blank(r.value)) for r in results)


def assert_same_as_whole(path, *, shapes=None, jobs: int, chunk_quads: int, notes=()):
    reference = whole(str(path), None if shapes is None else str(shapes))
    chunked = kv.validate(path, shapes=shapes, jobs=jobs, chunk_quads=chunk_quads)
    assert chunked.notes == list(notes)
    assert chunked.conforms == reference.conforms and chunked.engine == reference.engine
    assert isomorphic(chunked.report_graph, reference.report_graph)
    if any(r.focus.startswith("_:") or (r.value or "").startswith("_:") for r in reference.results):
        assert unlabelled(chunked.results) == unlabelled(reference.results)
    else:
        assert chunked.results == reference.results
        # the canonical relabelling makes the Turtle the same bytes, not just an isomorphic graph
        assert chunked.report_graph.serialize(format="nt") == reference.report_graph.serialize(format="nt")
    return chunked


def write_nquads(quads, path: Path) -> Path:
    pyoxigraph.serialize(quads, output=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    return path


@pytest.fixture(scope="module")
def seeds_graph(seeds_dir, tmp_path_factory) -> Path:
    """The seed articles' graph in N-Quads."""
    from kg.build.pipeline import build
    from kg.rdf.emit import serialize

    path = tmp_path_factory.mktemp("seeds") / "seeds.nq"
    path.write_bytes(serialize(build([seeds_dir]).quads, fmt="nq"))
    return path


def inject_errors(nquads: bytes) -> bytes:
    """Break a built graph in ways whose results cross chunks: values typed in other chunks, a
    sequence path into the ontology, a blank focus node, a lost identifier, a bad date."""
    lines = nquads.decode().splitlines(keepends=True)
    meetings = [ln.split()[0] for ln in lines if f"{RDF_TYPE} <{DIP}Meeting>" in ln]
    countries = sorted({ln.split()[0] for ln in lines if f"{RDF_TYPE} <{DIP}Country>" in ln})
    people = sorted({ln.split()[0] for ln in lines if f"{RDF_TYPE} <{DIP}Minister>" in ln})
    identifier = next(i for i, ln in enumerate(lines) if "<http://purl.org/dc/terms/identifier>" in ln)
    date = next(i for i, ln in enumerate(lines) if f"<{DIP}date>" in ln)
    del lines[identifier]  # an article without identifier (Violation)
    subject = lines[date - 1 if date > identifier else date].split()[0]
    lines[date - 1 if date > identifier else date] = f'{subject} <{DIP}date> "soon" .\n'  # not an xsd:date
    lines += [
        f"{meetings[0]} <{DIP}attendee> {countries[0]} .\n",  # a country as attendee: sh:class, other chunk
        f"{meetings[1]} <{DIP}host> {people[0]} .\n",  # a person as host
        # a minister whose only role is not ministerial (sh:path ( dip:role dip:ministerial ))
        f"<https://w3id.org/diplomacy-kg/id/person/x-president> {RDF_TYPE} <{DIP}Minister> .\n",
        f"<https://w3id.org/diplomacy-kg/id/person/x-president> <{DIP}role> <{DIP}President> .\n",
        f'_:lost {RDF_TYPE} <{DIP}Country> .\n_:lost <http://www.w3.org/2000/01/rdf-schema#label> "Nowhere" .\n',
    ]
    return "".join(lines).encode()


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory) -> Path:
    """A generated corpus's graph with injected errors, in N-Quads."""
    from kg.build.pipeline import build
    from kg.rdf.emit import serialize

    folder = generated_corpus(tmp_path_factory.mktemp("corpus"), count=12, seed=5, seeds=1)
    path = tmp_path_factory.mktemp("graph") / "corpus.nq"
    path.write_bytes(inject_errors(serialize(build([folder]).quads, fmt="nq")))
    return path


@pytest.mark.parametrize(("jobs", "chunk_quads"), [(1, 400), (2, 400), (2, 3000), (1, 100_000)])
def test_seeds_graph(seeds_graph, jobs, chunk_quads):
    outcome = assert_same_as_whole(seeds_graph, jobs=jobs, chunk_quads=chunk_quads)
    assert outcome.results  # the seeds give Warnings and Infos: there is something to compare


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("jobs", "chunk_quads"), [(1, 7), (2, 40)])
def test_injected_error_fixtures_with_the_test_shapes(variant, jobs, chunk_quads):
    path = FIXTURES / "variants" / f"{variant}.ttl"
    assert len(assert_same_as_whole(path, shapes=TEST_SHAPES, jobs=jobs, chunk_quads=chunk_quads).results) == 1


@pytest.mark.parametrize("variant", VARIANTS)
def test_injected_error_fixtures_with_the_project_shapes(variant):
    assert_same_as_whole(FIXTURES / "variants" / f"{variant}.ttl", jobs=2, chunk_quads=10)


@pytest.mark.parametrize(("jobs", "chunk_quads"), [(1, 2000), (2, 2000), (2, 15_000), (1, 1_000_000)])
def test_generated_corpus_with_injected_errors(corpus_graph, jobs, chunk_quads):
    outcome = assert_same_as_whole(corpus_graph, jobs=jobs, chunk_quads=chunk_quads)
    found = {(r.source_shape.rsplit("#", 1)[-1], r.severity) for r in outcome.results}
    assert {("Article-identifier", "Violation"), ("Meeting-date", "Violation"), ("Meeting-attendee", "Violation"),
            ("Meeting-host", "Violation"), ("Minister-role", "Warning"), ("Country-isoCode", "Violation")} <= found
    assert any(r.focus.startswith("_:") for r in outcome.results)


def test_files_split_between_processes_at_any_byte(corpus_graph, monkeypatch):
    """Byte ranges cut N-Quads files mid-line; each line is filed exactly once."""
    monkeypatch.setattr(validate_partition, "_MIN_RANGE", 1)
    assert_same_as_whole(corpus_graph, jobs=2, chunk_quads=3000)


def test_turtle_and_several_files(seeds_graph, tmp_path):
    quads = list(pyoxigraph.parse(path=str(seeds_graph), format=pyoxigraph.RdfFormat.N_QUADS))
    half = len(quads) // 2
    turtle = tmp_path / "a.ttl"
    pyoxigraph.serialize([pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads[:half]],
                         output=str(turtle), format=pyoxigraph.RdfFormat.TURTLE)
    rest = write_nquads(quads[half:], tmp_path / "b.nq")
    reference = kv.validate([turtle, rest], chunk_quads=0)
    chunked = kv.validate([turtle, rest], jobs=2, chunk_quads=300)
    assert chunked.results == reference.results and chunked.notes == []
    assert isomorphic(chunked.report_graph, reference.report_graph)


def test_blank_property_shapes_target_nodes_and_closed_shapes(tmp_path):
    """The report's copies of blank shapes, a targeted node and sh:closed survive the merge."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:targetNode ex:n0 ; sh:closed true ;"
        " sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ;"
        " sh:property [ sh:path ex:p ; sh:class ex:D ; sh:maxCount 1 ] ;"
        " sh:property [ sh:path ( ex:p ex:q ) ; sh:hasValue 1 ] .\n")
    lines = []
    for i in range(60):
        lines.append(f"<http://example.org/n{i}> {RDF_TYPE} <http://example.org/C> .")
        lines.append(f"<http://example.org/n{i}> <http://example.org/p> <http://example.org/v{i % 7}> .")
        if i % 5 == 0:
            lines.append(f"<http://example.org/n{i}> <http://example.org/extra> \"x\" .")
    for j in range(7):
        lines.append(f"<http://example.org/v{j}> {RDF_TYPE} <http://example.org/{'D' if j % 2 else 'E'}> .")
        lines.append(f'<http://example.org/v{j}> <http://example.org/q> "{j % 3}"^^<{XSD}integer> .')
    data = tmp_path / "data.nt"
    data.write_text("\n".join(lines) + "\n")
    for jobs, size in ((1, 10), (2, 25)):
        outcome = assert_same_as_whole(data, shapes=shapes, jobs=jobs, chunk_quads=size)
    constraints = {r.constraint.rsplit("#", 1)[-1] for r in outcome.results}
    assert constraints == {"ClassConstraintComponent", "ClosedConstraintComponent", "HasValueConstraintComponent"}
    assert not any(r.path and r.path.startswith("urn:x-kg-validate") for r in outcome.results)


@pytest.mark.parametrize("shape", [
    "sh:property [ sh:path ex:p ; sh:node ex:T ] . ex:T a sh:NodeShape ; sh:class ex:D",
    "sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:maxCount 0 ]",
    "sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:class ex:D ]",
])
def test_shapes_beyond_the_focus_node_fall_back_to_the_whole_graph(tmp_path, shape):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
                      f"ex:S a sh:NodeShape ; sh:targetClass ex:C ; {shape} .\n")
    data = tmp_path / "data.nt"
    data.write_text("".join(f"<http://example.org/n{i}> {RDF_TYPE} <http://example.org/C> .\n"
                            f"<http://example.org/n{i}> <http://example.org/p> <http://example.org/n{i + 1}> .\n"
                            for i in range(20)))
    outcome = kv.validate(data, shapes=shapes, jobs=2, chunk_quads=5)
    (note,) = outcome.notes
    assert note.startswith("validated the whole graph at once: the shapes use ")
    assert outcome.results == whole(str(data), str(shapes)).results and outcome.results


def test_subclasses_declared_in_the_data_fall_back_to_the_whole_graph(tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "dip:Envoy rdfs:subClassOf dip:Person .\n"
        "<urn:m> a dip:Meeting ; dip:attendee <urn:e> . <urn:e> a dip:Envoy .\n")
    outcome = kv.validate(data, jobs=1, chunk_quads=2)
    assert "declares subclasses" in outcome.notes[0]
    assert outcome.results == kv.validate(data, chunk_quads=0).results


def test_small_files_are_validated_whole_by_default_and_graphs_always():
    path = FIXTURES / "variants" / "two-dates.ttl"
    assert kv.validate(path, shapes=TEST_SHAPES).notes == []
    import rdflib

    graph = rdflib.Graph().parse(path)
    outcome = kv.validate(graph, shapes=TEST_SHAPES, chunk_quads=10)
    assert "not from a Graph or Store" in outcome.notes[0]


def test_the_pyshacl_engine_validates_the_whole_graph_with_a_note():
    outcome = kv.validate(FIXTURES / "variants" / "two-dates.ttl", shapes=TEST_SHAPES, engine="pyshacl",
                          chunk_quads=10)
    assert outcome.engine == "pyshacl" and "pyshacl engine" in outcome.notes[0]
    assert len(outcome.results) == 1


def test_a_file_that_does_not_parse_is_a_load_error_when_chunked(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<urn:a> <urn:p> <urn:b> .\nthis is not a triple\n")
    with pytest.raises(RdfLoadError) as info:
        kv.validate(bad, jobs=1, chunk_quads=1)
    assert "bad.nt" in str(info.value)


def test_negative_options_are_refused():
    with pytest.raises(kv.FormatError):
        kv.validate(FIXTURES / "valid.ttl", jobs=-1)
    with pytest.raises(kv.FormatError):
        kv.validate(FIXTURES / "valid.ttl", chunk_quads=-5)


def test_blank_value_nodes_are_described_in_full_in_the_report(tmp_path):
    """A blank value node's triples live in every chunk, so the report's copy of it is complete."""
    lines = []
    for i in range(30):
        meeting = f"<https://w3id.org/diplomacy-kg/id/meeting/m{i}>"
        lines += [f"{meeting} {RDF_TYPE} <{DIP}Meeting> .", f"{meeting} <{DIP}location> _:place{i % 4} ."]
    for j in range(4):
        lines += [f"_:place{j} {RDF_TYPE} <{DIP}{'City' if j % 2 else 'Country'}> .",
                  f'_:place{j} <http://www.w3.org/2000/01/rdf-schema#label> "Place {j}" .',
                  f'_:place{j} <{DIP}note> "seen" .']
    data = tmp_path / "data.nt"
    data.write_text("\n".join(lines) + "\n")
    outcome = assert_same_as_whole(data, jobs=2, chunk_quads=8)
    assert any(r.value and r.value.startswith("_:") for r in outcome.results)


def test_a_broken_line_no_shape_reads_is_still_a_load_error(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text('<urn:a> <urn:unread> "unterminated .\n')
    with pytest.raises(RdfLoadError, match="bad.nq"):
        kv.validate(bad, jobs=1, chunk_quads=5)


def test_types_no_shape_reads_stay_out_of_the_chunks(corpus_graph, tmp_path, monkeypatch):
    """Evidence annotations' types (oa:Annotation …) reach no chunk, and the results are the whole graph's."""
    seen = []
    original = validate_partition.partition

    def spy(*args, **kwargs):
        part = original(*args, **kwargs)
        for path in part.folder.rglob("*.nq"):
            seen.append(path.read_bytes())
        return part

    monkeypatch.setattr(validate_partition, "partition", spy)
    import kg.validate.parallel

    monkeypatch.setattr(kg.validate.parallel, "partition", spy)
    assert b"<http://www.w3.org/ns/oa#Annotation>" in corpus_graph.read_bytes()
    assert_same_as_whole(corpus_graph, jobs=1, chunk_quads=400)
    chunks = b"".join(seen)
    assert chunks and b"<http://www.w3.org/ns/oa#" not in chunks
    assert f"<{DIP}Minister>".encode() in chunks


def test_a_type_of_an_unread_class_is_kept_when_a_shape_counts_types(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ; sh:maxCount 1 ] .\n")
    data = tmp_path / "data.nt"
    data.write_text("".join(f"<urn:n{i}> {RDF_TYPE} <http://example.org/C> .\n"
                            f"<urn:n{i}> {RDF_TYPE} <http://example.org/Other> .\n" for i in range(20)))
    outcome = assert_same_as_whole(data, shapes=shapes, jobs=1, chunk_quads=6)
    assert len(outcome.results) == 20


HUB_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property ex:source, ex:label, ex:tag, ex:nick .
ex:source a sh:PropertyShape ; sh:path ex:source ; sh:class ex:Article ; sh:minCount 1 ; sh:message "not an article" .
ex:label a sh:PropertyShape ; sh:path ex:label ; sh:datatype xsd:string ; sh:maxCount 3 .
ex:tag a sh:PropertyShape ; sh:path ex:tag ; sh:pattern "^[ab]" ; sh:maxCount 2 ; sh:severity sh:Warning .
ex:nick a sh:PropertyShape ; sh:path ex:nick ; sh:disjoint ex:label .
"""


def hub_graph(path: Path) -> Path:
    """Two people cited by many articles (some values not articles, one repeated in another graph,
    too many labels, bad tags), and a small person; N-Quads."""
    ex, lines = "http://example.org/", []
    for person, sources in (("hub", 60), ("other", 45), ("small", 2)):
        lines.append(f"<{ex}{person}> {RDF_TYPE} <{ex}Person> <{ex}g> .")
        for i in range(sources):
            kind = "Article" if i % 7 else "Thing"
            lines.append(f"<{ex}{person}> <{ex}source> <{ex}a{i}> <{ex}g> .")
            lines.append(f"<{ex}a{i}> {RDF_TYPE} <{ex}{kind}> <{ex}g> .")
        lines.append(f"<{ex}{person}> <{ex}source> <{ex}a3> <{ex}h> .")   # the same triple in another graph
    for i in range(30):
        lines.append(f'<{ex}hub> <{ex}label> "name {i}" <{ex}g> .')
        lines.append(f'<{ex}hub> <{ex}tag> "{"ab"[i % 2] if i % 5 else "z"}{i}" <{ex}g> .')
        lines.append(f'<{ex}hub> <{ex}nick> "name {i % 3}" <{ex}g> .')
    path.write_text("\n".join(lines) + "\n")
    return path


def test_hub_nodes_checked_in_batches_give_the_whole_graph_results(tmp_path, monkeypatch):
    from kg.validate import parallel as validate_parallel

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(HUB_SHAPES)
    data = hub_graph(tmp_path / "hub.nq")
    batches = []
    original = validate_parallel._split_hubs

    def spy(text, batchable):
        main, found = original(text, batchable)
        batches.extend(found)
        return main, found

    monkeypatch.setattr(validate_parallel, "HUB_VALUES", 10)
    monkeypatch.setattr(validate_parallel, "_BATCH", 7)
    monkeypatch.setattr(validate_parallel, "_split_hubs", spy)
    outcome = assert_same_as_whole(data, shapes=shapes, jobs=1, chunk_quads=50)
    predicates = {p for p, _ in batches}
    # sources and tags are checked in batches (three tags stay with the node, for sh:maxCount 2);
    # labels and nicks are compared by sh:disjoint, so they stay whole
    assert predicates == {"http://example.org/source", "http://example.org/tag"}
    assert len(batches) >= 10
    assert sum(r.value == "<http://example.org/a0>" for r in outcome.results) == 3   # once per person
    assert any(r.constraint.endswith("MaxCountConstraintComponent") and r.path.endswith("tag")
               for r in outcome.results), [r.path for r in outcome.results]


def test_project_shapes_check_sources_and_other_values_in_batches():
    from kg.validate.chunks import batchable_predicates

    found = batchable_predicates(kv.load_shapes([kv.DEFAULT_SHAPES]))
    assert found[DIP + "source"] == 1 and found[DIP + "attendee"] == 1
    assert DIP + "participant" not in found and DIP + "absent" not in found   # compared by sh:disjoint
    assert DIP + "role" not in found and DIP + "ministerial" not in found   # the path dip:role / dip:ministerial
    assert "http://www.w3.org/2000/01/rdf-schema#label" in found   # maxCount 1: two values stay with the node

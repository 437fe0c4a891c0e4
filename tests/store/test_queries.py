"""The saved queries give exactly the rows, in the same order, of their plain reference forms.

The saved queries in queries/ are written for speed on large stores (sub-SELECTs that the
engine hash-joins); tests/golden/queries/ keeps each one's plain form. Both run on graphs
with the awkward cases (duplicates across named graphs, missing optional values), the
hand-made sample and the built seeds, and must answer row for row alike.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.store.embedded import load_quads, memory_store, read_quads, run_query
from kg.store.sparql import saved_queries

TESTS = Path(__file__).resolve().parents[1]
REFERENCES = TESTS / "golden" / "queries"
SAMPLE = TESTS / "fixtures" / "sample.trig"
NAMES = sorted(saved_queries())

# Two article graphs and the resolved graph, with what the plain queries must get right:
# triples repeated in several graphs, and each optional value missing somewhere.
AWKWARD = """
@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .
@prefix id: <https://w3id.org/diplomacy-kg/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:graph\\/resolved {
  id:country\\/FR a dip:Country ; rdfs:label "France" ; dip:isoCode "FR" .
  id:country\\/DE a dip:Country ; rdfs:label "Germany" ; dip:isoCode "DE" .
  id:country\\/XX a dip:Country ; rdfs:label "Nowhere" .
  id:city\\/paris a dip:City ; rdfs:label "Paris" ; dip:inCountry id:country\\/FR .
  id:city\\/atlantis a dip:City ; rdfs:label "Atlantis" .
  id:person\\/ann a dip:Person, dip:Minister ; rdfs:label "Ann Adams" ;
      dip:role "foreign minister", "deputy prime minister" ; dip:represents id:country\\/FR .
  id:person\\/bob a dip:Person, dip:Minister ; rdfs:label "Bob Brown", "Robert Brown" ; dip:represents id:country\\/DE .
  id:person\\/cyd a dip:Person ; rdfs:label "Cyd Cole" .
  id:person\\/dee a dip:Person, dip:Minister ; rdfs:label "Dee Dunn" ; dip:role "minister" ;
      dip:represents id:country\\/XX .
  id:meeting\\/one a dip:Meeting ; dip:date "2024-03-12"^^xsd:date ; dip:location id:city\\/paris .
  id:meeting\\/two a dip:Meeting ; dip:location id:city\\/atlantis .
  id:meeting\\/three a dip:Meeting ; dip:date "2023-01-02"^^xsd:date .
  id:meeting\\/four a dip:Meeting ; dip:date "2024-03-12"^^xsd:date .
}
id:article\\/a1 {
  id:article\\/a1 a dip:Article ; dcterms:identifier "a1" ; dcterms:title "First" .
  id:meeting\\/one a dip:Meeting ; dip:attendee id:person\\/ann, id:person\\/bob, id:person\\/cyd ;
      dip:participant id:country\\/FR, id:country\\/DE ; dip:host id:country\\/FR ; dip:source id:article\\/a1 .
  id:meeting\\/two dip:attendee id:person\\/ann, id:person\\/bob ; dip:participant id:country\\/XX ;
      dip:source id:article\\/a1 .
  id:person\\/ann dip:source id:article\\/a1 .
  id:statement\\/s1 a dip:Statement ; dip:text "We agree." ; dip:speaker id:person\\/ann ; dip:madeAt id:meeting\\/one ;
      dip:source id:article\\/a1 .
  id:statement\\/s2 a dip:Statement ; dip:text "Nobody said this." ; dip:source id:article\\/a1 .
}
id:article\\/a2 {
  id:article\\/a2 a dip:Article ; dcterms:identifier "a2" .
  id:meeting\\/one a dip:Meeting ; dip:attendee id:person\\/ann, id:person\\/bob, id:person\\/dee ;
      dip:participant id:country\\/FR ; dip:host id:country\\/FR ; dip:source id:article\\/a2 .
  id:meeting\\/four dip:attendee id:person\\/bob, id:person\\/dee ; dip:participant id:country\\/DE .
  id:person\\/ann dip:source id:article\\/a2 .
  id:person\\/eve a dip:Person ; dip:source id:article\\/a2 .
  id:statement\\/s1 a dip:Statement ; dip:text "We agree." ; dip:speaker id:person\\/ann ; dip:madeAt id:meeting\\/one ;
      dip:source id:article\\/a2 .
  id:statement\\/s3 a dip:Statement ; dip:text "Elsewhere." ; dip:speaker id:person\\/cyd ;
      dip:madeAt id:meeting\\/two ;
      dip:source id:article\\/a2 .
  id:statement\\/s4 a dip:Statement ; dip:text "Undated." ; dip:speaker id:person\\/dee ;
      dip:madeAt id:meeting\\/four .
}
"""


def answers(store, name: str):
    """(rows of the saved query, rows of its reference form) on one store."""
    saved = saved_queries()[name].text
    reference = (REFERENCES / f"{name}.rq").read_text(encoding="utf-8")
    return run_query(store, saved).rows, run_query(store, reference).rows


@pytest.fixture(scope="module")
def awkward_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("awkward") / "graph.trig"
    path.write_text(AWKWARD, encoding="utf-8")
    return memory_store([path])


def test_every_saved_query_has_a_reference_form():
    assert {p.stem for p in REFERENCES.glob("*.rq")} == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_same_rows_in_the_same_order_on_the_awkward_cases(awkward_store, name):
    saved, reference = answers(awkward_store, name)
    assert saved, f"the awkward graph answers {name}"
    assert saved == reference


@pytest.mark.parametrize("name", NAMES)
def test_same_rows_in_the_same_order_on_the_sample_in_an_on_disk_store(tmp_path_factory, name):
    location = tmp_path_factory.mktemp("store") / "db"
    load_quads(location, read_quads([SAMPLE]))
    from kg.store.embedded import open_store

    saved, reference = answers(open_store(location, read_only=True), name)
    assert saved == reference


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    """The seed articles, built as TriG (one graph per article) by `kg build`, which must succeed."""
    from click.testing import CliRunner

    from kg.cli import cli

    out = tmp_path_factory.mktemp("seeds") / "seeds.trig"
    result = CliRunner().invoke(cli, ["build", str(TESTS.parent / "seeds"), "-o", str(out), "-q"])
    assert result.exit_code == 0, f"kg build of the seeds failed: {result.output[-500:]}"
    return memory_store([out])


@pytest.mark.parametrize("name", NAMES)
def test_same_rows_in_the_same_order_on_the_built_seeds(seeds_store, name):
    saved, reference = answers(seeds_store, name)
    assert saved, f"the seeds answer {name}"
    assert saved == reference

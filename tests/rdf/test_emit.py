"""The RDF emitter: a hand-made set of facts gives exactly the golden graph, deterministically."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.compare import isomorphic, to_isomorphic, graph_diff

from kg.model import Article, ArticleFacts, City, Meeting, Person, Span, Statement
from kg.rdf.emit import emit, serialize
from kg.resolve import resolve

GOLDEN = Path(__file__).parents[1] / "golden" / "emit.ttl"
TEXT = ("Talks in Paris on Monday.\n\nForeign Minister Ana Lima of Brazil said: \"We agreed.\"\n"
        "Ana Lima met Tom Reed in Paris.\n")


def at(part: str) -> Span:
    """The span of `part` in TEXT."""
    start = TEXT.index(part)
    return Span(start, start + len(part))


def sample_facts() -> list[ArticleFacts]:
    """Two articles that tell of the same meeting and the same minister."""
    paris = City(2988507, "Paris", "FR")
    a = Article(id="a1", path="a1.txt", text=TEXT, sha1="0" * 40, title="Talks in Paris",
                issued=date(2020, 3, 2), paragraphs=[at("Talks in Paris on Monday.")])
    fa = ArticleFacts(article=a)
    fa.persons["ana lima"] = Person(key="ana lima", name="Ana Lima", role="ForeignMinister",
                                    minister=True, country="BR", spans=[at("Ana Lima of Brazil")])
    fa.meetings.append(Meeting(key="m1", city=paris, date=date(2020, 3, 2), hosts={"FR"},
                               participants={"BR", "FR"}, absent={"IR"}, attendees={"ana lima"},
                               spans=[at("Talks in Paris on Monday.")],
                               evidence={("attendee", "ana lima"): at("Ana Lima met Tom Reed in Paris.")}))
    fa.statements.append(Statement(text="We agreed.", span=at("We agreed."), speaker="ana lima", meeting="m1"))
    b = Article(id="b2", path="b2.txt", text=TEXT, sha1="1" * 40)
    fb = ArticleFacts(article=b)
    fb.persons["lima"] = Person(key="lima", name="Lima", country="BR", spans=[at("Lima met")])
    fb.persons["tom reed"] = Person(key="tom reed", name="Tom Reed", spans=[at("Tom Reed")])
    fb.meetings.append(Meeting(key="m1", city=paris, attendees={"lima", "tom reed"},
                               spans=[at("Ana Lima met Tom Reed in Paris.")]))
    return [fa, fb]


def built_turtle() -> bytes:
    return serialize(emit(resolve(sample_facts())), fmt="ttl")


def test_emitted_graph_matches_golden_file():
    got = rdflib.Graph().parse(data=built_turtle(), format="turtle")
    want = rdflib.Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        raise AssertionError("emitted graph differs from golden file:\n+ "
                             + only_got.serialize(format="nt") + "\n- " + only_want.serialize(format="nt"))


def test_output_does_not_depend_on_the_order_facts_come_in():
    """Articles in the other order, and each article's people and meetings filled the other way round,
    give the same bytes (the same facts from a parallel build arrive in any order)."""
    facts = list(reversed(sample_facts()))
    for article in facts:
        article.persons = dict(reversed(list(article.persons.items())))
        article.meetings.reverse()
    assert serialize(emit(resolve(facts)), fmt="ttl") == built_turtle()


def test_merged_meeting_and_person_keep_every_source():
    g = rdflib.Graph().parse(data=built_turtle(), format="turtle")
    dip = rdflib.Namespace("https://w3id.org/diplomacy-kg/ontology#")
    meetings = set(g.subjects(rdflib.RDF.type, dip.Meeting))
    assert len(meetings) == 1
    (meeting,) = meetings
    sources = {str(s).rsplit("/", 1)[1] for s in g.objects(meeting, dip.source)}
    assert sources == {"a1", "b2"}
    persons = {str(g.value(p, rdflib.RDFS.label)) for p in g.subjects(rdflib.RDF.type, dip.Person)}
    assert persons == {"Ana Lima", "Tom Reed"}


def test_quad_formats_keep_one_graph_per_article_plus_resolved():
    quads = emit(resolve(sample_facts()))
    graphs = {str(q.graph_name.value) for q in quads}
    assert graphs == {"https://w3id.org/diplomacy-kg/id/article/a1",
                      "https://w3id.org/diplomacy-kg/id/article/b2",
                      "https://w3id.org/diplomacy-kg/id/graph/resolved"}
    data = serialize(quads, fmt="nq")
    assert len(list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS))) == len(quads)


def test_every_format_parses_back_to_the_same_triples():
    quads = emit(resolve(sample_facts()))
    reference = rdflib.Graph().parse(data=serialize(quads, fmt="nt"), format="nt")
    for fmt, rdflib_name in [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")]:
        g = rdflib.Graph().parse(data=serialize(quads, fmt=fmt), format=rdflib_name)
        assert isomorphic(g, reference), fmt

"""Scoring a graph against gold annotations: the matching rules of docs/evaluation.md, slot by slot."""
from __future__ import annotations

import json

import pytest

from kg.errors import GoldError
from kg.evaluate import SlotScore, check_gold, evaluate, load_gold

PREFIXES = """@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://example.org/> .
"""
# two articles, one meeting told by both, three people (one twice), two statements
GRAPH = PREFIXES + """
:a1 a dip:Article ; dcterms:identifier "a1" ; dcterms:issued "2020-05-20"^^xsd:date .
:a2 a dip:Article ; dcterms:identifier "a2" ; dcterms:issued "2020-05-21"^^xsd:date .
:fr a dip:Country ; dip:isoCode "FR" . :de a dip:Country ; dip:isoCode "DE" . :it a dip:Country ; dip:isoCode "IT" .
:paris a dip:City ; rdfs:label "Paris" .
:weber a dip:Minister ; rdfs:label "Karl Weber" ; dip:represents :de .
:weber2 a dip:Person ; rdfs:label "K. Weber" .
:martin a dip:Minister ; rdfs:label "Louis Martin" ; dip:represents :fr .
:roux a dip:Minister ; rdfs:label "Anne Roux" .
:m1 a dip:Meeting ; dip:date "2020-05-19"^^xsd:date ; dip:location :paris ; dip:source :a1, :a2 ;
    dip:host :fr ; dip:participant :fr, :de, :it ; dip:attendee :weber, :martin, :roux .
:s1 a dip:Statement ; dip:text "We have turned a page" ; dip:speaker :weber ; dip:madeAt :m1 ; dip:source :a1 .
:s2 a dip:Statement ; dip:text "a page of history" ; dip:speaker :martin ; dip:source :a2 .
"""
GOLD = {
    "articles": {"a1": {"published": "2020-05-20"}, "a2": {"published": None}},
    "persons": [
        {"keys": ["weber"], "name": "Karl Weber", "country": "DE", "minister": True},
        {"keys": ["martin"], "name": "Louis Martin", "country": "FR", "minister": True},
        {"keys": ["durand"], "name": "Paul Durand", "country": "FR", "minister": False},
    ],
    "meetings": [{"id": "paris", "city": "Paris", "date": "2020-05-19", "sources": ["a1", "a2"],
                  "hosts": ["FR"], "participants": ["FR", "DE", "ES"], "participants_optional": ["IT"],
                  "attendees": ["weber", "martin", "durand"]}],
    "statements": [
        {"key": "We have turned a page", "speakers": ["weber"], "source": "a1", "meeting": "paris"},
        {"key": "We will meet again", "speakers": ["martin"], "source": "a2"},
    ],
}


def run(tmp_path, gold=GOLD, graph=GRAPH):
    (tmp_path / "g.ttl").write_text(graph, encoding="utf-8")
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return evaluate(tmp_path / "g.ttl", tmp_path / "gold.json")


def counts(evaluation, slot):
    s = evaluation.slots[slot]
    return s.tp, s.fp, s.fn


def test_each_slot_counts_what_the_rules_say(tmp_path):
    ev = run(tmp_path)
    assert counts(ev, "persons") == (2, 2, 1)      # Weber twice (a duplicate), Roux unknown, Durand missing
    assert counts(ev, "represents") == (2, 0, 1)     # Durand, missing, represents France
    assert counts(ev, "ministers") == (2, 1, 0)    # Roux is typed dip:Minister and is no gold person
    assert counts(ev, "meetings") == (1, 0, 0)
    assert counts(ev, "hosts") == (1, 0, 0)
    assert counts(ev, "participants") == (2, 0, 1)  # Italy is optional: neither counted nor held against
    assert counts(ev, "attendees") == (2, 1, 1)
    assert counts(ev, "statements") == (1, 1, 1)   # "a page of history" matches no gold key
    assert counts(ev, "statement_meeting") == (1, 0, 0)
    assert counts(ev, "published") == (1, 1, 0)    # a2 states no date but got one
    assert counts(ev, "provenance") == (3, 0, 1)   # s1 and both meeting sources; the missing statement's
    notes = ev.slots["persons"].notes
    assert "missing person Paul Durand" in notes and any(n.startswith("duplicate node for Karl Weber") for n in notes)


def test_a_meeting_matches_only_with_its_city_article_and_date(tmp_path):
    for change in ({"city": "Lyon"}, {"date": "2020-05-18"}, {"sources": ["a3"]}):
        gold = json.loads(json.dumps(GOLD))
        gold["meetings"][0].update(change)
        ev = run(tmp_path, gold)
        assert counts(ev, "meetings") == (0, 1, 1), change
        assert counts(ev, "attendees") == (0, 0, 3)
    gold = json.loads(json.dumps(GOLD))
    gold["meetings"][0]["date"] = None   # a meeting the article does not date matches any date
    assert counts(run(tmp_path, gold), "meetings") == (1, 0, 0)


def test_a_wrong_speaker_is_a_false_positive(tmp_path):
    gold = json.loads(json.dumps(GOLD))
    gold["statements"][0]["speakers"] = ["martin"]
    ev = run(tmp_path, gold)
    assert counts(ev, "statements") == (0, 2, 2)
    assert any("wrong speaker ['Karl Weber']" in n for n in ev.slots["statements"].notes)


def test_partial_annotations_hold_nothing_against_the_graph_and_slots_limit_the_table(tmp_path):
    gold = dict(GOLD, exhaustive=False, slots=["persons", "statements"])
    ev = run(tmp_path, gold)
    assert list(ev.slots) == ["persons", "statements"]
    assert counts(ev, "persons") == (2, 0, 1)
    assert ev.average_f1 == pytest.approx((ev.slots["persons"].f1 + ev.slots["statements"].f1) / 2)


def test_optional_persons_are_not_required():
    gold = check_gold({"persons": [{"keys": ["roux"], "optional": True}]})
    assert gold["persons"][0] == {"keys": ["roux"], "name": "roux", "minister": False, "country": None, "optional": True}


def test_precision_and_recall_of_empty_slots():
    assert (SlotScore("x").precision, SlotScore("x").recall, SlotScore("x").f1) == (1.0, 1.0, 1.0)
    assert (SlotScore("x", fn=2).precision, SlotScore("x", fn=2).f1) == (0.0, 0.0)
    assert SlotScore("x", tp=1, fp=1, fn=2).f1 == pytest.approx(0.4)


@pytest.mark.parametrize("gold, problem", [
    ([], "must hold a JSON object"),
    ({"persons": [{"name": "X"}]}, "persons[0].keys: must be a list of strings"),
    ({"persons": [{"keys": []}]}, "persons[0].keys: must not be empty"),
    ({"meetings": [{"id": "m", "city": "Paris", "date": "19 May 2020", "sources": ["a"]}]}, "meetings[0].date"),
    ({"meetings": [{"id": "m", "city": "Paris", "date": None}]}, "meetings[0].sources"),
    ({"meetings": [{"id": "m", "city": "Paris", "sources": ["a"], "attendees": ["nobody"]}]}, "is no person's first key"),
    ({"meetings": [{"id": "m", "sources": ["a"]}, {"id": "m", "sources": ["b"]}]}, "two meetings have the same id"),
    ({"statements": [{"key": "x", "source": "a", "meeting": "nowhere"}]}, "statements[0].meeting: names no meeting id"),
    ({"articles": {"a": {}}}, 'articles.a: must be an object with "published"'),
    ({"slots": ["quotes"]}, "slots: must name slots among"),
])
def test_a_gold_file_that_does_not_fit_the_format_is_refused_with_the_reason(gold, problem):
    with pytest.raises(GoldError, match=problem.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        check_gold(gold)


def test_unreadable_gold_files(tmp_path):
    with pytest.raises(GoldError, match="no such file"):
        load_gold(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="is not JSON"):
        load_gold(tmp_path / "bad.json")


def test_quads_are_read_as_one_graph(tmp_path):
    from kg.evaluate import Graph

    nq = ('<https://example.org/a1> <http://purl.org/dc/terms/identifier> "a1" <https://example.org/g1> .\n'
          '<https://example.org/a1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
          '<https://w3id.org/diplomacy-kg/ontology#Article> <https://example.org/g2> .\n'
          '<https://example.org/a1> <http://purl.org/dc/terms/issued> "2020-05-20" .\n')
    (tmp_path / "g.nq").write_text(nq, encoding="utf-8")
    (tmp_path / "gold.json").write_text(json.dumps({"articles": {"a1": {"published": "2020-05-20"}}}), encoding="utf-8")
    ev = evaluate(tmp_path / "g.nq", tmp_path / "gold.json")
    assert counts(ev, "published") == (1, 0, 0)
    assert len(Graph.load(tmp_path / "g.nq").subjects("http://purl.org/dc/terms/identifier")) == 1


def test_the_documented_example_gold_fits_the_format():
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "evaluation.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", doc, re.S).group(1))
    gold = check_gold(example)
    assert [p["keys"][0] for p in gold["persons"]] == ["weber", "al nahyan", "durand"]

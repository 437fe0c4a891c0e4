"""Resolution in parts (people by bucket, meetings by component, IRIs by family, each part apart):
the groups, nodes and IRIs of `kg.resolve.resolve`, however the records are dealt."""
from __future__ import annotations

import copy
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.build.partitioned import components, key_summary, live_key_sets, meeting_items, resolve_in_parts
from kg.model import Article, ArticleFacts, City, Meeting, Person
from kg.resolve import resolve

NAMES = ["Laurent Fabius", "Fabius", "L. Fabius", "Laura Fabius", "John Kerry", "Kerry", "J. Kerry", "Jon Kerry",
         "Haider al-Abadi", "al-Abadi", "Le Drian", "Jean-Yves Le Drian", "Ash Carter", "Ashton Carter"]
CITIES = [None, City(1, "Aa", "FR"), City(2, "Bb", "BE"), City(3, "Cc", "DE")]
DATES = [None, date(2020, 1, 1), date(2020, 1, 2)]

people = st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from([None, "FR", "US", "IQ"])), max_size=4)
meetings = st.lists(st.tuples(st.sampled_from(CITIES), st.sampled_from(DATES), st.booleans(),
                              st.sets(st.integers(0, 3), max_size=3), st.sets(st.sampled_from(["FR", "US"]))),
                    max_size=3)
corpora = st.lists(st.tuples(people, meetings), min_size=1, max_size=14)


def make(spec) -> list[ArticleFacts]:
    found = []
    for n, (persons, held) in enumerate(spec):
        facts = ArticleFacts(article=Article(id=f"a{n:02d}", path="", text="", sha1=""))
        for k, (name, country) in enumerate(persons):
            facts.persons[f"p{k}"] = Person(key=f"p{k}", name=name, country=country)
        for k, (city, day, planned, who, countries) in enumerate(held):
            facts.meetings.append(Meeting(key=f"m{k}", city=city, date=day, planned=planned,
                                          attendees={f"p{i}" for i in who if i < len(persons)},
                                          participants=set(countries)))
        found.append(facts)
    return found


def same_resolution(all_facts, *, parts: int, seed: int) -> None:
    local = resolve(copy.deepcopy(all_facts))
    split = resolve_in_parts(copy.deepcopy(all_facts), parts=parts, seed=seed)
    assert split.person_iri == local.person_iri
    assert split.meeting_iri == local.meeting_iri
    assert split.persons == local.persons
    assert split.meetings == local.meetings
    assert [f.meetings for f in split.facts] == [f.meetings for f in local.facts]   # the same meetings dropped


@settings(max_examples=300, deadline=None)
@given(corpora, st.integers(1, 5), st.integers(0, 10**6))
def test_resolving_in_parts_gives_the_groups_of_local_resolution(spec, parts, seed):
    same_resolution(make(spec), parts=parts, seed=seed)


def test_the_extracted_seeds_and_generated_articles_resolve_alike_in_parts(tmp_path):
    from helpers import generated_corpus
    from kg.build.pipeline import article_paths, extract_all

    folder = generated_corpus(tmp_path, count=120, seed=5, seeds=5)
    facts, failures, _ = extract_all(article_paths([folder]), jobs=2)
    assert not failures and len(facts) == 125
    for seed in range(3):
        same_resolution(facts, parts=4, seed=seed)


def test_meetings_that_no_key_links_are_in_different_components():
    a = ArticleFacts(article=Article(id="a", path="", text="", sha1=""),
                     meetings=[Meeting("m", city=CITIES[1], date=DATES[1])])
    b = ArticleFacts(article=Article(id="b", path="", text="", sha1=""),
                     meetings=[Meeting("m", city=CITIES[2], date=DATES[1])])
    c = ArticleFacts(article=Article(id="c", path="", text="", sha1=""),
                     meetings=[Meeting("m", city=CITIES[1])])   # undated: it looks at every Aa meeting
    items = meeting_items([a, b, c], {})
    filed, looked = key_summary(items)
    live = filed & looked
    component = components(live_key_sets(items, live), live)
    parts = {key[2].name: n for key, n in component.items() if key[1] == "city"}
    assert set(parts) == {"Aa"}   # only Aa has a meeting looking at the whole city
    city_date = {key[2].name: n for key, n in component.items() if key[1] == "city+date"}
    assert city_date["Aa"] == parts["Aa"] != city_date["Bb"]

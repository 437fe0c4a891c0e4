"""Person grouping across articles: indexing groups by surname key gives the groups of the plain scan."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.names import compatible
from kg.model import Article, ArticleFacts, Person
from kg.resolve import resolve

_NAMES = ["Laurent Fabius", "Fabius", "L. Fabius", "Laura Fabius", "John Kerry", "Kerry", "J. Kerry", "Haider al-Abadi",
          "Abadi", "al-Abadi", "Jean-Yves Le Drian", "Le Drian", "Drian", "Ash Carter", "Ashton Carter", "Carter"]


def _plain_groups(all_facts):
    """The reference: every person tried against every group, first compatible group wins."""
    groups = []
    for facts in sorted(all_facts, key=lambda f: f.article.id):
        for key in sorted(facts.persons):
            person = facts.persons[key]
            for group in groups:
                if all(compatible(person, other) for _, other in group):
                    group.append((facts.article.id, person))
                    break
            else:
                groups.append([(facts.article.id, person)])
    return [[(article, person.key) for article, person in group] for group in groups]


articles = st.lists(st.lists(st.tuples(st.sampled_from(_NAMES), st.sampled_from([None, "FR", "US", "IQ"])),
                             max_size=4), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(articles)
def test_grouping_matches_the_plain_scan(spec):
    all_facts = []
    for n, people in enumerate(spec):
        facts = ArticleFacts(article=Article(id=f"a{n}", path="", text="", sha1=""))
        for k, (name, country) in enumerate(people):
            facts.persons[f"p{k}"] = Person(key=f"p{k}", name=name, country=country)
        all_facts.append(facts)
    res = resolve(all_facts)
    got = {}
    for (article, key), node in res.person_iri.items():
        got.setdefault(node, []).append((article, key))
    assert sorted(sorted(g) for g in got.values()) == sorted(sorted(g) for g in _plain_groups(all_facts))

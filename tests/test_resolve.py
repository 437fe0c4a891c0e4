"""Cross-article resolution of persons and meetings."""
from __future__ import annotations

from datetime import date

from kg.model import Article, ArticleFacts, City, Meeting, Person
from kg.resolve import resolve

VIENNA = City(2761369, "Vienna", "AT")


def facts(aid, persons=(), meetings=()):
    f = ArticleFacts(article=Article(id=aid, path=f"{aid}.txt", text="", sha1="0"))
    for p in persons:
        f.persons[p.key] = p
    f.meetings.extend(meetings)
    return f


def test_short_and_full_given_names_and_variants_merge_into_one_node():
    a = facts("a", [Person("p", "Ash Reddy", country="IN", role="DefenceMinister", minister=True)])
    b = facts("b", [Person("p", "Ashton Reddy", alt_names={"Mr Reddy"}, country="IN")])
    res = resolve([a, b])
    [node] = res.persons.values()
    assert node.name == "Ashton Reddy" and "Ash Reddy" in node.alt_names
    assert node.sources == {"a", "b"} and node.minister


def test_conflicting_country_or_given_name_keeps_people_apart():
    a = facts("a", [Person("p", "Maria Silva", country="BR")])
    b = facts("b", [Person("p", "Maria Silva", country="PT")])
    c = facts("c", [Person("p", "Joana Silva")])
    assert len(resolve([a, b, c]).persons) == 3


def test_undated_meeting_takes_its_date_from_the_merge():
    p = Person("p", "Ash Reddy", country="IN")
    m1 = Meeting("m1", city=VIENNA, attendees={"p"})
    m2 = Meeting("m1", city=VIENNA, date=date(2020, 1, 2), attendees={"p"})
    res = resolve([facts("a", [p], [m1]), facts("b", [Person("p", "Ash Reddy", country="IN")], [m2])])
    [node] = res.meetings.values()
    assert node.date == date(2020, 1, 2) and node.sources == {"a", "b"}
    assert res.meeting_iri[("a", "m1")] == res.meeting_iri[("b", "m1")]


def test_unplaced_meeting_merges_by_day_and_attendees_or_is_dropped():
    p = Person("p", "Ash Reddy", country="IN")
    placed = Meeting("m1", city=VIENNA, date=date(2020, 1, 2), attendees={"p"})
    unplaced = Meeting("m1", date=date(2020, 1, 2), attendees={"p"})
    res = resolve([facts("a", [p], [placed]), facts("b", [Person("p", "Ash Reddy")], [unplaced])])
    [node] = res.meetings.values()
    assert node.city == VIENNA and node.sources == {"a", "b"}
    alone = facts("c", [Person("p", "Li Wen")], [Meeting("m1", date=date(2021, 1, 1), attendees={"p"})])
    assert resolve([alone]).meetings == {} and alone.meetings == []


def test_resolution_is_deterministic_whatever_the_input_order():
    a = facts("a", [Person("p", "Ash Reddy")], [Meeting("m1", city=VIENNA, date=date(2020, 1, 2))])
    b = facts("b", [Person("q", "Li Wen")], [Meeting("m1", city=VIENNA)])
    one, two = resolve([a, b]), resolve([b, a])
    assert sorted(one.persons) == sorted(two.persons) and sorted(one.meetings) == sorted(two.meetings)


def test_names_that_differ_only_in_spaces_are_one_name():
    from kg.model import Article, ArticleFacts, Person
    from kg.resolve import resolve

    facts = []
    for ident, name in (("a", "Ash Carter"), ("b", "Ash\u00a0Carter")):
        f = ArticleFacts(article=Article(id=ident, path=ident, text="", sha1="0" * 40))
        f.persons[name] = Person(key=name, name=name, country="US")
        facts.append(f)
    (node,) = resolve(facts).persons.values()
    assert node.name == "Ash Carter" and node.alt_names == set()


def test_indexed_meeting_grouping_matches_comparing_with_every_group():
    """Meetings are compared only with groups of a compatible city and date; the groups are the same."""
    import random
    from datetime import date

    from kg.model import Article, ArticleFacts, City, Meeting
    from kg.resolve import _resolve_meetings, _same_meeting

    rng = random.Random(7)
    cities = [None, City(1, "Aa", "FR"), City(2, "Bb", "BE"), City(3, "Cc", "DE")]
    days = [None, date(2020, 1, 1), date(2020, 1, 2)]
    all_facts, person_iri = [], {}
    for n in range(120):
        facts = ArticleFacts(article=Article(id=f"a{n:03d}", path="", text="", sha1="0" * 40))
        for m in range(rng.randint(0, 2)):
            people = {f"p{rng.randint(0, 5)}" for _ in range(rng.randint(0, 2))}
            for key in people:
                person_iri[(facts.article.id, key)] = f"urn:{key}"
            facts.meetings.append(Meeting(key=f"m{m}", city=rng.choice(cities), date=rng.choice(days),
                                          planned=rng.random() < 0.2, attendees=people,
                                          participants={rng.choice(["FR", "US"])}))
        all_facts.append(facts)
    records = [(f.article, m, {person_iri[(f.article.id, k)] for k in m.attendees}) for f in all_facts for m in f.meetings]
    expected: list[list] = []
    for record in records:   # the plain way: every group so far
        for group in expected:
            if all(_same_meeting(record, other) for other in group):
                group.append(record)
                break
        else:
            expected.append([record])
    want = {frozenset((a.id, m.key) for a, m, _ in g) for g in expected if any(m.city for _, m, _ in g)}
    _, meeting_iri = _resolve_meetings(all_facts, person_iri)
    got: dict[str, set] = {}
    for member, node in meeting_iri.items():
        got.setdefault(node, set()).add(member)
    assert {frozenset(v) for v in got.values()} == want


def test_signatures_decide_exactly_what_compatible_decides():
    """Grouping people by signature gives the answer `compatible` gives for every pair of one surname."""
    import itertools

    from kg.extract.names import compatible, surname_key
    from kg.model import Person
    from kg.resolve import _signature, _signatures_fit

    names = ["Ash Carter", "Ashton Carter", "Carter", "Jimmy Carter", "A. Carter", "Mr. Carter", "J. Carter"]
    people = [Person(key=f"{n}|{c}", name=n, country=c) for n in names for c in (None, "US", "GB")]
    for a, b in itertools.product(people, repeat=2):
        if surname_key(a.name) == surname_key(b.name):
            assert _signatures_fit(_signature(a), _signature(b)) == compatible(a, b), (a.key, b.key)

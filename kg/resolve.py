"""Resolution across articles: one node per real person and per real meeting, keeping all sources.

People merge when their surnames match and nothing conflicts (first names, one a prefix of the
other; country). Meetings merge when they share a city and a date, or a city and attendees while
one of them has no date; a meeting whose article names no place merges with one of the same day
and attendees (and takes its city), and is dropped when nothing places it.

A stage of its own: takes every article's ArticleFacts, gives a Resolution (nodes with stable
IRIs). May import the base modules (kg.ids, kg.model, ...), kg.read and kg.extract.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from kg import ids
from kg.extract.names import given_names, name_tokens, surname_key
from kg.model import Article, ArticleFacts, City, Meeting, Person


@dataclass
class PersonNode:
    """One real person across articles."""

    iri: str
    name: str
    alt_names: set[str] = field(default_factory=set)
    role: str | None = None
    minister: bool = False
    country: str | None = None
    sources: set[str] = field(default_factory=set)        # article ids
    members: list[tuple[str, str]] = field(default_factory=list)   # (article id, person key)


@dataclass
class MeetingNode:
    """One real meeting across articles."""

    iri: str
    label: str
    city: City | None
    date: date | None
    planned: bool
    sources: set[str] = field(default_factory=set)
    members: list[tuple[str, str]] = field(default_factory=list)   # (article id, meeting key)


@dataclass
class Resolution:
    """What the articles say, with every per-article person and meeting key mapped to its node."""

    facts: list[ArticleFacts]
    persons: dict[str, PersonNode]
    meetings: dict[str, MeetingNode]
    person_iri: dict[tuple[str, str], str]
    meeting_iri: dict[tuple[str, str], str]


def _signature(person: Person) -> tuple[str, str]:
    """What `compatible` compares besides the surname: the first given name and the country."""
    given = given_names(person.name)
    return (given[0] if given else "", person.country or "")


def _signatures_fit(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """`compatible` for two people of one surname, from their signatures."""
    (ga, ca), (gb, cb) = a, b
    if ga and gb and not (ga.startswith(gb) or gb.startswith(ga)):
        return False
    return not (ca and cb and ca != cb)


class _SurnameGroups:
    """The person groups of one surname key, indexed so a person is tried only where it could fit.

    The members of a group are pairwise compatible, so their first given names are prefixes of the
    longest one and they name at most one country: a person fits the whole group exactly when its
    signature fits that summary (longest given name, country). Groups are listed under the
    summary's (country, initial); a person scans only the lists whose key could fit it and takes
    the earliest fitting group, as a scan of every group in creation order would.
    """

    __slots__ = ("lists", "summary")

    def __init__(self):
        self.lists: dict[tuple[str, str], list[int]] = {}   # (country, initial) -> group numbers, ascending
        self.summary: dict[int, tuple[str, str]] = {}       # group number -> (longest given name, country)

    def first_fit(self, sig: tuple[str, str]) -> int | None:
        """The number of the earliest group `sig` fits, or None."""
        given, country = sig
        if given and country:   # the common case: look the four possible lists up
            keys = [k for k in ((country, given[0]), (country, ""), ("", given[0]), ("", "")) if k in self.lists]
        else:
            keys = [(c, i) for c, i in self.lists
                    if not ((country and c and c != country) or (given and i and i != given[0]))]
        best = None
        for c, initial in keys:
            for n in self.lists[(c, initial)]:
                if best is not None and n >= best:
                    break
                summary = self.summary[n]
                if (summary[1], summary[0][:1]) == (c, initial) and _signatures_fit(sig, summary):
                    best = n
                    break
        return best

    def add(self, n: int, sig: tuple[str, str]) -> None:
        """Put `sig` into group n (a new group when n is not known yet) and re-list it if its summary changed."""
        old = self.summary.get(n)
        given, country = sig
        if old is not None:
            given = max(old[0], given, key=len)
            country = old[1] or country
            if (given, country) == old:
                return
        self.summary[n] = (given, country)
        if old is None or (old[1], old[0][:1]) != (country, given[:1]):
            bisect.insort(self.lists.setdefault((country, given[:1]), []), n)   # the old entry goes stale


def person_bucket(person: Person) -> str:
    """The bucket a person is compared within: people of different buckets never merge."""
    return surname_key(person.name)


def group_people(people) -> list[list[tuple[str, Person]]]:
    """(article id, Person) pairs in resolution order -> the person groups, in order of creation.

    Groups never span buckets (`person_bucket`), so the pairs of each bucket can be grouped apart.
    """
    groups: list[list[tuple[str, Person]]] = []
    # compatible people share a surname key, so a person need only be tried against the groups of
    # its own key, and only against those whose summary could fit it (see _SurnameGroups)
    by_surname: dict[str, _SurnameGroups] = {}
    for article_id, person in people:
        sig = _signature(person)
        index = by_surname.setdefault(person_bucket(person), _SurnameGroups())
        n = index.first_fit(sig)
        if n is None:
            n = len(groups)
            groups.append([])
        groups[n].append((article_id, person))
        index.add(n, sig)
    return groups


def unique_iri(iri: str, taken) -> str:
    """`iri`, or the first of iri-2, iri-2-2 ... not in `taken` (two different nodes with one name)."""
    while iri in taken:
        iri += "-2"
    return iri


def iri_family(iri: str) -> str:
    """The IRI `unique_iri` started from: nodes of different families never compete for an IRI."""
    while iri.endswith("-2"):
        iri = iri[:-2]
    return iri


def resolve(all_facts: list[ArticleFacts]) -> Resolution:
    """Merge the facts of all articles into person and meeting nodes with stable IRIs."""
    all_facts = sorted(all_facts, key=lambda f: f.article.id)
    groups = group_people((facts.article.id, facts.persons[key]) for facts in all_facts for key in sorted(facts.persons))
    persons, person_iri = {}, {}
    for group in groups:
        node = person_node(group)
        node.iri = unique_iri(node.iri, persons)
        persons[node.iri] = node
        for article_id, person in group:
            person_iri[(article_id, person.key)] = node.iri
    meetings, meeting_iri = _resolve_meetings(all_facts, person_iri)
    return Resolution(all_facts, persons, meetings, person_iri, meeting_iri)


def _tally(values) -> dict:
    """How often each value occurs (a Counter without its cost for the one- or two-item lists here)."""
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def person_node(group: list[tuple[str, Person]]) -> PersonNode:
    names: dict[str, int] = {}
    for _, person in group:
        name = " ".join(person.name.split())   # one spelling of spaces (no-break spaces too)
        names[name] = names.get(name, 0) + 1
        for alt in person.alt_names:
            names.setdefault(" ".join(alt.split()), 0)
    # the fullest name wins; ties go to the most frequent, then alphabetical
    best = sorted(names, key=lambda n: (-len(name_tokens(n)), -len(n), -names[n], n))[0]
    roles = _tally(p.role for _, p in group if p.role)
    countries = _tally(p.country for _, p in group if p.country)
    node = PersonNode(
        iri=ids.person(best), name=best, alt_names=set(names) - {best},
        role=sorted(roles, key=lambda r: (-roles[r], r))[0] if roles else None,
        minister=any(p.minister for _, p in group),
        country=sorted(countries, key=lambda c: (-countries[c], c))[0] if countries else None,
    )
    for article_id, person in group:
        node.sources.add(article_id)
        node.members.append((article_id, person.key))
    return node


def meeting_record(article: Article, meeting: Meeting, person_iri) -> tuple[Article, Meeting, set[str]]:
    """What meeting resolution compares: the article, the meeting, its attendees' person IRIs."""
    people = {person_iri[(article.id, k)] for k in meeting.attendees if (article.id, k) in person_iri}
    return article, meeting, people


def _resolve_meetings(all_facts: list[ArticleFacts], person_iri):
    records = [meeting_record(facts.article, meeting, person_iri) for facts in all_facts for meeting in facts.meetings]
    groups = group_meetings(records)
    facts_of = {id(f.article): f for f in all_facts}
    meetings, meeting_iri = {}, {}
    for group in groups:
        node = meeting_node(group)
        if node is None:   # a meeting no article places is not emitted
            for article, meeting, _ in group:
                facts = facts_of[id(article)]
                facts.meetings = [m for m in facts.meetings if m is not meeting]
            continue
        node.iri = unique_iri(node.iri, meetings)
        meetings[node.iri] = node
        for article, meeting, _ in group:
            meeting_iri[(article.id, meeting.key)] = node.iri
    return meetings, meeting_iri


def meeting_keys(meeting: Meeting) -> tuple[list[tuple], list[tuple]]:
    """(the buckets a meeting is filed under, the buckets it looks in): meetings interact only
    where one looks in a bucket the other is filed under."""
    return _index_keys(meeting), _lookup_keys(meeting)


def group_meetings(records: list[tuple[Article, Meeting, set[str]]]) -> list[list[tuple[Article, Meeting, set[str]]]]:
    """`meeting_record`s in resolution order -> the meeting groups, in order of creation."""
    groups: list[list[tuple[Article, Meeting, set[str]]]] = []
    # a group takes a record only if each member could be the same meeting (_same_meeting), so
    # only groups with a member of a compatible city and date need a look: index them by those
    buckets: dict[tuple, list[int]] = {}
    for record in records:
        meeting = record[1]
        candidates = sorted({i for key in _lookup_keys(meeting) for i in buckets.get(key, ())})
        for i in candidates:
            if all(_same_meeting(record, other) for other in groups[i]):
                groups[i].append(record)
                break
        else:
            i = len(groups)
            groups.append([record])
        for key in _index_keys(meeting):
            bucket = buckets.setdefault(key, [])
            if not bucket or bucket[-1] != i:
                bucket.append(i)
    return groups


def meeting_node(group) -> MeetingNode | None:
    """The node of one meeting group (IRI not yet made unique), or None when no article places it."""
    if all(m.city is None for _, m, _ in group):
        return None
    group.sort(key=lambda r: r[1].city is None)
    return _meeting_node(group)


def _index_keys(meeting: Meeting) -> list[tuple]:
    """The buckets a meeting is filed under: its city and date, its city, its date."""
    city, date, planned = meeting.city, meeting.date, meeting.planned
    keys = []
    if city:
        keys.append((planned, "city", city))
        keys.append((planned, "city+date", city, date) if date else (planned, "city, undated", city))
    if date:
        keys.append((planned, "date", date))
        if not city:
            keys.append((planned, "date, no city", date))
    return keys


def _lookup_keys(meeting: Meeting) -> list[tuple]:
    """The buckets that hold every meeting `_same_meeting` could match with this one."""
    city, date, planned = meeting.city, meeting.date, meeting.planned
    if city and date:
        return [(planned, "city+date", city, date), (planned, "city, undated", city), (planned, "date, no city", date)]
    if city:
        return [(planned, "city", city)]
    if date:
        return [(planned, "date", date)]
    return []


def _same_meeting(a, b) -> bool:
    (art_a, ma, pa), (art_b, mb, pb) = a, b
    if art_a.id == art_b.id or ma.planned != mb.planned:
        return False
    if ma.city is None or mb.city is None:   # a place one article leaves out: same day and people
        return bool(ma.date and ma.date == mb.date and pa & pb)
    if ma.city != mb.city:
        return False
    if ma.date and mb.date:
        return ma.date == mb.date
    return bool(pa & pb) or bool(ma.participants & mb.participants and (ma.date or mb.date))


def _meeting_node(group) -> MeetingNode:
    dates = Counter(m.date for _, m, _ in group if m.date)
    when = sorted(dates, key=lambda d: (-dates[d], d))[0] if dates else None
    first = group[0][1]
    city = first.city
    sources = sorted({a.id for a, _, _ in group})
    city_slug = f"{city.country.lower()}-{ids.slug(city.name)}" if city else None
    iri = ids.meeting(date=when.isoformat() if when else None, city_slug=city_slug,
                      discriminator="" if when else "|".join(sources) + "|" + first.key)
    place = city.name if city else "an unknown place"
    label = first.label or f"{'Planned meeting' if first.planned else 'Meeting'} in {place}" + (
        f" on {when.isoformat()}" if when else "")
    node = MeetingNode(iri=iri, label=label, city=city, date=when, planned=first.planned)
    for article, meeting, _ in group:
        node.sources.add(article.id)
        node.members.append((article.id, meeting.key))
    return node

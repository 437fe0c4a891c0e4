"""Resolution in independent parts: the groups kg.resolve keeps apart, resolved one part at a time.

People are compared only within a bucket (`kg.resolve.person_bucket`), and a meeting only with those
filed under a key it looks in (`kg.resolve.meeting_keys`). So the people can be split by bucket and
the meetings by connected component of those keys, each part grouped with kg.resolve's own
functions in resolution order, and the nodes merged: the groups are those of `kg.resolve.resolve`.
Node IRIs are made unique within each `iri_family`, in the order the groups were made.

Every step takes and gives plain picklable records, so a Dask shuffle can carry them between
workers (kg.build.cluster); `resolve_in_parts` runs the same steps in one process.
"""
from __future__ import annotations

import bisect
import dataclasses
import random
from collections.abc import Iterable

from kg import ids
from kg.resolve import (MeetingNode, PersonNode, Resolution, group_meetings, group_people, iri_family,
                        meeting_keys, meeting_node, meeting_record, person_bucket, person_node, unique_iri)

# --- people ----------------------------------------------------------------------------------------


def person_items(all_facts) -> list[tuple[str, tuple[str, str], object]]:
    """(bucket, order, person) of every person: order is (article id, person key), resolution's order."""
    return [(person_bucket(person), (facts.article.id, key), person)
            for facts in all_facts for key, person in facts.persons.items()]


def resolve_people(items) -> list[tuple[str, tuple, PersonNode]]:
    """The person nodes of whole buckets: (IRI family, order of the group's first member, node)."""
    items = sorted(items, key=lambda item: item[1])
    groups = group_people((order[0], person) for _, order, person in items)
    found = []
    for group in groups:
        node = person_node(group)
        found.append((iri_family(node.iri), (group[0][0], group[0][1].key), node))
    return found


# --- meetings --------------------------------------------------------------------------------------


def meeting_items(all_facts, person_iri) -> list[tuple[tuple[str, int], tuple]]:
    """(order, meeting record) of every meeting: order is (article id, position in the article)."""
    return [((facts.article.id, n), meeting_record(facts.article, meeting, person_iri))
            for facts in all_facts for n, meeting in enumerate(facts.meetings)]


def key_summary(items) -> tuple[set, set]:
    """(keys meetings are filed under, keys they look in): a key in both links the meetings that have it."""
    filed, looked = set(), set()
    for _, (_, meeting, _) in items:
        index, lookup = meeting_keys(meeting)
        filed.update(index)
        looked.update(lookup)
    return filed, looked


def live_key_sets(items, live: set) -> set[frozenset]:
    """The live keys of each meeting (those both filed under and looked in), as distinct sets."""
    found = set()
    for _, (_, meeting, _) in items:
        index, lookup = meeting_keys(meeting)
        keys = frozenset(k for k in (*index, *lookup) if k in live)
        if len(keys) > 1:
            found.add(keys)
    return found


def components(key_sets: Iterable[frozenset], live: set) -> dict:
    """Live key -> component number: keys one meeting holds together are in one component."""
    parent = {key: key for key in live}

    def root(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for keys in key_sets:
        first, *rest = keys
        for key in rest:
            a, b = root(first), root(key)
            if a != b:
                parent[b] = a
    numbers: dict = {}
    return {key: numbers.setdefault(root(key), len(numbers)) for key in sorted(live, key=repr)}


def component_of(item, component: dict):
    """The part a meeting is resolved in: its component, or its own when it has no live key."""
    (article_id, n), (_, meeting, _) = item
    index, lookup = meeting_keys(meeting)
    for key in (*index, *lookup):
        if key in component:
            return component[key]
    return ("alone", article_id, n)


def resolve_meetings(items) -> list[tuple[str, tuple, MeetingNode]]:
    """The meeting nodes of whole components: (IRI family, order of the group's first record, node).

    Groups no article places give no node (resolution drops them).
    """
    items = sorted(items, key=lambda item: item[0])
    order = {id(record[1]): at for at, record in items}
    found = []
    for group in group_meetings([record for _, record in items]):
        first = min(order[id(meeting)] for _, meeting, _ in group)
        node = meeting_node(group)
        if node is not None:
            found.append((iri_family(node.iri), first, node))
    return found


# --- merging ---------------------------------------------------------------------------------------


def settle_family(records) -> list:
    """Nodes of whole IRI families with their final IRIs, in the order their groups were made."""
    taken: set[str] = set()
    nodes = []
    for _, _, node in sorted(records, key=lambda record: record[1]):
        node.iri = unique_iri(node.iri, taken)
        taken.add(node.iri)
        nodes.append(node)
    return nodes


def assignments(nodes) -> list[tuple[str, str, str]]:
    """(article id, person or meeting key, node IRI) for every member of the nodes."""
    return [(article_id, key, node.iri) for node in nodes for article_id, key in node.members]


def graph_order_key(article_id: str) -> str:
    """Where an article's graph comes in the output (the N-Triples text of its IRI sorts the graphs)."""
    return f"<{ids.article(article_id)}>"


def route(article_id: str, starts: list[str]) -> int:
    """The batch an article is in, given the output-order key each batch starts with."""
    return bisect.bisect_right(starts, graph_order_key(article_id)) - 1


def keep_resolved_meetings(facts, meeting_iri):
    """The facts without the meetings resolution dropped (those no article places), as resolve() leaves them."""
    art = facts.article.id
    if all((art, m.key) in meeting_iri for m in facts.meetings):
        return facts
    return dataclasses.replace(facts, meetings=[m for m in facts.meetings if (art, m.key) in meeting_iri])


# --- the same steps in one process -----------------------------------------------------------------


def _shuffle(items, key, parts: int, rng: random.Random) -> list[list]:
    """Items grouped by key, the groups dealt into `parts` lists in a random order (as a shuffle may)."""
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    dealt = [[] for _ in range(parts)]
    for k in groups:
        dealt[rng.randrange(parts)].extend(groups[k])
    for part in dealt:
        rng.shuffle(part)
    return dealt


def resolve_in_parts(all_facts, *, parts: int = 4, seed: int = 0) -> Resolution:
    """`kg.resolve.resolve` by the steps above, the records dealt into `parts` parts at random."""
    rng = random.Random(seed)
    all_facts = sorted(all_facts, key=lambda f: f.article.id)
    found = [r for part in _shuffle(person_items(all_facts), lambda i: i[0], parts, rng) for r in resolve_people(part)]
    persons = [n for part in _shuffle(found, lambda r: r[0], parts, rng) for n in settle_family(part)]
    person_iri = {(a, k): iri for a, k, iri in assignments(persons)}
    items = meeting_items(all_facts, person_iri)
    filed, looked = key_summary(items)
    live = filed & looked
    component = components(live_key_sets(items, live), live)
    found = [r for part in _shuffle(items, lambda i: component_of(i, component), parts, rng)
             for r in resolve_meetings(part)]
    meetings = [n for part in _shuffle(found, lambda r: r[0], parts, rng) for n in settle_family(part)]
    meeting_iri = {(a, k): iri for a, k, iri in assignments(meetings)}
    facts = [keep_resolved_meetings(f, meeting_iri) for f in all_facts]
    return Resolution(facts, {n.iri: n for n in persons}, {n.iri: n for n in meetings}, person_iri, meeting_iri)

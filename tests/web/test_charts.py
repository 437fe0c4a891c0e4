"""The timeline and network geometry: deterministic, without overlaps, and sensible at the edges."""
from __future__ import annotations

from kg.web.charts import DOT_GAP, MAX_DOTS, network, timeline
from kg.web.graph import Ref

HELD = Ref("held", "https://w3id.org/diplomacy-kg/ontology#Held", "term")
PLANNED = Ref("planned", "https://w3id.org/diplomacy-kg/ontology#Planned", "term")


def meeting(i, day, status=HELD):
    return {"node": Ref(f"m{i}", f"https://w3id.org/diplomacy-kg/id/meeting/{i}", "meeting"), "date": day,
            "city": None, "status": [status]}


def test_timeline_dots_on_one_row_never_overlap_and_undated_ones_are_counted():
    meetings = [meeting(i, f"2015-06-{1 + i % 5:02d}") for i in range(20)] + [meeting(99, None)]
    drawn = timeline(meetings)
    assert len(drawn.dots) == 20 and drawn.undated == 1 and not drawn.bars
    rows: dict = {}
    for dot in drawn.dots:
        rows.setdefault(dot.y, []).append(dot.x)
    assert len(rows) > 1
    for xs in rows.values():
        xs.sort()
        assert all(b - a >= DOT_GAP for a, b in zip(xs, xs[1:]))
    assert [t.label for t in drawn.ticks] == ["2015", "2016"]
    assert timeline(list(reversed(meetings))) == drawn                   # order of input does not matter


def test_planned_meetings_are_marked_and_many_meetings_become_monthly_bars():
    assert timeline([meeting(1, "2020-01-01", PLANNED)]).dots[0].planned
    many = [meeting(i, f"{2000 + i % 20}-{1 + i % 12:02d}-01") for i in range(MAX_DOTS + 1)]
    drawn = timeline(many)
    assert not drawn.dots and sum(b.count for b in drawn.bars) == MAX_DOTS + 1
    assert timeline([meeting(1, None)]) is None


def test_network_layout_is_the_same_every_time_and_inside_its_square():
    people = [Ref(f"p{i}", f"https://w3id.org/diplomacy-kg/id/person/{i}", "person") for i in range(8)]
    edges = [(people[i].iri, people[j].iri, 1 + (i * j) % 3) for i in range(8) for j in range(i + 1, 8) if (i + j) % 3]
    first, again = network(people, edges), network(list(reversed(people)), list(reversed(edges)))
    assert first == again
    assert len(first.points) == 8 and len(first.lines) == len(edges)
    assert all(0 < p.x < first.size and 0 < p.y < first.size for p in first.points)
    assert len({(p.x, p.y) for p in first.points}) == 8
    assert network(people, []) is None

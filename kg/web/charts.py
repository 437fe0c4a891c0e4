"""Geometry for the overview's two drawings, computed on the server: the timeline of meetings and the
co-attendance network. The templates draw the SVG from these numbers (so every label is escaped).

Both are deterministic: the same graph gives the same coordinates, byte for byte.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TIMELINE_WIDTH = 720
LANE = 16              # vertical distance between rows of dots
DOT_GAP = 12           # dots closer than this on one row move to the next row
MAX_DOTS = 400         # above this many dated meetings the timeline counts meetings per month
NETWORK_SIZE = 560     # the network's square, in SVG units


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    node: object           # a Ref
    date: str
    planned: bool


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    axis_y: float
    ticks: list
    dots: list
    bars: list
    undated: int


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def timeline(meetings: list[dict]) -> Timeline | None:
    """Dots for dated meetings (rows so they do not overlap), or bars per month when there are many; None if none is dated."""
    dated = sorted(((d, m) for m in meetings if (d := _day(m["date"])) is not None),
                   key=lambda dm: (dm[0], dm[1]["node"]))
    undated = len(meetings) - len(dated)
    if not dated:
        return None
    first, last = dated[0][0], dated[-1][0]
    start = date(first.year, 1, 1)
    end = date(last.year + 1, 1, 1)
    span = (end - start).days
    left, right = 30.0, TIMELINE_WIDTH - 30.0

    def x_of(day: date) -> float:
        return round(left + (right - left) * (day - start).days / span, 1)

    years = list(range(start.year, end.year + 1))
    step = max(1, len(years) // 12)
    ticks = [Tick(x_of(date(y, 1, 1)), str(y)) for y in years[::step]]
    if len(dated) > MAX_DOTS:
        months: dict = {}
        for day, _ in dated:
            months[(day.year, day.month)] = months.get((day.year, day.month), 0) + 1
        top = max(months.values())
        height = 150
        bars = []
        for (year, month), count in sorted(months.items()):
            x0 = x_of(date(year, month, 1))
            x1 = x_of(date(year + (month == 12), month % 12 + 1, 1))
            h = round(100 * count / top, 1)
            bars.append(Bar(x0, round(120 - h, 1), max(1.0, round(x1 - x0 - 0.5, 1)), h,
                            f"{year}-{month:02d}", count))
        return Timeline(TIMELINE_WIDTH, height, 120.0, ticks, [], bars, undated)
    lanes: list[float] = []          # the x of the last dot on each row
    rows = []
    for day, meeting in dated:
        x = x_of(day)
        lane = next((i for i, end_x in enumerate(lanes) if x - end_x >= DOT_GAP), None)
        if lane is None:
            lanes.append(x)
            lane = len(lanes) - 1
        lanes[lane] = x
        planned = any(s.iri.endswith("#Planned") for s in meeting["status"])
        rows.append((x, lane, meeting["node"], day.isoformat(), planned))
    axis = 20.0 + LANE * len(lanes)
    placed = [Dot(x, axis - 10.0 - LANE * lane, node, day, planned) for x, lane, node, day, planned in rows]
    return Timeline(TIMELINE_WIDTH, int(axis + 26), axis, ticks, placed, [], undated)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    r: float
    node: object           # a Ref
    degree: int
    anchor: str            # where the label goes: "start" (right of the dot) or "end" (left)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    weight: int
    title: str


@dataclass(frozen=True)
class Network:
    size: int
    points: list
    lines: list


def network(people: list, edges: list[tuple[str, str, int]]) -> Network | None:
    """A spring layout (networkx, fixed seed) of the people and their shared meetings; None without an edge."""
    import networkx as nx

    if not edges:
        return None
    by_iri = {p.iri: p for p in people}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(by_iri))
    for a, b, n in sorted(edges):
        graph.add_edge(a, b, weight=n)
    positions = nx.spring_layout(graph, seed=17, weight="weight", iterations=200)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    low_x, high_x, low_y, high_y = min(xs), max(xs), min(ys), max(ys)
    margin = 90.0

    def scale(value, low, high):
        if high - low < 1e-9:
            return NETWORK_SIZE / 2
        return round(margin + (NETWORK_SIZE - 2 * margin) * (value - low) / (high - low), 1)

    at = {iri: (scale(positions[iri][0], low_x, high_x), scale(positions[iri][1], low_y, high_y))
          for iri in sorted(by_iri)}
    degree = {iri: sum(d["weight"] for _, _, d in graph.edges(iri, data=True)) for iri in at}
    points = [Point(x, y, round(4 + 2.5 * min(degree[iri], 8) ** 0.5 * 1.4, 1), by_iri[iri], degree[iri],
                    "start" if x <= NETWORK_SIZE / 2 else "end")
              for iri, (x, y) in sorted(at.items())]
    lines = [Line(*at[a], *at[b], n, f"{by_iri[a].label} and {by_iri[b].label}: {n} meeting{'s' * (n != 1)}")
             for a, b, n in sorted(edges)]
    return Network(NETWORK_SIZE, points, lines)

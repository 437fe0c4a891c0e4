"""Emit RDF: the resolved facts as quads, one named graph per article plus the resolved graph.

Each article's graph holds what that article says (its own node, the statements it quotes, who it
says attended what, evidence); `id:graph/resolved` holds merged knowledge (node types, chosen
labels, dates, roles, countries and cities). Quads are sorted, so output is byte-stable.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import pyoxigraph as ox

from kg import gazetteer, ids
from kg.model import ArticleFacts, City, Span
from kg.namespaces import DCTERMS, DIP, OA, RDF, RDFS, SKOS, XSD, GEONAMES, PREFIXES
from kg.resolve import Resolution

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")   # below a space, but tab and newline
TYPE = ox.NamedNode(RDF + "type")
STRING = ox.NamedNode(XSD + "string")


@functools.lru_cache(maxsize=1 << 16)
def iri(value: str) -> ox.NamedNode:
    """A named node (cached: the same predicates and nodes recur in every article)."""
    return ox.NamedNode(value)


def lit(value, datatype: str | None = None) -> ox.Literal:
    """A typed literal (xsd:string unless told); control characters are kept out of strings."""
    if datatype is None:
        return ox.Literal(clean_literal(str(value)))
    return ox.Literal(str(value), datatype=ox.NamedNode(datatype))


def clean_literal(text: str) -> str:
    """Drop control characters (but tab and newline) that some RDF parsers refuse."""
    return _CONTROL.sub("", text)


@functools.lru_cache(maxsize=1 << 16)
def _iri_text(value: str) -> str:
    """str() of the named node of an IRI (its sort text), cached."""
    return str(iri(value))


class QuadSink:
    """Collects quads per graph and hands them back sorted and without duplicates.

    `quads` maps each quad's sort key (the N-Triples text of graph, subject, predicate, object: one
    key per distinct quad) to the quad, so a repeated triple is neither built nor hashed twice.
    """

    def __init__(self):
        self.quads: dict[tuple[str, str, str, str], ox.Quad] = {}
        self.passages: set[str] = set()   # evidence passages already written

    def add(self, graph: str, s: str, p: str, o) -> None:
        """Add one triple to a named graph; `o` is an IRI string or a pyoxigraph term."""
        key = (_iri_text(graph), _iri_text(s), _iri_text(p), _iri_text(o) if isinstance(o, str) else str(o))
        if key not in self.quads:
            obj = iri(o) if isinstance(o, str) else o
            self.quads[key] = ox.Quad(iri(s), iri(p), obj, iri(graph))

    def sorted(self) -> list[ox.Quad]:
        """The quads in a stable order: graph, subject, predicate, object."""
        return [self.quads[key] for key in sorted(self.quads)]


def emit(resolution: Resolution) -> list[ox.Quad]:
    """All quads of a resolved build, sorted."""
    return [quad for _, quads in emit_graphs(resolution) for quad in quads]


def emit_graphs(resolution: Resolution):
    """Yield (graph IRI, its sorted quads) graph by graph, in output order, so a build can stream."""
    countries: set[str] = set()
    cities: set[City] = set()
    by_graph: dict[str, list[ArticleFacts]] = {}
    for facts in resolution.facts:
        by_graph.setdefault(ids.article(facts.article.id), []).append(facts)
    rest = QuadSink()   # anything an article adds outside its own graph
    for g in sorted(by_graph, key=lambda name: str(iri(name))):
        sink = QuadSink()
        for facts in by_graph[g]:
            _emit_article(sink, facts, resolution, countries, cities)
        own = _iri_text(g)
        mine = {key: quad for key, quad in sink.quads.items() if key[0] == own}
        for key, quad in sink.quads.items():
            if key[0] != own:
                rest.quads.setdefault(key, quad)
        sink.quads = mine
        yield g, sink.sorted()
    _emit_resolved(rest, resolution, countries, cities)
    quads = rest.sorted()
    for i, quad in enumerate(quads):
        if i == 0 or quad.graph_name != quads[i - 1].graph_name:
            start = i
        if i + 1 == len(quads) or quads[i + 1].graph_name != quad.graph_name:
            yield quad.graph_name.value, quads[start:i + 1]


def _emit_article(sink: QuadSink, facts: ArticleFacts, res: Resolution, countries: set, cities: set) -> None:
    art = facts.article
    g = ids.article(art.id)
    add = lambda s, p, o: sink.add(g, s, p, o)   # noqa: E731 - a local shorthand
    add(g, RDF + "type", DIP + "Article")
    add(g, DCTERMS + "identifier", lit(art.id))
    if art.title:
        add(g, DCTERMS + "title", lit(art.title))
    if art.issued:
        add(g, DCTERMS + "issued", lit(art.issued.isoformat(), XSD + "date"))
    add(g, DIP + "contentHash", lit(art.sha1))
    for key, person in sorted(facts.persons.items()):
        node = res.person_iri[(art.id, key)]
        add(node, DIP + "source", g)
        if person.spans:
            _evidence(sink, g, art.text, node, RDF + "type", None, person.spans[0])
    for meeting in facts.meetings:
        node = res.meeting_iri[(art.id, meeting.key)]
        add(node, DIP + "source", g)
        for prop, values in (("host", meeting.hosts), ("participant", meeting.participants), ("absent", meeting.absent)):
            for code in sorted(values):
                add(node, DIP + prop, ids.country(code))
                countries.add(code)
                span = meeting.evidence.get((prop, code))
                if span:
                    _evidence(sink, g, art.text, node, DIP + prop, ids.country(code), span)
        for key in sorted(meeting.attendees):
            person = res.person_iri.get((art.id, key))
            if person:
                add(node, DIP + "attendee", person)
                span = meeting.evidence.get(("attendee", key))
                if span:
                    _evidence(sink, g, art.text, node, DIP + "attendee", person, span)
        for span in meeting.spans[:3]:
            _evidence(sink, g, art.text, node, RDF + "type", None, span)
    for st in facts.statements:
        speaker = res.person_iri.get((art.id, st.speaker)) if st.speaker else None
        node = ids.statement(speaker, st.text)
        add(node, RDF + "type", DIP + "Statement")
        add(node, DIP + "text", lit(st.text))
        add(node, DIP + "direct", lit("true" if st.direct else "false", XSD + "boolean"))
        add(node, DIP + "source", g)
        if speaker:
            add(node, DIP + "speaker", speaker)
        if st.meeting and (art.id, st.meeting) in res.meeting_iri:
            add(node, DIP + "madeAt", res.meeting_iri[(art.id, st.meeting)])
        _evidence(sink, g, art.text, node, RDF + "type", None, st.span)


def _evidence(sink: QuadSink, g: str, text: str, node: str, prop: str, value: str | None, span: Span) -> None:
    """An oa:Annotation saying which characters of the article support (node, prop, value).

    The passage it targets (article, offsets, exact text) is one node per sentence, shared by every
    annotation that cites the same characters, so a sentence's text is written once.
    """
    ann = ids.evidence(node, prop, value or "", g, str(span.start), str(span.end))
    passage = ids.evidence(g, str(span.start), str(span.end))
    add = lambda s, p, o: sink.add(g, s, p, o)   # noqa: E731
    add(ann, RDF + "type", OA + "Annotation")
    add(ann, OA + "hasBody", node)
    add(ann, DIP + "supports", prop)
    if value:
        add(ann, DIP + "supportsValue", value)
    add(ann, OA + "hasTarget", passage)
    if passage in sink.passages:
        return
    sink.passages.add(passage)
    position, quote = passage + "#position", passage + "#quote"
    add(passage, RDF + "type", OA + "SpecificResource")
    add(passage, OA + "hasSource", g)
    add(passage, OA + "hasSelector", position)
    add(passage, OA + "hasSelector", quote)
    add(position, RDF + "type", OA + "TextPositionSelector")
    add(position, OA + "start", lit(span.start, XSD + "nonNegativeInteger"))
    add(position, OA + "end", lit(span.end, XSD + "nonNegativeInteger"))
    add(quote, RDF + "type", OA + "TextQuoteSelector")
    add(quote, OA + "exact", lit(text[span.start:span.end]))


def _emit_resolved(sink: QuadSink, res: Resolution, countries: set, cities: set) -> None:
    g = ids.RESOLVED_GRAPH
    add = lambda s, p, o: sink.add(g, s, p, o)   # noqa: E731
    for node in res.persons.values():
        add(node.iri, RDF + "type", DIP + "Person")
        if node.minister:
            add(node.iri, RDF + "type", DIP + "Minister")
        add(node.iri, RDFS + "label", lit(node.name))
        for alt in sorted(node.alt_names):
            add(node.iri, SKOS + "altLabel", lit(alt))
        if node.role:
            add(node.iri, DIP + "role", DIP + node.role)
        if node.country:
            add(node.iri, DIP + "represents", ids.country(node.country))
            countries.add(node.country)
    for node in res.meetings.values():
        add(node.iri, RDF + "type", DIP + "Meeting")
        add(node.iri, RDFS + "label", lit(node.label))
        add(node.iri, DIP + "status", DIP + ("Planned" if node.planned else "Held"))
        if node.date:
            add(node.iri, DIP + "date", lit(node.date.isoformat(), XSD + "date"))
        if node.city:
            add(node.iri, DIP + "location", ids.city(node.city.name, node.city.country))
            cities.add(node.city)
    table = gazetteer.countries()
    for city in cities:
        node = ids.city(city.name, city.country)
        add(node, RDF + "type", DIP + "City")
        add(node, RDFS + "label", lit(city.name))
        add(node, DIP + "inCountry", ids.country(city.country))
        add(node, DIP + "geonames", f"{GEONAMES}{city.geonameid}/")
        countries.add(city.country)
    for code in countries:
        node = ids.country(code)
        add(node, RDF + "type", DIP + "Country")
        add(node, RDFS + "label", lit(table.label.get(code, code)))
        add(node, DIP + "isoCode", lit(code))
        if code in table.geonameid:
            add(node, DIP + "geonames", f"{GEONAMES}{table.geonameid[code]}/")


def serialize(quads: Iterable[ox.Quad], *, fmt: str) -> bytes:
    """Quads as bytes in a short-named format; triple formats get the union, deduplicated and sorted."""
    from kg.rdfio import QUAD_FORMATS, ox_format

    if fmt in QUAD_FORMATS:
        data = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    else:
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        data = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = PREFIXES if fmt in ("ttl", "trig") else None
    return ox.serialize(data, format=ox_format(fmt), prefixes=prefixes)
